package schema

import (
	"slices"
	"testing"
)

// TestUncertainChoices records every UNCERTAIN(<id>) behaviour of reasons.go, so
// changing one of them is a deliberate, visible edit.
func TestUncertainChoices(t *testing.T) {
	choices := map[string]bool{
		"enumAcceptsNumber":          enumAcceptsNumber,
		"flagsAcceptNumber":          flagsAcceptNumber,
		"hexWhenDisplayHex":          hexWhenDisplayHex,
		"timeSpanColonDays":          timeSpanColonDays,
		"timeSpanFractionDigits":     timeSpanFractionDigits,
		"duplicateAttributeReplaces": !duplicateAttributeReplaces, // chosen: true (reasons.go)
	}
	want := map[string]bool{
		"enumAcceptsNumber": true, "flagsAcceptNumber": true, "hexWhenDisplayHex": true,
		"timeSpanColonDays": true, "timeSpanFractionDigits": true, "duplicateAttributeReplaces": false,
	}
	for k, v := range want {
		if choices[k] != v {
			t.Errorf("%s = %v, want %v", k, choices[k], v)
		}
	}
	texts := map[string]string{
		reasonInt:           "Not a valid integer",
		reasonInt64:         "Not a valid 64-bit integer",
		reasonBool:          "Not a valid boolean value",
		reasonTimeSpan:      "Not a valid TimeSpan value",
		reasonFlags("A, B"): "Flags must be some combination of A, B",
		reasonAppPath:       "Invalid application path",
		reasonVDirPath:      "Invalid virtual directory path",
		reasonNonEmpty:      "String must not be empty",
		reasonTrimmed:       "String must not have leading or trailing white space",
	}
	for got, want := range texts {
		if got != want {
			t.Errorf("reason %q, want %q", got, want)
		}
	}
	// OBS texts, byte-exact.
	if reasonUInt != "Not a valid unsigned integer" || reasonEnum("A, B") != "Enum must be one of A, B" ||
		reasonSiteName != "Invalid site name" || reasonAppPoolName != "Invalid application pool name" {
		t.Error("an observed reason text changed")
	}
}

// TestValidatorsUsedByBuiltin lists the validation types the built-in data
// uses; each must be one validate implements, so none is silently
// accepted. Unknown types (e.g. from a user file) are accepted by design.
func TestValidatorsUsedByBuiltin(t *testing.T) {
	used := map[string]bool{}
	var walk func(e *Element)
	walk = func(e *Element) {
		for _, a := range e.Attributes {
			if a.ValidationType != "" {
				used[a.ValidationType] = true
			}
		}
		for _, c := range e.Elements {
			walk(c)
		}
		if e.Collection != nil {
			walk(e.Collection.Item)
		}
		for _, c := range e.MoreCollections {
			walk(c.Item)
		}
	}
	s := Builtin()
	for _, n := range s.Names() {
		walk(s.Section(n).Root)
	}
	var names []string
	for n := range used {
		names = append(names, n)
	}
	slices.Sort(names)
	want := []string{"applicationPath", "applicationPoolName", "integerRange", "nonEmptyString",
		"requireTrimmedString", "siteName", "timeSpanRange", "virtualDirectoryPath"}
	if !slices.Equal(names, want) {
		t.Errorf("validators used %v, want %v", names, want)
	}
	for _, n := range names {
		if !slices.Contains(knownValidators, n) {
			t.Errorf("validator %s is used but not implemented", n)
		}
	}
}
