package jsonx

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Unmarshal reads data into v, a non-nil pointer, as encoding/json's
// Unmarshal would: object members find struct fields by JSON name (exactly,
// else ignoring case), unknown members are skipped, null leaves a value
// that cannot be nil unchanged, invalid UTF-8 in strings becomes U+FFFD.
// Unlike encoding/json it stops at the first mismatched type.
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("json: Unmarshal needs a non-nil pointer")
	}
	d := decoder{data: data}
	d.skipSpace()
	if err := d.value(rv.Elem(), 0); err != nil {
		return err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return d.syntax("after top-level value")
	}
	return nil
}

type decoder struct {
	data []byte
	pos  int
}

// SyntaxError is malformed JSON at a byte offset.
type SyntaxError struct {
	Msg    string
	Offset int
}

func (e *SyntaxError) Error() string { return e.Msg }

func (d *decoder) syntax(context string) error {
	if d.pos >= len(d.data) {
		return &SyntaxError{"unexpected end of JSON input", d.pos}
	}
	return &SyntaxError{"invalid character " + strconv.QuoteRune(rune(d.data[d.pos])) + " " + context, d.pos}
}

func typeError(what string, t reflect.Type) error {
	return errors.New("json: cannot unmarshal " + what + " into Go value of type " + t.String())
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) literal(word string) bool {
	if strings.HasPrefix(string(d.data[d.pos:min(len(d.data), d.pos+len(word))]), word) {
		d.pos += len(word)
		return true
	}
	return false
}

// value reads one JSON value into v (settable).
func (d *decoder) value(v reflect.Value, depth int) error {
	if depth > 10000 {
		return errors.New("json: exceeded max depth")
	}
	if d.pos >= len(d.data) {
		return d.syntax("looking for beginning of value")
	}
	c := d.data[d.pos]
	if c == 'n' {
		if !d.literal("null") {
			return d.syntax("in literal null (expecting 'u')")
		}
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice:
			v.SetZero()
		}
		return nil
	}
	// A pointer gets a value to point at (a new one if nil).
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Interface && v.NumMethod() == 0 {
		x, err := d.anyValue(depth)
		if err != nil {
			return err
		}
		if x == nil {
			v.SetZero()
		} else {
			v.Set(reflect.ValueOf(x))
		}
		return nil
	}
	switch c {
	case '{':
		return d.object(v, depth)
	case '[':
		return d.array(v, depth)
	case '"':
		s, err := d.str()
		if err != nil {
			return err
		}
		if v.Kind() != reflect.String {
			return typeError("string", v.Type())
		}
		v.SetString(s)
		return nil
	case 't', 'f':
		var b bool
		switch {
		case d.literal("true"):
			b = true
		case d.literal("false"):
		default:
			return d.syntax("in literal true or false")
		}
		if v.Kind() != reflect.Bool {
			return typeError("bool", v.Type())
		}
		v.SetBool(b)
		return nil
	}
	if c == '-' || c >= '0' && c <= '9' {
		num, err := d.number()
		if err != nil {
			return err
		}
		return setNumber(v, num)
	}
	return d.syntax("looking for beginning of value")
}

func setNumber(v reflect.Value, num string) error {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || v.OverflowInt(n) {
			return typeError("number "+num, v.Type())
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(num, 10, 64)
		if err != nil || v.OverflowUint(n) {
			return typeError("number "+num, v.Type())
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(num, v.Type().Bits())
		if err != nil || v.OverflowFloat(f) {
			return typeError("number "+num, v.Type())
		}
		v.SetFloat(f)
	default:
		return typeError("number", v.Type())
	}
	return nil
}

// number scans a JSON number and returns its text.
func (d *decoder) number() (string, error) {
	start := d.pos
	digits := func() bool {
		n := d.pos
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
		}
		return d.pos > n
	}
	if d.data[d.pos] == '-' {
		d.pos++
	}
	if d.pos < len(d.data) && d.data[d.pos] == '0' {
		d.pos++
	} else if !digits() {
		return "", d.syntax("in numeric literal")
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if !digits() {
			return "", d.syntax("after decimal point in numeric literal")
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if !digits() {
			return "", d.syntax("in exponent of numeric literal")
		}
	}
	return string(d.data[start:d.pos]), nil
}

// str reads a JSON string (d.pos at its opening quote).
func (d *decoder) str() (string, error) {
	d.pos++
	start := d.pos
	// The common case: no escapes, valid UTF-8.
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c == '"' {
			s := string(d.data[start:d.pos])
			d.pos++
			if utf8.ValidString(s) {
				return s, nil
			}
			d.pos = start
			break
		}
		if c == '\\' || c < 0x20 {
			d.pos = start
			break
		}
		d.pos++
	}
	var b []byte
	for {
		if d.pos >= len(d.data) {
			return "", d.syntax("in string literal")
		}
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(b), nil
		case c < 0x20:
			return "", d.syntax("in string literal")
		case c == '\\':
			d.pos++
			if d.pos >= len(d.data) {
				return "", d.syntax("in string escape code")
			}
			e := d.data[d.pos]
			d.pos++
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := d.hex4()
				if !ok {
					return "", d.syntax("in \\u hexadecimal character escape")
				}
				if utf16.IsSurrogate(r) {
					// A pair makes one rune; a lone half is U+FFFD.
					save := d.pos
					r2 := rune(-1)
					if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
						d.pos += 2
						if x, ok := d.hex4(); ok {
							r2 = x
						}
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
					} else {
						d.pos = save
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				d.pos--
				return "", d.syntax("in string escape code")
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, d.data[d.pos:d.pos+size]...)
			}
			d.pos += size
		}
	}
}

func (d *decoder) hex4() (rune, bool) {
	if d.pos+4 > len(d.data) {
		return 0, false
	}
	var r rune
	for _, c := range d.data[d.pos : d.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	d.pos += 4
	return r, true
}

// members reads an object's members, calling member for each key with
// d.pos at the value (after spaces), which it must consume.
func (d *decoder) members(member func(key string) error) error {
	d.pos++ // {
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return nil
	}
	for {
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return d.syntax("looking for beginning of object key string")
		}
		key, err := d.str()
		if err != nil {
			return err
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return d.syntax("after object key")
		}
		d.pos++
		d.skipSpace()
		if err := member(key); err != nil {
			return err
		}
		d.skipSpace()
		if d.pos >= len(d.data) {
			return d.syntax("after object key:value pair")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			return nil
		default:
			return d.syntax("after object key:value pair")
		}
	}
}

// elements reads an array's elements, calling elem for each with d.pos
// at the value, which it must consume.
func (d *decoder) elements(elem func(i int) error) error {
	d.pos++ // [
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return nil
	}
	for i := 0; ; i++ {
		if err := elem(i); err != nil {
			return err
		}
		d.skipSpace()
		if d.pos >= len(d.data) {
			return d.syntax("after array element")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case ']':
			d.pos++
			return nil
		default:
			return d.syntax("after array element")
		}
	}
}

func (d *decoder) object(v reflect.Value, depth int) error {
	switch v.Kind() {
	case reflect.Struct:
		fs, err := fieldsOf(v.Type())
		if err != nil {
			return err
		}
		return d.members(func(key string) error {
			f := lookupField(fs, key)
			if f == nil {
				return d.skip(depth + 1)
			}
			fv, err := settableField(v, f.index)
			if err != nil {
				return err
			}
			return d.value(fv, depth+1)
		})
	case reflect.Map:
		t := v.Type()
		if t.Key().Kind() != reflect.String {
			return typeError("object", t)
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(t))
		}
		return d.members(func(key string) error {
			// encoding/json decodes into a fresh element for every key.
			e := reflect.New(t.Elem()).Elem()
			if err := d.value(e, depth+1); err != nil {
				return err
			}
			v.SetMapIndex(reflect.ValueOf(key).Convert(t.Key()), e)
			return nil
		})
	}
	return typeError("object", v.Type())
}

// lookupField finds a key's field: the exact name, else one equal under
// case folding (encoding/json's rule).
func lookupField(fs []field, key string) *field {
	for i := range fs {
		if fs[i].name == key {
			return &fs[i]
		}
	}
	for i := range fs {
		if strings.EqualFold(fs[i].name, key) {
			return &fs[i]
		}
	}
	return nil
}

// settableField follows an embedded path, allocating nil embedded
// pointers on the way.
func settableField(v reflect.Value, index []int) (reflect.Value, error) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, errors.New("json: cannot set embedded pointer to unexported struct " + v.Type().Elem().String())
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}

func (d *decoder) array(v reflect.Value, depth int) error {
	switch v.Kind() {
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return typeError("array", v.Type())
		}
		n := 0
		err := d.elements(func(i int) error {
			if i >= v.Cap() {
				v.Grow(max(4, v.Cap()))
			}
			if i >= v.Len() {
				v.SetLen(i + 1)
			}
			n = i + 1
			e := v.Index(i)
			e.SetZero()
			return d.value(e, depth+1)
		})
		if err != nil {
			return err
		}
		if n == 0 && v.IsNil() {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		} else {
			v.SetLen(n)
		}
		return nil
	case reflect.Array:
		n := 0
		err := d.elements(func(i int) error {
			n = i + 1
			if i < v.Len() {
				return d.value(v.Index(i), depth+1)
			}
			return d.skip(depth + 1)
		})
		for i := n; i < v.Len(); i++ {
			v.Index(i).SetZero()
		}
		return err
	}
	return typeError("array", v.Type())
}

// anyValue reads a value as encoding/json does into an empty interface.
func (d *decoder) anyValue(depth int) (any, error) {
	if depth > 10000 {
		return nil, errors.New("json: exceeded max depth")
	}
	if d.pos >= len(d.data) {
		return nil, d.syntax("looking for beginning of value")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		m := map[string]any{}
		err := d.members(func(key string) error {
			x, err := d.anyValue(depth + 1)
			m[key] = x
			return err
		})
		return m, err
	case c == '[':
		s := []any{}
		err := d.elements(func(int) error {
			x, err := d.anyValue(depth + 1)
			s = append(s, x)
			return err
		})
		return s, err
	case c == '"':
		return d.str()
	case c == 't' && d.literal("true"):
		return true, nil
	case c == 'f' && d.literal("false"):
		return false, nil
	case c == 'n' && d.literal("null"):
		return nil, nil
	case c == '-' || c >= '0' && c <= '9':
		num, err := d.number()
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, errors.New("json: cannot unmarshal number " + num + " into Go value of type float64")
		}
		return f, nil
	}
	return nil, d.syntax("looking for beginning of value")
}

// skip reads past one value, checking its syntax only (encoding/json
// does not convert an unknown member's number, however large).
func (d *decoder) skip(depth int) error {
	if depth > 10000 {
		return errors.New("json: exceeded max depth")
	}
	if d.pos >= len(d.data) {
		return d.syntax("looking for beginning of value")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.members(func(string) error { return d.skip(depth + 1) })
	case c == '[':
		return d.elements(func(int) error { return d.skip(depth + 1) })
	case c == '"':
		_, err := d.str()
		return err
	case c == '-' || c >= '0' && c <= '9':
		_, err := d.number()
		return err
	case c == 't' && d.literal("true"), c == 'f' && d.literal("false"), c == 'n' && d.literal("null"):
		return nil
	}
	return d.syntax("looking for beginning of value")
}

// Members calls member for each member of the JSON object data, in the
// order written, with the member's value as raw JSON text (for a type
// whose members' order matters, which a map or a struct would lose).
func Members(data []byte, member func(key string, value []byte) error) error {
	d := decoder{data: data}
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != '{' {
		return d.syntax("looking for beginning of object")
	}
	err := d.members(func(key string) error {
		start := d.pos
		if err := d.skip(0); err != nil {
			return err
		}
		return member(key, d.data[start:d.pos])
	})
	if err != nil {
		return err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return d.syntax("after top-level value")
	}
	return nil
}
