package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/diff"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	A, B            string
	Output          string
	Tolerances      []string
	Ignore          []string
	NoDefaultIgnore bool
	Timeout         time.Duration
}

var diffOutputFormats = []string{"table", "json"}

func newDiffCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "diff [flags] A B",
		Short: "Compare two media files, or a file against a saved JSON report",
		Long: `Compare the summaries of two inputs field by field: codecs, sizes, frame
rates, HDR, streams, tags. Each input is a media file (probed now) or a
saved result, the JSON that 'ffprobe-api probe -o json FILE' writes, used as
a baseline. A baseline's summary is derived again from its saved report, so
that an older baseline is read the way this version summarises.

Fields are named as in the JSON output: duration, bit_rate,
video[0].codec, audio[*].language, tags.encoder. A name alone (bit_rate)
matches that field at any depth, [*] any list element, and underscores and
case do not matter (bitrate is bit_rate).

--tolerance lets numbers differ: duration=0.05 (an amount, in the field's
unit), bit_rate=5% (a share of the larger value). --ignore leaves fields
out; by default the fields every new encode changes are left out:
` + strings.Join(diff.DefaultIgnore, ", ") + ` (--no-default-ignore compares them too).

Output (-o): table (default on a terminal) or json (default otherwise).

Exit codes:
  0  the inputs are the same (within the tolerances)
  1  they differ
  2  trouble: usage, or an input that could not be read or analysed`,
		Example: `  ffprobe-api diff master.mov delivery.mp4
  ffprobe-api probe -o json approved.mp4 > approved.json
  ffprobe-api diff --tolerance duration=0.05,bitrate=5% approved.json new-render.mp4
  ffprobe-api diff --ignore 'audio[*].title' -o json a.mkv b.mkv | jq .differences`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := diffOptionsFrom(a, args)
			if err != nil {
				return err
			}
			return runDiff(cmd.Context(), a, newProbeClient(a), opts)
		},
	}
	f := cmd.Flags()
	f.StringP("output", "o", "", "output format: table or json (default table on a terminal, json otherwise)")
	f.StringSlice("tolerance", nil, "allowed differences of numbers: FIELD=AMOUNT or FIELD=PERCENT%")
	f.StringSlice("ignore", nil, "fields not to compare (added to the defaults)")
	f.Bool("no-default-ignore", false, "compare the fields ignored by default too: "+strings.Join(diff.DefaultIgnore, ", "))
	f.Duration("timeout", 30*time.Second, "time limit per probed input")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(diffOutputFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func diffOptionsFrom(a *app, args []string) (diffOptions, error) {
	opts := diffOptions{
		A: args[0], B: args[1], Output: a.v.GetString("output"),
		Tolerances: a.v.GetStringSlice("tolerance"), Ignore: a.v.GetStringSlice("ignore"),
		NoDefaultIgnore: a.v.GetBool("no-default-ignore"), Timeout: a.v.GetDuration("timeout"),
	}
	if opts.Output == "" {
		opts.Output = "json"
		if a.streams.OutTTY {
			opts.Output = "table"
		}
	}
	if !slices.Contains(diffOutputFormats, opts.Output) {
		return opts, usageErrorf("--output %q: want table or json", opts.Output)
	}
	if opts.Timeout <= 0 {
		return opts, usageErrorf("--timeout %s: must be positive", opts.Timeout)
	}
	return opts, nil
}

// diffReport is the JSON output.
type diffReport struct {
	A diffSide `json:"a"`
	B diffSide `json:"b"`
	diff.Result
}

type diffSide struct {
	Input string `json:"input"`
	Kind  string `json:"kind"` // media or baseline
}

func runDiff(ctx context.Context, a *app, prober probe.Prober, opts diffOptions) error {
	ignore := opts.Ignore
	if !opts.NoDefaultIgnore {
		ignore = append(slices.Clone(diff.DefaultIgnore), ignore...)
	}
	dopts, err := diff.NewOptions(ignore, opts.Tolerances)
	if err != nil {
		return &usageError{err: err}
	}
	sumA, sideA, err := loadDiffInput(ctx, prober, opts.A, opts.Timeout)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	sumB, sideB, err := loadDiffInput(ctx, prober, opts.B, opts.Timeout)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	res, err := diff.Compare(sumA, sumB, dopts)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	report := diffReport{A: sideA, B: sideB, Result: res}
	if opts.Output == "json" {
		err = writeIndentedJSON(a.streams.Out, report)
	} else {
		err = writeDiffTable(a.streams.Out, report)
	}
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	if !res.Same {
		return silentExit(ExitFailed)
	}
	return nil
}

// maxBaselineSize bounds how much of a saved result is read.
const maxBaselineSize = 64 << 20

// loadDiffInput is the Summary of one input: a saved result when the file
// is JSON (or named .json), else media probed now. An ASS subtitle starts
// with "[" too, so looking like JSON is not enough.
func loadDiffInput(ctx context.Context, prober probe.Prober, input string, timeout time.Duration) (probe.Summary, diffSide, error) {
	data, isJSON, err := readIfJSON(input)
	if err != nil {
		return probe.Summary{}, diffSide{}, fmt.Errorf("diff %s: %w", input, err)
	}
	if isJSON {
		s, err := diff.ReadBaseline(input, data)
		return s, diffSide{Input: input, Kind: "baseline"}, err
	}
	res, err := prober.Probe(ctx, input, probe.Options{Timeout: timeout})
	if err != nil {
		if !strings.HasPrefix(err.Error(), "probe ") {
			err = fmt.Errorf("probe %s: %w", input, err)
		}
		return probe.Summary{}, diffSide{}, err
	}
	return res.Summary, diffSide{Input: input, Kind: "media"}, nil
}

// readIfJSON reads the file when it may be a saved result (it starts like
// JSON) and says whether it is one: valid JSON, or named .json (then its
// JSON errors are reported).
func readIfJSON(path string) ([]byte, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, describeStatError(err)
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	named := strings.EqualFold(filepath.Ext(path), ".json")
	if !diff.LooksLikeJSON(head[:n]) && !named {
		return nil, false, nil
	}
	data, err := io.ReadAll(io.MultiReader(bytes.NewReader(head[:n]), io.LimitReader(f, maxBaselineSize)))
	if err != nil {
		return nil, false, err
	}
	return data, named || json.Valid(data), nil
}
