// Package cmd holds the ffprobe-api command tree: flags, configuration,
// wiring and terminal rendering. Everything below it is a library.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Main runs the command line and returns the process exit code. In the
// lean binary a command line it does not hold is handed to the complete
// one instead (commands_lean.go).
func Main() int {
	streams, args := SystemStreams(), os.Args[1:]
	a := &app{streams: streams, log: slog.New(slog.DiscardHandler)}
	root := newRootCmd(a)
	if code, handed := handOff(root, args); handed {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return execute(ctx, root, streams, args)
}

// Run executes one command line against the given streams.
func Run(ctx context.Context, streams *IOStreams, args []string) int {
	a := &app{streams: streams, log: slog.New(slog.DiscardHandler)}
	return execute(ctx, newRootCmd(a), streams, args)
}

// execute runs args in root, whose app writes to streams.
func execute(ctx context.Context, root *cobra.Command, streams *IOStreams, args []string) int {
	root.SetArgs(args)
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	err := root.ExecuteContext(ctx)
	if err != nil {
		var ee *exitError
		if !errors.As(err, &ee) || ee.err != nil {
			fmt.Fprintf(streams.ErrOut, "ffprobe-api: %v\n", err)
		}
		var ue *usageError
		if errors.As(err, &ue) || isCobraUsageError(err) {
			fmt.Fprintln(streams.ErrOut, "Run 'ffprobe-api --help' for usage.")
		}
	}
	return exitCodeOf(err)
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "ffprobe-api",
		Short: "Analyse media files with ffprobe: at a terminal, in CI, or as an HTTP API",
		Long: `ffprobe-api analyses media files with ffprobe, safely.

It runs ffprobe hardened against hostile files (no playlists that open other
files, no network, bounded memory, time and output) and turns its JSON into a
typed report and a summary of the facts people ask for: codecs, display size,
frame rate, HDR kind, rotation, scan type, languages.

Configuration comes from flags, then FFPROBE_API_* environment variables, then
the config file ($XDG_CONFIG_HOME/ffprobe-api/config.yaml, or --config).

` + exitCodesHelp,
		Example: `  ffprobe-api probe movie.mp4
  ffprobe-api scan --policy preset:web ./delivery
  ffprobe-api serve --root media=/srv/media`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(),
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.init(cmd)
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	pf := root.PersistentFlags()
	pf.String("config", "", "config file (default $XDG_CONFIG_HOME/ffprobe-api/config.yaml)")
	pf.String("log-level", "info", "log level: debug, info, warn, error")
	pf.String("log-format", "auto", "log format on stderr: auto (text on a terminal, else json), text, json")
	pf.String("ffprobe", "ffprobe", "ffprobe binary: a name looked up in PATH, or a path")
	pf.String("db", "", "database: sqlite:///path/file.db, a bare path, or postgres://… (default: SQLite in $XDG_DATA_HOME/ffprobe-api)")

	addSubcommands(root, a)
	return root
}

func isCobraUsageError(err error) bool {
	// cobra reports flag and argument mistakes as plain errors; these are
	// the prefixes it uses.
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most"} {
		if len(msg) >= len(p) && msg[:len(p)] == p {
			return true
		}
	}
	return false
}
