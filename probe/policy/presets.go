package policy

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// The built-in presets, one YAML file each; docs/policies.md lists their
// rules.
//
//go:embed presets/*.yaml
var presetFiles embed.FS

type presetEntry struct {
	policy *Policy
	err    error
}

// presets parses every embedded preset once. Policies are immutable, so
// callers share them.
var presets = sync.OnceValue(func() map[string]presetEntry {
	out := map[string]presetEntry{}
	files, _ := fs.Glob(presetFiles, "presets/*.yaml")
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".yaml")
		data, err := presetFiles.ReadFile(f)
		if err != nil {
			out[name] = presetEntry{err: err}
			continue
		}
		p, err := Parse("preset:"+name, data)
		if p != nil {
			p.Name, p.Source = name, "preset:"+name
		}
		out[name] = presetEntry{policy: p, err: err}
	}
	return out
})

// Presets lists the built-in presets' names, sorted.
func Presets() []string {
	names := make([]string, 0, len(presets()))
	for name := range presets() {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Preset returns a built-in preset by name ("web", not "preset:web").
func Preset(name string) (*Policy, error) {
	e, ok := presets()[name]
	if !ok {
		return nil, fmt.Errorf("policy preset:%s: no such preset; the presets are %s%s",
			name, presetList(), suggestion("preset:", name, Presets()))
	}
	return e.policy, e.err
}

func presetList() string { return strings.Join(Presets(), ", ") }
