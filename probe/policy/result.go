package policy

import "encoding/json"

// Result is one file checked against one policy: an outcome per rule, or
// per rule and stream for per-stream rules.
type Result struct {
	Policy   string    `json:"policy"`
	Outcomes []Outcome `json:"outcomes"`
}

// Outcome is one rule's verdict.
type Outcome struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Passed is true when the rule held, or did not apply (Skipped).
	Passed bool `json:"passed"`
	// Skipped: the rule's when was false, or the file has no stream of
	// the rule's kind. Message says which.
	Skipped bool `json:"skipped,omitempty"`
	// StreamIndex is the stream a per-stream rule was evaluated on.
	StreamIndex *int `json:"stream_index,omitempty"`
	// Message is the rule's message, filled in, when it did not pass.
	Message string `json:"message,omitempty"`
	// Error is why the rule could not be evaluated (it then did not pass).
	Error string `json:"error,omitempty"`
}

// Passed counts the outcomes that held (not counting skipped ones).
func (r Result) Passed() int {
	return r.count(func(o Outcome) bool { return o.Passed && !o.Skipped })
}

// Errors counts the error-severity rules that did not pass: these fail
// the check.
func (r Result) Errors() int {
	return r.count(func(o Outcome) bool { return !o.Passed && o.Severity == SeverityError })
}

// Warnings counts the warning-severity rules that did not pass.
func (r Result) Warnings() int {
	return r.count(func(o Outcome) bool { return !o.Passed && o.Severity == SeverityWarning })
}

// Skipped counts the rules that did not apply.
func (r Result) Skipped() int {
	return r.count(func(o Outcome) bool { return o.Skipped })
}

// OK is true when no error-severity rule failed.
func (r Result) OK() bool { return r.Errors() == 0 }

func (r Result) count(match func(Outcome) bool) int {
	n := 0
	for _, o := range r.Outcomes {
		if match(o) {
			n++
		}
	}
	return n
}

// Counts are a Result's totals, as written in its JSON.
type Counts struct {
	Passed   int `json:"passed"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Skipped  int `json:"skipped"`
}

// MarshalJSON writes the outcomes with their totals and ok, so that
// readers of the JSON need not count:
//
//	{"policy":"web","ok":false,"counts":{"passed":5,"errors":1,…},"outcomes":[…]}
func (r Result) MarshalJSON() ([]byte, error) {
	outcomes := r.Outcomes
	if outcomes == nil {
		outcomes = []Outcome{}
	}
	return json.Marshal(struct {
		Policy   string    `json:"policy"`
		OK       bool      `json:"ok"`
		Counts   Counts    `json:"counts"`
		Outcomes []Outcome `json:"outcomes"`
	}{r.Policy, r.OK(), Counts{r.Passed(), r.Errors(), r.Warnings(), r.Skipped()}, outcomes})
}
