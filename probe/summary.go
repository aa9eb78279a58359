package probe

// Summary is derived from a Report. PLACEHOLDER: the probe-report helper
// replaces this file with the full, documented type.
type Summary struct {
	Container string  `json:"container"`
	Duration  float64 `json:"duration"`
}
