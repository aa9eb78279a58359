//go:build !lean

package cmd

import (
	"fmt"
	"os"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/security/production"
	"github.com/ffprobe-api/ffprobe-api/server"
	"github.com/spf13/pflag"
)

// addEnvFlag adds --env, which serve and config validate share.
func addEnvFlag(f *pflag.FlagSet) {
	f.String("env", string(production.Development), "deployment environment: development, or production, which refuses weak secrets and exposed services (also FFPROBE_API_ENV)")
}

// addProductionFlags adds serve's flags that production mode reads.
func addProductionFlags(f *pflag.FlagSet) {
	addEnvFlag(f)
	f.Bool("behind-proxy", false, "a reverse proxy in front of the server terminates TLS (production mode then accepts no --tls-cert; set --trusted-proxies too)")
}

// keyURLAllowPrivate is refused in production, beside production.Check's
// rules: it lets remote URLs reach the server's own network.
const keyURLAllowPrivate = "url-allow-private"

// productionMode reports whether --env (or FFPROBE_API_ENV) is production.
func productionMode(a *app) bool {
	env, err := production.ParseEnv(a.v.GetString("env"))
	return err == nil && env == production.Production
}

// productionCheck runs the production checks when --env (or
// FFPROBE_API_ENV) says production: nil in development, else every
// problem of the serve configuration at once, none showing a secret.
func productionCheck(a *app) error {
	env, err := production.ParseEnv(a.v.GetString("env"))
	if err != nil {
		return err
	}
	if env != production.Production {
		return nil
	}
	problems := production.Check(productionSettings(a))
	if private := listOf(a.v, keyURLAllowPrivate); len(private) > 0 {
		problems = append(problems, production.Problem{Key: keyURLAllowPrivate,
			Problem: fmt.Sprintf("admits %s for remote URLs, so a client could make the server fetch from its own network", strings.Join(private, ", ")),
			Fix:     "remove it: it is meant for tests; list the hosts remote URLs may name with --url-allow-hosts instead"})
	}
	return production.Error(problems)
}

// productionSettings are the serve keys the checks read, from flags,
// environment and config file. A secret not set that way is read from its
// FFPROBE_API_<KEY>_FILE here, since only serve's own flags have had that
// done (config validate has none of them).
func productionSettings(a *app) production.Settings {
	v := a.v
	s := production.Settings{
		CORSOrigins:           listOf(v, production.KeyCORSOrigins),
		TLSCert:               v.GetString(production.KeyTLSCert),
		TLSKey:                v.GetString(production.KeyTLSKey),
		BehindProxy:           v.GetBool(production.KeyBehindProxy),
		TrustedProxies:        listOf(v, production.KeyTrustedProxies),
		Addr:                  v.GetString("addr"),
		MetricsAddr:           v.GetString("metrics-addr"),
		PGPassword:            os.Getenv("PGPASSWORD"),
		BootstrapAdminKeyFile: v.GetString(production.KeyBootstrapAdminKeyFile),
		SecretFiles:           map[string]string{},
	}
	if s.Addr == "" {
		s.Addr = server.DefaultAddr
	}
	for key, dst := range map[string]*string{
		production.KeyJWTSecret: &s.JWTSecret, production.KeyDatabase: &s.DatabaseURL,
		production.KeyRedisURL: &s.RedisURL, production.KeyMetricsToken: &s.MetricsToken,
	} {
		*dst = v.GetString(key)
		file := os.Getenv(envVarOf(key) + "_FILE")
		if file == "" {
			continue
		}
		s.SecretFiles[key] = file
		if *dst == "" {
			if data, err := os.ReadFile(file); err == nil { // an unreadable file is a problem Check reports
				*dst = strings.TrimRight(string(data), "\r\n")
			}
		}
	}
	return s
}
