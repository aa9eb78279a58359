//go:build !lean

package cmd

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func newConfigCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show, check and document the configuration",
		Example: `  ffprobe-api config show
  ffprobe-api config validate --config /etc/ffprobe-api/config.yaml
  ffprobe-api config reference > docs/configuration.md`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newConfigShowCmd(a), newConfigValidateCmd(a), newConfigReferenceCmd(a))
	return cmd
}

func newConfigShowCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Print the effective global configuration and every key set in the file or environment, secrets masked",
		Example: `  ffprobe-api config show
  FFPROBE_API_LOG_LEVEL=debug ffprobe-api config show`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			keys := map[string]bool{}
			for _, k := range a.v.AllKeys() {
				keys[k] = true
			}
			cmd.Root().PersistentFlags().VisitAll(func(f *pflag.Flag) { keys[f.Name] = true })
			names := make([]string, 0, len(keys))
			for k := range keys {
				names = append(names, k)
			}
			sort.Strings(names)
			if a.configFile != "" {
				fmt.Fprintf(a.streams.Out, "# config file: %s\n", a.configFile)
			}
			for _, k := range names {
				fmt.Fprintf(a.streams.Out, "%s: %s\n", k, maskSecret(k, fmt.Sprint(a.v.Get(k))))
			}
			return nil
		},
	}
}

func newConfigValidateCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check the config file: it parses, and every key in it is known",
		Long: `Check the config file: it parses as YAML and every key in it is a key that
some command reads (see docs/configuration.md). With --env production (or
FFPROBE_API_ENV=production) also run serve's production checks on the
configuration from file, environment and …_FILE secrets: weak or missing
secrets, Redis without a password, wildcard CORS, no TLS. Exits 0 when
valid, 2 otherwise, listing every problem.`,
		Example: `  ffprobe-api config validate --config /etc/ffprobe-api/config.yaml
  FFPROBE_API_JWT_SECRET_FILE=/run/secrets/jwt ffprobe-api config validate --env production`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{annotationTolerateConfigError: "true"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if a.configErr != nil {
				return withExitCode(ExitTrouble, a.configErr)
			}
			prodErr := productionCheck(a)
			if prodErr == nil && productionMode(a) {
				fmt.Fprintln(a.streams.Out, "production checks: no problems")
			}
			if a.configFile == "" {
				if prodErr != nil {
					return withExitCode(ExitTrouble, prodErr)
				}
				fmt.Fprintln(a.streams.Out, "no config file found; defaults, flags and environment apply")
				return nil
			}
			problems := unknownConfigKeys(cmd.Root(), fileKeys(a))
			for _, p := range problems {
				fmt.Fprintf(a.streams.ErrOut, "%s: %s\n", a.configFile, p)
			}
			if len(problems) > 0 {
				fileErr := fmt.Errorf("config file %s: %d problem(s)", a.configFile, len(problems))
				return withExitCode(ExitTrouble, errors.Join(fileErr, prodErr))
			}
			if prodErr != nil {
				return withExitCode(ExitTrouble, prodErr)
			}
			fmt.Fprintf(a.streams.Out, "%s: valid\n", a.configFile)
			return nil
		},
	}
	addEnvFlag(cmd.Flags())
	return cmd
}

func newConfigReferenceCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "reference",
		Short:   "Print the configuration reference (docs/configuration.md) as Markdown",
		Example: `  ffprobe-api config reference > docs/configuration.md`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeConfigReference(a.streams.Out, cmd.Root())
		},
	}
}

// fileKeys are the keys the config file itself sets.
func fileKeys(a *app) []string {
	if a.configFile == "" {
		return nil
	}
	data, err := os.ReadFile(a.configFile)
	if err != nil {
		return nil
	}
	return topLevelYAMLKeys(data)
}

// unknownConfigKeys lists the file's keys that no command reads.
func unknownConfigKeys(root *cobra.Command, inFile []string) []string {
	global, per := configKeys(root)
	known := map[string]bool{"config": true}
	for _, k := range global {
		known[k.Key] = true
	}
	for _, keys := range per {
		for _, k := range keys {
			known[k.Key] = true
		}
	}
	var problems []string
	for _, k := range inFile {
		if !known[k] {
			problems = append(problems, fmt.Sprintf("unknown key %q%s", k, suggestKey(k, known)))
		}
	}
	return problems
}

func suggestKey(k string, known map[string]bool) string {
	var close []string
	for c := range known {
		if strings.Contains(c, k) || strings.Contains(k, c) || strings.ReplaceAll(c, "-", "_") == k {
			close = append(close, c)
		}
	}
	slices.Sort(close)
	if len(close) == 0 {
		return " (see docs/configuration.md for the keys)"
	}
	return fmt.Sprintf("; did you mean %q?", close[0])
}

// maskSecret hides values of secret-looking keys and passwords in URLs.
func maskSecret(key, value string) string {
	lk := strings.ToLower(key)
	for _, s := range []string{"secret", "token", "password", "api-key", "apikey"} {
		if strings.Contains(lk, s) && value != "" {
			return "********"
		}
	}
	if u, err := url.Parse(value); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return value
}
