package scan

import (
	"fmt"
	"path/filepath"
	"strings"
)

// DefaultExtensions are the file name extensions a scan probes unless told
// otherwise: the common video, audio, image and subtitle containers and
// elementary streams ffprobe reads. Compared without case.
var DefaultExtensions = []string{
	// Video containers.
	"3g2", "3gp", "asf", "avi", "cmfv", "divx", "dv", "f4v", "flv", "ismv", "m2t", "m2ts", "m2v",
	"m4s", "m4v", "mj2", "mkv", "mov", "mp4", "mpeg", "mpg", "mts", "mxf", "nut", "ogm", "ogv",
	"oggtheora", "rm", "rmvb", "swf", "ts", "vob", "webm", "wmv", "y4m",
	// Video elementary streams.
	"264", "265", "266", "av1", "avc", "h264", "h265", "h266", "hevc", "ivf", "obu", "vvc",
	// Audio.
	"aac", "ac3", "adts", "aif", "aifc", "aiff", "alac", "amr", "ape", "au", "caf", "dff", "dsf",
	"dts", "eac3", "flac", "isma", "m4a", "m4b", "mid", "midi", "mka", "mp2", "mp3", "mpa", "mpc",
	"ofr", "oga", "ogg", "oggflac", "opus", "ra", "spx", "tak", "tta", "w64", "wav", "weba",
	"wma", "wv",
	// Images.
	"bmp", "gif", "jpeg", "jpg", "png", "tif", "tiff", "webp",
	// Subtitles and captions.
	"ass", "ismt", "scc", "srt", "ssa", "sup", "ttml", "vtt",
}

// Filter decides which files of a tree a scan probes.
type Filter struct {
	// Include, when not empty, keeps only the files matching one of these
	// globs (see glob for the syntax); directories are always entered.
	Include []string
	// Exclude drops the files and directories (with everything below)
	// matching one of these globs. It wins over Include.
	Exclude []string
	// Extensions are the file name extensions probed, without the dot,
	// compared without case; nil means DefaultExtensions.
	Extensions []string
	// AllFiles probes every regular file whatever its extension.
	AllFiles bool
	// FollowSymlinks enters symlinked directories and probes symlinked
	// files; otherwise symlinks are skipped. Loops are detected.
	FollowSymlinks bool
}

// compiledFilter is a Filter ready to match.
type compiledFilter struct {
	include, exclude []glob
	extensions       map[string]bool // nil: every extension
	followSymlinks   bool
}

func (f Filter) compile() (*compiledFilter, error) {
	inc, err := compileGlobs(f.Include)
	if err != nil {
		return nil, fmt.Errorf("--include: %w", err)
	}
	exc, err := compileGlobs(f.Exclude)
	if err != nil {
		return nil, fmt.Errorf("--exclude: %w", err)
	}
	c := &compiledFilter{include: inc, exclude: exc, followSymlinks: f.FollowSymlinks}
	if !f.AllFiles {
		exts := f.Extensions
		if exts == nil {
			exts = DefaultExtensions
		}
		c.extensions = map[string]bool{}
		for _, e := range exts {
			e = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(e), "."))
			if e == "" || strings.ContainsAny(e, `/\`) {
				return nil, fmt.Errorf("--ext %q: want an extension such as mp4", e)
			}
			c.extensions[e] = true
		}
	}
	return c, nil
}

// skipReason is why a file is not probed, or "" when it is. rel is the
// slash-separated path below the root.
func (c *compiledFilter) skipReason(rel string) SkipReason {
	if matchAny(c.exclude, rel) {
		return SkipExcluded
	}
	if len(c.include) > 0 && !matchAny(c.include, rel) {
		return SkipNotIncluded
	}
	if c.extensions != nil {
		ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(rel), "."))
		if !c.extensions[ext] {
			return SkipExtension
		}
	}
	return ""
}

// prunes reports whether the directory rel and all below it are excluded.
func (c *compiledFilter) prunes(rel string) bool {
	return rel != "." && matchAny(c.exclude, rel)
}

// SkipReason says why a file found by the walk was not probed.
type SkipReason string

const (
	SkipExcluded    SkipReason = "excluded"       // matched an --exclude glob
	SkipNotIncluded SkipReason = "not included"   // matched no --include glob
	SkipExtension   SkipReason = "extension"      // not a media extension (see --ext, --all-files)
	SkipSymlink     SkipReason = "symlink"        // a symlink, not followed without --follow-symlinks
	SkipDuplicate   SkipReason = "already listed" // the same file reached again through a symlink
)
