package schema

import (
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/textfmt"
)

// validate runs the attribute's validationType on a parsed value and
// returns the reason it fails, or "" (docs/schema.md#validators). Validators IIS does not
// document are accepted; knownValidators lists the ones we implement.
func (a *Attribute) validate(v Value) string {
	switch a.ValidationType {
	case "integerRange":
		return validateIntegerRange(a, v, a.ValidationParameter)
	case "timeSpanRange":
		return validateTimeSpanRange(a, v, a.ValidationParameter)
	case "nonEmptyString":
		if v.Text == "" {
			return reasonNonEmpty
		}
	case "requireTrimmedString", "trimWhiteSpaceString":
		if strings.TrimSpace(v.Text) != v.Text {
			return reasonTrimmed
		}
	case "siteName":
		if strings.ContainsAny(v.Text, siteNameForbidden) {
			return reasonSiteName
		}
	case "applicationPoolName":
		if strings.ContainsAny(v.Text, applicationPoolNameForbidden) {
			return reasonAppPoolName
		}
	case "applicationPath":
		if !validVirtualPath(v.Text) {
			return reasonAppPath
		}
	case "virtualDirectoryPath":
		if !validVirtualPath(v.Text) {
			return reasonVDirPath
		}
	}
	return ""
}

// knownValidators are the validationType values validate implements; any
// other value is accepted without checks.
var knownValidators = []string{
	"integerRange", "timeSpanRange", "nonEmptyString", "requireTrimmedString",
	"trimWhiteSpaceString", "siteName", "applicationPoolName",
	"applicationPath", "virtualDirectoryPath",
}

// rangeParameter is a parsed "min,max[,granularity][,exclude]".
type rangeParameter struct {
	min, max, granularity string // as written, for messages
	lo, hi, step          int64
	exclude               bool
}

// parseRangeParameter reads min,max, an optional granularity when
// withGranularity, and an optional trailing "exclude". ok is false for a
// parameter we cannot read; the validator then accepts (a broken schema
// must not make every value invalid).
func parseRangeParameter(p string, withGranularity bool) (r rangeParameter, ok bool) {
	parts := strings.Split(p, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if n := len(parts); n > 2 && strings.EqualFold(parts[n-1], "exclude") {
		r.exclude = true
		parts = parts[:n-1]
	}
	want := 2
	if withGranularity {
		want = 3
	}
	if len(parts) != want {
		return r, false
	}
	var err1, err2, err3 error
	r.min, r.max = parts[0], parts[1]
	r.lo, err1 = strconv.ParseInt(parts[0], 10, 64)
	r.hi, err2 = strconv.ParseInt(parts[1], 10, 64)
	if withGranularity {
		r.granularity = parts[2]
		r.step, err3 = strconv.ParseInt(parts[2], 10, 64)
	}
	return r, err1 == nil && err2 == nil && err3 == nil
}

func validateIntegerRange(a *Attribute, v Value, param string) string {
	if a.Type != UInt && a.Type != Int && a.Type != Int64 {
		return ""
	}
	r, ok := parseRangeParameter(param, false)
	if !ok {
		return ""
	}
	inside := v.Num >= r.lo && v.Num <= r.hi
	switch {
	case r.exclude && inside:
		return textfmt.Sprintf(reasonIntegerExcluded, r.min, r.max)
	case !r.exclude && !inside:
		return textfmt.Sprintf(reasonIntegerRange, r.min, r.max)
	}
	return ""
}

// validateTimeSpanRange checks a timeSpan (any timeSpanFormat; Num holds
// ticks) against bounds and granularity given in seconds.
func validateTimeSpanRange(a *Attribute, v Value, param string) string {
	if a.Type != TimeSpan {
		return ""
	}
	r, ok := parseRangeParameter(param, true)
	if !ok {
		return ""
	}
	text := reasonTimeSpanRange
	if r.exclude {
		text = reasonTimeSpanExclude
	}
	fail := textfmt.Sprintf(text, formatTimeSpan(secondsToTicks(r.lo)), formatTimeSpan(secondsToTicks(r.hi)), r.granularity)
	// Compare in ticks without overflow: bounds beyond the tick range are
	// clamped, since no value can pass them anyway.
	lo, hi := secondsToTicks(r.lo), secondsToTicks(r.hi)
	inside := v.Num >= lo && v.Num <= hi
	if inside == r.exclude {
		return fail
	}
	if r.step > 0 && v.Num%secondsToTicks(r.step) != 0 {
		return fail
	}
	return ""
}

func secondsToTicks(s int64) int64 {
	const limit = (1<<63 - 1) / ticksPerSecond
	switch {
	case s > limit:
		return 1<<63 - 1
	case s < -limit:
		return -1 << 63
	}
	return s * ticksPerSecond
}

// validVirtualPath: starts with "/", does not end with "/" unless it is
// "/", and has no "." or ".." segment (schema header, docs/schema.md#validators).
func validVirtualPath(p string) bool {
	if p == "/" {
		return true
	}
	if !strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") {
		return false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}
