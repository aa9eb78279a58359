package policy

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"
)

type shapeInner struct {
	Value int `json:"value"`
}

type shapeEmbedded struct {
	Promoted string `json:"promoted"`
}

type shapeSample struct {
	shapeEmbedded
	Name       string            `json:"name"`
	Optional   int64             `json:"optional,omitempty"`
	Hidden     string            `json:"-"`
	Quoted     int               `json:"quoted,string"`
	NoTag      bool              // no json tag: the Go name is used
	Tags       map[string]string `json:"tags,omitempty"`
	Items      []shapeInner      `json:"items"`
	Maybe      *shapeInner       `json:"maybe,omitempty"`
	Elapsed    time.Duration     `json:"elapsed_ns"`
	Raw        json.RawMessage   `json:"raw"`
	Stamp      time.Time         `json:"stamp"`
	Recursive  *shapeSample      `json:"recursive,omitempty"`
	unexported int
}

func TestShapeFollowsJSONTags(t *testing.T) {
	s := shapeOf(reflect.TypeFor[shapeSample]())
	wantOrder := []string{"promoted", "name", "optional", "quoted", "NoTag", "tags", "items", "maybe", "elapsed_ns", "raw", "stamp", "recursive"}
	if !slices.Equal(s.order, wantOrder) {
		t.Errorf("fields %v, want %v", s.order, wantOrder)
	}
	tests := []struct {
		field    string
		kind     shapeKind
		nullable bool
	}{
		{"promoted", kindString, false},
		{"optional", kindNumber, false}, // omitempty fields are known all the same
		{"quoted", kindString, false},
		{"NoTag", kindBool, false},
		{"tags", kindMap, false},
		{"items", kindList, false},
		{"maybe", kindObject, true},
		{"elapsed_ns", kindNumber, false},
		{"raw", kindAny, false}, // marshals itself
		{"stamp", kindAny, false},
		{"recursive", kindAny, true}, // recursion stops
	}
	for _, tt := range tests {
		f := s.fields[tt.field]
		if f == nil || f.kind != tt.kind || f.nullable != tt.nullable {
			t.Errorf("%s: %+v, want kind %d nullable %v", tt.field, f, tt.kind, tt.nullable)
		}
	}
	if s.fields["items"].elem.fields["value"] == nil {
		t.Error("items[].value is not known")
	}
}

// TestReportShapeHasOptionalFields checks the real types: fields the report
// omits when empty are still known, and Raw (json:"-") is not.
func TestReportShapeHasOptionalFields(t *testing.T) {
	shapes := baseShapes()
	streams := shapes["report"].fields["streams"]
	for _, f := range []string{"side_data_list", "color_transfer", "bits_per_raw_sample", "tags", "disposition"} {
		if streams.elem.fields[f] == nil {
			t.Errorf("report.streams[].%s unknown", f)
		}
	}
	if shapes["report"].fields["Raw"] != nil || shapes["report"].fields["raw"] != nil {
		t.Error("report.raw is known, but it is json:\"-\"")
	}
	if md := shapes["summary"].fields["video"].elem.fields["hdr"].fields["mastering_display"]; md == nil || !md.nullable {
		t.Errorf("summary.video[].hdr.mastering_display: %+v, want a nullable object", md)
	}
}

func TestFillZero(t *testing.T) {
	s := shapeOf(reflect.TypeFor[shapeSample]())
	v := map[string]any{"items": []any{map[string]any{}}}
	fillZero(v, s)
	want := map[string]any{
		"promoted": "", "name": "", "optional": 0.0, "quoted": "", "NoTag": false,
		"tags": map[string]any{}, "items": []any{map[string]any{"value": 0.0}},
		"maybe": nil, "elapsed_ns": 0.0, "raw": nil, "stamp": nil, "recursive": nil,
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("filled:\n%#v\nwant:\n%#v", v, want)
	}
}

func TestSuggestion(t *testing.T) {
	fields := []string{"codec", "codec_name", "codec_type", "video", "width"}
	tests := []struct{ name, want string }{
		{"vidoe", "; did you mean x.video?"},
		{"video_codecs", "; did you mean x.video?"},
		{"codec_nmae", "; did you mean x.codec_name?"},
		{"codecs", "; did you mean x.codec?"},
		{"height", ""},
		{"w", ""},
	}
	for _, tt := range tests {
		if got := suggestion("x.", tt.name, fields); got != tt.want {
			t.Errorf("suggestion(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
