package policy

import (
	"fmt"
	"maps"
	"regexp"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// Evaluate checks one probe result against every rule. It never fails: a
// rule that cannot be evaluated (a null where a number was needed) is an
// outcome with Error set that did not pass.
func (p *Policy) Evaluate(in Input) Result {
	env := newEnv(in, p.needsFaststart)
	res := Result{Policy: p.Name, Outcomes: []Outcome{}}
	for _, r := range p.Rules {
		res.Outcomes = append(res.Outcomes, r.evaluate(env)...)
	}
	return res
}

// NeedsFaststart reports whether a rule reads file.faststart, which costs a
// few reads of the file itself.
func (p *Policy) NeedsFaststart() bool { return p.needsFaststart }

// evaluate runs the rule once, or once per stream of its kind: stream is
// the stream's entry in the summary, report_stream ffprobe's own.
func (r *Rule) evaluate(env map[string]any) []Outcome {
	if r.For == "" {
		return []Outcome{r.evaluateOn(env, nil)}
	}
	summary, _ := env["summary"].(map[string]any)
	entries, _ := summary[streamLists[r.For]].([]any)
	out := make([]Outcome, 0, len(entries))
	for _, e := range entries {
		stream, _ := e.(map[string]any)
		if stream == nil {
			continue
		}
		index := 0
		if f, ok := stream["index"].(float64); ok {
			index = int(f)
		}
		senv := maps.Clone(env)
		senv["stream"] = stream
		senv["report_stream"] = reportStream(env, index)
		out = append(out, r.evaluateOn(senv, &index))
	}
	if len(out) == 0 {
		return []Outcome{{Rule: r.Name, Severity: r.Severity, Passed: true, Skipped: true,
			Message: "not applicable: no " + r.For + " streams"}}
	}
	return out
}

// reportStream is the report's stream with the given index, or an empty one.
func reportStream(env map[string]any, index int) any {
	report, _ := env["report"].(map[string]any)
	streams, _ := report["streams"].([]any)
	for _, s := range streams {
		if m, ok := s.(map[string]any); ok && m["index"] == float64(index) {
			return m
		}
	}
	return zeroOf(reportStreamShape())
}

func (r *Rule) evaluateOn(env map[string]any, stream *int) Outcome {
	o := Outcome{Rule: r.Name, Severity: r.Severity, StreamIndex: stream}
	if r.expr == nil {
		o.Error = "the rule was not compiled: load policies with Parse, Load, Preset or Resolve"
		o.Message = o.Error
		return o
	}
	if r.when != nil {
		applies, err := runCondition(r.when, env)
		if err != nil {
			o.Error = "when: " + err.Error()
			o.Message = "could not evaluate when: " + err.Error()
			return o
		}
		if !applies {
			o.Passed, o.Skipped = true, true
			o.Message = "not applicable: when " + strings.TrimSpace(r.When) + " is false"
			return o
		}
	}
	held, err := runCondition(r.expr, env)
	if err != nil {
		o.Error = err.Error()
		o.Message = "could not evaluate: " + err.Error()
		return o
	}
	o.Passed = held
	if !held {
		o.Message = r.message.render(env)
	}
	return o
}

// runtimeLocation is the "(line:column)" expr appends to runtime errors.
var runtimeLocation = regexp.MustCompile(`\s*\((\d+):(\d+)\)$`)

// runCondition runs a compiled true/false expression.
func runCondition(prog *vm.Program, env map[string]any) (bool, error) {
	v, err := expr.Run(prog, env)
	if err != nil {
		msg := runtimeLocation.ReplaceAllString(firstLine(err.Error()), " (column $2)")
		if strings.Contains(msg, "<nil>") {
			msg += " (a value is null: give a default with ?? or use ?.)"
		}
		return false, fmt.Errorf("%s", msg)
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("the expression gave %s, not true or false", formatValue(v))
	}
	return b, nil
}
