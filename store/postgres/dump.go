package postgres

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/ffprobe-api/ffprobe-api/store"
)

// ToolCommand is a pg_dump or pg_restore command line for one database.
// The password travels in the environment (PGPASSWORD), never in the
// arguments, where other users could read it.
type ToolCommand struct {
	Args     []string // after the program name
	Password string   // for PGPASSWORD; "" when the URL has none
	program  string
}

// String is the command as a user would type it, password masked.
func (c ToolCommand) String() string {
	var b strings.Builder
	if c.Password != "" {
		b.WriteString("PGPASSWORD=… ")
	}
	b.WriteString(c.program)
	for _, a := range c.Args {
		b.WriteString(" " + shellQuote(a))
	}
	return b.String()
}

// PgDumpCommand is the pg_dump command that backs up the database at
// rawURL into file, in pg_dump's custom format.
func PgDumpCommand(rawURL, file string) (ToolCommand, error) {
	conn, schemas, password, err := libpqURL(rawURL)
	if err != nil {
		return ToolCommand{}, err
	}
	args := []string{"--format=custom", "--no-password", "--file=" + file, "--dbname=" + conn}
	for _, s := range schemas {
		args = append(args, "--schema="+s)
	}
	return ToolCommand{program: "pg_dump", Args: args, Password: password}, nil
}

// PgRestoreCommand is the pg_restore command that loads a pg_dump file into
// the database at rawURL, replacing the objects it holds.
func PgRestoreCommand(rawURL, file string) (ToolCommand, error) {
	conn, _, password, err := libpqURL(rawURL)
	if err != nil {
		return ToolCommand{}, err
	}
	args := []string{"--clean", "--if-exists", "--no-owner", "--single-transaction", "--no-password", "--dbname=" + conn, file}
	return ToolCommand{program: "pg_restore", Args: args, Password: password}, nil
}

// libpqParams are the URL parameters libpq (and so pg_dump) understands;
// pgx accepts more (pool settings, run-time parameters) that libpq refuses.
var libpqParams = map[string]bool{
	"application_name": true, "channel_binding": true, "connect_timeout": true, "gssencmode": true,
	"keepalives": true, "keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"krbsrvname": true, "options": true, "passfile": true, "service": true, "sslcert": true,
	"sslcompression": true, "sslcrl": true, "sslkey": true, "sslmode": true, "sslrootcert": true,
	"sslsni": true, "target_session_attrs": true, "tcp_user_timeout": true, "host": true, "port": true,
}

// libpqURL splits a pgx URL into a libpq URL without the password, the
// schemas of its search_path and the password.
func libpqURL(rawURL string) (conn string, schemas []string, password string, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", nil, "", fmt.Errorf("%w: postgres URL %s is not a valid URL", store.ErrInvalid, store.Redact(rawURL))
	}
	if u.User != nil {
		password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if p := q.Get("password"); p != "" {
		password = p
	}
	for _, s := range strings.Split(q.Get("search_path"), ",") {
		if s = strings.TrimSpace(s); s != "" && s != "$user" {
			schemas = append(schemas, s)
		}
	}
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), schemas, password, nil
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_=./:@,+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
