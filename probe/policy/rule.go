package policy

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// rule reads, checks and compiles the i-th rule; nil when it is not a
// mapping.
func (p *fileParser) rule(i int, n *yaml.Node) *Rule {
	label := fmt.Sprintf("#%d", i+1)
	if n.Kind != yaml.MappingNode {
		p.problem(label, n.Line, "a rule is a mapping with name, expr, severity, message")
		return nil
	}
	if name := ruleName(n); name != "" {
		label = name
	}
	r, values := p.decodeRule(label, n)
	p.required(label, n, "name", values, r.Name, "missing name: every rule needs a name: (it names the check in reports)")
	p.required(label, n, "expr", values, r.Expr, "missing expr: the expression that must be true")
	if r.Severity != SeverityError && r.Severity != SeverityWarning {
		p.problem(label, lineOf(values["severity"], n), "severity %q: want error or warning", r.Severity)
	}
	if r.For != "" && !slices.Contains(streamKinds, r.For) {
		p.problem(label, lineOf(values["for"], n), "for %q: want one of %s%s", r.For, strings.Join(streamKinds, ", "), suggestion("", r.For, streamKinds))
	}
	if r.Message == "" {
		r.Message = "failed: " + r.Expr
	}
	p.compileRule(label, r, values)
	return r
}

// decodeRule reads a rule's keys; values holds each key's YAML node.
func (p *fileParser) decodeRule(label string, n *yaml.Node) (*Rule, map[string]*yaml.Node) {
	r := &Rule{Line: n.Line, Severity: SeverityError}
	values := map[string]*yaml.Node{}
	fields := map[string]*string{
		"name": &r.Name, "description": &r.Description, "for": &r.For,
		"when": &r.When, "expr": &r.Expr, "message": &r.Message,
	}
	p.eachKey(n, label, ruleKeys, func(key string, v *yaml.Node) {
		values[key] = v
		val := p.scalar(label, key, v)
		if key == "severity" {
			r.Severity = Severity(val)
		} else {
			*fields[key] = val
		}
	})
	return r, values
}

// required reports a key that is missing or blank.
func (p *fileParser) required(label string, rule *yaml.Node, key string, values map[string]*yaml.Node, val, missing string) {
	v := values[key]
	switch {
	case v == nil:
		p.problem(label, rule.Line, "%s", missing)
	case v.Kind == yaml.ScalarNode && strings.TrimSpace(val) == "":
		p.problem(label, v.Line, "%s is empty", key)
	}
}

// compileRule compiles when, expr and the message template, reporting
// problems at the line of each.
func (p *fileParser) compileRule(label string, r *Rule, values map[string]*yaml.Node) {
	vars := ruleVariables(r.For)
	if r.When != "" {
		prog, probs := compileCondition(r.When, vars)
		p.exprProblems(label, "when", values["when"], probs)
		r.when = prog
	}
	if strings.TrimSpace(r.Expr) != "" {
		prog, probs := compileCondition(r.Expr, vars)
		p.exprProblems(label, "expr", values["expr"], probs)
		r.expr = prog
	}
	if values["message"] == nil { // the default, "failed: EXPR", is plain text
		r.message = messageTemplate{{text: r.Message}}
	} else {
		tmpl, probs := compileTemplate(r.Message, vars)
		p.exprProblems(label, "message", values["message"], probs)
		r.message = tmpl
	}
	if vars.used["file.faststart"] {
		p.needsFaststart = true
	}
}

func (p *fileParser) exprProblems(label, key string, n *yaml.Node, probs []exprProblem) {
	for _, e := range probs {
		line := 0
		if n != nil {
			line = n.Line + max(e.line-1, 0)
			if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				line++ // the text starts below the | or >
			}
		}
		p.problem(label, line, "%s: %s", key, e.msg)
	}
}

// ruleName is the rule's name: value, before any validation, for messages.
func ruleName(n *yaml.Node) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

func lineOf(n, fallback *yaml.Node) int {
	if n != nil {
		return n.Line
	}
	return fallback.Line
}
