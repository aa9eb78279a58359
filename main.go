// Command ffprobe-api analyses media files with ffprobe: at a terminal
// (probe), in CI (scan) and as an HTTP API (serve).
package main

import (
	"os"

	"github.com/ffprobe-api/ffprobe-api/cmd"
)

func main() {
	os.Exit(cmd.Main())
}
