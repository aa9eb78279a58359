package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
)

// probeRenderer writes probe outcomes in one output format.
type probeRenderer interface {
	Write(probeOutcome) error
	Close() error
}

func newProbeRenderer(s *IOStreams, format string, inputs int) probeRenderer {
	switch format {
	case "json":
		return &jsonRenderer{w: s.Out, array: inputs > 1}
	case "ndjson":
		return &ndjsonRenderer{w: s.Out}
	case "yaml":
		return &yamlRenderer{w: s.Out}
	case "raw":
		return &rawRenderer{w: s.Out}
	case "csv":
		return newCSVRenderer(s.Out)
	default:
		return newPrettyRenderer(s)
	}
}

// errorRecord is what machine formats print for an input that failed.
type errorRecord struct {
	Input string    `json:"input"`
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// checkedRecord is a result with the policy it was checked against.
type checkedRecord struct {
	*probe.Result
	Policy *policy.Result `json:"policy"`
}

// record is the machine-readable value for one outcome.
func record(o probeOutcome) any {
	if o.Err != nil {
		return errorRecord{Input: o.Input, Error: errorBody{Code: errorCode(o.Err), Message: o.Err.Error()}}
	}
	if o.Policy != nil {
		return checkedRecord{Result: o.Result, Policy: o.Policy}
	}
	return o.Result
}

// errorCode is the stable, documented code of a probe error.
func errorCode(err error) string {
	var pe *probe.ProbeError
	switch {
	case errors.Is(err, probe.ErrNotInstalled):
		return "ffprobe_not_installed"
	case errors.Is(err, probe.ErrTimeout):
		return "timeout"
	case errors.Is(err, probe.ErrNotMedia):
		return "not_media"
	case errors.Is(err, probe.ErrOutputTooLarge):
		return "output_too_large"
	case errors.As(err, &pe):
		return "probe_failed"
	default:
		return "input_error"
	}
}

type jsonRenderer struct {
	w     io.Writer
	array bool
	items []any
}

func (r *jsonRenderer) Write(o probeOutcome) error {
	if r.array {
		r.items = append(r.items, record(o))
		return nil
	}
	return writeIndentedJSON(r.w, record(o))
}

func (r *jsonRenderer) Close() error {
	if !r.array {
		return nil
	}
	if r.items == nil {
		r.items = []any{}
	}
	return writeIndentedJSON(r.w, r.items)
}

func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

type ndjsonRenderer struct{ w io.Writer }

func (r *ndjsonRenderer) Write(o probeOutcome) error {
	enc := json.NewEncoder(r.w)
	enc.SetEscapeHTML(false)
	return enc.Encode(record(o))
}

func (r *ndjsonRenderer) Close() error { return nil }

// rawRenderer prints ffprobe's own JSON, untouched; failed inputs print
// nothing on stdout (their error goes to stderr).
type rawRenderer struct{ w io.Writer }

func (r *rawRenderer) Write(o probeOutcome) error {
	if o.Err != nil || o.Result == nil || o.Result.Report == nil {
		return nil
	}
	raw := o.Result.Report.Raw
	if _, err := r.w.Write(raw); err != nil {
		return err
	}
	if len(raw) == 0 || raw[len(raw)-1] != '\n' {
		_, err := fmt.Fprintln(r.w)
		return err
	}
	return nil
}

func (r *rawRenderer) Close() error { return nil }
