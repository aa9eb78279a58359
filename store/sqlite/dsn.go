package sqlite

import (
	"net/url"
)

// busyTimeoutMillis is how long a connection waits for a lock held by
// another process (a second ffprobe-api, a checkpoint) before giving up.
const busyTimeoutMillis = "10000"

// role is what a connection is for.
type role int

const (
	writer role = iota // the one connection that writes
	reader             // the query_only pool
	backup             // a short-lived connection for VACUUM INTO, which query_only forbids
)

// dsn is the modernc.org/sqlite data source name for the file at the
// absolute path abs: a file: URI, so that any character in the path is
// escaped, with the pragmas every connection needs.
func dsn(abs string, r role) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+busyTimeoutMillis+")")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	switch r {
	case reader:
		q.Add("_pragma", "query_only(1)")
	case writer:
		// Take the write lock at BEGIN, so that a transaction never fails
		// half-way trying to upgrade a read lock.
		q.Set("_txlock", "immediate")
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}
	return u.String()
}
