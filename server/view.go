package server

import (
	"encoding/json"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/store"
)

// analysisJSON is an analysis as the API shows it (docs/openapi.yaml,
// schema Analysis).
type analysisJSON struct {
	ID             string          `json:"id"`
	OwnerID        string          `json:"owner_id"`
	Source         sourceJSON      `json:"source"`
	ContentHash    string          `json:"content_hash"`
	OptionsHash    string          `json:"options_hash"`
	FFprobeVersion string          `json:"ffprobe_version"`
	FileSize       int64           `json:"file_size"`
	BytesFetched   int64           `json:"bytes_fetched,omitempty"` // remote URLs: bytes taken from the origin
	Status         store.Status    `json:"status"`
	Error          string          `json:"error,omitempty"`
	Container      string          `json:"container"`
	VideoCodec     string          `json:"video_codec"`
	AudioCodec     string          `json:"audio_codec"`
	Duration       float64         `json:"duration"`
	BitRate        int64           `json:"bit_rate"`
	CreatedAt      time.Time       `json:"created_at"`
	Summary        json.RawMessage `json:"summary"`
	Policy         json.RawMessage `json:"policy"`           // null when no policy ran
	Report         *probe.Report   `json:"report,omitempty"` // the typed report; not in lists
	Links          linksJSON       `json:"links"`
}

type sourceJSON struct {
	Kind store.SourceKind `json:"kind"`
	Name string           `json:"name"`
}

type linksJSON struct {
	Self string `json:"self"`
	Raw  string `json:"raw"`
}

var jsonNull = json.RawMessage("null")

// analysisView shows a; withReport adds the typed report, parsed again
// from ffprobe's JSON (so a cached and a new analysis look the same).
func analysisView(a *store.Analysis, withReport bool) analysisJSON {
	self := "/api/v1/analyses/" + a.ID
	v := analysisJSON{
		ID: a.ID, OwnerID: a.OwnerID,
		Source:      sourceJSON{Kind: a.SourceKind, Name: a.SourceKey},
		ContentHash: a.ContentHash, OptionsHash: a.OptionsHash, FFprobeVersion: a.FFprobeVersion,
		FileSize: a.FileSize, BytesFetched: a.BytesFetched, Status: a.Status, Error: a.Error,
		Container: a.Container, VideoCodec: a.VideoCodec, AudioCodec: a.AudioCodec,
		Duration: a.Duration, BitRate: a.BitRate, CreatedAt: a.CreatedAt,
		Summary: orNull(a.Summary), Policy: orNull(a.PolicyResult),
		Links: linksJSON{Self: self, Raw: self + "/raw"},
	}
	if withReport && len(a.Report) > 0 {
		if r, err := probe.ParseReport(a.Report); err == nil {
			v.Report = r
		}
	}
	return v
}

func orNull(doc json.RawMessage) json.RawMessage {
	if len(doc) == 0 {
		return jsonNull
	}
	return doc
}

// analysisListJSON is one page of GET /api/v1/analyses.
type analysisListJSON struct {
	Analyses   []analysisJSON `json:"analyses"`
	NextCursor string         `json:"next_cursor,omitempty"`
}
