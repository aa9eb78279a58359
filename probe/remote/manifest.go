package remote

import (
	"bytes"
	"context"
	"fmt"
)

// contentKind is what a resource holds.
type contentKind int

const (
	media contentKind = iota
	hlsPlaylist
	dashManifest
)

func (k contentKind) String() string {
	return [...]string{"media", "an HLS playlist", "a DASH manifest"}[k]
}

// sniffKind tells manifests from media by their first bytes, as ffprobe's
// own probes do (hls: "#EXTM3U" at the start; dash: "<MPD" in what it
// probes, in any case), a little more broadly: a byte-order mark or
// blank space before "#EXTM3U" still makes a playlist. The Content-Type
// is not trusted either way: ffprobe does not look at it.
func sniffKind(head []byte) contentKind {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("#EXTM3U")):
		return hlsPlaylist
	case bytes.Contains(bytes.ToLower(head), []byte("<mpd")):
		return dashManifest
	}
	return media
}

// sniff sets r.kind from the first bytes in the cache file.
func (r *resource) sniff() error {
	head := make([]byte, min(int64(firstFetch), r.held()))
	if _, err := r.file.ReadAt(head, 0); err != nil {
		return fmt.Errorf("remote: cache file: %w", err)
	}
	r.kind = sniffKind(head)
	return nil
}

// held is how many bytes from offset 0 the cache file holds.
func (r *resource) held() int64 {
	if !r.ranged {
		return r.seqPos
	}
	if len(r.have) == 0 || r.have[0].start != 0 {
		return 0
	}
	return r.have[0].end
}

// loadManifest reads the whole manifest (at most limit bytes) and returns
// it as fetched.
func (r *resource) loadManifest(ctx context.Context, s *Session, limit int64) ([]byte, error) {
	r.mu.Lock()
	size := r.size
	r.mu.Unlock()
	if size > limit {
		return nil, fmt.Errorf("remote: %w: %s is %s of %d bytes, more than the limit of %d", ErrOrigin, r.shown, r.kind, size, limit)
	}
	n, err := r.ensure(ctx, s, 0, limit+1)
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, fmt.Errorf("remote: %w: %s is %s larger than %d bytes", ErrOrigin, r.shown, r.kind, limit)
	}
	body := make([]byte, n)
	if _, err := r.readAt(body, 0); err != nil {
		return nil, fmt.Errorf("remote: cache file: %w", err)
	}
	return body, nil
}
