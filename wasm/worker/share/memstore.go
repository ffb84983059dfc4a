package share

import (
	"context"
	"sync"
	"time"
)

// MemStore is an in-memory Store, for tests and local runs. Entries past
// their expiry are gone, as in Workers KV.
type MemStore struct {
	mu  sync.Mutex
	m   map[string]Entry
	Now func() time.Time // the clock (time.Now when nil)
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{m: map[string]Entry{}} }

func (s *MemStore) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Get implements Store.
func (s *MemStore) Get(_ context.Context, id string) (Entry, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[id]
	if ok && !e.Expires.IsZero() && !s.now().Before(e.Expires) {
		delete(s.m, id)
		return Entry{}, false, nil
	}
	return Entry{Data: append([]byte(nil), e.Data...), Expires: e.Expires}, ok, nil
}

// Put implements Store.
func (s *MemStore) Put(_ context.Context, id string, data []byte, expires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[id] = Entry{Data: append([]byte(nil), data...), Expires: expires}
	return nil
}

// Delete removes a share, as an operator does with wrangler.
func (s *MemStore) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
}

// Len is the number of stored shares.
func (s *MemStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// CountLimiter is a Limiter for tests: each client may write limit times.
type CountLimiter struct {
	mu    sync.Mutex
	Limit int
	used  map[string]int
}

// Allow implements Limiter.
func (l *CountLimiter) Allow(_ context.Context, client string) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.used == nil {
		l.used = map[string]int{}
	}
	if l.used[client] >= l.Limit {
		return false, nil
	}
	l.used[client]++
	return true, nil
}
