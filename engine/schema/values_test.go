package schema

import (
	"math"
	"testing"
	"time"
)

// attr builds a test attribute.
func attr(t Type, opts ...func(*Attribute)) *Attribute {
	a := &Attribute{Name: "x", Type: t}
	for _, o := range opts {
		o(a)
	}
	return a
}

func withValues(vs ...EnumValue) func(*Attribute) { return func(a *Attribute) { a.Values = vs } }
func withValidator(typ, param string) func(*Attribute) {
	return func(a *Attribute) { a.ValidationType, a.ValidationParameter = typ, param }
}
func infinite(a *Attribute)      { a.AllowInfinite = true }
func hex(a *Attribute)           { a.DisplayHex = true }
func encrypted(a *Attribute)     { a.Encrypted = true }
func seconds(a *Attribute)       { a.TimeSpanFormat = TimeSpanSeconds }
func minutes(a *Attribute)       { a.TimeSpanFormat = TimeSpanMinutes }
func caseSensitive(a *Attribute) { a.CaseSensitive = true }

var pipelineMode = withValues(EnumValue{"Integrated", 0}, EnumValue{"Classic", 1})
var logFlags = withValues(EnumValue{"None", 0}, EnumValue{"Date", 1}, EnumValue{"Time", 2}, EnumValue{"ClientIP", 4})
var soapFlags = withValues(EnumValue{"Unknown", 0}, EnumValue{"HttpSoap", 1}, EnumValue{"HttpGet", 2}, EnumValue{"HttpSoap12", 32}, EnumValue{"AnyHttpSoap", 33})

type valueCase struct {
	name   string
	a      *Attribute
	in     string
	want   Value
	reason string
}

func runValueCases(t *testing.T, cases []valueCase) {
	t.Helper()
	for _, c := range cases {
		got, reason := c.a.Parse(c.in)
		if reason != c.reason {
			t.Errorf("%s: Parse(%q) reason = %q, want %q", c.name, c.in, reason, c.reason)
			continue
		}
		if c.reason == "" && got != c.want {
			t.Errorf("%s: Parse(%q) = %+v, want %+v", c.name, c.in, got, c.want)
		}
		if want := c.reason == "" && c.a.AllowInfinite && c.want.Text == "Infinite"; c.a.IsInfinite(got) != want {
			t.Errorf("%s: IsInfinite(Parse(%q)) = %v, want %v", c.name, c.in, !want, want)
		}
	}
}

// TestInfiniteOnlyForNumbers: a string or bool attribute whose text is
// "Infinite" is not the infinite value, even with allowInfinite.
func TestInfiniteOnlyForNumbers(t *testing.T) {
	for _, a := range []*Attribute{attr(String, infinite), attr(String), attr(UInt)} {
		if v, _ := a.Parse("Infinite"); a.IsInfinite(v) {
			t.Errorf("%v allowInfinite=%v: %q taken as infinite", a.Type, a.AllowInfinite, v.Text)
		}
	}
}

func TestParseScalars(t *testing.T) {
	runValueCases(t, []valueCase{
		{"bool true", attr(Bool), "True", Value{Text: "true", Num: 1}, ""},
		{"bool false", attr(Bool), "FALSE", Value{Text: "false"}, ""},
		{"bool bad", attr(Bool), "yes", Value{}, "Not a valid boolean value"},
		{"bool empty", attr(Bool), "", Value{}, "Not a valid boolean value"},
		{"uint", attr(UInt), "4294967295", Value{Text: "4294967295", Num: 4294967295}, ""},
		{"uint zero", attr(UInt), "0", Value{Text: "0"}, ""},
		{"uint leading zeros", attr(UInt), "007", Value{Text: "7", Num: 7}, ""},
		{"uint overflow", attr(UInt), "4294967296", Value{}, "Not a valid unsigned integer"},
		{"uint negative", attr(UInt), "-1", Value{}, "Not a valid unsigned integer"},
		{"uint text", attr(UInt), "Ssl", Value{}, "Not a valid unsigned integer"},
		{"uint plus", attr(UInt), "+1", Value{}, "Not a valid unsigned integer"},
		{"uint space", attr(UInt), " 1", Value{}, "Not a valid unsigned integer"},
		{"uint hex without displayHex", attr(UInt), "0x10", Value{}, "Not a valid unsigned integer"},
		{"uint hex", attr(UInt, hex), "0x10", Value{Text: "16", Num: 16}, ""},
		{"uint hex too big", attr(UInt, hex), "0x100000000", Value{}, "Not a valid unsigned integer"},
		{"uint infinite", attr(UInt, infinite), "infinite", Value{Text: "Infinite", Num: math.MaxUint32}, ""},
		{"uint infinite not allowed", attr(UInt), "Infinite", Value{}, "Not a valid unsigned integer"},
		{"int", attr(Int), "-2147483648", Value{Text: "-2147483648", Num: math.MinInt32}, ""},
		{"int overflow", attr(Int), "2147483648", Value{}, "Not a valid integer"},
		{"int hex two's complement", attr(Int, hex), "0xFFFFFFFF", Value{Text: "-1", Num: -1}, ""},
		{"int64", attr(Int64), "-9223372036854775808", Value{Text: "-9223372036854775808", Num: math.MinInt64}, ""},
		{"int64 overflow", attr(Int64), "9223372036854775808", Value{}, "Not a valid 64-bit integer"},
		{"int64 infinite", attr(Int64, infinite), "INFINITE", Value{Text: "Infinite", Num: math.MaxInt64}, ""},
		{"string raw", attr(String), "  Any Text ", Value{Text: "  Any Text "}, ""},
		{"encrypted kept", attr(UInt, encrypted), "[enc:AesProvider:abc:enc]", Value{Text: "[enc:AesProvider:abc:enc]"}, ""},
		{"encrypted plain", attr(String, encrypted), "secret", Value{Text: "secret"}, ""},
	})
}

func TestParseEnumAndFlags(t *testing.T) {
	runValueCases(t, []valueCase{
		{"enum", attr(Enum, pipelineMode), "Classic", Value{Text: "Classic", Num: 1}, ""},
		{"enum case", attr(Enum, pipelineMode), "classic", Value{Text: "Classic", Num: 1}, ""},
		{"enum number", attr(Enum, pipelineMode), "1", Value{Text: "Classic", Num: 1}, ""},
		{"enum bad", attr(Enum, pipelineMode), "Foo", Value{}, "Enum must be one of Integrated, Classic"},
		{"enum bad number", attr(Enum, pipelineMode), "2", Value{}, "Enum must be one of Integrated, Classic"},
		{"enum empty", attr(Enum, pipelineMode), "", Value{}, "Enum must be one of Integrated, Classic"},
		{"flags", attr(Flags, logFlags), "ClientIP,date", Value{Text: "Date, ClientIP", Num: 5}, ""},
		{"flags spaces", attr(Flags, logFlags), " Time , Date ", Value{Text: "Date, Time", Num: 3}, ""},
		{"flags none", attr(Flags, logFlags), "None", Value{Text: "None", Num: 0}, ""},
		{"flags empty", attr(Flags, logFlags), "", Value{Text: "None", Num: 0}, ""},
		{"flags empty without 0 flag", attr(Flags, withValues(EnumValue{"Read", 1})), "", Value{Text: "", Num: 0}, ""},
		{"flags number", attr(Flags, logFlags), "6", Value{Text: "Time, ClientIP", Num: 6}, ""},
		{"flags undeclared bit", attr(Flags, logFlags), "8", Value{}, "Flags must be some combination of None, Date, Time, ClientIP"},
		{"flags bad", attr(Flags, logFlags), "Date,Size", Value{}, "Flags must be some combination of None, Date, Time, ClientIP"},
		{"flags empty part", attr(Flags, logFlags), "Date,", Value{}, "Flags must be some combination of None, Date, Time, ClientIP"},
		{"flags combination name", attr(Flags, soapFlags), "HttpSoap,HttpSoap12", Value{Text: "AnyHttpSoap", Num: 33}, ""},
		{"flags combination mixed", attr(Flags, soapFlags), "AnyHttpSoap, HttpGet", Value{Text: "HttpSoap, HttpGet, HttpSoap12", Num: 35}, ""},
	})
}

func TestParseTimeSpan(t *testing.T) {
	const s = ticksPerSecond
	runValueCases(t, []valueCase{
		{"hms", attr(TimeSpan), "00:20:00", Value{Text: "00:20:00", Num: 1200 * s}, ""},
		{"hours over 23", attr(TimeSpan), "29:00:00", Value{Text: "1.05:00:00", Num: 29 * 3600 * s}, ""},
		{"days", attr(TimeSpan), "1.05:00:00", Value{Text: "1.05:00:00", Num: 29 * 3600 * s}, ""},
		{"colon days", attr(TimeSpan), "1:05:00:00", Value{Text: "1.05:00:00", Num: 29 * 3600 * s}, ""},
		{"fraction", attr(TimeSpan), "00:00:00.1", Value{Text: "00:00:00.1000000", Num: s / 10}, ""},
		{"negative", attr(TimeSpan), "-00:00:01", Value{Text: "-00:00:01", Num: -s}, ""},
		{"max", attr(TimeSpan), "10675199.02:48:05.4775807", Value{Text: "10675199.02:48:05.4775807", Num: math.MaxInt64}, ""},
		{"min", attr(TimeSpan), "-10675199.02:48:05.4775808", Value{Text: "-10675199.02:48:05.4775808", Num: math.MinInt64}, ""},
		{"past max", attr(TimeSpan), "10675199.02:48:05.4775808", Value{}, "Not a valid TimeSpan value"},
		{"minutes 60", attr(TimeSpan), "00:60:00", Value{}, "Not a valid TimeSpan value"},
		{"seconds 60", attr(TimeSpan), "00:00:60", Value{}, "Not a valid TimeSpan value"},
		{"two parts", attr(TimeSpan), "00:20", Value{}, "Not a valid TimeSpan value"},
		{"empty days", attr(TimeSpan), ".05:00:00", Value{}, "Not a valid TimeSpan value"},
		{"long fraction", attr(TimeSpan), "00:00:00.12345678", Value{}, "Not a valid TimeSpan value"},
		{"empty fraction", attr(TimeSpan), "00:00:00.", Value{}, "Not a valid TimeSpan value"},
		{"text", attr(TimeSpan), "soon", Value{}, "Not a valid TimeSpan value"},
		{"huge hours", attr(TimeSpan), "99999999999999999999:00:00", Value{}, "Not a valid TimeSpan value"},
		{"infinite", attr(TimeSpan, infinite), "Infinite", Value{Text: "Infinite", Num: math.MaxInt64}, ""},
		{"seconds format", attr(TimeSpan, seconds), "090", Value{Text: "90", Num: 90 * s}, ""},
		{"seconds format negative", attr(TimeSpan, seconds), "-1", Value{}, "Not a valid TimeSpan value"},
		{"seconds format hms", attr(TimeSpan, seconds), "00:01:00", Value{}, "Not a valid TimeSpan value"},
		{"minutes format", attr(TimeSpan, minutes), "20", Value{Text: "20", Num: 1200 * s}, ""},
	})
}

func TestValidators(t *testing.T) {
	rng := withValidator("integerRange", "10,65535")
	excl := withValidator("integerRange", "0,1023,exclude")
	tsr := withValidator("timeSpanRange", "0,2592000,60")
	runValueCases(t, []valueCase{
		{"range low", attr(UInt, rng), "9", Value{}, "Integer value must be between 10 and 65535 inclusive"},
		{"range ok", attr(UInt, rng), "10", Value{Text: "10", Num: 10}, ""},
		{"range high", attr(UInt, rng), "65536", Value{}, "Integer value must be between 10 and 65535 inclusive"},
		{"exclude inside", attr(UInt, excl), "1023", Value{}, "Integer value must not be between 0 and 1023 inclusive"},
		{"exclude outside", attr(UInt, excl), "1024", Value{Text: "1024", Num: 1024}, ""},
		{"range skipped when infinite", attr(Int, infinite, withValidator("integerRange", "0,10")), "Infinite", Value{Text: "Infinite", Num: math.MaxInt32}, ""},
		{"bad parameter accepts", attr(UInt, withValidator("integerRange", "ten")), "5", Value{Text: "5", Num: 5}, ""},
		{"timespan granularity", attr(TimeSpan, tsr), "00:00:30", Value{}, "Timespan value must be between 00:00:00 and 30.00:00:00 seconds inclusive, with a granularity of 60 seconds"},
		{"timespan ok", attr(TimeSpan, tsr), "00:01:00", Value{Text: "00:01:00", Num: 60 * ticksPerSecond}, ""},
		{"timespan too long", attr(TimeSpan, tsr), "30.00:01:00", Value{}, "Timespan value must be between 00:00:00 and 30.00:00:00 seconds inclusive, with a granularity of 60 seconds"},
		{"timespan seconds format", attr(TimeSpan, seconds, withValidator("timeSpanRange", "1,10,1")), "11", Value{}, "Timespan value must be between 00:00:01 and 00:00:10 seconds inclusive, with a granularity of 1 seconds"},
		{"timespan exclude", attr(TimeSpan, withValidator("timeSpanRange", "0,60,1,exclude")), "00:00:30", Value{}, "Timespan value must not be between 00:00:00 and 00:01:00 seconds inclusive, with a granularity of 1 seconds"},
		{"nonEmpty", attr(String, withValidator("nonEmptyString", "")), "", Value{}, "String must not be empty"},
		{"nonEmpty ok", attr(String, withValidator("nonEmptyString", "")), " ", Value{Text: " "}, ""},
		{"trimmed", attr(String, withValidator("requireTrimmedString", "")), " a", Value{}, "String must not have leading or trailing white space"},
		{"trimmed old name", attr(String, withValidator("trimWhiteSpaceString", "")), "a\t", Value{}, "String must not have leading or trailing white space"},
		{"trimmed ok", attr(String, withValidator("requireTrimmedString", "")), "a b", Value{Text: "a b"}, ""},
		{"site dotted", attr(String, withValidator("siteName", "")), "www.contoso.com", Value{Text: "www.contoso.com"}, ""},
		{"site slash", attr(String, withValidator("siteName", "")), "a/b", Value{}, "Invalid site name"},
		{"site question", attr(String, withValidator("siteName", "")), "a?", Value{}, "Invalid site name"},
		{"pool ok", attr(String, withValidator("applicationPoolName", "")), "My Pool.v4", Value{Text: "My Pool.v4"}, ""},
		{"pool backslash", attr(String, withValidator("applicationPoolName", "")), `a\b`, Value{}, "Invalid application pool name"},
		{"pool at", attr(String, withValidator("applicationPoolName", "")), "a@b", Value{}, "Invalid application pool name"},
		{"app root", attr(String, withValidator("applicationPath", "")), "/", Value{Text: "/"}, ""},
		{"app nested", attr(String, withValidator("applicationPath", "")), "/a/b", Value{Text: "/a/b"}, ""},
		{"app relative", attr(String, withValidator("applicationPath", "")), "a", Value{}, "Invalid application path"},
		{"app trailing", attr(String, withValidator("applicationPath", "")), "/a/", Value{}, "Invalid application path"},
		{"app dotdot", attr(String, withValidator("applicationPath", "")), "/a/../b", Value{}, "Invalid application path"},
		{"app empty", attr(String, withValidator("applicationPath", "")), "", Value{}, "Invalid application path"},
		{"vdir dot", attr(String, withValidator("virtualDirectoryPath", "")), "/.", Value{}, "Invalid virtual directory path"},
		{"unknown validator accepts", attr(String, withValidator("regexString", "^a$")), "b", Value{Text: "b"}, ""},
	})
}

// TestSpecVectors are the test vectors of docs/schema.md#validators, run against the
// built-in schema.
func TestSpecVectors(t *testing.T) {
	s := Builtin()
	site := s.Section("system.applicationHost/sites").Root.Collection.Item
	maxBandwidth := site.Element("limits").Attribute("maxBandwidth")
	for _, in := range []string{"0", "1", "1023"} {
		if _, reason := maxBandwidth.Parse(in); reason != "Integer value must not be between 0 and 1023 inclusive" {
			t.Errorf("maxBandwidth %s: reason %q", in, reason)
		}
	}
	for _, in := range []string{"1024", "4294967295"} {
		if _, reason := maxBandwidth.Parse(in); reason != "" {
			t.Errorf("maxBandwidth %s: reason %q", in, reason)
		}
	}
	if d := maxBandwidth.Default(); d != (Value{Text: "4294967295", Num: 4294967295}) {
		t.Errorf("maxBandwidth default %+v", d)
	}
	pool := s.Section("system.applicationHost/applicationPools").Root.Collection.Item
	idle := pool.Element("processModel").Attribute("idleTimeout")
	if _, reason := idle.Parse("00:00:30"); reason != "Timespan value must be between 00:00:00 and 30.00:00:00 seconds inclusive, with a granularity of 60 seconds" {
		t.Errorf("idleTimeout 00:00:30: reason %q", reason)
	}
	if v, reason := idle.Parse("00:01:00"); reason != "" || v.Num != 60*ticksPerSecond {
		t.Errorf("idleTimeout 00:01:00: %+v %q", v, reason)
	}
	if _, reason := pool.Attribute("name").Parse("a|b"); reason != "Invalid application pool name" {
		t.Errorf("pool name reason %q", reason)
	}
}

func TestDefault(t *testing.T) {
	cases := []struct {
		name string
		a    *Attribute
		want Value
	}{
		{"string zero", attr(String), Value{}},
		{"bool zero", attr(Bool), Value{Text: "false"}},
		{"uint zero", attr(UInt), Value{Text: "0"}},
		{"timespan zero", attr(TimeSpan), Value{Text: "00:00:00"}},
		{"timespan seconds zero", attr(TimeSpan, seconds), Value{Text: "0"}},
		{"enum zero", attr(Enum, pipelineMode), Value{Text: "Integrated"}},
		{"enum without 0", attr(Enum, withValues(EnumValue{"A", 1})), Value{}},
		{"flags zero", attr(Flags, logFlags), Value{Text: "None"}},
		{"bool default", &Attribute{Type: Bool, HasDefault: true, DefaultValue: "False"}, Value{Text: "false"}},
		{"timespan default", &Attribute{Type: TimeSpan, HasDefault: true, DefaultValue: "29:00:00"}, Value{Text: "1.05:00:00", Num: 29 * ticksPerHour}},
		{"not validated", &Attribute{Type: UInt, HasDefault: true, DefaultValue: "5", ValidationType: "integerRange", ValidationParameter: "10,20"}, Value{Text: "5", Num: 5}},
		{"unparsable verbatim", &Attribute{Type: UInt, HasDefault: true, DefaultValue: "lots"}, Value{Text: "lots"}},
		{"infinite default", &Attribute{Type: Int, AllowInfinite: true, HasDefault: true, DefaultValue: "Infinite"}, Value{Text: "Infinite", Num: math.MaxInt32}},
		{"encrypted default", &Attribute{Type: String, Encrypted: true, HasDefault: true, DefaultValue: "[enc:IISWASOnlyAesProvider::enc]"}, Value{Text: "[enc:IISWASOnlyAesProvider::enc]"}},
	}
	for _, c := range cases {
		if got := c.a.Default(); got != c.want {
			t.Errorf("%s: Default() = %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestEqual(t *testing.T) {
	if !attr(String).Equal("Default Web Site", "default web site") {
		t.Error("case-insensitive key compared unequal")
	}
	if attr(String, caseSensitive).Equal("A", "a") {
		t.Error("caseSensitive key compared equal")
	}
	if !attr(String, caseSensitive).Equal("A", "A") {
		t.Error("caseSensitive equal keys compared unequal")
	}
}

func TestValueDuration(t *testing.T) {
	a := &Attribute{Name: "period", Type: TimeSpan}
	for text, want := range map[string]time.Duration{
		"00:02:00":                  2 * time.Minute,
		"1.00:00:01.5":              24*time.Hour + 1500*time.Millisecond,
		"-00:00:01":                 -time.Second,
		"10675199.02:48:05.4775807": math.MaxInt64, // TimeSpan.MaxValue saturates
	} {
		v, reason := a.Parse(text)
		if reason != "" {
			t.Fatalf("%s: %s", text, reason)
		}
		if got := time.Duration(v.Nanoseconds()); got != want {
			t.Errorf("%s: Nanoseconds() = %v, want %v", text, got, want)
		}
	}
}
