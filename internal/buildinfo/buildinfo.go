// Package buildinfo reports the version the binary was built as.
//
// Release builds set Version, Commit and Date with
// -ldflags "-X github.com/ffprobe-api/ffprobe-api/internal/buildinfo.Version=…";
// a plain `go install` build falls back to what debug.ReadBuildInfo knows.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Set by the linker in release builds.
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// Info is the build description printed by `ffprobe-api version`.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	Date      string `json:"date,omitempty"`
	GoVersion string `json:"go_version"`
	Modified  bool   `json:"modified,omitempty"`
}

// Get returns the build description, filling gaps from the module build info.
func Get() Info {
	info := Info{Version: Version, Commit: Commit, Date: Date, GoVersion: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if info.Commit == "" {
					info.Commit = s.Value
				}
			case "vcs.time":
				if info.Date == "" {
					info.Date = s.Value
				}
			case "vcs.modified":
				info.Modified = s.Value == "true"
			}
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	return info
}
