// Package jsonx writes and reads JSON text as encoding/json does, for the
// playground's wasm, which cannot afford encoding/json: with what it pulls
// in (time's parsing and formatting through its Marshaler interfaces,
// base64, its field caches and sorts) it was ~90 KB of the engine wasm's
// brotli, and every first visit downloads that wasm.
//
// Marshal and Unmarshal cover what the wasm ops exchange: structs with
// json tags (a name, omitempty, "-"), embedded structs, pointers, slices,
// arrays, maps with string keys, strings, booleans, integers and floats,
// and `any`. A value whose type has AppendJSON(b []byte) []byte (the
// evaluation model) writes itself. Anything else (channels, functions,
// []byte, the ",string" option, Marshaler methods) is an error rather
// than a guess. TestMatchesEncodingJSON in package optable holds every
// op's arguments and results to encoding/json's bytes and values.
package jsonx

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Appender is a value that writes its own JSON (byte for byte what
// encoding/json would write for it).
type Appender interface {
	AppendJSON(b []byte) []byte
}

var appenderType = reflect.TypeFor[Appender]()

// Marshal returns v's JSON encoding.
func Marshal(v any) ([]byte, error) {
	return Append(nil, v)
}

// Append appends v's JSON encoding to b.
func Append(b []byte, v any) ([]byte, error) {
	return appendValue(b, reflect.ValueOf(v), 0)
}

// maxDepth bounds nesting, as encoding/json does, so a cyclic value is an
// error rather than a stack overflow.
const maxDepth = 1000

func appendValue(b []byte, v reflect.Value, depth int) ([]byte, error) {
	if depth > maxDepth {
		return b, errors.New("json: value nested too deeply (a cycle?)")
	}
	if !v.IsValid() {
		return append(b, "null"...), nil
	}
	t := v.Type()
	if t.Implements(appenderType) {
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
			return append(b, "null"...), nil
		}
		return v.Interface().(Appender).AppendJSON(b), nil
	}
	switch v.Kind() {
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return appendFloat(b, v.Float(), t.Bits())
	case reflect.String:
		return AppendString(b, v.String()), nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		return appendValue(b, v.Elem(), depth+1)
	case reflect.Struct:
		return appendStruct(b, v, depth)
	case reflect.Map:
		return appendMap(b, v, depth)
	case reflect.Slice:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return b, errors.New("json: []byte (base64) is not supported by jsonx")
		}
		fallthrough
	case reflect.Array:
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, v.Index(i), depth+1); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	}
	return b, errors.New("json: unsupported type " + t.String())
}

// appendFloat formats as encoding/json does: the shortest representation,
// in exponent form only for very small or very large magnitudes.
func appendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, errors.New("json: unsupported value " + strconv.FormatFloat(f, 'g', -1, bits))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

func appendStruct(b []byte, v reflect.Value, depth int) ([]byte, error) {
	fs, err := fieldsOf(v.Type())
	if err != nil {
		return b, err
	}
	b = append(b, '{')
	first := true
	for _, f := range fs {
		fv, ok := fieldByIndex(v, f.index)
		if !ok || f.omitEmpty && isEmpty(fv) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = AppendString(b, f.name)
		b = append(b, ':')
		if b, err = appendValue(b, fv, depth+1); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// fieldByIndex follows an embedded path; ok is false when it passes
// through a nil embedded pointer (encoding/json leaves such fields out).
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

func appendMap(b []byte, v reflect.Value, depth int) ([]byte, error) {
	if v.IsNil() {
		return append(b, "null"...), nil
	}
	if v.Type().Key().Kind() != reflect.String {
		return b, errors.New("json: map key type " + v.Type().Key().String() + " is not supported by jsonx")
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(x, y reflect.Value) int { return strings.Compare(x.String(), y.String()) })
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, k.String())
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, v.MapIndex(k), depth+1); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// field is one JSON member of a struct type.
type field struct {
	name      string
	index     []int
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type -> []field

// fieldsOf lists a struct's JSON members in encoding/json's order: the
// struct's own fields in declaration order, with an embedded struct's
// fields in its place. Where names collide, the shallower field wins, and
// at equal depth a tagged one; two left equal are both dropped, as
// encoding/json does.
func fieldsOf(t reflect.Type) ([]field, error) {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field), nil
	}
	type cand struct {
		field
		depth  int
		tagged bool
	}
	var all []cand
	var walk func(t reflect.Type, index []int, depth int) error
	walk = func(t reflect.Type, index []int, depth int) error {
		if depth > 10 {
			return errors.New("json: embedded structs nested too deeply in " + t.String())
		}
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(append([]int(nil), index...), i)
			if sf.Anonymous && name == "" {
				et := sf.Type
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct {
					if err := walk(et, idx, depth+1); err != nil {
						return err
					}
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			omit := false
			for o := range strings.SplitSeq(opts, ",") {
				switch o {
				case "omitempty":
					omit = true
				case "":
				default:
					return errors.New("json: tag option " + o + " of " + t.String() + "." + sf.Name + " is not supported by jsonx")
				}
			}
			if name == "" {
				name = sf.Name
			}
			all = append(all, cand{field{name, idx, omit}, depth, tag != "" && name != ""})
		}
		return nil
	}
	if err := walk(t, nil, 0); err != nil {
		return nil, err
	}
	var out []field
	for i, c := range all {
		keep := true
		for j, o := range all {
			if i == j || o.name != c.name {
				continue
			}
			if o.depth < c.depth || o.depth == c.depth && o.tagged && !c.tagged || o.depth == c.depth && o.tagged == c.tagged {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, c.field)
		}
	}
	fieldCache.Store(t, out)
	return out, nil
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
