package policy

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/ast"
)

// typed is an expression's JSON shape and the path it was reached by, for
// messages ("report.streams[].codec_name"). A nil shape means unknown:
// nothing below it is checked.
type typed struct {
	shape *shape
	path  string
}

// fieldChecker walks an expression's syntax tree and checks every member
// access whose name is written in the rule (stream.codec_name,
// tags["language"]) against the report's shape.
type fieldChecker struct {
	src      string
	vars     map[string]*shape
	problems []exprProblem
	used     map[string]bool // checked paths, e.g. "file.faststart"
	pointers []typed         // the element of each enclosing predicate (#)
	lets     map[string]typed
}

func newFieldChecker(src string, vars map[string]*shape, used map[string]bool) *fieldChecker {
	return &fieldChecker{src: src, vars: vars, used: used, lets: map[string]typed{}}
}

// problemf reports a problem at n's line in the expression.
func (c *fieldChecker) problemf(n ast.Node, format string, args ...any) {
	line := 1 + strings.Count(string([]rune(c.src)[:min(n.Location().From, len([]rune(c.src)))]), "\n")
	c.problems = append(c.problems, exprProblem{line: line, msg: fmt.Sprintf(format, args...)})
}

// check returns the shape of n, reporting unknown fields on the way.
func (c *fieldChecker) check(n ast.Node) typed {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		return c.identifier(n)
	case *ast.PointerNode:
		if n.Name == "" && len(c.pointers) > 0 {
			return c.pointers[len(c.pointers)-1]
		}
	case *ast.MemberNode:
		return c.member(n)
	case *ast.ChainNode:
		return c.check(n.Node)
	case *ast.SliceNode:
		base := c.check(n.Node)
		c.walk(n.From, n.To)
		return base
	case *ast.BuiltinNode:
		return c.builtin(n)
	case *ast.VariableDeclaratorNode:
		return c.let(n)
	case *ast.BinaryNode:
		left := c.check(n.Left)
		c.check(n.Right)
		if n.Operator == "??" {
			return left
		}
	default:
		c.walk(children(n)...)
	}
	return typed{}
}

// children are the sub-expressions of the nodes check has no rule for.
func children(n ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.PredicateNode:
		return []ast.Node{n.Node}
	case *ast.UnaryNode:
		return []ast.Node{n.Node}
	case *ast.ConditionalNode:
		return []ast.Node{n.Cond, n.Exp1, n.Exp2}
	case *ast.CallNode:
		return append([]ast.Node{n.Callee}, n.Arguments...)
	case *ast.ArrayNode:
		return n.Nodes
	case *ast.SequenceNode:
		return n.Nodes
	case *ast.MapNode:
		return n.Pairs
	case *ast.PairNode:
		return []ast.Node{n.Key, n.Value}
	}
	return nil
}

func (c *fieldChecker) identifier(n *ast.IdentifierNode) typed {
	if t, ok := c.lets[n.Value]; ok {
		return t
	}
	if s, ok := c.vars[n.Value]; ok {
		return typed{s, n.Value}
	}
	c.unknownName(n)
	return typed{}
}

// let checks "let name = value; expr" with name bound to value's shape.
func (c *fieldChecker) let(n *ast.VariableDeclaratorNode) typed {
	saved, had := c.lets[n.Name]
	c.lets[n.Name] = c.check(n.Value)
	t := c.check(n.Expr)
	if had {
		c.lets[n.Name] = saved
	} else {
		delete(c.lets, n.Name)
	}
	return t
}

// unknownName reports a variable that does not exist.
func (c *fieldChecker) unknownName(n *ast.IdentifierNode) {
	switch n.Value {
	case "$env":
	case "stream", "report_stream":
		c.problemf(n, "%s is only defined in per-stream rules: add for: video (or audio, subtitle, attachment, data)", n.Value)
	default:
		names := []string{"summary", "report", "file", "stream", "report_stream"}
		if hint := suggestion("", n.Value, names); hint != "" {
			c.problemf(n, "unknown name %s%s", n.Value, hint)
		} else {
			c.problemf(n, "unknown name %s: rules read summary, report and file (and stream, report_stream in per-stream rules)", n.Value)
		}
	}
}

func (c *fieldChecker) walk(nodes ...ast.Node) {
	for _, n := range nodes {
		if n != nil {
			c.check(n)
		}
	}
}

// member checks base.name, base["name"] and base[0].
func (c *fieldChecker) member(n *ast.MemberNode) typed {
	base := c.check(n.Node)
	s := base.shape
	name, constant := n.Property.(*ast.StringNode)
	if !constant {
		c.check(n.Property)
		if base.path == "file" {
			c.used["file.faststart"] = true // file[x] may be any field
		}
	}
	if s == nil {
		return typed{}
	}
	switch s.kind {
	case kindObject:
		if !constant {
			return typed{}
		}
		path := base.path + "." + name.Value
		field, ok := s.fields[name.Value]
		if !ok {
			c.problemf(n, "unknown field %s%s", path, suggestion(base.path+".", name.Value, s.order))
			return typed{}
		}
		c.used[path] = true
		return typed{field, path}
	case kindMap:
		if constant {
			return typed{s.elem, fmt.Sprintf("%s[%q]", base.path, name.Value)}
		}
		return typed{s.elem, base.path + "[…]"}
	case kindList:
		if constant {
			c.problemf(n, "%s is a list: use an index (%s[0]) or a predicate (any(%s, .%s …))", base.path, base.path, base.path, name.Value)
			return typed{}
		}
		return typed{s.elem, base.path + "[]"}
	case kindString, kindNumber, kindBool:
		c.problemf(n, "%s is a %s, it has no field %s", base.path, kindName(s.kind), propertyText(n.Property))
	}
	return typed{}
}

// builtin checks a builtin call. In a predicate (all(list, .x > 1)) the
// pointer stands for an element of the first argument.
func (c *fieldChecker) builtin(n *ast.BuiltinNode) typed {
	if len(n.Arguments) == 0 {
		return typed{}
	}
	first := c.check(n.Arguments[0])
	elem := typed{}
	if first.shape != nil && first.shape.kind == kindList {
		elem = typed{first.shape.elem, first.path + "[]"}
	}
	c.pointers = append(c.pointers, elem)
	c.walk(n.Arguments[1:]...)
	c.pointers = c.pointers[:len(c.pointers)-1]
	switch n.Name {
	case "filter":
		return first
	case "find", "findLast", "first", "last":
		return elem
	}
	return typed{}
}

func kindName(k shapeKind) string {
	switch k {
	case kindString:
		return "string"
	case kindNumber:
		return "number"
	case kindBool:
		return "boolean"
	}
	return "value"
}

func propertyText(n ast.Node) string {
	if s, ok := n.(*ast.StringNode); ok {
		return s.Value
	}
	return n.String()
}
