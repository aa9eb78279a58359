package probe

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// ReportError is a malformed ffprobe JSON document: Path says where
// ("streams[1].sample_rate", empty for the whole document) and Problem what
// was wrong there. ParseReport returns it (test with errors.As).
type ReportError struct {
	Path    string
	Problem string
}

func (e *ReportError) Error() string {
	if e.Path == "" {
		return "malformed ffprobe JSON: " + e.Problem
	}
	return "malformed ffprobe JSON at " + e.Path + ": " + e.Problem
}

// atPath turns err into a *ReportError located under prefix. It
// understands the decoder's own error types, so a type mismatch deep in a
// stream reads "streams[2].width: expected an integer, found a JSON string".
// The decoder names a field of a map by the map ("tags"), not the key, and
// the UnmarshalJSON methods' embedded "plain" alias is dropped from paths.
func atPath(prefix string, err error) error {
	if err == nil {
		return nil
	}
	var re *ReportError
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &re):
		return &ReportError{Path: joinPath(prefix, re.Path), Problem: re.Problem}
	case errors.As(err, &typeErr):
		return &ReportError{
			Path:    joinPath(prefix, strings.TrimPrefix(typeErr.Field, "plain.")),
			Problem: fmt.Sprintf("expected %s, found a JSON %s", describeKind(typeErr.Type), typeErr.Value),
		}
	case errors.As(err, &syntaxErr):
		return &ReportError{
			Path:    prefix,
			Problem: fmt.Sprintf("not valid JSON at byte %d: %v", syntaxErr.Offset, syntaxErr),
		}
	}
	return &ReportError{Path: prefix, Problem: err.Error()}
}

func joinPath(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "":
		return prefix
	case strings.HasPrefix(path, "["):
		return prefix + path
	}
	return prefix + "." + path
}

// describeKind names what a Go type expects from JSON, in JSON's words.
func describeKind(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.Kind().String()
}
