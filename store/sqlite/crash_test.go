package sqlite

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/store"
)

const crashChildEnv = "FFPROBE_API_TEST_CRASH_CHILD_DB"

// TestCrashChild is the child of TestCrashSafety: it inserts until killed
// and prints the ID of each analysis once its commit has returned.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("run by TestCrashSafety only")
	}
	db, err := Open(t.Context(), path, store.Options{Migrate: true})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	report := strings.Repeat(`{"k":"value that makes the WAL grow"},`, 100)
	for i := 0; ; i++ {
		a := &store.Analysis{SourceKind: store.SourceScan, SourceKey: fmt.Sprintf("/crash/%d", i),
			Status: store.StatusOK, Report: []byte("[" + report + "{}]")}
		if err := db.CreateAnalysis(t.Context(), a); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println(a.ID)
	}
}

// TestCrashSafety kills a writing process with SIGKILL and checks that the
// database it leaves is intact and holds every row it reported committed.
func TestCrashSafety(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	const killAfter = 400
	var committed []string
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		line := lines.Text()
		if strings.HasPrefix(line, "error:") {
			t.Fatalf("child: %s", line)
		}
		committed = append(committed, line)
		if len(committed) == killAfter {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
	}
	_ = cmd.Wait()
	if len(committed) < killAfter {
		t.Fatalf("child reported %d commits before it ended, want at least %d", len(committed), killAfter)
	}

	db, err := Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer db.Close()
	report, err := db.Check(t.Context())
	if err != nil || !report.OK() {
		t.Fatalf("check after the crash: %v %v", report, err)
	}
	for _, id := range committed {
		if _, err := db.GetAnalysis(t.Context(), id); err != nil {
			t.Fatalf("analysis %s reported committed before the kill: %v", id, err)
		}
	}
	t.Logf("%d commits reported before SIGKILL, all present", len(committed))
}
