package probe

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// RemoteInput is a remote source made readable for ffprobe by a loopback
// content server: probe/remote's Session, which this package cannot
// import (remote imports probe). ffprobe reads from that server only.
//
//	s, err := contentServer.Open(ctx, remote.Request{URL: u})
//	…
//	res, err := client.ProbeURL(ctx, probe.RemoteInput{
//		Name: shown, Args: s.FFprobeInput(), Env: remote.FFprobeEnv, Err: s.Err}, opts)
type RemoteInput struct {
	// Name is the source as reported in Result.Input, format.filename and
	// errors: the URL without its query, which may hold a signature.
	Name string
	// Args confine ffprobe to the content server and end with the URL it
	// opens: Session.FFprobeInput() (-protocol_whitelist http,tcp,
	// -http_proxy, -rw_timeout, -recv_buffer_size, then the URL). They take
	// the place of the local "-protocol_whitelist file" and "file:" input;
	// the -format_whitelist stays, with hls and dash only when
	// Options.AllowManifests is set.
	Args []string
	// Env filters ffprobe's environment: remote.FFprobeEnv, which drops
	// the proxy variables (a no_proxy entry would let ffprobe bypass the
	// content server). Required.
	Env func(env []string) []string
	// Err is why the content server failed ffprobe (a refused fetch, the
	// byte budget, the time limit), or nil: Session.Err. ffprobe itself
	// only sees a broken transfer. Optional.
	Err func() error
}

// remoteProtocols are all a remote probe's -protocol_whitelist may name.
var remoteProtocols = []string{"http", "tcp"}

// validate refuses an input that would let ffprobe read anything but the
// content server: no URL, a URL that is not plain http, a protocol
// whitelist that admits more (file above all), no proxy, no Env.
func (in RemoteInput) validate() error {
	var problems []string
	if in.Name == "" {
		problems = append(problems, "the remote input has no name")
	}
	if in.Env == nil {
		problems = append(problems, "the remote input has no Env filter (remote.FFprobeEnv)")
	}
	if len(in.Args) == 0 || !strings.HasPrefix(in.Args[len(in.Args)-1], "http://") {
		problems = append(problems, "the remote input's last argument must be the content server's http:// URL")
	}
	whitelist, hasWhitelist := lastOptionValue(in.Args, "-protocol_whitelist")
	for p := range strings.SplitSeq(whitelist, ",") {
		if !slices.Contains(remoteProtocols, strings.TrimSpace(p)) {
			problems = append(problems, fmt.Sprintf("the remote input's -protocol_whitelist %q admits more than http and tcp", whitelist))
			break
		}
	}
	if !hasWhitelist {
		problems = append(problems, "the remote input sets no -protocol_whitelist")
	}
	if _, ok := lastOptionValue(in.Args, "-http_proxy"); !ok {
		problems = append(problems, "the remote input sets no -http_proxy (the content server)")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalidOptions, strings.Join(problems, "; "))
	}
	return nil
}

// lastOptionValue is the value after the last occurrence of option in
// args (ffprobe keeps the last value of a repeated option).
func lastOptionValue(args []string, option string) (string, bool) {
	for i := len(args) - 2; i >= 0; i-- {
		if args[i] == option {
			return args[i+1], true
		}
	}
	return "", false
}

// url is what ffprobe opens: the content server's URL.
func (in RemoteInput) url() string { return in.Args[len(in.Args)-1] }

// paths are the names of the input to remove from ffprobe's messages:
// the content server's URL carries the session's token.
func (in RemoteInput) paths() []string { return []string{in.url()} }

// ProbeURL analyses a remote source through its content server (see
// RemoteInput) with the same hardening, self-check and report as Probe:
// ffprobe runs with -protocol_whitelist http,tcp, the content server as
// its HTTP proxy, an environment without proxy variables, and the
// -format_whitelist, which admits hls and dash only when
// opts.AllowManifests is set.
//
// Errors name in.Name and are Probe's; when ffprobe fails and in.Err
// reports why (the content server refused a fetch, ran out of budget or
// time), the error wraps that reason first, ffprobe's own failure after.
func (c *Client) ProbeURL(ctx context.Context, in RemoteInput, opts Options) (*Result, error) {
	start := time.Now()
	if err := errors.Join(validateOptions(opts), in.validate()); err != nil {
		return nil, inputError(in.Name, err)
	}
	opts = withDefaults(opts, c.cfg.Defaults)
	version, err := c.Version(ctx)
	if err != nil {
		return nil, inputError(in.Name, err)
	}
	formats, err := c.formats.get(ctx, c.detectFormats)
	if err != nil {
		return nil, inputError(in.Name, err)
	}
	pin := probeInput{display: in.Name, whitelist: formats.whitelist(opts.AllowManifests), remote: &in}
	report, err := c.probeOnce(ctx, pin, opts)
	if err != nil {
		return nil, in.explain(ctx, err)
	}
	res := &Result{Input: in.Name, FFprobeVersion: version}
	res.Report, res.Retried, res.RetryReason, err = c.selfChecked(ctx, pin, opts, report)
	if err != nil {
		return nil, in.explain(ctx, err)
	}
	if foundNothing(res.Report, opts) {
		return nil, in.explain(ctx, notMedia(in.Name, "no streams found and no format named"))
	}
	res.Summary = Summarize(res.Report)
	res.Elapsed = time.Since(start)
	return res, nil
}

// explain puts the content server's reason before ffprobe's failure: a
// refused segment or a spent budget is what the caller must hear about.
func (in RemoteInput) explain(ctx context.Context, err error) error {
	if in.Err == nil || ctx.Err() != nil {
		return err
	}
	cause := in.Err()
	if cause == nil {
		return err
	}
	return fmt.Errorf("probe %s: %w; ffprobe then failed: %v", in.Name, cause, err)
}

// runInput runs ffprobe on one input: a local file as probeArgs has it,
// or a remote one with RemoteInput.Args in place of the local protocol
// whitelist and file: input, and RemoteInput.Env applied.
func (c *Client) runInput(ctx context.Context, in probeInput, opts Options) (*runResult, error) {
	args := probeArgs(in.abs, in.display, opts, in.whitelist, c.cfg.MaxAlloc)
	if in.remote == nil {
		return c.run(ctx, opts.Timeout, args...)
	}
	withEnv := &Client{cfg: c.cfg}
	withEnv.cfg.Command = commandWithEnv(c.cfg.Command, in.remote.Env)
	return withEnv.run(ctx, opts.Timeout, remoteArgs(args, in.remote.Args)...)
}

// remoteArgs is a local probe's command line with its "file:" input (the
// last argument) and its "-protocol_whitelist file" taken out and the
// remote input's arguments appended.
func remoteArgs(local, input []string) []string {
	local = local[:len(local)-1]
	args := make([]string, 0, len(local)+len(input))
	for i := 0; i < len(local); i++ {
		if local[i] == "-protocol_whitelist" && i+1 < len(local) && local[i+1] == "file" {
			i++
			continue
		}
		args = append(args, local[i])
	}
	return append(args, input...)
}

// commandWithEnv wraps command so that the process's environment (the
// inherited one unless command set its own) goes through filter.
func commandWithEnv(command func(context.Context, string, ...string) *exec.Cmd, filter func([]string) []string) func(context.Context, string, ...string) *exec.Cmd {
	return func(ctx context.Context, name string, args ...string) *exec.Cmd {
		cmd := command(ctx, name, args...)
		env := cmd.Env
		if env == nil {
			env = os.Environ()
		}
		// Never nil: run would take a nil environment for "inherit all".
		cmd.Env = append([]string{}, filter(env)...)
		return cmd
	}
}
