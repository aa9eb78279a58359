package cmd

import (
	"encoding/json"
	"io"

	"go.yaml.in/yaml/v3"
)

// yamlRenderer prints each outcome as a YAML document, keys in the same
// order as the JSON output.
type yamlRenderer struct {
	w     io.Writer
	count int
}

func (r *yamlRenderer) Write(o probeOutcome) error {
	node, err := yamlNodeOf(record(o))
	if err != nil {
		return err
	}
	if r.count > 0 {
		if _, err := io.WriteString(r.w, "---\n"); err != nil {
			return err
		}
	}
	r.count++
	enc := yaml.NewEncoder(r.w)
	enc.SetIndent(2)
	if err := enc.Encode(node); err != nil {
		return err
	}
	return enc.Close()
}

func (r *yamlRenderer) Close() error { return nil }

// yamlNodeOf converts v through its JSON form (JSON is YAML), which keeps
// the JSON field names and order, then switches to block style.
func yamlNodeOf(v any) (*yaml.Node, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return nil, err
	}
	blockStyle(&node)
	return &node, nil
}

func blockStyle(n *yaml.Node) {
	n.Style &^= yaml.FlowStyle | yaml.DoubleQuotedStyle
	for _, c := range n.Content {
		blockStyle(c)
	}
}
