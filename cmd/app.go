package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// app is what every command shares: the streams, the effective
// configuration and the logger. It is built once per command line.
type app struct {
	streams    *IOStreams
	v          *viper.Viper
	log        *slog.Logger
	configFile string // the config file that was read, "" if none
	configErr  error  // why the config file could not be read
}

// annotationTolerateConfigError marks commands (doctor) that report a bad
// config file instead of refusing to run.
const annotationTolerateConfigError = "tolerate-config-error"

const envPrefix = "FFPROBE_API"

// init loads the configuration (flags > environment > config file >
// defaults) and sets up logging. It runs before every command.
func (a *app) init(cmd *cobra.Command) error {
	v := viper.New()
	v.SetEnvPrefix(envPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	for _, set := range []*pflag.FlagSet{cmd.Flags(), cmd.InheritedFlags()} {
		if err := v.BindPFlags(set); err != nil {
			return err
		}
	}
	a.v = v
	if err := applySecretFiles(v, cmd); err != nil {
		return withExitCode(ExitTrouble, err)
	}

	path, explicit := v.GetString("config"), true
	if path == "" {
		path, explicit = defaultConfigFile(), false
	}
	if path != "" {
		v.SetConfigFile(path)
		v.SetConfigType("yaml")
		err := v.ReadInConfig()
		var pe *fs.PathError
		switch {
		case err == nil:
			a.configFile = path
		case !explicit && (errors.As(err, &pe) || errors.Is(err, fs.ErrNotExist)):
			// No config file is fine unless one was asked for.
		default:
			a.configErr = fmt.Errorf("config file %s: %w", path, unwrapConfigErr(err))
			if cmd.Annotations[annotationTolerateConfigError] == "" {
				return withExitCode(ExitTrouble, a.configErr)
			}
		}
	}

	log, err := newLogger(a.streams.ErrOut, v.GetString("log-format"), v.GetString("log-level"), a.streams.ErrTTY, a.streams.ErrTTY && os.Getenv("NO_COLOR") == "")
	if err != nil {
		return &usageError{err: err}
	}
	a.log = log
	slog.SetDefault(log)
	return nil
}

// defaultConfigFile is $XDG_CONFIG_HOME/ffprobe-api/config.yaml.
func defaultConfigFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "ffprobe-api", "config.yaml")
}

// defaultDataDir is $XDG_DATA_HOME/ffprobe-api (~/.local/share/ffprobe-api).
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "ffprobe-api")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "ffprobe-api")
	}
	return filepath.Join(home, ".local", "share", "ffprobe-api")
}

// defaultCacheDir is $XDG_CACHE_HOME/ffprobe-api (~/.cache/ffprobe-api):
// facts about the ffprobe binary kept between runs. "" when there is no
// cache folder; the probe client then detects them each time.
func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "ffprobe-api")
}

func unwrapConfigErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// envVarOf is the environment variable that sets key.
func envVarOf(key string) string {
	return envPrefix + "_" + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(key))
}

// applySecretFiles reads FFPROBE_API_<KEY>_FILE for every flag of cmd that
// was not set by flag or environment, so secrets can come from files
// (Kubernetes secrets, Vault agent). A trailing newline is dropped.
func applySecretFiles(v *viper.Viper, cmd *cobra.Command) error {
	var firstErr error
	visit := func(f *pflag.Flag) {
		file := os.Getenv(envVarOf(f.Name) + "_FILE")
		if file == "" || f.Changed || os.Getenv(envVarOf(f.Name)) != "" || firstErr != nil {
			return
		}
		data, err := os.ReadFile(file)
		if err != nil {
			firstErr = fmt.Errorf("%s_FILE: %w", envVarOf(f.Name), unwrapConfigErr(err))
			return
		}
		v.Set(f.Name, strings.TrimRight(string(data), "\r\n"))
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	return firstErr
}
