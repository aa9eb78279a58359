package probe

import (
	"encoding/json"
	"sync"
)

// warmJSON has encoding/json build its decoders and encoders for the
// report and result types, once per process. The client starts it in the
// background as soon as an ffprobe process is running, so for a command
// that probes one file this reflection work (a tenth of the CLI's own
// cost on the benchmark machine, docs/benchmarks.md) is done while ffprobe
// loads its libraries instead of after it exits.
var warmJSON = sync.OnceFunc(func() {
	var r Report
	if err := json.Unmarshal(warmReport, &r); err != nil {
		return
	}
	_, _ = json.Marshal(Result{Summary: Summarize(&r), Report: &r})
})

// warmReport holds one of every object an ffprobe report can contain, so
// decoding it reaches every type that decoding a real report does.
var warmReport = []byte(`{
 "programs": [{"program_id": 1, "tags": {"service_name": "x"}, "streams": [{"index": 0, "codec_type": "video"}]}],
 "streams": [{"index": 0, "codec_type": "video", "width": 2, "height": 2, "sample_rate": "0", "start_time": "0.0",
  "disposition": {"default": 1}, "tags": {"language": "und"}, "side_data_list": [{"side_data_type": "x"}]}],
 "chapters": [{"id": 0, "start_time": "0.0", "end_time": "1.0", "tags": {"title": "x"}}],
 "frames": [{"media_type": "video", "stream_index": 0, "side_data_list": [{"side_data_type": "x"}]}],
 "format": {"format_name": "x", "duration": "1.0", "size": "1", "tags": {"title": "x"}}
}`)
