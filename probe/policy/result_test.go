package policy

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestResultJSON(t *testing.T) {
	zero, one := 0, 1
	r := Result{Policy: "web", Outcomes: []Outcome{
		{Rule: "container", Severity: SeverityError, Passed: true},
		{Rule: "video-codec", Severity: SeverityError, StreamIndex: &zero, Message: "video stream 0 is vp9; web delivery needs H.264"},
		{Rule: "bit-rate", Severity: SeverityWarning, Message: "too high"},
		{Rule: "audio-codec", Severity: SeverityError, StreamIndex: &one, Passed: true, Skipped: true, Message: "not applicable: no audio streams"},
	}}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"policy":"web","ok":false,"counts":{"passed":1,"errors":1,"warnings":1,"skipped":1},"outcomes":[` +
		`{"rule":"container","severity":"error","passed":true},` +
		`{"rule":"video-codec","severity":"error","passed":false,"stream_index":0,"message":"video stream 0 is vp9; web delivery needs H.264"},` +
		`{"rule":"bit-rate","severity":"warning","passed":false,"message":"too high"},` +
		`{"rule":"audio-codec","severity":"error","passed":true,"skipped":true,"stream_index":1,"message":"not applicable: no audio streams"}]}`
	if string(data) != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", data, want)
	}
	var back Result
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("round trip:\n%+v\nwant:\n%+v", back, r)
	}
	empty, err := json.Marshal(Result{Policy: "x"})
	if err != nil || string(empty) != `{"policy":"x","ok":true,"counts":{"passed":0,"errors":0,"warnings":0,"skipped":0},"outcomes":[]}` {
		t.Errorf("empty result: %s %v", empty, err)
	}
}
