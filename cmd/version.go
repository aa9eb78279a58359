package cmd

import (
	"context"
	"fmt"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/buildinfo"
	"github.com/spf13/cobra"
)

// versionReport is what `ffprobe-api version -o json` prints.
type versionReport struct {
	buildinfo.Info
	FFprobe      string `json:"ffprobe"`
	FFprobeError string `json:"ffprobe_error,omitempty"`
}

func versionString() string {
	i := buildinfo.Get()
	s := "ffprobe-api " + i.Version
	if i.Commit != "" {
		c := i.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		s += " (" + c + ")"
	}
	return s
}

func newVersionCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version of ffprobe-api, Go and ffprobe",
		Example: `  ffprobe-api version
  ffprobe-api version -o json | jq -r .ffprobe`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format := a.v.GetString("output")
			if format != "text" && format != "json" {
				return usageErrorf("--output %q: want text or json", format)
			}
			return runVersion(cmd.Context(), a, format)
		},
	}
	cmd.Flags().StringP("output", "o", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runVersion(ctx context.Context, a *app, format string) error {
	rep := versionReport{Info: buildinfo.Get()}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := newProbeClient(a).Version(ctx)
	if err != nil {
		rep.FFprobeError = err.Error()
	}
	rep.FFprobe = v
	if format == "json" {
		return writeIndentedJSON(a.streams.Out, rep)
	}
	w := a.streams.Out
	fmt.Fprintln(w, versionString())
	fmt.Fprintf(w, "go:      %s\n", rep.GoVersion)
	if rep.Date != "" {
		fmt.Fprintf(w, "built:   %s\n", rep.Date)
	}
	if err != nil {
		fmt.Fprintf(w, "ffprobe: not available (%v)\n", err)
	} else {
		fmt.Fprintf(w, "ffprobe: %s\n", v)
	}
	return nil
}
