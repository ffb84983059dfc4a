package schema

import (
	"math"
	"strconv"
	"strings"
)

// Value is a parsed attribute value. It is kept small (no flag for
// "Infinite": Attribute.IsInfinite tells) because the engine holds one per
// explicit attribute, 100,000 of them on a hosting server.
type Value struct {
	Text string // canonical text, as IIS would write it back
	Num  int64  // bool 0/1, enum/flags value, number, or TimeSpan ticks (100 ns)
}

// Nanoseconds is a timeSpan value in nanoseconds (a time.Duration's
// count): Num counts .NET's 100-nanosecond ticks. (A span beyond
// time.Duration's ±292 years, such as TimeSpan.MaxValue, saturates.) Not
// a time.Duration: the time package would cost the engine wasm ~30 KB
// brotli for a type, as it is initialised at start.
func (v Value) Nanoseconds() int64 {
	const maxTicks = math.MaxInt64 / 100
	switch {
	case v.Num > maxTicks:
		return math.MaxInt64
	case v.Num < -maxTicks:
		return math.MinInt64
	}
	return v.Num * 100
}

// IsInfinite reports whether v, a value of a, is "Infinite" (allowInfinite;
// Num then holds the type's largest value).
func (a *Attribute) IsInfinite(v Value) bool {
	return a.acceptsInfinite() && v.Text == infiniteText
}

// acceptsInfinite: allowInfinite applies to numbers and time spans only.
func (a *Attribute) acceptsInfinite() bool {
	return a.AllowInfinite && a.Type != String && a.Type != Bool
}

// infiniteText is the literal an allowInfinite attribute accepts
// (case-insensitively) and writes back.
const infiniteText = "Infinite"

// Parse reads text as a value of the attribute and validates it. The second
// result is "" when the value is valid, else IIS's reason text, which
// callers complete as "The '<attr>' attribute is invalid.  <reason>".
// On failure the Value holds the text as given.
func (a *Attribute) Parse(text string) (Value, string) {
	v, reason := a.parseType(text)
	if reason != "" {
		return Value{Text: text}, reason
	}
	if !a.IsInfinite(v) {
		if reason := a.validate(v); reason != "" {
			return Value{Text: text}, reason
		}
	}
	return v, ""
}

// Default is the value an absent attribute takes: the schema's
// defaultValue, parsed but not validated (IIS does not validate defaults),
// or the type's zero value when the schema gives none (docs/schema.md#defaults). A
// defaultValue that does not parse is returned verbatim.
func (a *Attribute) Default() Value {
	if !a.HasDefault {
		return a.zero()
	}
	v, reason := a.parseType(a.DefaultValue)
	if reason != "" {
		return Value{Text: a.DefaultValue}
	}
	return v
}

// Equal compares two canonical values of a key attribute: ordinal and
// case-insensitive unless the attribute is caseSensitive (docs/collections.md#keys).
func (a *Attribute) Equal(x, y string) bool {
	if a.CaseSensitive {
		return x == y
	}
	return strings.EqualFold(x, y)
}

// zero is the type's zero value; for enum and flags, value 0 (UNCERTAIN(enum-zero-default),
// docs/schema.md#defaults), written by its name when one is declared.
func (a *Attribute) zero() Value {
	switch a.Type {
	case Bool:
		return Value{Text: "false"}
	case Enum, Flags:
		return Value{Text: a.nameOf(0)}
	case UInt, Int, Int64:
		return Value{Text: "0"}
	case TimeSpan:
		if a.TimeSpanFormat != TimeSpanString {
			return Value{Text: "0"}
		}
		return Value{Text: formatTimeSpan(0)}
	}
	return Value{}
}

// nameOf returns the name declared for value n, or "".
func (a *Attribute) nameOf(n int64) string {
	for _, ev := range a.Values {
		if ev.Value == n {
			return ev.Name
		}
	}
	return ""
}

// parseType converts text to a typed, canonical Value without running
// validators.
func (a *Attribute) parseType(text string) (Value, string) {
	if a.Encrypted {
		// "[enc:Provider:payload:enc]" is kept as written; the playground never
		// decrypts, and a plain value is taken as-is
		// (docs/schema.md#encrypted-and-expanded-attributes).
		return Value{Text: text}, ""
	}
	if a.acceptsInfinite() && strings.EqualFold(text, infiniteText) {
		return Value{Text: infiniteText, Num: a.infiniteNum()}, ""
	}
	switch a.Type {
	case Bool:
		switch {
		case strings.EqualFold(text, "true"):
			return Value{Text: "true", Num: 1}, ""
		case strings.EqualFold(text, "false"):
			return Value{Text: "false"}, ""
		}
		return Value{}, reasonBool
	case Enum:
		return a.parseEnum(text)
	case Flags:
		return a.parseFlags(text)
	case UInt:
		n, ok := a.parseInteger(text, 0, math.MaxUint32, 32)
		if !ok {
			return Value{}, reasonUInt
		}
		return Value{Text: strconv.FormatInt(n, 10), Num: n}, ""
	case Int:
		n, ok := a.parseInteger(text, math.MinInt32, math.MaxInt32, 32)
		if !ok {
			return Value{}, reasonInt
		}
		return Value{Text: strconv.FormatInt(n, 10), Num: n}, ""
	case Int64:
		n, ok := a.parseInteger(text, math.MinInt64, math.MaxInt64, 64)
		if !ok {
			return Value{}, reasonInt64
		}
		return Value{Text: strconv.FormatInt(n, 10), Num: n}, ""
	case TimeSpan:
		return a.parseTimeSpanValue(text)
	}
	return Value{Text: text}, ""
}

// infiniteNum is the number an "Infinite" value stands for: the type's
// maximum (UNCERTAIN(infinite-numbers), docs/schema.md#infinite).
func (a *Attribute) infiniteNum() int64 {
	switch a.Type {
	case UInt:
		return math.MaxUint32
	case Int:
		return math.MaxInt32
	}
	return math.MaxInt64
}

// parseInteger reads a decimal integer in [lo, hi]; with displayHex (and
// hexWhenDisplayHex) also "0x…", read as an unsigned bit pattern of the
// type's width so that 0xFFFFFFFF is -1 for an int.
func (a *Attribute) parseInteger(text string, lo, hi int64, bits int) (int64, bool) {
	if hexWhenDisplayHex && a.DisplayHex {
		if h, ok := cutHexPrefix(text); ok {
			u, err := strconv.ParseUint(h, 16, bits)
			if err != nil || h[0] == '+' || h[0] == '-' {
				return 0, false
			}
			n := int64(u)
			if bits == 32 && lo < 0 {
				n = int64(int32(uint32(u)))
			}
			return n, n >= lo && n <= hi
		}
	}
	if !isDecimal(text) {
		return 0, false
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

func cutHexPrefix(s string) (string, bool) {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return s[2:], true
	}
	return "", false
}

// isDecimal accepts an optional '-' and one or more ASCII digits; no '+',
// no spaces, no "_" (strconv would accept some of those).
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (a *Attribute) parseEnum(text string) (Value, string) {
	if ev, ok := a.lookupName(text); ok {
		return Value{Text: ev.Name, Num: ev.Value}, ""
	}
	if enumAcceptsNumber && isDecimal(text) {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			if name := a.nameOf(n); name != "" {
				return Value{Text: name, Num: n}, ""
			}
		}
	}
	return Value{}, reasonEnum(a.valueNames())
}

// lookupName finds a declared name: the exact spelling first, then
// case-insensitively (docs/schema.md#types, UNCERTAIN(enum-case)).
func (a *Attribute) lookupName(text string) (EnumValue, bool) {
	for _, ev := range a.Values {
		if ev.Name == text {
			return ev, true
		}
	}
	for _, ev := range a.Values {
		if strings.EqualFold(ev.Name, text) {
			return ev, true
		}
	}
	return EnumValue{}, false
}

func (a *Attribute) valueNames() string {
	names := make([]string, len(a.Values))
	for i, ev := range a.Values {
		names[i] = ev.Name
	}
	return strings.Join(names, ", ")
}

// parseFlags reads names joined by "," with optional spaces; "" is 0.
func (a *Attribute) parseFlags(text string) (Value, string) {
	var n int64
	if flagsAcceptNumber && isDecimal(text) {
		v, err := strconv.ParseInt(text, 10, 64)
		if err != nil || v < 0 || v&^a.declaredBits() != 0 {
			return Value{}, reasonFlags(a.valueNames())
		}
		n = v
	} else if strings.TrimSpace(text) != "" {
		for _, part := range strings.Split(text, ",") {
			ev, ok := a.lookupName(strings.TrimSpace(part))
			if !ok {
				return Value{}, reasonFlags(a.valueNames())
			}
			n |= ev.Value
		}
	}
	return Value{Text: a.formatFlags(n), Num: n}, ""
}

func (a *Attribute) declaredBits() int64 {
	var bits int64
	for _, ev := range a.Values {
		bits |= ev.Value
	}
	return bits
}

// formatFlags writes n canonically: the name of an exactly matching flag
// (so a declared combination such as AnyHttpSoap = 33 keeps its name), else
// the names in schema order of the flags that add bits not yet written;
// 0 is the name of the 0 flag or "". UNCERTAIN(flags-canonical-form) for
// combinations.
func (a *Attribute) formatFlags(n int64) string {
	if name := a.nameOf(n); name != "" || n == 0 {
		return name
	}
	var names []string
	var covered int64
	for _, ev := range a.Values {
		if ev.Value != 0 && ev.Value&n == ev.Value && ev.Value&^covered != 0 {
			names = append(names, ev.Name)
			covered |= ev.Value
		}
	}
	return strings.Join(names, ", ")
}

// parseTimeSpanValue reads a timeSpan in the attribute's timeSpanFormat;
// Num is always in ticks.
func (a *Attribute) parseTimeSpanValue(text string) (Value, string) {
	if a.TimeSpanFormat == TimeSpanString {
		ticks, ok := parseTimeSpan(text)
		if !ok {
			return Value{}, reasonTimeSpan
		}
		return Value{Text: formatTimeSpan(ticks), Num: ticks}, ""
	}
	unit := int64(ticksPerSecond)
	if a.TimeSpanFormat == TimeSpanMinutes {
		unit = ticksPerMinute
	}
	count, ok := parseDigits(text)
	if !ok || count > uint64(math.MaxInt64/unit) {
		return Value{}, reasonTimeSpan
	}
	return Value{Text: strconv.FormatUint(count, 10), Num: int64(count) * unit}, ""
}
