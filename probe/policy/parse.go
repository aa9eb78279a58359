package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	policyKeys = []string{"name", "description", "rules"}
	ruleKeys   = []string{"name", "description", "for", "when", "expr", "severity", "message"}
)

// fileParser turns a policy's YAML into a Policy, collecting every problem
// with its line instead of stopping at the first.
type fileParser struct {
	file           string
	problems       []Problem
	needsFaststart bool
}

func (p *fileParser) problem(rule string, line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{Rule: rule, Line: line, Message: fmt.Sprintf(format, args...)})
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *fileParser) parse(data []byte) *Policy {
	root := p.document(data)
	if root == nil {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.problem("", root.Line, "a policy is a mapping with name, description and rules")
		return nil
	}
	pol := &Policy{}
	var rules *yaml.Node
	p.eachKey(root, "", policyKeys, func(key string, v *yaml.Node) {
		switch key {
		case "name":
			pol.Name = p.scalar("", key, v)
		case "description":
			pol.Description = p.scalar("", key, v)
		case "rules":
			rules = v
		}
	})
	switch {
	case rules == nil:
		p.problem("", root.Line, "no rules: add a rules: list")
	case rules.Kind != yaml.SequenceNode:
		p.problem("", rules.Line, "rules must be a list of rules (each starting with - name: …)")
	case len(rules.Content) == 0:
		p.problem("", rules.Line, "rules is empty")
	default:
		pol.Rules = p.rules(rules)
	}
	pol.needsFaststart = p.needsFaststart
	return pol
}

// document decodes the one YAML document of a policy file; nil after
// reporting a problem.
func (p *fileParser) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, extra yaml.Node
	err := dec.Decode(&doc)
	switch {
	case errors.Is(err, io.EOF):
		p.problem("", 0, "the file is empty; a policy needs rules (see docs/policies.md)")
		return nil
	case err != nil:
		p.yamlProblem(err)
		return nil
	case len(doc.Content) == 0:
		p.problem("", 0, "the file is empty; a policy needs rules (see docs/policies.md)")
		return nil
	}
	if err := dec.Decode(&extra); err == nil {
		p.problem("", extra.Line, "a second YAML document (after ---): a policy file holds one policy")
	} else if !errors.Is(err, io.EOF) {
		p.yamlProblem(err)
	}
	return doc.Content[0]
}

// yamlProblem reports a YAML syntax error at its line, with a hint for
// the two mistakes people make most in policies.
func (p *fileParser) yamlProblem(err error) {
	m := yamlErrLine.FindStringSubmatch(err.Error())
	if m == nil {
		p.problem("", 0, "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	line, _ := strconv.Atoi(m[1])
	msg := m[2]
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		msg += ` (quote a value that contains ": ", e.g. expr: "a ? b : c")`
	case strings.Contains(msg, "cannot start any token"):
		msg += " (a tab? indent YAML with spaces)"
	}
	p.problem("", line, "not valid YAML: %s", msg)
}

func (p *fileParser) rules(list *yaml.Node) []*Rule {
	var rules []*Rule
	seen := map[string]int{}
	for i, n := range list.Content {
		r := p.rule(i, n)
		if r == nil {
			continue
		}
		if first, dup := seen[r.Name]; dup && r.Name != "" {
			p.problem(r.Name, r.Line, "duplicate rule name (first used on line %d)", first)
		}
		seen[r.Name] = r.Line
		rules = append(rules, r)
	}
	return rules
}

// eachKey calls fn for each known key of a mapping and reports unknown,
// duplicate and non-scalar keys.
func (p *fileParser) eachKey(m *yaml.Node, rule string, known []string, fn func(key string, v *yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			p.problem(rule, k.Line, "keys must be plain words")
		case !slices.Contains(known, k.Value):
			p.problem(rule, k.Line, "unknown key %q%s", k.Value, suggestion("", k.Value, known))
		case seen[k.Value]:
			p.problem(rule, k.Line, "%s is given twice", k.Value)
		default:
			seen[k.Value] = true
			fn(k.Value, v)
		}
	}
}

// scalar returns a plain value, reporting lists and mappings.
func (p *fileParser) scalar(rule, key string, v *yaml.Node) string {
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	if v.Kind != yaml.ScalarNode {
		p.problem(rule, v.Line, "%s must be a single value, not a list or mapping", key)
		return ""
	}
	return v.Value
}
