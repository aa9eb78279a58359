package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// node is a JSON value that keeps the order of object keys, so that
// differences are listed in the order the Summary's fields are written.
type node struct {
	kind   nodeKind
	keys   []string // objects
	fields map[string]*node
	items  []*node // arrays
	value  any     // string, json.Number, bool or nil
}

type nodeKind int

const (
	kindScalar nodeKind = iota
	kindObject
	kindArray
)

// treeOf turns v into a node through its JSON form.
func treeOf(v any) (*node, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return decodeNode(dec)
}

func decodeNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		n := &node{kind: kindObject, fields: map[string]*node{}}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ := keyTok.(string)
			child, err := decodeNode(dec)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, key)
			n.fields[key] = child
		}
		_, err := dec.Token() // }
		return n, err
	case json.Delim('['):
		n := &node{kind: kindArray}
		for dec.More() {
			child, err := decodeNode(dec)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, child)
		}
		_, err := dec.Token() // ]
		return n, err
	case json.Delim('}'), json.Delim(']'):
		return nil, fmt.Errorf("unexpected %v: %w", tok, io.ErrUnexpectedEOF)
	}
	return &node{kind: kindScalar, value: tok}, nil
}

// plain is n as plain Go values (maps, slices, float64s), for printing.
func (n *node) plain() any {
	switch n.kind {
	case kindObject:
		m := make(map[string]any, len(n.keys))
		for _, k := range n.keys {
			m[k] = n.fields[k].plain()
		}
		return m
	case kindArray:
		l := make([]any, len(n.items))
		for i, it := range n.items {
			l[i] = it.plain()
		}
		return l
	}
	if num, ok := n.value.(json.Number); ok {
		if i, err := num.Int64(); err == nil {
			return i
		}
		f, _ := num.Float64()
		return f
	}
	return n.value
}

// number is n's value as a float64 when it is a number.
func (n *node) number() (float64, bool) {
	num, ok := n.value.(json.Number)
	if !ok || n.kind != kindScalar {
		return 0, false
	}
	f, err := num.Float64()
	return f, err == nil
}
