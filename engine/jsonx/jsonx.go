// Package jsonx writes and reads JSON text as encoding/json does, for the
// playground's wasm, which cannot afford encoding/json nor reflection: with
// what encoding/json pulls in (time's parsing and formatting through its
// Marshaler interfaces, base64, its field caches and sorts) it was ~90 KB of
// the engine wasm's brotli, and package reflect itself, which a reflective
// codec needs, was ~70 KB more.
//
// So jsonx has no reflection: it is the pieces that a codec written for
// one Go type calls (quote a string, write a member's key, a slice, a map
// with sorted keys; read a string, a number, an object member by member).
// The wasm ops' codecs are generated from the op tables by `go run ./build`
// (build/opcodec.go) and the evaluation model writes itself
// (engine/model). TestMatchesEncodingJSON in package optable holds every
// op's arguments and results to encoding/json's bytes and values.
package jsonx

import (
	"strconv"
	"unicode/utf8"

	"github.com/iisconf/iisconf/engine/sortx"
)

// Appender is a value that writes its own JSON (byte for byte what
// encoding/json would write for it).
type Appender interface {
	AppendJSON(b []byte) []byte
}

// AppendKey appends an object member's key, given quoted and with its
// colon (`"name":`), after a comma unless it is the object's first member:
// b ends with the object's '{' exactly then, as no JSON value ends with
// one.
//
// It and the Append* helpers below are not inlined on purpose: a
// generated encoder calls one per member, and in wasm every inlined
// append is a copy of slice-growing code that each visitor downloads.
//
//go:noinline
func AppendKey(b []byte, key string) []byte {
	if len(b) > 0 && b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	return append(b, key...)
}

// AppendNull appends null (a nil pointer, slice or map).
//
//go:noinline
func AppendNull(b []byte) []byte { return append(b, "null"...) }

// AppendByte appends one byte (an object's braces).
//
//go:noinline
func AppendByte(b []byte, c byte) []byte { return append(b, c) }

// AppendKeyString appends a member (see AppendKey) with a string value.
//
//go:noinline
func AppendKeyString(b []byte, key, s string) []byte {
	return AppendString(AppendKey(b, key), s)
}

// AppendKeyStringOmit is AppendKeyString, or nothing for "" (omitempty).
//
//go:noinline
func AppendKeyStringOmit(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return AppendString(AppendKey(b, key), s)
}

// AppendKeyInt appends a member (see AppendKey) with an integer value.
//
//go:noinline
func AppendKeyInt(b []byte, key string, n int64) []byte {
	return strconv.AppendInt(AppendKey(b, key), n, 10)
}

// AppendKeyIntOmit is AppendKeyInt, or nothing for 0 (omitempty).
//
//go:noinline
func AppendKeyIntOmit(b []byte, key string, n int64) []byte {
	if n == 0 {
		return b
	}
	return strconv.AppendInt(AppendKey(b, key), n, 10)
}

// AppendKeyUint appends a member (see AppendKey) with an unsigned value.
//
//go:noinline
func AppendKeyUint(b []byte, key string, n uint64) []byte {
	return strconv.AppendUint(AppendKey(b, key), n, 10)
}

// AppendKeyUintOmit is AppendKeyUint, or nothing for 0 (omitempty).
//
//go:noinline
func AppendKeyUintOmit(b []byte, key string, n uint64) []byte {
	if n == 0 {
		return b
	}
	return strconv.AppendUint(AppendKey(b, key), n, 10)
}

// AppendKeyBool appends a member (see AppendKey) with a boolean value.
//
//go:noinline
func AppendKeyBool(b []byte, key string, v bool) []byte {
	return strconv.AppendBool(AppendKey(b, key), v)
}

// AppendKeyBoolOmit is AppendKeyBool, or nothing for false (omitempty).
//
//go:noinline
func AppendKeyBoolOmit(b []byte, key string, v bool) []byte {
	if !v {
		return b
	}
	return append(AppendKey(b, key), "true"...)
}

// AppendMap appends m as a JSON object (null when nil) with its keys in
// byte order, as encoding/json writes maps, each value written by elem.
func AppendMap[K ~string, V any](b []byte, m map[K]V, elem func([]byte, *V) []byte) []byte {
	if m == nil {
		return AppendNull(b)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sortx.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, k)
		b = append(b, ':')
		v := m[K(k)]
		b = elem(b, &v)
	}
	return append(b, '}')
}

// AppendInt and AppendUint write integers as encoding/json does.
func AppendInt[T ~int | ~int8 | ~int16 | ~int32 | ~int64](b []byte, n T) []byte {
	return strconv.AppendInt(b, int64(n), 10)
}

// AppendUint: see AppendInt.
func AppendUint[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](b []byte, n T) []byte {
	return strconv.AppendUint(b, uint64(n), 10)
}

// AppendBool writes true or false.
func AppendBool[T ~bool](b []byte, v T) []byte {
	return strconv.AppendBool(b, bool(v))
}

const hexDigits = "0123456789abcdef"

// AppendString quotes s exactly as encoding/json does with HTML escaping
// on (its default): <, > and & as \u003c, \u003e, \u0026; U+2028 and
// U+2029 escaped; invalid UTF-8 as \ufffd.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
