package store

import (
	"errors"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		name string
		raw  string
		want Location
		err  string
	}{
		{"sqlite absolute", "sqlite:///var/lib/ffprobe-api/db.sqlite", Location{Kind: KindSQLite, Path: "/var/lib/ffprobe-api/db.sqlite"}, ""},
		{"sqlite relative", "sqlite:data/x.db", Location{Kind: KindSQLite, Path: "data/x.db"}, ""},
		{"sqlite relative with slashes", "sqlite://x.db", Location{Kind: KindSQLite, Path: "x.db"}, ""},
		{"bare absolute path", "/tmp/a b.db", Location{Kind: KindSQLite, Path: "/tmp/a b.db"}, ""},
		{"bare relative path", "ffprobe.db", Location{Kind: KindSQLite, Path: "ffprobe.db"}, ""},
		{"path with a colon", "./media:v1.db", Location{Kind: KindSQLite, Path: "./media:v1.db"}, ""},
		{"postgres", "postgres://u:p@db:5432/x?sslmode=verify-full", Location{Kind: KindPostgres, URL: "postgres://u:p@db:5432/x?sslmode=verify-full"}, ""},
		{"postgresql", "postgresql://db/x", Location{Kind: KindPostgres, URL: "postgresql://db/x"}, ""},
		{"surrounding spaces", "  sqlite:x.db\n", Location{Kind: KindSQLite, Path: "x.db"}, ""},
		{"empty", "", Location{}, "empty"},
		{"sqlite without a file", "sqlite:", Location{}, "names no file"},
		{"mysql", "mysql://u:secret@h/db", Location{}, `scheme "mysql" is not supported`},
		{"postgres with a broken password", "postgres://u:p%zz@h/db", Location{}, "percent-encoded"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseURL(c.raw)
			if c.err != "" {
				if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("ParseURL(%q) error %v, want ErrInvalid containing %q", c.raw, err, c.err)
				}
				if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "p%zz") {
					t.Fatalf("error leaks the password: %v", err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("ParseURL(%q) = %+v, %v; want %+v", c.raw, got, err, c.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	cases := []struct{ name, raw, want string }{
		{"password in user part", "postgres://app:s3cret@db:5432/ffprobe?sslmode=require", "postgres://app:xxxxx@db:5432/ffprobe?sslmode=require"},
		{"user without password", "postgres://app@db/x", "postgres://app@db/x"},
		{"password parameter", "postgres://db/x?user=app&password=s3cret&sslmode=disable", "postgres://db/x?user=app&password=xxxxx&sslmode=disable"},
		{"keyword form", "host=db user=app password=s3cret dbname=x", "host=db user=app password=xxxxx dbname=x"},
		{"@ in the password", "postgres://app:p@ss@db/x", "postgres://app:xxxxx@db/x"},
		{"/ in the password", "postgres://app:pa/ss@db/x", "postgres://app:xxxxx@db/x"},
		{"@ in a parameter", "postgres://app:pw@db/x?application_name=a@b", "postgres://app:xxxxx@db/x?application_name=a@b"},
		{"no secrets", "sqlite:///tmp/x.db", "sqlite:///tmp/x.db"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Redact(c.raw)
			if got != c.want {
				t.Fatalf("Redact(%q) = %q, want %q", c.raw, got, c.want)
			}
			for _, secret := range []string{"s3cret", "p@ss", "pa/ss"} {
				if strings.Contains(got, secret) {
					t.Fatalf("Redact(%q) leaks %q", c.raw, secret)
				}
			}
		})
	}
	loc := Location{Kind: KindPostgres, URL: "postgres://a:s3cret@h/db"}
	if strings.Contains(loc.String(), "s3cret") {
		t.Fatalf("Location.String leaks: %s", loc)
	}
}
