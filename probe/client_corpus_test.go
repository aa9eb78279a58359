package probe

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
)

// clientCorpusEntry is one row of the corpus's MANIFEST.tsv: a file and plain
// ffprobe's verdict on it (`ffprobe -v error -show_format -show_streams`).
type clientCorpusEntry struct {
	name       string
	rc         int
	formatName string
	streams    int
}

func readClientCorpus(t *testing.T, dir string) []clientCorpusEntry {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes = '\t', true
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 2 || rows[0][0] != "local_name" || rows[0][6] != "ffprobe_rc" {
		t.Fatalf("MANIFEST.tsv: unexpected layout (%v)", err)
	}
	var entries []clientCorpusEntry
	for _, row := range rows[1:] {
		rc, err1 := strconv.Atoi(row[6])
		streams, err2 := strconv.Atoi(row[8])
		if err1 != nil || err2 != nil {
			t.Fatalf("MANIFEST.tsv row %q: %v %v", row[0], err1, err2)
		}
		entries = append(entries, clientCorpusEntry{name: row[0], rc: rc, formatName: row[7], streams: streams})
	}
	return entries
}

// isTypedProbeError is whether err is one of the errors Probe documents.
func isTypedProbeError(err error) bool {
	var pe *ProbeError
	for _, sentinel := range []error{ErrNotMedia, ErrTimeout, ErrOutputTooLarge, ErrNotInstalled, fs.ErrNotExist, fs.ErrPermission} {
		if errors.Is(err, sentinel) {
			return true
		}
	}
	return errors.As(err, &pe)
}

// TestCorpus probes every file of the real-world corpus: each either
// probes or gives a typed error; where plain ffprobe accepted a file, the
// hardened client accepts it too, with the same format and streams (the
// whitelist must not refuse real media).
func TestCorpus(t *testing.T) {
	dir := testenv.CorpusDir(t)
	client := realClient(t)
	for _, e := range readClientCorpus(t, dir) {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			res, err := client.Probe(t.Context(), filepath.Join(dir, e.name), Options{Timeout: 30 * time.Second})
			switch {
			case err != nil && !isTypedProbeError(err):
				t.Fatalf("untyped error: %v", err)
			case e.rc != 0 && err == nil:
				t.Errorf("plain ffprobe refused it, the client found %s with %d streams", res.Report.Format.FormatName, len(res.Report.Streams))
			case e.rc == 0 && err != nil:
				t.Errorf("plain ffprobe read it as %s; the client: %v", e.formatName, err)
			case e.rc == 0 && res.Report.Format.FormatName != e.formatName:
				t.Errorf("format %q, plain ffprobe said %q", res.Report.Format.FormatName, e.formatName)
			case e.rc == 0 && len(res.Report.Streams) != e.streams:
				t.Errorf("%d streams, plain ffprobe found %d (retried: %s)", len(res.Report.Streams), e.streams, res.RetryReason)
			}
		})
	}
}
