// Package textfmt formats messages as fmt.Sprintf does, for the packages
// the playground's engine wasm is built from. Importing fmt pulls in its
// printer (~110 KB of wasm code), its map sorting, and os with the
// file-system and time code behind it; every first visit downloads that
// wasm, and the engine only ever formats short messages: strings, numbers,
// errors and quoted names.
//
// Supported: the verbs %s %v %d %q %x %X %t %c %%, the flags '-' '0' '+'
// (%+v is %v; %+q quotes as %q: fmt's ASCII-only quoting is left out), a
// width (digits or '*'), a precision (%.20s, %.3d, '*') and explicit
// argument indexes (%[2]s), read by fmt's rules for malformed ones.
// Arguments: strings, errors, values with a String method, booleans,
// integers, floats, byte slices, and slices of strings, integers and any
// of these ([a b], as fmt prints them). A verb outside that list prints as
// fmt prints a bad verb (%!d(string=x)), never silently as something else.
// TestMatchesFmt holds the output to fmt's.
//
// Without reflection (package reflect is ~30 KB of the wasm's brotli on
// its own) a named type is known by its methods only: one without a
// String method (type code int) prints as %!v(?=?) rather than as its
// kind would. TestFormatArguments checks that no call in the engine's and
// the wasm ops' sources passes one.
package textfmt

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

type stringer interface{ String() string }

// Sprintf formats according to format, as fmt.Sprintf.
//
// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func Sprintf(format string, args ...any) string {
	return string(Append(nil, format, args...))
}

// Errorf returns an error whose text is Sprintf(format, args...). Unlike
// fmt.Errorf it does not wrap (%w is not supported).
//
// Not inlined: a diagnostic's path, rarely taken; an inlined copy at each
// caller costs the engine wasm code and inlining-table entries (README:
// "What each size change saved").
//
//go:noinline
func Errorf(format string, args ...any) error {
	return errors.New(Sprintf(format, args...))
}

// Append appends the formatted text to b.
//
// The directive's parts are read in fmt's order and by fmt's rules: an
// explicit index that is malformed or out of range leaves the argument
// where it was and prints the verb as BADINDEX; a number over a million is
// no number (a format cannot ask for a gigabyte of padding); a '*' takes
// its width or precision from the next argument, BADWIDTH/BADPREC if that
// is not an integer.
func Append(b []byte, format string, args ...any) []byte {
	n := 0             // next argument
	reordered := false // an explicit index was used: no EXTRA report
	good := true       // the last explicit index was valid
	// index reads an explicit argument index ("[2]") at format[i:], as
	// fmt's argNumber: it returns the index past it and whether one was read.
	index := func(i int) (int, bool) {
		if i >= len(format) || format[i] != '[' {
			return i, false
		}
		reordered = true
		k, next, ok := argNumber(format[i:])
		if ok && 0 <= k && k < len(args) {
			n = k
			return i + next, true
		}
		good = false
		return i + next, ok
	}
	for i := 0; i < len(format); {
		good = true
		c := format[i]
		if c != '%' {
			j := i + 1
			for j < len(format) && format[j] != '%' {
				j++
			}
			b = append(b, format[i:j]...)
			i = j
			continue
		}
		i++
		var s spec
		// Flags.
	flags:
		for ; i < len(format); i++ {
			switch format[i] {
			case '-':
				s.minus = true
			case '0':
				s.zero = true
			case '+':
				s.plus = true
			default:
				break flags
			}
		}
		var afterIndex bool
		i, afterIndex = index(i)
		// Width.
		if i < len(format) && format[i] == '*' {
			i++
			var ok bool
			s.width, ok = intArg(args, &n)
			if !ok {
				b = append(b, "%!(BADWIDTH)"...)
			}
			if s.width < 0 {
				s.minus, s.width = true, -s.width
			}
			afterIndex = false
		} else {
			var present bool
			s.width, present, i = number(format, i)
			if afterIndex && present { // "%[3]2d"
				good = false
			}
		}
		// Precision.
		if i+1 < len(format) && format[i] == '.' {
			i++
			if afterIndex { // "%[3].2d"
				good = false
			}
			i, afterIndex = index(i)
			s.hasPrec = true
			if i < len(format) && format[i] == '*' {
				i++
				var ok bool
				s.prec, ok = intArg(args, &n)
				if s.prec < 0 {
					s.prec, ok = 0, false
				}
				s.hasPrec = ok
				if !ok {
					b = append(b, "%!(BADPREC)"...)
				}
				afterIndex = false
			} else {
				s.prec, _, i = number(format, i)
			}
		}
		if !afterIndex {
			i, _ = index(i)
		}
		if i >= len(format) {
			b = append(b, "%!(NOVERB)"...)
			break
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		i += size
		switch {
		case verb == '%':
			b = append(b, '%')
		case !good:
			b = append(b, '%', '!')
			b = utf8.AppendRune(b, verb)
			b = append(b, "(BADINDEX)"...)
		case n >= len(args):
			b = append(b, '%', '!')
			b = utf8.AppendRune(b, verb)
			b = append(b, "(MISSING)"...)
		default:
			s.verb = verb
			if verb == 'v' {
				s.plus = false // %+v is %v: the flag means struct field names
			}
			b = s.pad(b, s.format(args[n]))
			n++
		}
	}
	if !reordered && n < len(args) {
		b = append(b, "%!(EXTRA "...)
		for k, a := range args[n:] {
			if k > 0 {
				b = append(b, ", "...)
			}
			b = append(b, typeName(a)...)
			b = append(b, '=')
			b = append(b, (&spec{verb: 'v'}).format(a)...)
		}
		b = append(b, ')')
	}
	return b
}

// tooLarge: fmt's limit on a width, precision or argument index.
func tooLarge(x int) bool { return x > 1e6 || x < -1e6 }

// number reads decimal digits at format[i:], as fmt's parsenum: a number
// over the limit is no number, and the rest of the format is consumed.
func number(format string, i int) (num int, ok bool, next int) {
	if i >= len(format) {
		return 0, false, len(format)
	}
	for next = i; next < len(format) && '0' <= format[next] && format[next] <= '9'; next++ {
		if tooLarge(num) {
			return 0, false, len(format)
		}
		num = num*10 + int(format[next]-'0')
		ok = true
	}
	return num, ok, next
}

// argNumber reads "[n]" at the start of format, as fmt's parseArgNumber:
// the zero-based index, the bytes read, and whether it was well formed.
func argNumber(format string) (index, read int, ok bool) {
	if len(format) < 3 {
		return 0, 1, false
	}
	for i := 1; i < len(format); i++ {
		if format[i] == ']' {
			k, isNum, next := number(format[:i], 1)
			if !isNum || next != i {
				return 0, i + 1, false
			}
			return k - 1, i + 1, true
		}
	}
	return 0, 1, false
}

// intArg takes a '*' width or precision from args[*n], as fmt's intFromArg.
func intArg(args []any, n *int) (int, bool) {
	if *n >= len(args) {
		return 0, false
	}
	w, ok := toInt(args[*n])
	*n++
	if !ok || tooLarge(w) {
		return 0, false
	}
	return w, true
}

type spec struct {
	verb              rune
	minus, zero, plus bool
	width, prec       int
	hasPrec           bool
	numeric           bool // the text is a number: '0' pads after its sign
}

// pad applies the width.
func (s *spec) pad(b []byte, text string) []byte {
	n := utf8.RuneCountInString(text)
	if n >= s.width {
		return append(b, text...)
	}
	fill := s.width - n
	switch {
	case s.minus:
		b = append(b, text...)
		for ; fill > 0; fill-- {
			b = append(b, ' ')
		}
		return b
	case s.zero && s.numeric:
		if text != "" && (text[0] == '-' || text[0] == '+') {
			b = append(b, text[0])
			text = text[1:]
		}
		for ; fill > 0; fill-- {
			b = append(b, '0')
		}
	case s.zero:
		for ; fill > 0; fill-- {
			b = append(b, '0')
		}
	default:
		for ; fill > 0; fill-- {
			b = append(b, ' ')
		}
	}
	return append(b, text...)
}

// format renders one argument for s.verb (without the width).
func (s *spec) format(a any) string {
	s.numeric = false
	if a == nil {
		if s.verb == 'v' || s.verb == 's' {
			if s.verb == 's' {
				return "%!s(<nil>)"
			}
			return "<nil>"
		}
		return "%!" + string(s.verb) + "(<nil>)"
	}
	// The methods fmt calls, for the verbs it calls them for.
	switch s.verb {
	case 's', 'v', 'q', 'x', 'X':
		switch v := a.(type) {
		case error:
			return s.text(v.Error())
		case stringer:
			return s.text(v.String())
		}
	}
	if s.verb != 's' && s.verb != 'v' && s.verb != 'q' && s.verb != 'x' && s.verb != 'X' {
		if _, isString := a.(string); isString {
			return s.bad(a)
		}
	}
	switch v := a.(type) {
	case string:
		return s.text(v)
	case []byte:
		if s.verb != 'v' && s.verb != 'd' {
			return s.text(string(v))
		}
		return s.list(a, len(v), func(k int) any { return v[k] })
	case bool:
		if s.verb == 'v' || s.verb == 't' {
			return strconv.FormatBool(v)
		}
	case float32:
		if s.verb == 'v' {
			return strconv.FormatFloat(float64(v), 'g', -1, 32)
		}
	case float64:
		if s.verb == 'v' {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
	case []string:
		return s.list(a, len(v), func(k int) any { return v[k] })
	case []int:
		return s.list(a, len(v), func(k int) any { return v[k] })
	case []any:
		return s.list(a, len(v), func(k int) any { return v[k] })
	default:
		if i, u, unsigned, ok := integer(a); ok {
			if out := s.integer(i, unsigned, u); out != "" {
				return out
			}
		}
	}
	return s.bad(a)
}

// list prints a slice a as fmt does ([a b]) for the verbs it prints
// slices with.
func (s *spec) list(a any, n int, elem func(int) any) string {
	if s.verb != 'v' && s.verb != 's' && s.verb != 'd' && s.verb != 'q' {
		return s.bad(a)
	}
	out := "["
	for k := 0; k < n; k++ {
		if k > 0 {
			out += " "
		}
		e := spec{verb: s.verb}
		out += e.format(elem(k))
	}
	return out + "]"
}

// integer reads an argument of any integer type.
func integer(a any) (i int64, u uint64, unsigned, ok bool) {
	switch v := a.(type) {
	case int:
		return int64(v), 0, false, true
	case int8:
		return int64(v), 0, false, true
	case int16:
		return int64(v), 0, false, true
	case int32:
		return int64(v), 0, false, true
	case int64:
		return v, 0, false, true
	case uint:
		return 0, uint64(v), true, true
	case uint8:
		return 0, uint64(v), true, true
	case uint16:
		return 0, uint64(v), true, true
	case uint32:
		return 0, uint64(v), true, true
	case uint64:
		return 0, v, true, true
	case uintptr:
		return 0, uint64(v), true, true
	}
	return 0, 0, false, false
}

// bad is fmt's text for a verb that does not fit the argument. As in fmt,
// the width, flags and precision apply to the value inside the message
// (%05d of true is %!d(bool=0true)), not to the message.
func (s *spec) bad(a any) string {
	inner := spec{verb: 'v', minus: s.minus, zero: s.zero, plus: s.plus, width: s.width, prec: s.prec, hasPrec: s.hasPrec}
	value := string(inner.pad(nil, inner.formatSafe(a)))
	s.numeric, s.width = false, 0
	return "%!" + string(s.verb) + "(" + typeName(a) + "=" + value + ")"
}

// formatSafe renders a for a bad-verb message; values it cannot render
// read as a question mark rather than recursing.
func (s *spec) formatSafe(a any) string {
	switch a.(type) {
	case string, bool, float32, float64:
		return s.format(a)
	}
	if _, _, _, ok := integer(a); ok {
		return s.format(a)
	}
	return "?"
}

func (s *spec) text(v string) string {
	switch s.verb {
	case 's', 'v':
		if s.hasPrec {
			v = truncate(v, s.prec)
		}
		return v
	case 'q':
		if s.hasPrec {
			v = truncate(v, s.prec)
		}
		return strconv.Quote(v)
	case 'x', 'X':
		const lower, upper = "0123456789abcdef", "0123456789ABCDEF"
		digits := lower
		if s.verb == 'X' {
			digits = upper
		}
		if s.hasPrec && s.prec < len(v) {
			v = v[:s.prec] // fmt: the precision counts input bytes
		}
		out := make([]byte, 0, 2*len(v))
		for k := 0; k < len(v); k++ {
			out = append(out, digits[v[k]>>4], digits[v[k]&15])
		}
		return string(out)
	}
	return ""
}

func truncate(v string, runes int) string {
	for k := range v {
		if runes == 0 {
			return v[:k]
		}
		runes--
	}
	return v
}

func (s *spec) integer(i int64, unsigned bool, u uint64) string {
	base := 10
	switch s.verb {
	case 'd', 'v':
	case 'x', 'X':
		base = 16
	case 'c':
		if unsigned {
			return string(rune(u))
		}
		return string(rune(i))
	case 'q':
		r := rune(i)
		if unsigned {
			r = rune(u)
		}
		return strconv.QuoteRune(r)
	default:
		return ""
	}
	s.numeric = true
	var out string
	if unsigned {
		out = strconv.FormatUint(u, base)
	} else {
		out = strconv.FormatInt(i, base)
	}
	if s.hasPrec && s.prec == 0 && out == "0" {
		out = "" // fmt: precision 0 prints zero as nothing
	}
	if s.plus && out != "" && out[0] != '-' {
		out = "+" + out
	}
	if s.verb == 'X' {
		b := []byte(out)
		for k, c := range b {
			if c >= 'a' && c <= 'f' {
				b[k] = c - 'a' + 'A'
			}
		}
		out = string(b)
	}
	if s.hasPrec { // minimum digits
		neg := out != "" && (out[0] == '-' || out[0] == '+')
		digits := out
		if neg {
			digits = out[1:]
		}
		if fill := s.prec - len(digits); fill > 0 {
			// One allocation: a precision may be up to fmt's million.
			padded := make([]byte, 0, len(out)+fill)
			if neg {
				padded = append(padded, out[0])
			}
			for ; fill > 0; fill-- {
				padded = append(padded, '0')
			}
			out = string(append(padded, digits...))
		}
		s.zero = false
	}
	return out
}

func toInt(a any) (int, bool) {
	if i, u, unsigned, ok := integer(a); ok {
		if unsigned {
			return int(u), true
		}
		return int(i), true
	}
	return 0, false
}

// typeName is the name fmt gives an argument's type, for those textfmt
// knows (see the package comment).
func typeName(a any) string {
	switch a.(type) {
	case nil:
		return "<nil>"
	case string:
		return "string"
	case bool:
		return "bool"
	case int:
		return "int"
	case int8:
		return "int8"
	case int16:
		return "int16"
	case int32:
		return "int32"
	case int64:
		return "int64"
	case uint:
		return "uint"
	case uint8:
		return "uint8"
	case uint16:
		return "uint16"
	case uint32:
		return "uint32"
	case uint64:
		return "uint64"
	case uintptr:
		return "uintptr"
	case float32:
		return "float32"
	case float64:
		return "float64"
	case []byte:
		return "[]uint8"
	case []string:
		return "[]string"
	case []int:
		return "[]int"
	case []any:
		return "[]interface {}"
	}
	return "?"
}
