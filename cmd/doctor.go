//go:build !lean

package cmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
)

// doctorCheck is one line of `ffprobe-api doctor`.
type doctorCheck struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

func newDoctorCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check that ffprobe, the configuration and the data folder are usable",
		Long: `Check the environment ffprobe-api needs and say how to fix what is wrong:
ffprobe present and its version, the config file found and valid, the data
folder writable. Exits 0 when every check passes, 1 otherwise.`,
		Example: `  ffprobe-api doctor
  ffprobe-api doctor --config ./ffprobe-api.yaml`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{annotationTolerateConfigError: "true"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			checks := runDoctor(cmd.Context(), a)
			failed := 0
			for _, c := range checks {
				mark := "ok  "
				if !c.OK {
					mark = "FAIL"
					failed++
				}
				fmt.Fprintf(a.streams.Out, "%s %-12s %s\n", mark, c.Name, c.Detail)
				if !c.OK && c.Fix != "" {
					fmt.Fprintf(a.streams.Out, "     %-12s fix: %s\n", "", c.Fix)
				}
			}
			if failed > 0 {
				return withExitCode(ExitFailed, fmt.Errorf("doctor: %d of %d checks failed", failed, len(checks)))
			}
			return nil
		},
	}
	return cmd
}

func runDoctor(ctx context.Context, a *app) []doctorCheck {
	return []doctorCheck{
		checkFFprobe(ctx, a),
		checkConfig(a),
		checkDataDir(),
	}
}

func checkFFprobe(ctx context.Context, a *app) doctorCheck {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := newProbeClient(a).Version(ctx)
	if err != nil {
		return doctorCheck{Name: "ffprobe", Detail: err.Error(),
			Fix: "install FFmpeg (scripts/install-ffmpeg.sh, or your package manager), or point --ffprobe / FFPROBE_API_FFPROBE at the binary"}
	}
	return doctorCheck{Name: "ffprobe", OK: true, Detail: v}
}

func checkConfig(a *app) doctorCheck {
	switch {
	case a.configErr != nil:
		return doctorCheck{Name: "config", Detail: a.configErr.Error(), Fix: "correct the YAML in the file, or choose another with --config"}
	case a.configFile == "":
		return doctorCheck{Name: "config", OK: true, Detail: "no config file (using defaults; " + defaultConfigFile() + " is read when it exists)"}
	default:
		return doctorCheck{Name: "config", OK: true, Detail: a.configFile}
	}
}

func checkDataDir() doctorCheck {
	dir := defaultDataDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return doctorCheck{Name: "data dir", Detail: err.Error(), Fix: "set XDG_DATA_HOME to a writable folder, or fix the permissions of " + dir}
	}
	f, err := os.CreateTemp(dir, ".doctor-*")
	if err != nil {
		return doctorCheck{Name: "data dir", Detail: err.Error(), Fix: "make " + dir + " writable for this user"}
	}
	_ = f.Close()
	_ = os.Remove(f.Name())
	return doctorCheck{Name: "data dir", OK: true, Detail: filepath.Clean(dir) + " is writable"}
}
