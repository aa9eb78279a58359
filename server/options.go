package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ffprobe-api/ffprobe-api/probe"
	"github.com/ffprobe-api/ffprobe-api/probe/policy"
)

// Limits on the probe options a request may ask for.
const (
	minProbeSize       = 32      // ffprobe's own minimum
	maxProbeSize       = 1 << 30 // 1 GiB read to find streams is already extreme
	maxAnalyzeDuration = time.Hour
	maxPolicyYAML      = 64 << 10
)

var knownSections = []string{"format", "streams", "chapters", "programs"}

// analysisOptions are what a request asks of an analysis, validated.
type analysisOptions struct {
	Sections        []string      // sorted, without duplicates; empty is all
	ProbeSize       int64         // 0 is ffprobe's default
	AnalyzeDuration time.Duration // 0 is ffprobe's default
	PolicyPreset    string        // a preset's name, or ""
	PolicyYAML      string        // an inline policy, or ""

	policy *policy.Policy // resolved from the preset or the YAML; nil for none
}

// rawOptions are the options as a request spells them, in JSON or as
// form fields of the same names.
type rawOptions struct {
	Sections        []string `json:"sections"`
	ProbeSize       int64    `json:"probesize"`
	AnalyzeDuration float64  `json:"analyzeduration"` // seconds
	Policy          string   `json:"policy"`          // a preset name: "web" or "preset:web"
	PolicyYAML      string   `json:"policy_yaml"`     // a whole policy file's YAML
}

// validate checks the options and resolves the policy. A policy is only
// ever a built-in preset or YAML sent in the request: never a file on the
// server's disk.
func (raw rawOptions) validate() (analysisOptions, error) {
	o := analysisOptions{ProbeSize: raw.ProbeSize}
	for _, s := range raw.Sections {
		s = strings.ToLower(strings.TrimSpace(s))
		if !slices.Contains(knownSections, s) {
			return o, errorf(CodeInvalidOption, "sections: %q is not one of %s", s, strings.Join(knownSections, ", "))
		}
		if !slices.Contains(o.Sections, s) {
			o.Sections = append(o.Sections, s)
		}
	}
	slices.Sort(o.Sections)
	if raw.ProbeSize != 0 && (raw.ProbeSize < minProbeSize || raw.ProbeSize > maxProbeSize) {
		return o, errorf(CodeInvalidOption, "probesize %d: want %d to %d bytes, or 0 for ffprobe's default", raw.ProbeSize, minProbeSize, maxProbeSize)
	}
	if !(raw.AnalyzeDuration >= 0 && raw.AnalyzeDuration <= maxAnalyzeDuration.Seconds()) { // NaN too
		return o, errorf(CodeInvalidOption, "analyzeduration %g: want 0 to %g seconds", raw.AnalyzeDuration, maxAnalyzeDuration.Seconds())
	}
	o.AnalyzeDuration = time.Duration(raw.AnalyzeDuration * float64(time.Second))
	pol, err := resolvePolicy(raw.Policy, raw.PolicyYAML)
	if err != nil {
		return o, err
	}
	o.policy, o.PolicyPreset, o.PolicyYAML = pol, strings.TrimPrefix(strings.TrimSpace(raw.Policy), "preset:"), raw.PolicyYAML
	return o, nil
}

func resolvePolicy(preset, yaml string) (*policy.Policy, error) {
	preset = strings.TrimPrefix(strings.TrimSpace(preset), "preset:")
	switch {
	case preset != "" && yaml != "":
		return nil, errorf(CodeInvalidPolicy, "give policy (a preset name) or policy_yaml, not both")
	case preset != "":
		if !slices.Contains(policy.Presets(), preset) {
			return nil, errorf(CodeInvalidPolicy, "policy %q is not a built-in preset; presets: %s (or send your own as policy_yaml)", preset, strings.Join(policy.Presets(), ", "))
		}
		p, err := policy.Preset(preset)
		if err != nil {
			return nil, wrapError(CodeInternal, err, "built-in policy %q could not be loaded", preset)
		}
		return p, nil
	case yaml != "":
		if len(yaml) > maxPolicyYAML {
			return nil, errorf(CodeInvalidPolicy, "policy_yaml is %d bytes; the limit is %d", len(yaml), maxPolicyYAML)
		}
		p, err := policy.Parse("policy_yaml", []byte(yaml))
		if err != nil {
			return nil, errorf(CodeInvalidPolicy, "%s", err.Error())
		}
		return p, nil
	}
	return nil, nil
}

// probeOptions are the options handed to ffprobe.
func (o analysisOptions) probeOptions(timeout time.Duration) probe.Options {
	return probe.Options{Sections: o.Sections, ProbeSize: o.ProbeSize, AnalyzeDuration: o.AnalyzeDuration, Timeout: timeout}
}

// hash identifies the question asked, for the cache: the options that
// change the answer (not the timeout) and the policy.
func (o analysisOptions) hash() string {
	policyKey := ""
	switch {
	case o.PolicyPreset != "":
		policyKey = "preset:" + o.PolicyPreset
	case o.PolicyYAML != "":
		sum := sha256.Sum256([]byte(o.PolicyYAML))
		policyKey = "yaml:" + hex.EncodeToString(sum[:])
	}
	canonical, _ := json.Marshal(struct {
		V               int      `json:"v"`
		Sections        []string `json:"sections"`
		ProbeSize       int64    `json:"probesize"`
		AnalyzeDuration int64    `json:"analyzeduration_us"`
		Policy          string   `json:"policy"`
	}{1, o.Sections, o.ProbeSize, o.AnalyzeDuration.Microseconds(), policyKey})
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// setFormField sets one option from a multipart form field.
func (raw *rawOptions) setFormField(name, value string) error {
	var err error
	switch name {
	case "sections":
		for s := range strings.SplitSeq(value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				raw.Sections = append(raw.Sections, s)
			}
		}
	case "probesize":
		raw.ProbeSize, err = strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	case "analyzeduration":
		raw.AnalyzeDuration, err = strconv.ParseFloat(strings.TrimSpace(value), 64)
	case "policy":
		raw.Policy = value
	case "policy_yaml":
		raw.PolicyYAML = value
	default:
		return errorf(CodeBadRequest, "form field %q is unknown; fields are file, sections, probesize, analyzeduration, policy, policy_yaml", name)
	}
	if err != nil {
		return errorf(CodeInvalidOption, "form field %q: %q is not a number", name, value)
	}
	return nil
}
