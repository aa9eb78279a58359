package policy

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// exprProblem is a problem in one expression, at a line of its text.
type exprProblem struct {
	line int // 1-based, within the expression
	msg  string
}

// ruleVars are the variables one rule may use, and the fields its
// expressions were found to read.
type ruleVars struct {
	shapes map[string]*shape
	env    map[string]any // for expr's compiler: names and "it is a map"
	used   map[string]bool
}

var baseShapes = sync.OnceValue(variableShapes)

// ruleVariables returns the variables of a rule: summary, report and file,
// and for a per-stream rule (kind is its for:) stream and report_stream.
func ruleVariables(kind string) *ruleVars {
	v := &ruleVars{shapes: map[string]*shape{}, env: map[string]any{}, used: map[string]bool{}}
	for name, s := range baseShapes() {
		v.shapes[name] = s
	}
	if kind != "" {
		v.shapes["stream"] = streamShape(v.shapes["summary"], kind)
		v.shapes["report_stream"] = reportStreamShape()
	}
	for name := range v.shapes {
		v.env[name] = map[string]any{}
	}
	return v
}

// compileCondition compiles an expression that must yield true or false.
func compileCondition(src string, vars *ruleVars) (*vm.Program, []exprProblem) {
	return compileChecked(src, vars, expr.AsBool())
}

// compileValue compiles an expression of any type (a template's {{ … }}).
func compileValue(src string, vars *ruleVars) (*vm.Program, []exprProblem) {
	return compileChecked(src, vars)
}

// compileChecked checks every field src names against the report's shape,
// then compiles it.
func compileChecked(src string, vars *ruleVars, opts ...expr.Option) (*vm.Program, []exprProblem) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, []exprProblem{exprError(src, err)}
	}
	c := newFieldChecker(src, vars.shapes, vars.used)
	c.check(tree.Node)
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	prog, err := expr.Compile(src, append([]expr.Option{expr.Env(vars.env)}, opts...)...)
	if err != nil {
		return nil, []exprProblem{exprError(src, err)}
	}
	return prog, nil
}

// exprError turns expr's multi-line error (with a caret snippet) into one
// line with a column.
func exprError(src string, err error) exprProblem {
	p := exprProblem{line: 1, msg: firstLine(err.Error())}
	var fe *file.Error
	if errors.As(err, &fe) {
		if fe.Line == 0 {
			fe = fe.Bind(file.NewSource(src))
		}
		p = exprProblem{line: max(fe.Line, 1), msg: fmt.Sprintf("%s (column %d)", fe.Message, fe.Column+1)}
	}
	if strings.HasPrefix(p.msg, "expected bool") {
		p.msg += "; the expression must be true or false"
	}
	return p
}
