package remote

import (
	"bytes"
	"html"
	"regexp"
	"strings"
)

var (
	// dashURLElement is an element whose text is a URL: BaseURL, and the
	// refresh locations of live manifests.
	dashURLElement = regexp.MustCompile(`(<(?:[\w.-]+:)?(?:BaseURL|Location|PatchLocation)(?:\s[^>]*)?>)([^<]*)(<)`)
	// dashURLAttribute is an attribute whose value is a URL or a URL
	// template: SegmentTemplate media, initialization and index,
	// Initialization/RepresentationIndex/SegmentURL sourceURL and media,
	// and xlink:href of remote elements.
	dashURLAttribute = regexp.MustCompile(`(\s(?:media|initialization|index|sourceURL|xlink:href|href)\s*=\s*)("[^"]*"|'[^']*')`)
)

// rewriteDASH replaces the URL-bearing values of a DASH manifest with
// mapRef's answer (given the value with XML entities decoded). The
// rewriter is textual, so that everything else stays byte for byte; what
// it misses (a URL in CDATA, say) is still never dialled by ffprobe
// directly: FFprobeInput sends all of ffprobe's HTTP through this server,
// which refuses any URL it did not hand out.
func rewriteDASH(mpd []byte, mapRef func(string) string) []byte {
	out := dashURLElement.ReplaceAllFunc(mpd, func(m []byte) []byte {
		sub := dashURLElement.FindSubmatch(m)
		if len(bytes.TrimSpace(sub[2])) == 0 {
			return m // no text: a CDATA section or a child element follows
		}
		mapped := escapeXML(mapRef(html.UnescapeString(string(sub[2]))))
		return []byte(string(sub[1]) + mapped + string(sub[3]))
	})
	return dashURLAttribute.ReplaceAllFunc(out, func(m []byte) []byte {
		sub := dashURLAttribute.FindSubmatch(m)
		quoted := string(sub[2])
		value := html.UnescapeString(quoted[1 : len(quoted)-1])
		return []byte(string(sub[1]) + quoted[:1] + escapeXML(mapRef(value)) + quoted[:1])
	})
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func escapeXML(s string) string { return xmlEscaper.Replace(s) }
