//go:build !lean

package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// manPageDate is the date every generated man page carries. It is fixed so
// that regenerating the pages of unchanged commands changes no file.
var manPageDate = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// writeCompletionScripts writes one completion script per shell into dir
// (completions/ in the repository): ffprobe-api.bash, .zsh, .fish, .ps1.
func writeCompletionScripts(root *cobra.Command, dir string) error {
	for _, sh := range completionShells {
		var b bytes.Buffer
		if err := sh.write(root, &b, true); err != nil {
			return fmt.Errorf("%s completion: %w", sh.Name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, sh.File), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeManPages writes ffprobe-api(1) and one section-1 page per command
// below it (ffprobe-api-probe.1, ffprobe-api-policy-show.1, …) into dir
// (man/ in the repository), dated manPageDate.
func writeManPages(root *cobra.Command, dir string) error {
	root.DisableAutoGenTag = true
	header := &doc.GenManHeader{
		Section: "1",
		Date:    &manPageDate,
		Source:  "ffprobe-api",
		Manual:  "ffprobe-api manual",
	}
	return doc.GenManTree(root, header, dir)
}
