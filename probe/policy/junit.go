package policy

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// FileResult is one file's verdict, for a JUnit report.
type FileResult struct {
	File    string        // the input as the user named it
	Result  *Result       // nil when Err is set
	Err     error         // the file could not be analysed
	Elapsed time.Duration // probing and checking it
}

// The JUnit XML shape Jenkins and GitLab read (the de-facto junit-10.xsd).
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Time     string      `xml:"time,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Skipped   *junitMessage `xml:"skipped"`
		Failure   *junitMessage `xml:"failure"`
		Error     *junitMessage `xml:"error"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitMessage struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",chardata"`
	}
)

// WriteJUnit writes one test suite with a test case per file and rule (per
// stream for per-stream rules), for CI dashboards:
//
//   - an error-severity violation is a <failure>;
//   - a warning passes, its message in <system-out> (CI stays green);
//   - a rule that did not apply is <skipped>;
//   - a rule that could not be evaluated, and a file that could not be
//     analysed (one test case named "analyse"), are an <error>.
//
// classname is the file, name the rule. Test cases carry time 0 (a rule
// takes microseconds); the suite's time is the files' total.
func WriteJUnit(w io.Writer, suiteName string, cases []FileResult) error {
	suite := junitSuite{Name: suiteName, Cases: []junitCase{}}
	var total time.Duration
	for _, fr := range cases {
		total += fr.Elapsed
		suite.Cases = append(suite.Cases, junitCases(fr)...)
	}
	for _, c := range suite.Cases {
		suite.Tests++
		switch {
		case c.Failure != nil:
			suite.Failures++
		case c.Error != nil:
			suite.Errors++
		case c.Skipped != nil:
			suite.Skipped++
		}
	}
	suite.Time = seconds(total)
	doc := junitSuites{Name: suiteName, Tests: suite.Tests, Failures: suite.Failures,
		Errors: suite.Errors, Skipped: suite.Skipped, Time: suite.Time, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitCases(fr FileResult) []junitCase {
	if fr.Err != nil || fr.Result == nil {
		msg := "no result"
		if fr.Err != nil {
			msg = fr.Err.Error()
		}
		return []junitCase{{Name: "analyse", Classname: fr.File, Time: seconds(0),
			Error: &junitMessage{Message: msg, Type: "analysis_error", Text: msg}}}
	}
	out := make([]junitCase, 0, len(fr.Result.Outcomes))
	for _, o := range fr.Result.Outcomes {
		c := junitCase{Name: caseName(o), Classname: fr.File, Time: seconds(0)}
		switch {
		case o.Error != "":
			c.Error = &junitMessage{Message: o.Message, Type: "evaluation_error", Text: o.Message}
		case o.Skipped:
			c.Skipped = &junitMessage{Message: o.Message}
		case !o.Passed && o.Severity == SeverityError:
			c.Failure = &junitMessage{Message: o.Message, Type: string(o.Severity), Text: o.Message}
		case !o.Passed:
			c.SystemOut = "warning: " + o.Message
		}
		out = append(out, c)
	}
	return out
}

// caseName is the rule, with the stream for per-stream rules.
func caseName(o Outcome) string {
	if o.StreamIndex != nil {
		return fmt.Sprintf("%s (stream %d)", o.Rule, *o.StreamIndex)
	}
	return o.Rule
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
