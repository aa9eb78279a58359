package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/spf13/cobra"
)

type probeOptions struct {
	Inputs          []string
	Output          string
	Sections        []string
	Timeout         time.Duration
	ProbeSize       int64
	AnalyzeDuration time.Duration
	Policy          string // a policy file or preset:NAME; "" for none
}

// outputFormats lists the values of probe's --output, for help and completion.
var outputFormats = []string{"pretty", "json", "yaml", "csv", "ndjson", "raw"}

func newProbeCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "probe [flags] INPUT...",
		Short: "Analyse media files and print what they contain",
		Long: `Analyse one or more media files with ffprobe, hardened against hostile input,
and print a summary (codecs, display size, frame rate, HDR kind, rotation, …)
together with ffprobe's full report.

INPUT is a file path, or - to read standard input (spooled to a temporary
file so that ffprobe can seek; removed afterwards). Each input is reported;
one bad input does not stop the others.

With --policy (a YAML policy file, or preset:NAME — see 'ffprobe-api policy
list'), every input is also checked against the policy's rules; the result
appears in every output format and an error-severity violation makes the
exit code 1. An invalid policy fails before any file is probed.

Output (-o): pretty (default on a terminal), json (default when piped; one
object for one input, an array for several), yaml, csv (one row per input,
stable columns), ndjson (one JSON object per line), raw (ffprobe's own JSON,
untouched).

` + exitCodesHelp,
		Example: `  ffprobe-api probe movie.mp4
  ffprobe-api probe -o json movie.mp4 | jq .summary.video
  ffprobe-api probe -o csv *.mkv > inventory.csv
  curl -s https://example.com/clip.mp4 | ffprobe-api probe -
  ffprobe-api probe --timeout 5s --sections format,streams broken.ts
  ffprobe-api probe --policy preset:web delivery.mp4`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := probeOptionsFrom(a, args)
			if err != nil {
				return err
			}
			client := newProbeClient(a)
			return runProbe(cmd.Context(), a, client, opts)
		},
	}
	f := cmd.Flags()
	f.StringP("output", "o", "", "output format: "+strings.Join(outputFormats, ", ")+" (default pretty on a terminal, json otherwise)")
	f.StringSlice("sections", nil, "sections to report: format, streams, chapters, programs (default all)")
	f.Duration("timeout", 30*time.Second, "time limit per input; ffprobe is killed after it")
	f.Int64("probesize", 0, "bytes ffprobe reads to detect streams (default ffprobe's, 5000000)")
	f.Duration("analyzeduration", 0, "media duration ffprobe analyses to detect streams (default ffprobe's, 5s)")
	f.String("policy", "", "check each input against a policy: a YAML file or preset:NAME")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(outputFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func probeOptionsFrom(a *app, args []string) (probeOptions, error) {
	opts := probeOptions{
		Inputs:          args,
		Output:          a.v.GetString("output"),
		Sections:        a.v.GetStringSlice("sections"),
		Timeout:         a.v.GetDuration("timeout"),
		ProbeSize:       a.v.GetInt64("probesize"),
		AnalyzeDuration: a.v.GetDuration("analyzeduration"),
		Policy:          a.v.GetString("policy"),
	}
	if opts.Output == "" {
		opts.Output = "json"
		if a.streams.OutTTY {
			opts.Output = "pretty"
		}
	}
	if !slices.Contains(outputFormats, opts.Output) {
		return opts, usageErrorf("--output %q: want one of %s", opts.Output, strings.Join(outputFormats, ", "))
	}
	for _, s := range opts.Sections {
		if !slices.Contains([]string{"format", "streams", "chapters", "programs"}, s) {
			return opts, usageErrorf("--sections %q: want format, streams, chapters or programs", s)
		}
	}
	if opts.Timeout <= 0 {
		return opts, usageErrorf("--timeout %s: must be positive", opts.Timeout)
	}
	if opts.ProbeSize < 0 || opts.AnalyzeDuration < 0 {
		return opts, usageErrorf("--probesize and --analyzeduration must not be negative")
	}
	stdin := 0
	for _, in := range opts.Inputs {
		if in == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return opts, usageErrorf("standard input (-) can be given only once")
	}
	return opts, nil
}

func newProbeClient(a *app) *probe.Client {
	return probe.New(probe.Config{Path: a.v.GetString("ffprobe"), CacheDir: defaultCacheDir()})
}

// probeOutcome is one input's result or error, in input order.
type probeOutcome struct {
	Input  string
	Result *probe.Result
	Policy *policy.Result // nil when no policy ran
	Err    error
}

func runProbe(ctx context.Context, a *app, client probe.Prober, opts probeOptions) error {
	popts := probe.Options{
		Sections:        opts.Sections,
		ProbeSize:       opts.ProbeSize,
		AnalyzeDuration: opts.AnalyzeDuration,
		Timeout:         opts.Timeout,
	}
	var pol *policy.Policy
	if opts.Policy != "" {
		p, err := policy.Resolve(opts.Policy)
		if err != nil {
			return withExitCode(ExitTrouble, err)
		}
		pol = p
	}
	r := newProbeRenderer(a.streams, opts.Output, len(opts.Inputs))
	failed, violations := 0, 0
	for _, in := range opts.Inputs {
		out := probeOne(ctx, a, client, in, popts)
		if out.Err != nil {
			failed++
			fmt.Fprintf(a.streams.ErrOut, "ffprobe-api: %v\n", out.Err)
		} else if pol != nil {
			res := pol.Evaluate(policy.Input{Result: out.Result, Path: inputPath(out), Size: out.Result.Summary.Size})
			out.Policy = &res
			if !res.OK() {
				violations++
			}
		}
		if err := r.Write(out); err != nil {
			return withExitCode(ExitTrouble, err)
		}
		if ctx.Err() != nil {
			break
		}
	}
	if err := r.Close(); err != nil {
		return withExitCode(ExitTrouble, err)
	}
	if failed > 0 || ctx.Err() != nil {
		return silentExit(ExitTrouble)
	}
	if violations > 0 {
		return silentExit(ExitFailed)
	}
	return nil
}

// inputPath is the file a policy's file facts (faststart) are read from;
// standard input was spooled and removed, so it has none.
func inputPath(o probeOutcome) string {
	if o.Input == "-" {
		return ""
	}
	return o.Input
}

func probeOne(ctx context.Context, a *app, client probe.Prober, input string, popts probe.Options) probeOutcome {
	path := input
	if input == "-" {
		spooled, cleanup, err := spoolStdin(a.streams.In)
		if err != nil {
			return probeOutcome{Input: input, Err: fmt.Errorf("probe -: reading standard input: %w", err)}
		}
		defer cleanup()
		path = spooled
	} else if _, err := os.Stat(input); err != nil {
		return probeOutcome{Input: input, Err: fmt.Errorf("probe %s: %w", input, describeStatError(err))}
	}
	res, err := client.Probe(ctx, path, popts)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "probe ") {
			err = fmt.Errorf("probe %s: %w", input, err)
		}
		return probeOutcome{Input: input, Err: err}
	}
	res.Input = input
	return probeOutcome{Input: input, Result: res}
}

func describeStatError(err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New("no such file")
	case errors.Is(err, os.ErrPermission):
		return errors.New("permission denied")
	}
	return err
}

// spoolStdin copies standard input to a private temporary file so ffprobe
// can seek in it.
func spoolStdin(in io.Reader) (path string, cleanup func(), err error) {
	f, err := os.CreateTemp("", "ffprobe-api-stdin-*")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { _ = os.Remove(f.Name()) }
	if _, err := io.Copy(f, in); err != nil {
		_ = f.Close()
		cleanup()
		return "", nil, err
	}
	if err := f.Close(); err != nil {
		cleanup()
		return "", nil, err
	}
	return f.Name(), cleanup, nil
}
