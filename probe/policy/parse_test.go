package policy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string // the whole error, every problem on its own line
	}{
		{
			name: "unknown summary field with suggestion",
			yaml: `name: web
rules:
  - name: container
    expr: summary.container == "mp4"
  - name: video-codec
    for: video
    expr: summary.video_codecs == "h264"
`,
			want: `policy web.yaml: rule "video-codec" (line 7): expr: unknown field summary.video_codecs; did you mean summary.video?`,
		},
		{
			name: "report stream field misspelt inside a predicate",
			yaml: "rules:\n  - name: any-h264\n    expr: any(report.streams, .codec == \"h264\")\n",
			want: `policy web.yaml: rule "any-h264" (line 3): expr: unknown field report.streams[].codec; did you mean report.streams[].codec_name?`,
		},
		{
			name: "transposed letters in a nested field",
			yaml: "rules:\n  - name: hdr\n    for: video\n    expr: stream.hdr.mastering_display.max_luminace > 0\n",
			want: `policy web.yaml: rule "hdr" (line 4): expr: unknown field stream.hdr.mastering_display.max_luminace; did you mean stream.hdr.mastering_display.max_luminance?`,
		},
		{
			name: "field of a number",
			yaml: "rules:\n  - name: d\n    expr: summary.duration.seconds > 1\n",
			want: `policy web.yaml: rule "d" (line 3): expr: summary.duration is a number, it has no field seconds`,
		},
		{
			name: "field of a list",
			yaml: "rules:\n  - name: l\n    expr: report.streams.codec_name == \"h264\"\n",
			want: `policy web.yaml: rule "l" (line 3): expr: report.streams is a list: use an index (report.streams[0]) or a predicate (any(report.streams, .codec_name …))`,
		},
		{
			name: "stream outside a per-stream rule",
			yaml: "rules:\n  - name: s\n    expr: stream.codec == \"h264\"\n",
			want: `policy web.yaml: rule "s" (line 3): expr: stream is only defined in per-stream rules: add for: video (or audio, subtitle, attachment, data)`,
		},
		{
			name: "unknown variable",
			yaml: "rules:\n  - name: v\n    expr: sumary.duration > 0\n",
			want: `policy web.yaml: rule "v" (line 3): expr: unknown name sumary; did you mean summary?`,
		},
		{
			name: "syntax error",
			yaml: "rules:\n  - name: x\n    expr: summary.duration >\n",
			want: `policy web.yaml: rule "x" (line 3): expr: unexpected token EOF (column 18)`,
		},
		{
			name: "not a condition",
			yaml: "rules:\n  - name: x\n    expr: len(summary.video)\n",
			want: `policy web.yaml: rule "x" (line 3): expr: expected bool, but got int; the expression must be true or false`,
		},
		{
			name: "error on the second line of a block expression",
			yaml: "rules:\n  - name: multi\n    expr: |\n      summary.duration > 0 &&\n      summary.vidoe == nil\n",
			want: `policy web.yaml: rule "multi" (line 5): expr: unknown field summary.vidoe; did you mean summary.video?`,
		},
		{
			name: "through a let binding",
			yaml: "rules:\n  - name: md\n    for: video\n    expr: let md = stream.hdr.mastering_display; (md?.max_luminanc ?? 0) > 0\n",
			want: `policy web.yaml: rule "md" (line 4): expr: unknown field stream.hdr.mastering_display.max_luminanc; did you mean stream.hdr.mastering_display.max_luminance?`,
		},
		{
			name: "after filter and an index",
			yaml: "rules:\n  - name: f\n    expr: filter(report.streams, .codec_type == \"audio\")[0].sample_rat == 48000\n",
			want: `policy web.yaml: rule "f" (line 3): expr: unknown field report.streams[].sample_rat; did you mean report.streams[].sample_rate?`,
		},
		{
			name: "unknown key",
			yaml: "rules:\n  - name: a\n    serverity: error\n    expr: true\n",
			want: `policy web.yaml: rule "a" (line 3): unknown key "serverity"; did you mean severity?`,
		},
		{
			name: "unknown top-level key",
			yaml: "name: web\nrule:\n  - name: a\n",
			want: "policy web.yaml: line 2: unknown key \"rule\"; did you mean rules?\npolicy web.yaml: line 1: no rules: add a rules: list",
		},
		{
			name: "missing name and bad severity, both reported",
			yaml: "rules:\n  - expr: true\n    severity: fatal\n",
			want: "policy web.yaml: rule #1 (line 2): missing name: every rule needs a name: (it names the check in reports)\n" +
				`policy web.yaml: rule #1 (line 3): severity "fatal": want error or warning`,
		},
		{
			name: "missing expr",
			yaml: "rules:\n  - name: a\n    severity: warning\n",
			want: `policy web.yaml: rule "a" (line 2): missing expr: the expression that must be true`,
		},
		{
			name: "bad for",
			yaml: "rules:\n  - name: a\n    for: vidoe\n    expr: true\n",
			want: `policy web.yaml: rule "a" (line 3): for "vidoe": want one of video, audio, subtitle, attachment, data; did you mean video?`,
		},
		{
			name: "message template problems",
			yaml: "rules:\n  - name: a\n    expr: true\n    message: \"x {{ summary.foo }} {{ \"\n",
			want: "policy web.yaml: rule \"a\" (line 4): message: unknown field summary.foo\n" +
				`policy web.yaml: rule "a" (line 4): message: {{ is never closed with }}`,
		},
		{
			name: "when is checked too",
			yaml: "rules:\n  - name: a\n    when: summary.containr == \"mp4\"\n    expr: true\n",
			want: `policy web.yaml: rule "a" (line 3): when: unknown field summary.containr; did you mean summary.container?`,
		},
		{
			name: "duplicate rule names",
			yaml: "rules:\n  - name: a\n    expr: true\n  - name: a\n    expr: false\n",
			want: `policy web.yaml: rule "a" (line 4): duplicate rule name (first used on line 2)`,
		},
		{
			name: "duplicate key",
			yaml: "rules:\n  - name: a\n    expr: true\n    expr: false\n",
			want: `policy web.yaml: rule "a" (line 4): expr is given twice`,
		},
		{
			name: "list where a value belongs",
			yaml: "rules:\n  - name: a\n    expr: [true]\n",
			want: `policy web.yaml: rule "a" (line 3): expr must be a single value, not a list or mapping`,
		},
		{
			name: "malformed YAML",
			yaml: "rules:\n  - name: a\n    expr: x: y\n",
			want: `policy web.yaml: line 3: not valid YAML: mapping values are not allowed in this context (quote a value that contains ": ", e.g. expr: "a ? b : c")`,
		},
		{
			name: "tab indentation",
			yaml: "rules:\n\t- name: a\n",
			want: `policy web.yaml: line 2: not valid YAML: found character that cannot start any token (a tab? indent YAML with spaces)`,
		},
		{
			name: "empty file",
			yaml: "",
			want: `policy web.yaml: the file is empty; a policy needs rules (see docs/policies.md)`,
		},
		{
			name: "comments only",
			yaml: "# nothing yet\n",
			want: `policy web.yaml: the file is empty; a policy needs rules (see docs/policies.md)`,
		},
		{
			name: "two documents",
			yaml: "rules:\n  - name: a\n    expr: true\n---\nrules: []\n",
			want: `policy web.yaml: line 4: a second YAML document (after ---): a policy file holds one policy`,
		},
		{
			name: "not a mapping",
			yaml: "- a\n- b\n",
			want: `policy web.yaml: line 1: a policy is a mapping with name, description and rules`,
		},
		{
			name: "empty rules",
			yaml: "rules: []\n",
			want: `policy web.yaml: line 1: rules is empty`,
		},
		{
			name: "rule that is not a mapping",
			yaml: "rules:\n  - just a string\n",
			want: `policy web.yaml: rule #1 (line 2): a rule is a mapping with name, expr, severity, message`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("web.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("Parse succeeded with %d rules, want error:\n%s", len(p.Rules), tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", got, tt.want)
			}
			var pe *Error
			if !errors.As(err, &pe) || len(pe.Problems) != strings.Count(tt.want, "\n")+1 {
				t.Errorf("want an *Error with %d problems, got %#v", strings.Count(tt.want, "\n")+1, err)
			}
		})
	}
}

// TestParseAcceptsExpressions: valid expressions are not flagged, including
// free-form keys, nested predicates, optional chaining and computed keys.
func TestParseAcceptsExpressions(t *testing.T) {
	tests := []struct{ name, forKind, expr string }{
		{"tags are free-form", "", `report.format.tags.any_key_at_all == "" && report.format.tags["com.apple.quicktime.make"] == ""`},
		{"side data keys", "video", `all(report_stream.side_data_list, .side_data_type != "" || .rotation == 0)`},
		{"nested predicates", "", `any(report.frames, .stream_index == 0 && any(.side_data_list, .side_data_type contains "Mastering"))`},
		{"optional chaining", "video", `(stream.hdr.content_light?.max_cll ?? 0) >= 0`},
		{"computed key", "", `let k = "language"; report.format.tags[k] == nil`},
		{"index and slice", "", `len(report.streams[0:1]) <= 1 && (len(report.streams) == 0 || report.streams[0].index == 0)`},
		{"pointer", "", `all(summary.audio, #.index >= 0) && all(map(summary.video, #index), # >= 0)`},
		{"map and sum", "", `sum(map(summary.audio, .channels)) >= 0`},
		{"disposition", "audio", `report_stream.disposition.default in [0, 1]`},
		{"chapters and programs", "", `len(report.chapters) >= 0 && all(report.programs, .program_id >= 0)`},
		{"file facts", "", `file.size >= 0 && file.ext != "exe" && file.name != "" || file.path == ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "rules:\n  - name: r\n    expr: '" + strings.ReplaceAll(tt.expr, "'", "''") + "'\n"
			if tt.forKind != "" {
				src += "    for: " + tt.forKind + "\n"
			}
			if _, err := Parse("ok.yaml", []byte(src)); err != nil {
				t.Errorf("rejected: %v", err)
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	p, err := Parse("dir/delivery.yaml", []byte(`rules:
  - name: has-audio
    expr: len(summary.audio) > 0
  - name: tagged
    description: tags are free-form, any key is allowed
    severity: warning
    expr: report.format.tags.whatever_key != "" || report.format.tags["com.apple.quicktime.make"] != ""
    message: "untagged {{ file.name }}"
`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "delivery" || p.Source != "dir/delivery.yaml" {
		t.Errorf("name %q source %q, want delivery from the file name", p.Name, p.Source)
	}
	first, second := p.Rules[0], p.Rules[1]
	if first.Severity != SeverityError || first.Message != "failed: len(summary.audio) > 0" || first.Line != 2 {
		t.Errorf("defaults: severity %q message %q line %d", first.Severity, first.Message, first.Line)
	}
	if second.Severity != SeverityWarning || second.Description == "" || second.Line != 4 {
		t.Errorf("second rule: %+v", second)
	}
	if p.NeedsFaststart() {
		t.Error("NeedsFaststart() = true for a policy that never reads file.faststart")
	}
}

func TestLoadAndResolve(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("name: mine\nrules:\n  - name: a\n    expr: file.faststart == true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Resolve(good)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "mine" || p.Source != good || !p.NeedsFaststart() {
		t.Errorf("loaded %q from %q, NeedsFaststart %v", p.Name, p.Source, p.NeedsFaststart())
	}

	tests := []struct{ spec, want string }{
		{filepath.Join(dir, "nope.yaml"), "policy " + filepath.Join(dir, "nope.yaml") + ": no such file (or use preset:NAME: broadcast-hd, hdr10, podcast, web)"},
		{"preset:wbe", "policy preset:wbe: no such preset; the presets are broadcast-hd, hdr10, podcast, web; did you mean preset:web?"},
		{"preset:nothing", "policy preset:nothing: no such preset; the presets are broadcast-hd, hdr10, podcast, web"},
		{"", "policy: empty name; give a file path or preset:NAME (broadcast-hd, hdr10, podcast, web)"},
	}
	for _, tt := range tests {
		_, err := Resolve(tt.spec)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Resolve(%q) = %v, want %s", tt.spec, err, tt.want)
		}
	}
}
