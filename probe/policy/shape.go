package policy

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
)

// shapeKind is what a JSON value of the report can be.
type shapeKind int

const (
	kindAny    shapeKind = iota // unknown: anything below it is allowed
	kindObject                  // fixed, known field names
	kindMap                     // free-form keys (tags, side data)
	kindList
	kindString
	kindNumber
	kindBool
)

// shape is the JSON shape of a Go type as encoding/json writes it. Rules
// are checked against it, so a misspelt field fails when the policy is
// loaded, not silently on every file. It comes from the Go types, not a
// sample: fields left out when empty (omitempty) are still known.
type shape struct {
	kind     shapeKind
	fields   map[string]*shape // kindObject
	order    []string          // kindObject: field names in declaration order
	elem     *shape            // kindMap, kindList
	nullable bool              // a pointer: JSON null when absent
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	durationType  = reflect.TypeFor[time.Duration]()
)

// shapeOf derives the JSON shape of t from its json tags.
func shapeOf(t reflect.Type) *shape {
	return shapeOfSeen(t, map[reflect.Type]bool{})
}

func shapeOfSeen(t reflect.Type, seen map[reflect.Type]bool) *shape {
	nullable := false
	for t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	s := shapeOfValue(t, seen)
	s.nullable = s.nullable || nullable
	return s
}

func shapeOfValue(t reflect.Type, seen map[reflect.Type]bool) *shape {
	if t == durationType {
		return &shape{kind: kindNumber}
	}
	if t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler) {
		return &shape{kind: kindAny} // its own encoding: nothing to check
	}
	if t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) {
		return &shape{kind: kindString}
	}
	switch t.Kind() {
	case reflect.Struct:
		if seen[t] {
			return &shape{kind: kindAny} // a recursive type: stop here
		}
		seen[t] = true
		defer delete(seen, t)
		s := &shape{kind: kindObject, fields: map[string]*shape{}}
		addStructFields(s, t, seen)
		return s
	case reflect.Map:
		return &shape{kind: kindMap, elem: shapeOfSeen(t.Elem(), seen)}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return &shape{kind: kindString} // []byte is base64 text
		}
		return &shape{kind: kindList, elem: shapeOfSeen(t.Elem(), seen)}
	case reflect.String:
		return &shape{kind: kindString}
	case reflect.Bool:
		return &shape{kind: kindBool}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return &shape{kind: kindNumber}
	}
	return &shape{kind: kindAny}
}

// addStructFields adds t's JSON fields to s, promoting those of embedded
// structs the way encoding/json does.
func addStructFields(s *shape, t reflect.Type, seen map[reflect.Type]bool) {
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		ft := f.Type
		if f.Anonymous && name == "" {
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addStructFields(s, ft, seen)
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		fs := shapeOfSeen(f.Type, seen)
		if strings.Contains(","+opts+",", ",string,") {
			fs = &shape{kind: kindString}
		}
		if _, dup := s.fields[name]; !dup {
			s.order = append(s.order, name)
		}
		s.fields[name] = fs
	}
}

// object builds an object shape from fields given in order.
func object(pairs ...any) *shape {
	s := &shape{kind: kindObject, fields: map[string]*shape{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		name := pairs[i].(string)
		s.order = append(s.order, name)
		s.fields[name] = pairs[i+1].(*shape)
	}
	return s
}

// fileShape is the `file` variable: facts about the input itself.
var fileShape = object(
	"path", &shape{kind: kindString},
	"name", &shape{kind: kindString},
	"ext", &shape{kind: kindString},
	"size", &shape{kind: kindNumber},
	"faststart", &shape{kind: kindBool, nullable: true},
)

// variableShapes are the variables every rule sees.
func variableShapes() map[string]*shape {
	return map[string]*shape{
		"summary": shapeOf(reflect.TypeFor[probe.Summary]()),
		"report":  shapeOf(reflect.TypeFor[probe.Report]()),
		"file":    fileShape,
	}
}

// streamLists maps a rule's for: to the summary list it runs over.
var streamLists = map[string]string{
	"video":      "video",
	"audio":      "audio",
	"subtitle":   "subtitles",
	"attachment": "attachments",
	"data":       "data",
}

// streamShape is one entry of the summary list that for: kind runs over.
func streamShape(summary *shape, kind string) *shape {
	if list := summary.fields[streamLists[kind]]; list != nil && list.kind == kindList {
		return list.elem
	}
	return &shape{kind: kindAny}
}

var reportStreamShape = sync.OnceValue(func() *shape { return shapeOf(reflect.TypeFor[probe.Stream]()) })
