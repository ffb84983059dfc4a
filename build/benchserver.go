package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// The browser bench serves dist/ itself, so that it can count bytes where
// they leave the server: every byte any client of the page received (the
// page, its engine worker, its service worker's precache), which Resource
// Timing in the page cannot see whole. It can also play a slow link.

// link describes the network between the bench's server and the browser.
// The zero value is loopback as it is.
type link struct {
	bytesPerSec float64       // the server → browser bandwidth; 0: unlimited
	rtt         time.Duration // a round trip; a new connection costs one more (its handshake)
}

// throttledLink is the bench's slow first visit: 10 Mbit/s and 40 ms round trips.
var throttledLink = link{bytesPerSec: 10e6 / 8, rtt: 40 * time.Millisecond}

func (l link) String() string {
	if l.bytesPerSec == 0 && l.rtt == 0 {
		return "loopback"
	}
	return fmt.Sprintf("%g Mbit/s, %s round trips", l.bytesPerSec*8/1e6, l.rtt)
}

// served is one write that reached the browser: when (Unix milliseconds),
// how many bytes (headers, body and framing, as the connection carried
// them) and for which request.
type served struct {
	At    float64 `json:"at"`
	Bytes int     `json:"bytes"`
	Path  string  `json:"path"`
}

// byteLog records what the server sent, in the order it was sent.
type byteLog struct {
	mu     sync.Mutex
	writes []served
}

func (l *byteLog) add(path string, n int) {
	at := float64(time.Now().UnixNano()) / 1e6
	l.mu.Lock()
	l.writes = append(l.writes, served{At: at, Bytes: n, Path: path})
	l.mu.Unlock()
}

func (l *byteLog) snapshot() []served {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]served(nil), l.writes...)
}

func (l *byteLog) reset() {
	l.mu.Lock()
	l.writes = nil
	l.mu.Unlock()
}

// benchServer serves dist/ with distHandler over the given link and logs
// every byte written; its log is read and cleared through a second
// listener (control), which the page cannot reach (another origin).
type benchServer struct {
	url, control string
	log          *byteLog
	stop         func()
}

func startBenchServer(dist string, l link, stderr io.Writer) (*benchServer, error) {
	bl := &byteLog{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	cln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		return nil, err
	}
	shaper := &linkShaper{link: l}
	site := &http.Server{
		Handler:           distHandler(dist),
		ReadHeaderTimeout: 10 * time.Second,
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
	}
	// The path of the request a connection is answering, for the log: the
	// handler names it before it writes.
	inner := site.Handler
	site.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := r.Context().Value(connKey{}).(*countingConn); ok {
			c.setPath(r.URL.Path)
		}
		inner.ServeHTTP(w, r)
	})
	mux := http.NewServeMux()
	mux.HandleFunc("/log", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(bl.snapshot())
	})
	mux.HandleFunc("/reset", func(w http.ResponseWriter, r *http.Request) {
		bl.reset()
	})
	ctl := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	var wg sync.WaitGroup
	serve := func(s *http.Server, ln net.Listener) {
		defer wg.Done()
		if err := s.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "bench server: %v\n", err)
		}
	}
	wg.Add(2)
	go serve(site, &countingListener{Listener: ln, log: bl, shaper: shaper})
	go serve(ctl, cln)
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, s := range []*http.Server{site, ctl} {
			if s.Shutdown(ctx) != nil {
				s.Close()
			}
		}
		wg.Wait()
	}
	return &benchServer{url: "http://" + ln.Addr().String(), control: "http://" + cln.Addr().String(), log: bl, stop: stop}, nil
}

type connKey struct{}

type countingListener struct {
	net.Listener
	log    *byteLog
	shaper *linkShaper
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	cc := &countingConn{Conn: c, log: l.log, shaper: l.shaper, accepted: time.Now()}
	if l.shaper.link.rtt > 0 {
		cc.startDelayLine()
	}
	return cc, nil
}

// countingConn logs what is written to it and, over a slow link, plays
// the link: each write waits for its turn on the shared bandwidth and
// reaches the browser half a round trip after it was sent; what the
// browser sends arrives half a round trip late, and the first request on
// a connection one round trip later still (the TCP handshake, which on
// loopback costs nothing).
type countingConn struct {
	net.Conn
	log      *byteLog
	shaper   *linkShaper
	accepted time.Time

	mu   sync.Mutex
	path string

	// The delay line (slow links only): writes queue here until due.
	out      chan delayed  // never closed: a zero delayed asks the line to stop
	done     chan struct{} // closed when the line has stopped
	closeOne sync.Once
	readOnce sync.Once
}

type delayed struct {
	due  time.Time
	data []byte
	path string
}

func (c *countingConn) setPath(p string) {
	c.mu.Lock()
	c.path = p
	c.mu.Unlock()
}

func (c *countingConn) currentPath() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.path
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && c.shaper.link.rtt > 0 {
		// The bytes left the browser half a round trip ago; the first
		// ones also waited for the handshake.
		wait := c.shaper.link.rtt / 2
		c.readOnce.Do(func() { wait += c.shaper.link.rtt })
		time.Sleep(wait)
	}
	return n, err
}

// chunk is how much one scheduled write carries over a slow link: small
// enough that connections sharing the link interleave.
const chunk = 8 << 10

func (c *countingConn) Write(p []byte) (int, error) {
	if c.shaper.link.rtt == 0 && c.shaper.link.bytesPerSec == 0 {
		n, err := c.Conn.Write(p)
		if n > 0 {
			c.log.add(c.currentPath(), n)
		}
		return n, err
	}
	path := c.currentPath()
	for off := 0; off < len(p); off += chunk {
		part := p[off:min(off+chunk, len(p))]
		start, end := c.shaper.reserve(len(part))
		// Sending blocks until the link starts carrying this part, as a
		// socket whose buffer is full would.
		time.Sleep(time.Until(start))
		select {
		case c.out <- delayed{due: end.Add(c.shaper.link.rtt / 2), data: append([]byte(nil), part...), path: path}:
		case <-c.done:
			return off, net.ErrClosed
		}
	}
	return len(p), nil
}

func (c *countingConn) startDelayLine() {
	c.out = make(chan delayed, 64)
	c.done = make(chan struct{})
	go func() {
		defer c.closeOne.Do(func() { close(c.done) })
		for d := range c.out {
			if d.data == nil { // Close: everything sent before it has arrived
				return
			}
			time.Sleep(time.Until(d.due))
			n, err := c.Conn.Write(d.data)
			if n > 0 {
				c.log.add(d.path, n)
			}
			if err != nil {
				return
			}
		}
	}()
}

func (c *countingConn) Close() error {
	if c.out != nil {
		// Let what is on the wire arrive before the connection closes.
		select {
		case c.out <- delayed{}:
			select {
			case <-c.done:
			case <-time.After(10 * time.Second):
			}
		case <-c.done:
		}
	}
	return c.Conn.Close()
}

// linkShaper hands out the shared link's time: a part of n bytes occupies
// it for n / bytesPerSec, after the parts reserved before it.
type linkShaper struct {
	link link
	mu   sync.Mutex
	free time.Time // when the link has sent everything reserved so far
}

func (s *linkShaper) reserve(n int) (start, end time.Time) {
	now := time.Now()
	if s.link.bytesPerSec == 0 {
		return now, now
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	start = s.free
	if start.Before(now) {
		start = now
	}
	end = start.Add(time.Duration(float64(n) / s.link.bytesPerSec * float64(time.Second)))
	s.free = end
	return start, end
}
