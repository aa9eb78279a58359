package diff

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ffprobe-api/ffprobe-api/probe"
)

// savedResult is the part of a saved `probe -o json` result (or a `scan`
// record) a baseline needs.
type savedResult struct {
	Input   string          `json:"input"`
	Summary *probe.Summary  `json:"summary"`
	Report  json.RawMessage `json:"report"`
	Error   *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// LooksLikeJSON reports whether data starts like a JSON object or array
// (after white space): a saved result rather than media.
func LooksLikeJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// ReadBaseline reads the Summary from a saved result: the JSON that
// `ffprobe-api probe -o json` writes for one input (an array holding one
// result is accepted too). When the result carries its report, the
// Summary is derived from it again, so that a baseline saved by an older
// version is summarised the way this one summarises the other side; else
// the saved summary is used. name is for messages.
func ReadBaseline(name string, data []byte) (probe.Summary, error) {
	var saved savedResult
	t := bytes.TrimSpace(data)
	if len(t) > 0 && t[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(t, &list); err != nil {
			return probe.Summary{}, fmt.Errorf("%s: not a saved result: %w", name, err)
		}
		if len(list) != 1 {
			return probe.Summary{}, fmt.Errorf("%s holds %d results; diff compares one (save it with probe -o json FILE)", name, len(list))
		}
		t = list[0]
	}
	if err := json.Unmarshal(t, &saved); err != nil {
		return probe.Summary{}, fmt.Errorf("%s: not a saved result: %w", name, err)
	}
	if saved.Error != nil {
		return probe.Summary{}, fmt.Errorf("%s is a failed probe of %s (%s: %s)", name, saved.Input, saved.Error.Code, saved.Error.Message)
	}
	if len(saved.Report) > 0 && !bytes.Equal(saved.Report, []byte("null")) {
		if r, err := probe.ParseReport(saved.Report); err == nil {
			return probe.Summarize(r), nil
		}
	}
	if saved.Summary == nil {
		return probe.Summary{}, fmt.Errorf("%s has no \"summary\": want the JSON of ffprobe-api probe -o json", name)
	}
	return *saved.Summary, nil
}
