package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPresetsAreValid(t *testing.T) {
	want := []string{"broadcast-hd", "hdr10", "podcast", "web"}
	if got := Presets(); !slices.Equal(got, want) {
		t.Fatalf("Presets() = %v, want %v", got, want)
	}
	for _, name := range want {
		p, err := Resolve("preset:" + name)
		if err != nil {
			t.Errorf("preset %s: %v", name, err)
			continue
		}
		if p.Name != name || p.Source != "preset:"+name || p.Description == "" || len(p.Rules) == 0 {
			t.Errorf("preset %s: name %q source %q, %d rules, description %q", name, p.Name, p.Source, len(p.Rules), p.Description)
		}
	}
}

// TestPresetsDocumented checks docs/policies.md against the presets: each
// preset has a section whose table lists exactly its rules and severities.
func TestPresetsDocumented(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "policies.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, name := range Presets() {
		p, err := Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		_, section, found := strings.Cut(doc, "\n### preset:"+name+"\n")
		if !found {
			t.Errorf("docs/policies.md has no section ### preset:%s", name)
			continue
		}
		if end := strings.Index(section, "\n## "); end >= 0 {
			section = section[:end]
		}
		if end := strings.Index(section, "\n### "); end >= 0 {
			section = section[:end]
		}
		var want, got []string
		for _, r := range p.Rules {
			want = append(want, fmt.Sprintf("| `%s` | %s |", r.Name, r.Severity))
		}
		for _, line := range strings.Split(section, "\n") {
			if strings.HasPrefix(line, "| `") {
				name, rest, _ := strings.Cut(strings.TrimPrefix(line, "| "), " | ")
				severity, _, _ := strings.Cut(rest, " |")
				got = append(got, fmt.Sprintf("| %s | %s |", name, severity))
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("docs/policies.md, preset:%s lists\n%s\nbut the preset has\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
