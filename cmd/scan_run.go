//go:build !lean

package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/ffprobe-api/ffprobe-api/probe/scan"
)

// scanRenderer writes scan outcomes in one output format. Close ends the
// output (and, for the table, prints the summary after it).
type scanRenderer interface {
	Write(o scan.Outcome) error
	Close(t *scan.Tally) error
}

func newScanRenderer(w io.Writer, format string) scanRenderer {
	switch format {
	case "json":
		return &scanJSONRenderer{w: w}
	case "csv":
		return &scanCSVRenderer{csv: newCSVRowWriter(w)}
	case "table":
		return &scanTableRenderer{w: w}
	}
	return &scanNDJSONRenderer{w: w}
}

// runScanner runs the scan, streaming records to out, drawing the
// progress bar, and printing the summary and the JUnit file at the end.
func runScanner(ctx context.Context, a *app, s *scan.Scanner, opts scanOptions, out *scanOutput) (*scan.Tally, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	render := newScanRenderer(out.w, opts.Output)
	var bar *progressBar
	if a.streams.ErrTTY && !opts.Quiet {
		bar = startProgressBar(a.streams.ErrOut, s.Progress(), 200*time.Millisecond)
	}
	var junit []policy.FileResult
	var writeErr error
	tally, err := s.Run(ctx, opts.Roots, func(o scan.Outcome) {
		if err := render.Write(o); err != nil && writeErr == nil {
			writeErr = fmt.Errorf("writing the output: %w", err)
			cancel() // no point probing what cannot be written
		}
		if opts.JUnit != "" {
			junit = append(junit, junitCase(o))
		}
	})
	bar.Stop()
	if err != nil {
		return nil, err
	}
	if writeErr != nil {
		return nil, writeErr
	}
	if err := render.Close(tally); err != nil {
		return nil, fmt.Errorf("writing the output: %w", err)
	}
	if err := out.commit(); err != nil {
		return nil, err
	}
	if opts.Output != "table" && !opts.Quiet {
		writeScanSummary(a.streams.ErrOut, tally, false)
	}
	if opts.JUnit != "" {
		if err := writeJUnitFile(opts.JUnit, tally, junit); err != nil {
			return nil, err
		}
	}
	return tally, nil
}

// junitCase is one file for the JUnit report. Without a policy, a file
// that was analysed is one passing test case named "analyse".
func junitCase(o scan.Outcome) policy.FileResult {
	fr := policy.FileResult{File: o.Path, Result: o.Policy, Err: o.Err, Elapsed: o.Elapsed}
	if o.Err == nil && o.Policy == nil {
		fr.Result = &policy.Result{Outcomes: []policy.Outcome{{Rule: "analyse", Severity: policy.SeverityError, Passed: true}}}
	}
	return fr
}

func writeJUnitFile(path string, t *scan.Tally, cases []policy.FileResult) error {
	name := "ffprobe-api scan"
	if t.Policy != nil {
		name += " (policy " + t.Policy.Name + ")"
	}
	return writeFileAtomically(path, func(w io.Writer) error { return policy.WriteJUnit(w, name, cases) })
}

// scanOutput is where the records go: stdout, or a file written under a
// temporary name and renamed into place when the scan ends, so that the
// file named is never half-written.
type scanOutput struct {
	w         io.Writer
	tmp       *os.File
	dest      string
	committed bool
}

func openScanOutput(a *app, opts scanOptions) (*scanOutput, error) {
	if opts.OutputFile == "" || opts.OutputFile == "-" {
		return &scanOutput{w: a.streams.Out}, nil
	}
	dir := filepath.Dir(opts.OutputFile)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(opts.OutputFile)+".partial-*")
	if err != nil {
		return nil, fmt.Errorf("--output-file %s: %w", opts.OutputFile, describeStatError(err))
	}
	_ = tmp.Chmod(0o644) // CreateTemp makes it private; the output is an ordinary file
	return &scanOutput{w: tmp, tmp: tmp, dest: opts.OutputFile}, nil
}

func (o *scanOutput) commit() error {
	if o.tmp == nil {
		return nil
	}
	if err := o.tmp.Close(); err != nil {
		return fmt.Errorf("--output-file %s: %w", o.dest, err)
	}
	if err := os.Rename(o.tmp.Name(), o.dest); err != nil {
		return fmt.Errorf("--output-file %s: %w", o.dest, err)
	}
	o.committed = true
	return nil
}

// abandon removes the temporary file of an output that was not committed.
func (o *scanOutput) abandon() {
	if o.tmp != nil && !o.committed {
		_ = o.tmp.Close()
		_ = os.Remove(o.tmp.Name())
	}
}

// writeFileAtomically writes path through a temporary file in the same
// folder, renamed into place once complete.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, describeStatError(err))
	}
	defer os.Remove(tmp.Name())
	_ = tmp.Chmod(0o644)
	if err := write(tmp); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}
