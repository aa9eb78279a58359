package policy

import (
	"fmt"
	"strings"
)

// Error is an invalid policy, with every problem found in it.
type Error struct {
	Policy   string    // the file name or preset
	Problems []Problem // at least one
}

// Problem is one thing wrong in a policy file.
type Problem struct {
	Rule    string `json:"rule,omitempty"` // the rule's name, or "#N" when it has none
	Line    int    `json:"line,omitempty"` // 1-based line in the file; 0 when unknown
	Message string `json:"message"`
}

// Error lists the problems one per line, each prefixed with the policy:
//
//	policy web.yaml: rule "video-codec" (line 7): unknown field …
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = "policy " + e.Policy + ": " + p.String()
	}
	return strings.Join(lines, "\n")
}

// String is the problem without the policy's name.
func (p Problem) String() string {
	switch {
	case p.Rule != "" && p.Line > 0:
		return fmt.Sprintf("rule %s (line %d): %s", quoteRule(p.Rule), p.Line, p.Message)
	case p.Rule != "":
		return fmt.Sprintf("rule %s: %s", quoteRule(p.Rule), p.Message)
	case p.Line > 0:
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return p.Message
}

// quoteRule quotes a rule's name; an unnamed rule stays "#3".
func quoteRule(name string) string {
	if strings.HasPrefix(name, "#") {
		return name
	}
	return fmt.Sprintf("%q", name)
}
