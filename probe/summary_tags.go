package probe

import (
	"sort"
	"strings"
)

// ChapterSummary is one chapter mark.
type ChapterSummary struct {
	// Start is the chapter's start in seconds (ffprobe's start_time).
	Start float64 `json:"start"`
	// End is the chapter's end in seconds (ffprobe's end_time).
	End float64 `json:"end"`
	// Title is the chapter's title tag.
	Title string `json:"title"`
}

// CommonTags are the container's descriptive tags, matched
// case-insensitively (MP4 writes "title", Matroska "TITLE"); "" when
// absent. Every tag is also in Report.Format.Tags.
type CommonTags struct {
	// Title is the title tag.
	Title string `json:"title"`
	// Artist is the artist tag.
	Artist string `json:"artist"`
	// AlbumArtist is the album_artist tag.
	AlbumArtist string `json:"album_artist"`
	// Album is the album tag.
	Album string `json:"album"`
	// Genre is the genre tag.
	Genre string `json:"genre"`
	// Track is the track tag as written ("2", "2/10").
	Track string `json:"track"`
	// Date is the release date as written: date, else DATE_RELEASED
	// (Matroska), else year.
	Date string `json:"date"`
	// CreationTime is when the file was written (creation_time), as written
	// (usually RFC 3339).
	CreationTime string `json:"creation_time"`
	// Encoder is the writing application (encoder).
	Encoder string `json:"encoder"`
	// Comment is the comment tag.
	Comment string `json:"comment"`
	// Copyright is the copyright tag.
	Copyright string `json:"copyright"`
}

func commonTags(tags map[string]string) CommonTags {
	return CommonTags{
		Title:        tagValue(tags, "title"),
		Artist:       tagValue(tags, "artist"),
		AlbumArtist:  tagValue(tags, "album_artist"),
		Album:        tagValue(tags, "album"),
		Genre:        tagValue(tags, "genre"),
		Track:        tagValue(tags, "track"),
		Date:         tagValue(tags, "date", "date_released", "year"),
		CreationTime: tagValue(tags, "creation_time"),
		Encoder:      tagValue(tags, "encoder"),
		Comment:      tagValue(tags, "comment"),
		Copyright:    tagValue(tags, "copyright"),
	}
}

func summarizeChapters(chapters []Chapter) []ChapterSummary {
	out := make([]ChapterSummary, 0, len(chapters))
	for _, c := range chapters {
		out = append(out, ChapterSummary{
			Start: c.StartTime,
			End:   c.EndTime,
			Title: tagValue(c.Tags, "title"),
		})
	}
	return out
}

// tagValue is the value of the first of keys present in tags, matched
// case-insensitively (an exact match wins over a case-folded one); "" when
// none is.
func tagValue(tags map[string]string, keys ...string) string {
	for _, key := range keys {
		if v, ok := tags[key]; ok {
			return v
		}
		var folded []string
		for k := range tags {
			if strings.EqualFold(k, key) {
				folded = append(folded, k)
			}
		}
		if len(folded) > 0 {
			sort.Strings(folded)
			return tags[folded[0]]
		}
	}
	return ""
}

// setDispositions lists the disposition flags that are set, sorted.
func setDispositions(d map[string]int) []string {
	out := []string{}
	for name, v := range d {
		if v != 0 {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
