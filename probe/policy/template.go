package policy

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// messageTemplate is a rule's message: text with {{ expression }}
// placeholders, evaluated with the rule's variables when it fails.
type messageTemplate []templatePart

type templatePart struct {
	text string      // literal text, when prog is nil
	prog *vm.Program // a placeholder
}

// compileTemplate splits src at {{ and }} and compiles each placeholder.
func compileTemplate(src string, vars *ruleVars) (messageTemplate, []exprProblem) {
	var (
		t     messageTemplate
		probs []exprProblem
		rest  = src
	)
	for rest != "" {
		before, after, found := strings.Cut(rest, "{{")
		if before != "" {
			t = append(t, templatePart{text: before})
		}
		if !found {
			break
		}
		line := 1 + strings.Count(src[:len(src)-len(after)], "\n")
		code, next, closed := strings.Cut(after, "}}")
		if !closed {
			probs = append(probs, exprProblem{line: line, msg: "{{ is never closed with }}"})
			break
		}
		if strings.TrimSpace(code) == "" {
			probs = append(probs, exprProblem{line: line, msg: "empty {{ }}: put an expression inside, e.g. {{ stream.codec_name }}"})
			rest = next
			continue
		}
		prog, ps := compileValue(code, vars)
		for _, p := range ps {
			probs = append(probs, exprProblem{line: line + p.line - 1, msg: p.msg})
		}
		t = append(t, templatePart{prog: prog})
		rest = next
	}
	return t, probs
}

// render fills the placeholders from env. A placeholder that fails shows
// its error in place, so the message is still readable.
func (t messageTemplate) render(env map[string]any) string {
	var b strings.Builder
	for _, p := range t {
		if p.prog == nil {
			b.WriteString(p.text)
			continue
		}
		v, err := expr.Run(p.prog, env)
		if err != nil {
			fmt.Fprintf(&b, "<%s>", firstLine(err.Error()))
			continue
		}
		b.WriteString(formatValue(v))
	}
	return b.String()
}

// formatValue prints a value for people: 1920 not 1.92e+03, null for
// nothing, JSON for lists and maps.
func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int, int64, float32, int32:
		return fmt.Sprint(v)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
