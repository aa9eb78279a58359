//go:build !lean

package cmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"

	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/spf13/cobra"
)

func newServeCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the HTTP API",
		Long: `Run the HTTP API (docs/api.md; the OpenAPI document is served at
/api/v1/openapi.yaml). With no configuration it listens on 127.0.0.1:8080 and
keeps its analyses in SQLite in the data directory ($XDG_DATA_HOME/ffprobe-api).

Clients upload media (multipart/form-data, field "file") or name a file under
a --root; the same bytes with the same options are answered from the store
without running ffprobe again (X-Cache: hit).

At most --workers ffprobe processes run at once; --queue-size more requests
may wait (uploading, hashing or queued); beyond that the answer is 503 with
Retry-After. On SIGINT or SIGTERM the server stops accepting, lets in-flight
requests finish within --shutdown-timeout, removes its temporary files and
exits 0 (2 when requests had to be cut off).

Sizes accept units: 50GiB, 512MiB, 1MB, or plain bytes.

` + serveAuthHelp + exitCodesHelp,
		Example: `  ffprobe-api serve
  ffprobe-api serve --addr :8080 --root media=/srv/media --root /mnt/archive
  ffprobe-api serve --tls-cert cert.pem --tls-key key.pem --metrics-addr 127.0.0.1:9090
  FFPROBE_API_METRICS_TOKEN_FILE=/run/secrets/metrics ffprobe-api serve --addr 0.0.0.0:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := serveConfigFrom(a, cmd)
			if err != nil {
				return withExitCode(ExitTrouble, err)
			}
			return runServe(cmd.Context(), a, cfg)
		},
	}
	addServeFlags(cmd)
	return cmd
}

func addServeFlags(cmd *cobra.Command) {
	d := server.DefaultConfig()
	f := cmd.Flags()
	f.String("addr", server.DefaultAddr, "address to listen on, host:port (port 0 picks a free one; the bound address is printed)")
	f.StringArray("root", nil, "a directory whose files JSON requests may name, as NAME=DIR or DIR (named after its last element); repeatable")
	f.String("temp-dir", "", "the server's own directory for uploads in progress, swept at start (default <data dir>/tmp)")
	f.String("max-upload-size", "50GiB", "largest uploaded file")
	f.String("max-json-size", "1MiB", "largest JSON request body")
	f.Int("workers", 0, "ffprobe processes at once (default: the number of CPUs)")
	f.Int("queue-size", -1, "analysis requests admitted beyond the workers before 503; -1 is 4 × workers")
	f.Duration("probe-timeout", d.ProbeTimeout, "time limit of one ffprobe run; past it the answer is 504 probe_timeout")
	f.Duration("queue-timeout", d.QueueTimeout, "longest wait for a free worker; past it the answer is 503 queue_full")
	f.Duration("upload-timeout", d.UploadTimeout, "longest time one upload may take (an upload idle for 60s is dropped sooner)")
	f.Duration("shutdown-timeout", d.ShutdownTimeout, "time in-flight requests get to finish on SIGINT/SIGTERM")
	f.String("tls-cert", "", "PEM certificate (chain) file; with --tls-key serves HTTPS only (TLS 1.2+, AEAD suites)")
	f.String("tls-key", "", "PEM private key file of --tls-cert")
	f.StringSlice("cors-origins", nil, "origins browsers may call the API from, e.g. https://app.example.com (comma-separated); none by default")
	f.String("metrics-addr", "", "serve /metrics on this separate address instead of the main one")
	f.String("metrics-token", "", "bearer token /metrics requires (secret: also FFPROBE_API_METRICS_TOKEN_FILE)")
	f.String("min-free-temp", "1GiB", "free space the temporary directory must keep; below it uploads get 507 and /ready fails")
	addServeAuthFlags(f)
	addServeGuardFlags(f)
	addProductionFlags(f)
}

// serveConfigFrom reads the configuration of serve from flags, environment
// and config file, and checks it. Every problem is reported at once.
func serveConfigFrom(a *app, cmd *cobra.Command) (server.Config, error) {
	cfg := server.DefaultConfig()
	v := a.v
	cfg.Addr = v.GetString("addr")
	cfg.TempDir = v.GetString("temp-dir")
	if cfg.TempDir == "" {
		cfg.TempDir = filepath.Join(defaultDataDir(), "tmp")
	}
	if abs, err := filepath.Abs(cfg.TempDir); err == nil {
		cfg.TempDir = abs
	}
	var problems []error
	cfg.Roots, problems = serveRoots(a, cmd)
	problems = append(problems, serveSizes(a, &cfg)...)
	cfg.Workers = v.GetInt("workers")
	if cfg.Workers == 0 {
		cfg.Workers = runtime.NumCPU()
	}
	cfg.QueueSize = v.GetInt("queue-size")
	if cfg.QueueSize == -1 {
		cfg.QueueSize = 4 * max(cfg.Workers, 1)
	}
	cfg.ProbeTimeout = v.GetDuration("probe-timeout")
	cfg.QueueTimeout = v.GetDuration("queue-timeout")
	cfg.UploadTimeout = v.GetDuration("upload-timeout")
	cfg.ShutdownTimeout = v.GetDuration("shutdown-timeout")
	cfg.TLSCert, cfg.TLSKey = v.GetString("tls-cert"), v.GetString("tls-key")
	cfg.CORSOrigins = v.GetStringSlice("cors-origins")
	cfg.MetricsAddr, cfg.MetricsToken = v.GetString("metrics-addr"), v.GetString("metrics-token")
	serveAuthConfig(a, &cfg)
	problems = append(problems, serveGuardConfig(a.v, &cfg)...)
	if err := cfg.Validate(); err != nil {
		problems = append(problems, err)
	}
	if err := productionCheck(a); err != nil {
		problems = append(problems, err)
	}
	return cfg, errors.Join(problems...)
}

// serveRoots reads --root: from the flags as given (a directory name may
// hold a comma), else from the environment or config file.
func serveRoots(a *app, cmd *cobra.Command) ([]server.Root, []error) {
	specs := a.v.GetStringSlice("root")
	if f := cmd.Flags().Lookup("root"); f != nil && f.Changed {
		specs, _ = cmd.Flags().GetStringArray("root")
	}
	var roots []server.Root
	var problems []error
	for _, spec := range specs {
		r, err := server.ParseRoot(spec)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		roots = append(roots, r)
	}
	return roots, problems
}

// serveSizes reads the size keys, which take units (50GiB, 1MiB).
func serveSizes(a *app, cfg *server.Config) []error {
	var problems []error
	for _, size := range []struct {
		key string
		dst *int64
	}{{"max-upload-size", &cfg.MaxUploadSize}, {"max-json-size", &cfg.MaxJSONSize}, {"min-free-temp", &cfg.MinFreeTemp}} {
		n, err := server.ParseByteSize(a.v.GetString(size.key))
		if err != nil {
			problems = append(problems, fmt.Errorf("--%s: %w", size.key, err))
		}
		*size.dst = n
	}
	return problems
}

// runServe opens the store, builds the server, prints where it listens and
// serves until ctx ends (SIGINT, SIGTERM).
func runServe(ctx context.Context, a *app, cfg server.Config) error {
	log := serverLogger(a)
	st, err := a.openStore(ctx, true)
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	defer st.Close()
	if err := prepareAuth(ctx, a, st, cfg, log); err != nil {
		return withExitCode(ExitTrouble, err)
	}
	srv, err := server.New(cfg, server.Deps{
		Store:       st,
		Prober:      newProbeClient(a),
		FFprobePath: a.v.GetString("ffprobe"),
		Logger:      log,
	})
	if err != nil {
		return withExitCode(ExitTrouble, err)
	}
	if err := srv.Open(); err != nil {
		return withExitCode(ExitTrouble, err)
	}
	fmt.Fprintf(a.streams.Out, "listening on %s\n", srv.URL())
	if m := srv.MetricsAddr(); m != nil {
		fmt.Fprintf(a.streams.Out, "metrics on %s/metrics\n", m)
	}
	if err := srv.Serve(ctx); err != nil {
		return withExitCode(ExitTrouble, err)
	}
	return nil
}

// serverLogger is the process logger, except that "auto" means JSON lines
// for a server even on a terminal: its log is read by machines.
func serverLogger(a *app) *slog.Logger {
	if a.v.GetString("log-format") != "auto" {
		return a.log
	}
	log, err := newLogger(a.streams.ErrOut, "json", a.v.GetString("log-level"), false, false)
	if err != nil {
		return a.log
	}
	return log
}
