package scan

import (
	"fmt"
	"path"
	"strings"
)

// glob is one --include or --exclude pattern.
//
// A pattern is matched against a path relative to the scanned root, with
// forward slashes, one segment at a time with path.Match (so *, ? and
// [a-z] never cross a slash), and ** stands for any number of segments,
// none included. A pattern without a slash matches the base name at any
// depth, as in .gitignore: "*.tmp" is "**/*.tmp".
type glob struct {
	text     string
	segments []string
}

func compileGlob(pattern string) (glob, error) {
	p := strings.Trim(strings.ReplaceAll(pattern, `\`, "/"), "/")
	if p == "" {
		return glob{}, fmt.Errorf("glob %q is empty", pattern)
	}
	if !strings.Contains(p, "/") {
		p = "**/" + p
	}
	g := glob{text: pattern, segments: strings.Split(p, "/")}
	for _, seg := range g.segments {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return glob{}, fmt.Errorf("glob %q: malformed segment %q (check the [ ] brackets)", pattern, seg)
		}
	}
	return g, nil
}

func compileGlobs(patterns []string) ([]glob, error) {
	globs := make([]glob, 0, len(patterns))
	for _, p := range patterns {
		g, err := compileGlob(p)
		if err != nil {
			return nil, err
		}
		globs = append(globs, g)
	}
	return globs, nil
}

// match reports whether rel (slash-separated, relative to the root)
// matches the pattern.
func (g glob) match(rel string) bool {
	return matchSegments(g.segments, strings.Split(rel, "/"))
}

func matchSegments(pattern, name []string) bool {
	for len(pattern) > 0 {
		if pattern[0] == "**" {
			rest := pattern[1:]
			for i := 0; i <= len(name); i++ {
				if matchSegments(rest, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pattern[0], name[0]); !ok {
			return false
		}
		pattern, name = pattern[1:], name[1:]
	}
	return len(name) == 0
}

func matchAny(globs []glob, rel string) bool {
	for _, g := range globs {
		if g.match(rel) {
			return true
		}
	}
	return false
}
