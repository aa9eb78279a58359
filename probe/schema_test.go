package probe

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/invopop/jsonschema"
	santhosh "github.com/santhosh-tekuri/jsonschema/v6"
)

// resultSchemaPath is the committed JSON Schema of probe.Result, the
// output of `ffprobe-api probe -o json`.
var resultSchemaPath = filepath.Join("..", "docs", "schema", "probe-result.schema.json")

// schemaSources are the files whose doc comments become the schema's
// descriptions: those declaring Result and the types it holds.
var schemaSources = []string{"client_api.go", "report.go", "hdr.go", "summary.go", "summary_video.go",
	"summary_audio.go", "summary_streams.go", "summary_tags.go"}

// generateResultSchema reflects probe.Result into a JSON Schema (draft
// 2020-12): every struct closed to unknown keys, and every key without
// omitempty required.
func generateResultSchema(t *testing.T) []byte {
	t.Helper()
	r := &jsonschema.Reflector{ExpandedStruct: true}
	for _, file := range schemaSources {
		if err := r.AddGoComments("github.com/ffprobe-api/ffprobe-api/probe", file); err != nil {
			t.Fatalf("reading doc comments of %s: %v", file, err)
		}
	}
	s := r.Reflect(&Result{})
	s.Title = "ffprobe-api probe result"
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// TestSchemaUpToDate fails when docs/schema/probe-result.schema.json no
// longer matches the Go types. Refresh it with
// go test ./probe -run TestSchemaUpToDate -update.
func TestSchemaUpToDate(t *testing.T) {
	got := generateResultSchema(t)
	if updateGolden() {
		if err := os.WriteFile(resultSchemaPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(resultSchemaPath)
	if err != nil {
		t.Fatalf("%v (run go test ./probe -run TestSchemaUpToDate -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: the Go types or their comments changed. Run go test ./probe -run TestSchemaUpToDate -update and commit the result", resultSchemaPath)
	}
}

func compileResultSchema(t *testing.T) *santhosh.Schema {
	t.Helper()
	f, err := os.Open(resultSchemaPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := santhosh.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := santhosh.NewCompiler()
	if err := c.AddResource("probe-result.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("probe-result.schema.json")
	if err != nil {
		t.Fatalf("the committed schema does not compile: %v", err)
	}
	return sch
}

// TestSchemaValidatesRealResults validates the Result JSON of every real
// ffprobe output under testdata/summary against the committed schema, and
// checks that a broken result is refused.
func TestSchemaValidatesRealResults(t *testing.T) {
	sch := compileResultSchema(t)
	for name, raw := range summaryInputs(t) {
		t.Run(name, func(t *testing.T) {
			r, err := ParseReport(raw)
			if err != nil {
				t.Fatal(err)
			}
			res := Result{Input: name, Summary: Summarize(r), Report: r, FFprobeVersion: "5.1.9-0+deb12u1", Elapsed: 42 * time.Millisecond}
			if err := sch.Validate(asJSONValue(t, res)); err != nil {
				t.Errorf("result does not match the schema: %v", err)
			}
		})
	}
}

func TestSchemaRefusesBrokenResults(t *testing.T) {
	sch := compileResultSchema(t)
	r, err := ParseReport(summaryInputs(t)["hevc-hdr10"])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		spoil func(doc map[string]any)
	}{
		{"unknown hdr kind", func(doc map[string]any) { firstVideo(doc)["hdr"].(map[string]any)["kind"] = "HDR11" }},
		{"missing container", func(doc map[string]any) { delete(doc["summary"].(map[string]any), "container") }},
		{"width as text", func(doc map[string]any) { firstVideo(doc)["width"] = "320" }},
		{"unknown key", func(doc map[string]any) { doc["summary"].(map[string]any)["colour"] = "red" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := asJSONValue(t, Result{Input: "x", Summary: Summarize(r), Report: r}).(map[string]any)
			tt.spoil(doc)
			if err := sch.Validate(doc); err == nil {
				t.Error("the schema accepted a broken result")
			}
		})
	}
}

func firstVideo(doc map[string]any) map[string]any {
	return doc["summary"].(map[string]any)["video"].([]any)[0].(map[string]any)
}

// asJSONValue prints v as JSON and reads it back the way the validator
// wants it.
func asJSONValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := santhosh.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
