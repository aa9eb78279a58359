package server

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name     string
		raw      rawOptions
		wantCode Code
		wantMsg  string
	}{
		{"empty", rawOptions{}, "", ""},
		{"sections", rawOptions{Sections: []string{"streams", "Format", "streams"}}, "", ""},
		{"unknown section", rawOptions{Sections: []string{"frames"}}, CodeInvalidOption, `sections: "frames" is not one of`},
		{"probesize too small", rawOptions{ProbeSize: 31}, CodeInvalidOption, "probesize 31"},
		{"probesize too big", rawOptions{ProbeSize: 2 << 30}, CodeInvalidOption, "probesize"},
		{"analyzeduration negative", rawOptions{AnalyzeDuration: -1}, CodeInvalidOption, "analyzeduration -1"},
		{"analyzeduration too long", rawOptions{AnalyzeDuration: 3601}, CodeInvalidOption, "analyzeduration 3601"},
		{"preset", rawOptions{Policy: "web"}, "", ""},
		{"preset with prefix", rawOptions{Policy: "preset:podcast"}, "", ""},
		{"unknown preset", rawOptions{Policy: "nope"}, CodeInvalidPolicy, `policy "nope" is not a built-in preset`},
		{"a file path is not a preset", rawOptions{Policy: "/etc/passwd"}, CodeInvalidPolicy, "is not a built-in preset"},
		{"both policies", rawOptions{Policy: "web", PolicyYAML: "rules: []"}, CodeInvalidPolicy, "not both"},
		{"invalid yaml policy", rawOptions{PolicyYAML: "rules:\n  - name: x\n    expr: summary.nope == 1\n"}, CodeInvalidPolicy, "summary.nope"},
		{"valid yaml policy", rawOptions{PolicyYAML: "name: mine\nrules:\n  - name: short\n    expr: summary.duration < 3600\n    severity: error\n    message: too long\n"}, "", ""},
		{"yaml policy too big", rawOptions{PolicyYAML: strings.Repeat("#", maxPolicyYAML+1)}, CodeInvalidPolicy, "the limit is"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := tt.raw.validate()
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("validate() = %v", err)
				}
				if tt.raw.Policy != "" || tt.raw.PolicyYAML != "" {
					if o.policy == nil {
						t.Error("the policy was not resolved")
					}
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.wantCode || !strings.Contains(e.Message, tt.wantMsg) {
				t.Fatalf("validate() = %v, want %s containing %q", err, tt.wantCode, tt.wantMsg)
			}
		})
	}
}

func TestOptionsHash(t *testing.T) {
	valid := func(raw rawOptions) analysisOptions {
		o, err := raw.validate()
		must(t, err)
		return o
	}
	base := valid(rawOptions{Sections: []string{"streams", "format"}})
	same := valid(rawOptions{Sections: []string{"format", "streams", "format"}})
	if base.hash() != same.hash() {
		t.Error("the same sections in another order hash differently")
	}
	timeout1, timeout2 := base.probeOptions(time.Second), base.probeOptions(time.Minute)
	if timeout1.Timeout == timeout2.Timeout {
		t.Fatal("the probe timeout is not passed")
	}
	for name, other := range map[string]analysisOptions{
		"no sections":     valid(rawOptions{}),
		"probesize":       valid(rawOptions{Sections: []string{"format", "streams"}, ProbeSize: 1000}),
		"analyzeduration": valid(rawOptions{Sections: []string{"format", "streams"}, AnalyzeDuration: 2}),
		"policy":          valid(rawOptions{Sections: []string{"format", "streams"}, Policy: "web"}),
	} {
		if other.hash() == base.hash() {
			t.Errorf("options differing in %s hash the same", name)
		}
	}
}
