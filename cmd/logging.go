package cmd

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/lmittmann/tint"
)

// newLogger builds the process logger: tint on a terminal (or when asked for
// "text"), JSON lines otherwise. format is auto, text or json.
func newLogger(w io.Writer, format, level string, tty, color bool) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(strings.ToLower(level))); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl})), nil
	case "text":
		return slog.New(tint.NewHandler(w, &tint.Options{Level: lvl, TimeFormat: time.TimeOnly, NoColor: !color})), nil
	case "auto", "":
		if tty {
			return newLogger(w, "text", level, tty, color)
		}
		return newLogger(w, "json", level, tty, color)
	default:
		return nil, fmt.Errorf("--log-format %q: want auto, text or json", format)
	}
}
