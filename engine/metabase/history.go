package metabase

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/iisconf/iisconf/engine/diag"
)

// History file naming (docs/metabase.md): the History folder holds pairs
// MetaBase_<major>_<minor>.xml and MBSchema_<major>_<minor>.xml, both
// numbers 10-digit zero-padded. The major version is IIS_Global's
// HistoryMajorVersionNumber, raised on each save; the minor version counts
// edit-while-running saves of the same major and restarts at 0.

// HistoryFile is one parsed history file name.
type HistoryFile struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"` // MetaBase or MBSchema
	Major uint64 `json:"major"`
	Minor uint64 `json:"minor"`
}

// HistoryName builds a history file name; kind is "MetaBase" or "MBSchema".
func HistoryName(kind string, major, minor uint64) string {
	return fmt.Sprintf("%s_%010d_%010d.xml", kind, major, minor)
}

// ParseHistoryName validates a history file name. Windows compares file
// names without case, so the prefix and extension are matched likewise.
func ParseHistoryName(name string) (HistoryFile, error) {
	hf := HistoryFile{Name: name}
	lower := strings.ToLower(name)
	var rest string
	switch {
	case strings.HasPrefix(lower, "metabase_"):
		hf.Kind, rest = "MetaBase", name[len("metabase_"):]
	case strings.HasPrefix(lower, "mbschema_"):
		hf.Kind, rest = "MBSchema", name[len("mbschema_"):]
	default:
		return hf, fmt.Errorf("%s: not a history file (expected MetaBase_<major>_<minor>.xml or MBSchema_<major>_<minor>.xml)", name)
	}
	if !strings.HasSuffix(strings.ToLower(rest), ".xml") {
		return hf, fmt.Errorf("%s: a history file name ends in .xml", name)
	}
	nums := strings.Split(rest[:len(rest)-4], "_")
	if len(nums) != 2 {
		return hf, fmt.Errorf("%s: expected two version numbers, <major>_<minor>", name)
	}
	for i, n := range nums {
		if len(n) != 10 || strings.Trim(n, "0123456789") != "" {
			return hf, fmt.Errorf("%s: version number %q is not 10 zero-padded digits", name, n)
		}
		v, _ := strconv.ParseUint(n, 10, 64)
		if i == 0 {
			hf.Major = v
		} else {
			hf.Minor = v
		}
	}
	return hf, nil
}

// HistoryEntry is one saved version: the MetaBase/MBSchema pair.
type HistoryEntry struct {
	Major    uint64 `json:"major"`
	Minor    uint64 `json:"minor"`
	MetaBase string `json:"metabase,omitempty"`
	MBSchema string `json:"mbschema,omitempty"`
}

// ListHistory orders the history files of a folder by major then minor
// version, pairing each MetaBase file with its MBSchema file. Names that
// are not history files and unpaired files are reported as warnings.
func ListHistory(folder string, names []string) ([]HistoryEntry, []diag.Diagnostic) {
	var diags []diag.Diagnostic
	byVer := map[[2]uint64]*HistoryEntry{}
	for _, n := range names {
		hf, err := ParseHistoryName(n)
		if err != nil {
			diags = append(diags, diag.ToolAt(diag.MBHistory, folder, diag.NoRange, err.Error()))
			continue
		}
		k := [2]uint64{hf.Major, hf.Minor}
		e := byVer[k]
		if e == nil {
			e = &HistoryEntry{Major: hf.Major, Minor: hf.Minor}
			byVer[k] = e
		}
		if hf.Kind == "MetaBase" {
			e.MetaBase = n
		} else {
			e.MBSchema = n
		}
	}
	out := []HistoryEntry{}
	for _, e := range byVer {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Major != out[j].Major {
			return out[i].Major < out[j].Major
		}
		return out[i].Minor < out[j].Minor
	})
	for _, e := range out {
		switch {
		case e.MetaBase == "":
			diags = append(diags, diag.ToolAt(diag.MBHistory, folder, diag.NoRange, e.MBSchema+" has no matching "+HistoryName("MetaBase", e.Major, e.Minor)))
		case e.MBSchema == "":
			diags = append(diags, diag.ToolAt(diag.MBHistory, folder, diag.NoRange, e.MetaBase+" has no matching "+HistoryName("MBSchema", e.Major, e.Minor)))
		}
	}
	return out, diags
}
