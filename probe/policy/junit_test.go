package policy

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// junitCases evaluates real media: MKVMulti against the tracks policy
// (passes, failures, a warning, a skipped rule, one that cannot be
// evaluated), WAV against podcast, and a file ffprobe could not analyse.
func junitFileResults(t *testing.T) []FileResult {
	tracks, err := Parse("tracks.yaml", []byte(tracksPolicy))
	if err != nil {
		t.Fatal(err)
	}
	podcast, err := Preset("podcast")
	if err != nil {
		t.Fatal(err)
	}
	multi := tracks.Evaluate(inputFor(t, testmedia.Path(t, testmedia.MKVMulti)))
	wav := podcast.Evaluate(inputFor(t, testmedia.Path(t, testmedia.WAV)))
	return []FileResult{
		{File: "media/multi.mkv", Result: &multi, Elapsed: 1500 * time.Millisecond},
		{File: "media/audio.wav", Result: &wav, Elapsed: 250 * time.Millisecond},
		{File: "media/notes.txt", Err: errors.New("probe media/notes.txt: not a media file, or a format that is not allowed"), Elapsed: 20 * time.Millisecond},
	}
}

// parsedSuites is JUnit XML read back independently of the writer's types.
type parsedSuites struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Time     string `xml:"time,attr"`
		Cases    []struct {
			Name      string    `xml:"name,attr"`
			Classname string    `xml:"classname,attr"`
			Time      string    `xml:"time,attr"`
			Failure   *struct{} `xml:"failure"`
			Error     *struct{} `xml:"error"`
			Skipped   *struct{} `xml:"skipped"`
			SystemOut string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, "ffprobe-api policy", junitFileResults(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "junit.golden.xml"), buf.Bytes())

	var doc parsedSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("the report is not XML: %v", err)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d test suites, want 1", len(doc.Suites))
	}
	s := doc.Suites[0]
	failures, errs, skipped := 0, 0, 0
	for _, c := range s.Cases {
		if c.Name == "" || c.Classname == "" {
			t.Errorf("test case without name or classname: %+v", c)
		}
		if _, err := strconv.ParseFloat(c.Time, 64); err != nil {
			t.Errorf("test case %s: time %q is not a number", c.Name, c.Time)
		}
		failures += count(c.Failure != nil)
		errs += count(c.Error != nil)
		skipped += count(c.Skipped != nil)
	}
	// tracks on multi.mkv: 9 outcomes, 3 failures, 1 error, 1 skipped, 1 warning;
	// podcast on audio.wav: 8 outcomes, 2 failures, 1 warning; notes.txt: 1 error.
	want := [4]int{18, 5, 2, 1}
	if got := [4]int{len(s.Cases), failures, errs, skipped}; got != want {
		t.Errorf("cases, failures, errors, skipped = %v, want %v", got, want)
	}
	if got := [4]int{s.Tests, s.Failures, s.Errors, s.Skipped}; got != want {
		t.Errorf("testsuite attributes = %v, want %v", got, want)
	}
	if got := [4]int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped}; got != want {
		t.Errorf("testsuites attributes = %v, want %v", got, want)
	}
	if s.Time != "1.770" || s.Name != "ffprobe-api policy" {
		t.Errorf("suite name %q time %q, want the files' total 1.770", s.Name, s.Time)
	}
	if out := s.Cases[2].SystemOut; out != "warning: subtitle stream 3 is forced" {
		t.Errorf("warning case system-out = %q", out)
	}
	checkJUnitShape(t, buf.Bytes())
}

// checkJUnitShape checks the report against the shape of the JUnit XSD
// that Jenkins and GitLab accept: only its elements, each in its parent,
// with its required attributes.
func checkJUnitShape(t *testing.T, data []byte) {
	t.Helper()
	parents := map[string]string{"testsuites": "", "testsuite": "testsuites", "testcase": "testsuite",
		"failure": "testcase", "error": "testcase", "skipped": "testcase", "system-out": "testcase"}
	required := map[string][]string{
		"testsuite": {"name", "tests", "failures", "errors", "skipped", "time"},
		"testcase":  {"name", "classname", "time"},
		"failure":   {"message", "type"},
		"error":     {"message", "type"},
		"skipped":   {"message"},
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			name, parent := el.Name.Local, ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			if want, ok := parents[name]; !ok || want != parent {
				t.Errorf("<%s> inside <%s>: not in the JUnit schema", name, parent)
			}
			for _, attr := range required[name] {
				if !hasAttr(el, attr) {
					t.Errorf("<%s> lacks %s=", name, attr)
				}
			}
			stack = append(stack, name)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

func hasAttr(el xml.StartElement, name string) bool {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return true
		}
	}
	return false
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

// golden compares got with the file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update after checking):\n%s", path, got)
	}
}
