package policy

import (
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/probe"
)

// Input is what a policy is evaluated on: one probe result and the file
// it came from.
type Input struct {
	Result *probe.Result
	// Path is the file on disk, read only for file.faststart (and only when
	// a rule uses it). "" when there is none, e.g. a remote stream.
	Path string
	// Size is the file's size in bytes; 0 takes report.format.size.
	Size int64
}

// newEnv builds the variables rules see: summary, report and file as
// their JSON, with every field of the Go types present. ffprobe leaves out
// what it does not know and the report omits empty values; here they are
// zero (0, "", false, [], {}) so a rule can compare without guarding.
func newEnv(in Input, withFaststart bool) map[string]any {
	shapes := baseShapes()
	var summary, report any
	if res := in.Result; res != nil {
		summary = jsonValue(res.Summary)
		if res.Report != nil {
			report = jsonValue(res.Report)
		}
	}
	return map[string]any{
		"summary": fillZero(summary, shapes["summary"]),
		"report":  fillZero(report, shapes["report"]),
		"file":    fileFacts(in, withFaststart),
	}
}

// fileFacts is the file variable. path is the input as the user named it
// (Result.Input, e.g. "-" for standard input), else Path.
func fileFacts(in Input, withFaststart bool) map[string]any {
	path, size := in.Path, in.Size
	if res := in.Result; res != nil {
		if res.Input != "" {
			path = res.Input
		}
		if size == 0 && res.Report != nil {
			size = res.Report.Format.Size
		}
	}
	name := ""
	if path != "" {
		name = filepath.Base(path)
	}
	var faststart any
	if withFaststart && in.Path != "" {
		if fs := Faststart(in.Path); fs != nil {
			faststart = *fs
		}
	}
	return map[string]any{
		"path":      path,
		"name":      name,
		"ext":       strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), "."),
		"size":      float64(size),
		"faststart": faststart,
	}
}

// jsonValue is v as encoding/json would write it, decoded into maps,
// lists and float64s: the same values a user sees in the JSON output.
func jsonValue(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		return nil
	}
	return out
}

// fillZero adds the fields of s that v lacks, as zero values; pointers
// stay null.
func fillZero(v any, s *shape) any {
	if s == nil || s.kind == kindAny {
		return v
	}
	if v == nil {
		if s.nullable {
			return nil
		}
		return zeroOf(s)
	}
	switch s.kind {
	case kindObject:
		if m, ok := v.(map[string]any); ok {
			for name, fs := range s.fields {
				m[name] = fillZero(m[name], fs)
			}
		}
	case kindList:
		if l, ok := v.([]any); ok {
			for i := range l {
				l[i] = fillZero(l[i], s.elem)
			}
		}
	}
	return v
}

func zeroOf(s *shape) any {
	switch s.kind {
	case kindObject:
		return fillZero(map[string]any{}, s)
	case kindList:
		return []any{}
	case kindMap:
		return map[string]any{}
	case kindString:
		return ""
	case kindNumber:
		return float64(0)
	case kindBool:
		return false
	}
	return nil
}
