//go:build !lean

package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as the ffprobe-api binary inside
// testscript scripts, so CLI tests drive the real command line: real
// flags, real exit codes, real stdin/stdout/stderr, real ffprobe.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ffprobe-api": func() { os.Exit(Main()) },
	})
}

func TestScripts(t *testing.T) {
	ffprobe := testenv.FFprobe(t)
	samples := map[string]string{}
	for _, name := range testmedia.All() {
		samples[name] = testmedia.Path(t, name)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("FFPROBE", ffprobe)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, ".config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, ".data"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			env.Setenv("NO_COLOR", "1")
			for name, path := range samples {
				env.Setenv("MEDIA_"+envName(name), path)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"cpmedia": cmdCopyMedia,
		},
	})
}

// envName turns "h264_aac.mp4" into "H264_AAC_MP4".
func envName(name string) string {
	return strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(name))
}

// cmdCopyMedia copies a generated sample into the script's work dir under
// another (possibly odd) name: cpmedia h264_aac.mp4 -show_data.mp4
func cmdCopyMedia(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cpmedia SAMPLE DEST")
	}
	src := ts.Getenv("MEDIA_" + envName(args[0]))
	if src == "" {
		ts.Fatalf("unknown sample %q", args[0])
	}
	data, err := os.ReadFile(src)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}
