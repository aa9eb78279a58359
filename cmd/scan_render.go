//go:build !lean

package cmd

import (
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/ffprobe-api/ffprobe-api/probe/scan"
)

// scanRecord is one file in the machine formats (ndjson, json). The full
// ffprobe report is left out (probe -o json FILE prints it): a scan is an
// inventory.
type scanRecord struct {
	Input     string         `json:"input"`
	Status    string         `json:"status"` // ok or error
	Cached    bool           `json:"cached"`
	Size      int64          `json:"size"`
	ModTime   *time.Time     `json:"mod_time,omitempty"`
	Summary   *probe.Summary `json:"summary,omitempty"`
	Policy    *policy.Result `json:"policy,omitempty"`
	Error     *errorBody     `json:"error,omitempty"`
	ElapsedMS float64        `json:"elapsed_ms"`
}

func scanRecordOf(o scan.Outcome) scanRecord {
	r := scanRecord{Input: o.Path, Status: "ok", Cached: o.Cached, Size: o.Size, Policy: o.Policy,
		ElapsedMS: float64(o.Elapsed.Microseconds()) / 1000}
	if !o.ModTime.IsZero() {
		t := o.ModTime.UTC()
		r.ModTime = &t
	}
	if o.Err != nil {
		r.Status = "error"
		r.Error = &errorBody{Code: scanErrorCode(o.Err), Message: o.ErrorMessage()}
		return r
	}
	r.Summary = &o.Result.Summary
	return r
}

// scanErrorCode is errorCode, plus the codes only a scan has: unreadable
// entries and failures kept in the cache.
func scanErrorCode(err error) string {
	var f *scan.Failure
	var u *scan.UnreadableError
	switch {
	case errors.As(err, &f):
		return f.Code
	case errors.As(err, &u):
		return "unreadable"
	}
	return errorCode(err)
}

type scanNDJSONRenderer struct{ w io.Writer }

func (r *scanNDJSONRenderer) Write(o scan.Outcome) error {
	line, err := json.Marshal(scanRecordOf(o))
	if err != nil {
		return err
	}
	_, err = r.w.Write(append(line, '\n')) // one write per record: never half a line
	return err
}

func (r *scanNDJSONRenderer) Close(*scan.Tally) error { return nil }

// scanJSONRenderer streams one JSON array, a record per line, closed even
// when the scan was interrupted.
type scanJSONRenderer struct {
	w     io.Writer
	count int
}

func (r *scanJSONRenderer) Write(o scan.Outcome) error {
	line, err := json.Marshal(scanRecordOf(o))
	if err != nil {
		return err
	}
	sep := ",\n"
	if r.count == 0 {
		sep = "[\n"
	}
	r.count++
	_, err = r.w.Write(append([]byte(sep), line...))
	return err
}

func (r *scanJSONRenderer) Close(*scan.Tally) error {
	end := "\n]\n"
	if r.count == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(r.w, end)
	return err
}

type scanCSVRenderer struct{ csv *csvRenderer }

func (r *scanCSVRenderer) Write(o scan.Outcome) error {
	rec := csvRecord{Input: o.Path, Result: o.Result, Cached: o.Cached, Policy: o.Policy}
	if o.Err != nil {
		rec.ErrCode, rec.ErrMessage = scanErrorCode(o.Err), o.ErrorMessage()
	}
	return r.csv.writeRecord(rec)
}

func (r *scanCSVRenderer) Close(*scan.Tally) error { return r.csv.Close() }
