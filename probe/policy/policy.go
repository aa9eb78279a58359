// Package policy checks probe results against rules written in YAML: named
// expressions over the JSON report and summary, each an error or a warning,
// with a message template. Policies are validated completely when loaded,
// before any file is probed: a misspelt field is an error naming the rule
// and its line, not a rule that silently never matches.
//
// See docs/policies.md for the file format and the built-in presets.
package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/expr-lang/expr/vm"
)

// Severity says what a violated rule means: an error fails the check (exit
// code 1, a JUnit failure), a warning is reported and does not.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Stream kinds a rule's for: can name.
var streamKinds = []string{"video", "audio", "subtitle", "attachment", "data"}

// Policy is a named, validated set of rules. It is immutable after loading
// and safe to evaluate from many goroutines at once.
type Policy struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Source is where it came from: a file path or "preset:NAME".
	Source string  `json:"source"`
	Rules  []*Rule `json:"rules"`

	needsFaststart bool // a rule reads file.faststart
}

// Rule is one check. Expr must be true for the file (or, with For, for each
// stream of that kind) to pass.
type Rule struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	For         string   `json:"for,omitempty"`  // "" or video, audio, subtitle, attachment, data
	When        string   `json:"when,omitempty"` // the rule applies only when true
	Expr        string   `json:"expr"`
	Severity    Severity `json:"severity"`
	Message     string   `json:"message"`
	Line        int      `json:"line"` // where the rule starts in its file

	when    *vm.Program // nil when When is empty
	expr    *vm.Program
	message messageTemplate
}

// Load reads and validates the policy file at path.
func Load(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, describeReadError(err))
	}
	p, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	p.Source = path
	return p, nil
}

// Resolve loads a policy from a spec: "preset:NAME" or a file path.
func Resolve(spec string) (*Policy, error) {
	if name, ok := strings.CutPrefix(spec, "preset:"); ok {
		return Preset(name)
	}
	if spec == "" {
		return nil, fmt.Errorf("policy: empty name; give a file path or preset:NAME (%s)", presetList())
	}
	return Load(spec)
}

// Parse validates a policy from YAML. name is used in messages (usually the
// file's path); every problem found is reported in one *Error.
func Parse(name string, data []byte) (*Policy, error) {
	p := &fileParser{file: name}
	pol := p.parse(data)
	if len(p.problems) > 0 {
		return nil, &Error{Policy: name, Problems: p.problems}
	}
	if pol.Name == "" {
		pol.Name = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	pol.Source = name
	return pol, nil
}

func describeReadError(err error) error {
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("no such file (or use preset:NAME: %s)", presetList())
	case os.IsPermission(err):
		return fmt.Errorf("permission denied")
	}
	return err
}
