package policy

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParsePolicy feeds arbitrary YAML to Parse: it must never panic, a
// failure must be an *Error with located problems, and a policy it accepts
// must evaluate without panicking, one outcome per rule on an empty input.
// The seed corpus is in testdata/fuzz/FuzzParsePolicy.
func FuzzParsePolicy(f *testing.F) {
	for _, name := range Presets() {
		data, err := presetFiles.ReadFile("presets/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("error is not an *Error with problems: %#v", err)
			}
			lines := strings.Count(string(data), "\n") + 2
			for _, pr := range pe.Problems {
				if pr.Message == "" || pr.Line < 0 || pr.Line > lines {
					t.Fatalf("bad problem %+v for %d lines", pr, lines)
				}
			}
			return
		}
		for _, r := range p.Rules {
			if r.Name == "" || r.expr == nil || (r.Severity != SeverityError && r.Severity != SeverityWarning) {
				t.Fatalf("accepted an invalid rule: %+v", r)
			}
		}
		res := p.Evaluate(Input{})
		if len(res.Outcomes) != len(p.Rules) {
			t.Fatalf("%d outcomes for %d rules on an empty input", len(res.Outcomes), len(p.Rules))
		}
	})
}
