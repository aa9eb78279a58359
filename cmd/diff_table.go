package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// writeDiffTable prints the differences for people, then one line saying
// what was compared.
func writeDiffTable(w io.Writer, r diffReport) error {
	if len(r.Differences) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "FIELD\tA: %s\tB: %s\tNOTE\n", r.A.Input, r.B.Input)
		for _, d := range r.Differences {
			note := ""
			if d.Tolerance != "" {
				note = "beyond " + d.Tolerance
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.Field, diffValue(d.A), diffValue(d.B), note)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	verdict := "Same"
	if !r.Same {
		verdict = fmt.Sprintf("%d differences", len(r.Differences))
	}
	line := fmt.Sprintf("%s: %d fields compared", verdict, r.Compared)
	if r.Tolerated > 0 {
		line += fmt.Sprintf(", %d within tolerance", r.Tolerated)
	}
	if len(r.Ignored) > 0 {
		line += "; ignored: " + strings.Join(r.Ignored, ", ")
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

// diffValue is a value in a table cell: "(absent)" for a missing side,
// objects as short JSON.
func diffValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "(absent)"
	case string:
		if v == "" {
			return `""`
		}
		return v
	case map[string]any, []any:
		data, _ := json.Marshal(v)
		if s := []rune(string(data)); len(s) > 60 {
			return string(s[:57]) + "..."
		}
		return string(data)
	}
	return fmt.Sprint(v)
}
