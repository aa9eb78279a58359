package probe

import "testing"

// TestWarmReportReachesEveryType: warmJSON gives up silently when its
// report does not decode, so the report must decode, with one of each
// object the report types hold.
func TestWarmReportReachesEveryType(t *testing.T) {
	r, err := ParseReport(warmReport)
	if err != nil {
		t.Fatalf("warmReport does not decode: %v", err)
	}
	if len(r.Streams) != 1 || len(r.Chapters) != 1 || len(r.Programs) != 1 || len(r.Programs[0].Streams) != 1 ||
		len(r.Frames) != 1 || len(r.Frames[0].SideDataList) != 1 || len(r.Streams[0].SideDataList) != 1 ||
		r.Format.Tags == nil || r.Streams[0].Disposition == nil {
		t.Errorf("warmReport lacks a kind of object: %+v", r)
	}
}
