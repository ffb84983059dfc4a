package schema

import (
	"math"
	"strconv"
	"strings"
)

// TimeSpan values are held as 100-nanosecond ticks, the unit of .NET's
// TimeSpan, so the schema's extreme defaults (TimeSpan.MaxValue written as
// "10675199.02:48:05.4775807") fit exactly in an int64.
const (
	ticksPerSecond = 10_000_000
	ticksPerMinute = 60 * ticksPerSecond
	ticksPerHour   = 60 * ticksPerMinute
	ticksPerDay    = 24 * ticksPerHour
)

// parseTimeSpan reads "[-][d.]hh:mm:ss[.fffffff]" (hours may exceed 23, as
// in the schema default "29:00:00") and, when timeSpanColonDays allows it,
// "[-]d:hh:mm:ss[.fffffff]". It reports false for anything else, including
// values outside the int64 tick range.
func parseTimeSpan(text string) (int64, bool) {
	s, neg := strings.CutPrefix(text, "-")
	parts := strings.Split(s, ":")
	var days string
	hasDays := false
	switch {
	case len(parts) == 3:
		days, parts[0], hasDays = cutDays(parts[0])
	case len(parts) == 4 && timeSpanColonDays:
		days, parts, hasDays = parts[0], parts[1:], true
	default:
		return 0, false
	}
	secs, frac, hasFrac := strings.Cut(parts[2], ".")
	fields := []struct {
		text  string
		unit  uint64
		limit uint64 // exclusive; 0 = none
	}{
		{parts[0], ticksPerHour, 0},
		{parts[1], ticksPerMinute, 60},
		{secs, ticksPerSecond, 60},
		{days, ticksPerDay, 0},
	}
	if !hasDays {
		fields = fields[:3]
	}
	var total uint64
	for _, f := range fields {
		n, ok := parseDigits(f.text)
		if !ok || (f.limit > 0 && n >= f.limit) {
			return 0, false
		}
		if n > (math.MaxUint64-total)/f.unit {
			return 0, false
		}
		total += n * f.unit
	}
	if hasFrac {
		if frac == "" || len(frac) > 7 {
			return 0, false
		}
		n, ok := parseDigits(frac)
		if !ok {
			return 0, false
		}
		for i := len(frac); i < 7; i++ {
			n *= 10
		}
		if n > math.MaxUint64-total {
			return 0, false
		}
		total += n
	}
	if neg {
		if total > 1<<63 {
			return 0, false
		}
		return int64(-total), true // -(1<<63) wraps to MinInt64 exactly
	}
	if total > math.MaxInt64 {
		return 0, false
	}
	return int64(total), true
}

// cutDays splits "d.hh" into its day and hour texts.
func cutDays(first string) (days, hours string, ok bool) {
	days, hours, ok = strings.Cut(first, ".")
	if !ok {
		return "", first, false
	}
	return days, hours, true
}

// parseDigits reads a non-empty run of ASCII digits.
func parseDigits(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil
}

// formatTimeSpan writes ticks as "hh:mm:ss" below one day, "d.hh:mm:ss"
// from one day, with a "-" sign and a fraction when needed.
func formatTimeSpan(ticks int64) string {
	var b []byte
	mag := uint64(ticks)
	if ticks < 0 {
		b = append(b, '-')
		mag = -mag // two's complement: correct for MinInt64 too
	}
	days := mag / ticksPerDay
	mag %= ticksPerDay
	if days > 0 {
		b = strconv.AppendUint(b, days, 10)
		b = append(b, '.')
	}
	b = appendTwoDigits(b, mag/ticksPerHour)
	b = append(b, ':')
	b = appendTwoDigits(b, mag%ticksPerHour/ticksPerMinute)
	b = append(b, ':')
	b = appendTwoDigits(b, mag%ticksPerMinute/ticksPerSecond)
	if frac := mag % ticksPerSecond; frac != 0 {
		digits := strconv.FormatUint(frac+ticksPerSecond, 10)[1:] // seven digits, zero-padded
		if !timeSpanFractionDigits {
			digits = strings.TrimRight(digits, "0")
		}
		b = append(b, '.')
		b = append(b, digits...)
	}
	return string(b)
}

func appendTwoDigits(b []byte, n uint64) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}
