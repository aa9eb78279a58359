package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ensure makes [off, off+n) available in the cache file, clipped to the
// file's size, fetching what is missing, and returns how many bytes from
// off are available: 0 means off is at or past the end.
func (r *resource) ensure(ctx context.Context, s *Session, off, n int64) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.size >= 0 {
		n = min(n, r.size-off)
	}
	if n <= 0 {
		return 0, nil
	}
	if !r.ranged {
		if err := r.readSequential(s, off+n); err != nil {
			return 0, err
		}
		return max(0, min(r.seqPos, off+n)-off), nil
	}
	for {
		gaps := r.have.missing(off, off+n)
		if len(gaps) == 0 {
			return n, nil
		}
		before := r.have.total()
		if err := r.fetchRange(ctx, s, gaps[0]); err != nil {
			return 0, err
		}
		if r.have.total() == before {
			return 0, fmt.Errorf("remote: %w: %s answered a range request with no bytes", ErrOrigin, r.shown)
		}
	}
}

// fetchRange asks the origin for gap and caches what it sends, which may
// be less than asked (some origins cap the size of a range).
func (r *resource) fetchRange(ctx context.Context, s *Session, gap span) error {
	if err := s.budget.reserve(gap.end - gap.start); err != nil {
		return err
	}
	ans, err := s.get(ctx, r, byteRange(gap.start, gap.end), r.validator)
	if err != nil {
		return err
	}
	defer ans.resp.Body.Close()
	if !ans.ranged || ans.start != gap.start || ans.total != r.size {
		return fmt.Errorf("remote: %w: %s stopped answering range requests as before (the file may have changed while it was read)",
			ErrOrigin, r.shown)
	}
	return r.copyRange(s, ans, gap.start, min(gap.end, ans.last+1)-gap.start)
}

// readSequential reads the one body in order until the file holds
// [0, upTo) or the body ends.
func (r *resource) readSequential(s *Session, upTo int64) error {
	if r.seqErr != nil || r.seqEOF || r.seqPos >= upTo {
		return r.seqErr
	}
	r.seqErr = r.readBody(s, upTo)
	return r.seqErr
}

func (r *resource) readBody(s *Session, upTo int64) error {
	w := io.NewOffsetWriter(r.file, r.seqPos)
	got, err := io.CopyN(w, s.budget.reader(r.seq), upTo-r.seqPos)
	r.seqPos += got
	switch {
	case errors.Is(err, io.EOF):
		r.seqEOF = true
		if r.size < 0 {
			r.size = r.seqPos
		}
		if r.seqPos < r.size {
			return fmt.Errorf("remote: %w: %s ended after %d of %d bytes", ErrOrigin, r.shown, r.seqPos, r.size)
		}
	case err != nil:
		return bodyError(err, "reading %s at offset %d", r.shown, r.seqPos)
	}
	return nil
}

// readAt reads cached bytes (already made available by ensure).
func (r *resource) readAt(p []byte, off int64) (int, error) {
	return r.file.ReadAt(p, off)
}
