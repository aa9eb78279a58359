//go:build !lean

package cmd

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/buildinfo"
	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
	"github.com/ffprobe-api/ffprobe-api/probe/scan"
	"github.com/spf13/cobra"
)

type scanOptions struct {
	Roots      []string
	Output     string
	OutputFile string
	Jobs       int
	Probe      probe.Options
	Filter     scan.Filter
	NoCache    bool
	Quiet      bool
	Policy     string
	JUnit      string
}

var scanOutputFormats = []string{"table", "ndjson", "json", "csv"}

func newScanCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scan [flags] PATH...",
		Short: "Analyse every media file under folders, in parallel, with a cache",
		Long: `Walk files and folders, probe every media file in parallel, and print a
record per file as it finishes, then a summary: counts, total duration and
size, containers and codecs, and the files that failed.

Which files: folders are walked recursively; files named on the command line
are always probed. Below a folder, files are probed when their extension is a
media one (--ext to give your own list, --all-files for every file), they
match an --include glob (if any) and no --exclude glob. A glob is matched
against the path below the folder given, one /-separated segment at a time
(* and ? stay within a segment, ** spans any number of them); a glob without
a slash matches the base name at any depth (*.tmp, cache). An excluded
folder is not entered. Symlinks are skipped unless --follow-symlinks (loops
and files reached twice are detected). Unreadable entries are reported as
failures, never stop the scan.

Cache: results are kept in the database (--db; SQLite under
$XDG_DATA_HOME/ffprobe-api by default, or Postgres). A file whose path,
size, modification time, ffprobe version and probe options are unchanged
is not probed again; the policy is evaluated again on the kept result.
--no-cache probes everything and keeps nothing.

Output (-o): table (default on a terminal: a row per file, then the
summary), ndjson (default when piped: one JSON object per file, as each
finishes), json (one array, streamed), csv (stable columns). With a
machine format the summary goes to stderr (not with --quiet). A progress
bar is drawn on stderr when it is a terminal, unless --quiet.

Policy: --policy FILE or preset:NAME checks every file (docs/policies.md);
the verdicts are in every output format and the summary. A malformed policy
fails before any file is probed. --junit FILE writes JUnit XML for CI: a
test case per file and rule (without a policy, one per file).

Ctrl-C stops cleanly: running probes are killed, finished results are kept
and printed whole, and the summary says what was not done (exit 2).

` + exitCodesHelp,
		Example: `  ffprobe-api scan ~/Videos
  ffprobe-api scan -o csv --output-file inventory.csv /srv/media
  ffprobe-api scan --exclude '**/proxies/**' --include '*.mov' -j 4 /mnt/edit
  ffprobe-api scan --policy preset:web --junit report.xml ./deliverables
  ffprobe-api scan --db postgres://user@db/media --no-cache /archive`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := scanOptionsFrom(a, args)
			if err != nil {
				return err
			}
			return runScan(cmd.Context(), a, newProbeClient(a), opts)
		},
	}
	f := cmd.Flags()
	f.StringP("output", "o", "", "output format: "+strings.Join(scanOutputFormats, ", ")+" (default table on a terminal, ndjson otherwise)")
	f.String("output-file", "", "write the records to this file instead of stdout")
	f.IntP("jobs", "j", 0, "files probed at once (default one per CPU)")
	f.Duration("timeout", 30*time.Second, "time limit per file; ffprobe is killed after it")
	f.Int64("probesize", 0, "bytes ffprobe reads to detect streams (default ffprobe's, 5000000)")
	f.Duration("analyzeduration", 0, "media duration ffprobe analyses to detect streams (default ffprobe's, 5s)")
	f.StringSlice("include", nil, "probe only files matching one of these globs")
	f.StringSlice("exclude", nil, "skip files and folders matching one of these globs")
	f.StringSlice("ext", nil, "file extensions to probe (default: common video, audio, image and subtitle extensions)")
	f.Bool("all-files", false, "probe every file, whatever its extension")
	f.Bool("follow-symlinks", false, "follow symlinks to files and folders")
	f.Bool("no-cache", false, "probe every file and keep nothing in the database")
	f.BoolP("quiet", "q", false, "no progress bar, and no summary when the output is a machine format")
	f.String("policy", "", "check every file against a policy: a YAML file or preset:NAME")
	f.String("junit", "", "write the policy results as JUnit XML to this file")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(scanOutputFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func scanOptionsFrom(a *app, args []string) (scanOptions, error) {
	v := a.v
	opts := scanOptions{
		Roots: args, Output: v.GetString("output"), OutputFile: v.GetString("output-file"),
		Jobs: v.GetInt("jobs"), NoCache: v.GetBool("no-cache"), Quiet: v.GetBool("quiet"),
		Policy: v.GetString("policy"), JUnit: v.GetString("junit"),
		Probe: probe.Options{Timeout: v.GetDuration("timeout"), ProbeSize: v.GetInt64("probesize"), AnalyzeDuration: v.GetDuration("analyzeduration")},
		Filter: scan.Filter{
			Include: v.GetStringSlice("include"), Exclude: v.GetStringSlice("exclude"), Extensions: v.GetStringSlice("ext"),
			AllFiles: v.GetBool("all-files"), FollowSymlinks: v.GetBool("follow-symlinks"),
		},
	}
	if len(opts.Filter.Extensions) == 0 {
		opts.Filter.Extensions = nil
	}
	if opts.Output == "" {
		opts.Output = "ndjson"
		if a.streams.OutTTY && opts.OutputFile == "" {
			opts.Output = "table"
		}
	}
	switch {
	case !slices.Contains(scanOutputFormats, opts.Output):
		return opts, usageErrorf("--output %q: want one of %s", opts.Output, strings.Join(scanOutputFormats, ", "))
	case opts.Jobs < 0:
		return opts, usageErrorf("--jobs %d: must be 1 or more (or 0 for one per CPU)", opts.Jobs)
	case opts.Probe.Timeout <= 0:
		return opts, usageErrorf("--timeout %s: must be positive", opts.Probe.Timeout)
	case opts.Probe.ProbeSize < 0 || opts.Probe.AnalyzeDuration < 0:
		return opts, usageErrorf("--probesize and --analyzeduration must not be negative")
	}
	return opts, nil
}

func runScan(ctx context.Context, a *app, prober probe.Prober, opts scanOptions) error {
	var pol *policy.Policy
	if opts.Policy != "" {
		p, err := policy.Resolve(opts.Policy)
		if err != nil {
			return withExitCode(ExitTrouble, err) // before any file is probed
		}
		pol = p
	}
	cfg := scan.Config{Prober: prober, Options: opts.Probe, Filter: opts.Filter, Jobs: opts.Jobs, Policy: pol, CacheSalt: cacheSalt()}
	if !opts.NoCache {
		cache, closeCache, err := openScanCache(ctx, a)
		if err != nil {
			return withExitCode(ExitTrouble, fmt.Errorf("%w (or scan with --no-cache)", err))
		}
		defer closeCache()
		cfg.Cache = cache
	}
	scanner, err := scan.New(cfg)
	if err != nil {
		return &usageError{err: err}
	}
	out, err := openScanOutput(a, opts)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	defer out.abandon()
	tally, err := runScanner(ctx, a, scanner, opts, out)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	return scanExit(tally)
}

// cacheSalt ties kept results to this build: another release (or commit)
// may summarise differently, so it does not reuse them.
func cacheSalt() string {
	b := buildinfo.Get()
	return b.Version + " " + b.Commit
}

// scanExit is the exit code: 2 when a file could not be analysed or the
// scan was interrupted, else 1 when a file broke an error rule, else 0.
func scanExit(t *scan.Tally) error {
	switch {
	case t.Interrupted || t.Failed > 0:
		return silentExit(ExitTrouble)
	case t.Policy != nil && t.Policy.Violating > 0:
		return silentExit(ExitFailed)
	}
	return nil
}
