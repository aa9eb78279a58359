package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"sync"
)

// firstFetch is how many bytes the first request for a resource asks for:
// enough to tell a manifest from media and to read most file headers.
const firstFetch = 64 << 10

// resource is one origin URL and what has been read of it, cached in a
// file of the session's folder so that repeated reads cost nothing.
type resource struct {
	key   string // absolute origin URL, query included
	shown string // key without query, for messages

	mu       sync.Mutex
	opened   bool
	openErr  error
	finalURL *url.URL // after redirects: later requests go there; the base of relative references
	kind     contentKind

	prepMu   sync.Mutex
	prepared bool
	manifest []byte // the rewritten manifest, for kind hls and dash
	prepErr  error

	file      *os.File
	size      int64 // -1 while unknown
	ranged    bool  // the origin honours Range
	validator string
	have      intervals // ranged: what the file holds

	seq    io.ReadCloser // not ranged: the one body, read in order
	seqPos int64         // not ranged: the file holds [0, seqPos)
	seqEOF bool
	seqErr error // the body failed; it cannot be read further
}

// open makes the first request (once) and sniffs the content.
func (r *resource) open(ctx context.Context, s *Session) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.opened {
		r.opened = true
		r.openErr = r.firstRequest(ctx, s)
	}
	return r.openErr
}

func (r *resource) firstRequest(ctx context.Context, s *Session) error {
	if err := s.budget.reserve(1); err != nil {
		return err
	}
	file, err := os.CreateTemp(s.dir, "resource-*")
	if err != nil {
		return fmt.Errorf("remote: cache file: %w", err)
	}
	r.file, r.size = file, -1
	ans, err := s.get(ctx, r, byteRange(0, firstFetch), "")
	if err != nil {
		return err
	}
	if ans.ranged && (ans.start != 0 || ans.total < 0) {
		// A range we did not ask for, or no file size: read it whole.
		ans.resp.Body.Close()
		if ans, err = s.get(ctx, r, "", ""); err != nil {
			return err
		}
	}
	r.validator = validator(ans.resp)
	if ans.ranged {
		err = r.startRanged(s, ans)
	} else {
		err = r.startSequential(s, ans)
	}
	r.finalURL = ans.finalURL
	if err != nil {
		return err
	}
	return r.sniff()
}

func (r *resource) startRanged(s *Session, ans *originAnswer) error {
	defer ans.resp.Body.Close()
	r.ranged, r.size = true, ans.total
	return r.copyRange(s, ans, 0, min(firstFetch, ans.last+1))
}

func (r *resource) startSequential(s *Session, ans *originAnswer) error {
	r.seq, r.size = ans.resp.Body, ans.total
	return r.readSequential(s, firstFetch)
}

// copyRange writes n bytes of the body of ans, which starts at start,
// into the file and records them. A shorter body is an error.
func (r *resource) copyRange(s *Session, ans *originAnswer, start, n int64) error {
	w := io.NewOffsetWriter(r.file, start)
	got, err := io.CopyN(w, s.budget.reader(ans.resp.Body), n)
	r.have.add(start, start+got)
	if err != nil {
		return bodyError(err, "%s sent %d of the %d bytes asked for at offset %d", r.shown, got, n, start)
	}
	return nil
}

// bodyError is a failed read of an origin's body: the budget, the time
// limit or the session's end as they are, anything else ErrOrigin.
func bodyError(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	switch {
	case errors.Is(err, ErrBudgetExceeded):
		return err
	case errors.Is(err, ErrTimeout), errors.Is(err, ErrClosed), errors.Is(err, context.Canceled):
		return fmt.Errorf("remote: %s: %w", what, err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("remote: %w: %s: the body ended early", ErrOrigin, what)
	}
	return fmt.Errorf("remote: %w: %s: %v", ErrOrigin, what, err)
}

// close releases the body and the cache file (the session removes its
// folder).
func (r *resource) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seq != nil {
		r.seq.Close()
	}
	if r.file != nil {
		r.file.Close()
	}
}

// emptyFile reports whether the origin said the file has no bytes.
func (r *resource) emptyFile() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.size == 0
}

// rewriteOnce runs rewrite the first time and keeps its result (or
// error) as the manifest served.
func (r *resource) rewriteOnce(rewrite func() ([]byte, error)) error {
	r.prepMu.Lock()
	defer r.prepMu.Unlock()
	if !r.prepared {
		r.prepared = true
		r.manifest, r.prepErr = rewrite()
	}
	return r.prepErr
}
