package schema

import (
	"github.com/iisconf/iisconf/engine/diag"
	"github.com/iisconf/iisconf/engine/textfmt"
)

// This file holds every reason text and every behavioural choice of the
// package made without evidence, each marked UNCERTAIN(<id>) as
// docs/schema.md explains it (or inferred), so that new
// evidence changes one line here. Texts marked OBS are byte-exact copies of
// real IIS output; the others are our best guess in IIS's style.
// reasons_test.go records each choice.

// Reason texts for values that do not parse (docs/schema.md#types). They complete
// "The '<attr>' attribute is invalid.  <reason>".
const (
	reasonUInt     = "Not a valid unsigned integer" // OBS
	reasonInt      = "Not a valid integer"          // UNCERTAIN(parse-reason-texts)
	reasonInt64    = "Not a valid 64-bit integer"   // UNCERTAIN(parse-reason-texts)
	reasonBool     = "Not a valid boolean value"    // UNCERTAIN(parse-reason-texts)
	reasonTimeSpan = "Not a valid TimeSpan value"   // UNCERTAIN(parse-reason-texts)
)

// reasonEnum lists the names in schema order, ", "-separated (OBS appcmd).
func reasonEnum(names string) string { return "Enum must be one of " + names }

// reasonFlags: UNCERTAIN(flags-reason-text) wording, modelled on the enum text.
func reasonFlags(names string) string { return "Flags must be some combination of " + names }

// Validator reasons (docs/schema.md#validators).
const (
	reasonSiteName        = "Invalid site name"                                                                                // OBS
	reasonAppPoolName     = "Invalid application pool name"                                                                    // OBS
	reasonAppPath         = "Invalid application path"                                                                         // UNCERTAIN(validator-reason-texts) (MWA appends the value)
	reasonVDirPath        = "Invalid virtual directory path"                                                                   // UNCERTAIN(validator-reason-texts)
	reasonNonEmpty        = "String must not be empty"                                                                         // UNCERTAIN(validator-reason-texts)
	reasonTrimmed         = "String must not have leading or trailing white space"                                             // UNCERTAIN(validator-reason-texts)
	reasonIntegerRange    = "Integer value must be between %s and %s inclusive"                                                // UNCERTAIN(validator-reason-texts)
	reasonIntegerExcluded = "Integer value must not be between %s and %s inclusive"                                            // UNCERTAIN(validator-reason-texts)
	reasonTimeSpanRange   = "Timespan value must be between %s and %s seconds inclusive, with a granularity of %s seconds"     // bounds as .NET TimeSpans [OBS JexusManager TestCases.cs: "between 00:00:00 and 30.00:00:00 seconds inclusive, with a granularity of 60 seconds"]
	reasonTimeSpanExclude = "Timespan value must not be between %s and %s seconds inclusive, with a granularity of %s seconds" // UNCERTAIN(validator-reason-texts)
)

// Behavioural choices.
const (
	// enumAcceptsNumber: an enum also accepts its numeric value ("1" for
	// Classic). UNCERTAIN(enum-numeric-value).
	enumAcceptsNumber = true
	// flagsAcceptNumber: a flags attribute accepts one decimal number whose
	// bits are all declared flags. UNCERTAIN(flags-numeric-value) (follows
	// enumAcceptsNumber).
	flagsAcceptNumber = true
	// hexWhenDisplayHex: numbers of a displayHex attribute may be written
	// 0x…; other numbers are decimal only. UNCERTAIN(hex-numbers).
	hexWhenDisplayHex = true
	// timeSpanColonDays: "d:hh:mm:ss" is accepted besides "d.hh:mm:ss"
	// (the IIS docs show "[dd:]hh:mm:ss"). UNCERTAIN(timespan-colon-days).
	timeSpanColonDays = true
	// timeSpanFractionDigits: a non-zero fraction is written with all seven
	// digits, as .NET's TimeSpan "c" format does ("00:00:00.1000000").
	// UNCERTAIN(timespan-fraction-digits); false writes the shortest form
	// ("00:00:00.1").
	timeSpanFractionDigits = true
)

// applicationPoolNameForbidden are the characters the applicationPoolName
// validator rejects: the set written in the schema header, backslash
// included (docs/schema.md#validators).
const applicationPoolNameForbidden = `|<>&"/[]+=;:,?*@\`

// siteNameForbidden: current schema header "/?" (docs/schema.md#validators).
const siteNameForbidden = "/?"

// duplicateAttributeReplaces chooses what a second definition of an
// attribute in one section does (docs/declarations.md#schema-files,
// UNCERTAIN(schema-duplicate-attribute)). false: it is a
// Problem naming both files and the first definition stays. true: the later
// file's definition replaces the earlier one silently. Evidence for true:
// IIS 7.x machines with .NET 4.5 carried NetFx45_IIS_schema_update.xml,
// which redefines system.web/processModel/@maxIoThreads (default 100) that
// FX_schema.xml already defines (default 20), and NetFx40's file defines
// machineKey/@compatibilityMode as a string where NetFx45's makes it an enum.
//
// Chosen: true. Real servers carry those conflicting files and run, and
// the corpus's user schema files (NetFx40 update, webfarm.xml) would
// otherwise raise dozens of problems IIS never shows.
const duplicateAttributeReplaces = true

// duplicateAttributeProblem reports one attribute defined twice in a
// section across (or within) schema files (the false branch of
// UNCERTAIN(schema-duplicate-attribute), docs/declarations.md#schema-files): IIS's
// reaction is undocumented; we report an error naming both files and keep
// the first definition.
func duplicateAttributeProblem(where string, first, second *Attribute) diag.Diagnostic {
	// A schema attribute keeps its line and column, not its offset: the
	// place is given resolved.
	d := Problem(second.Source, diag.NoRange, textfmt.Sprintf("attribute '%s' of '%s' is already defined in %s", second.Name, where, first.Source))
	d.Line, d.Column = second.Line, second.Col
	return d
}
