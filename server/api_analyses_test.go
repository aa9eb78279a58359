package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
)

func TestUploadThenCacheHit(t *testing.T) {
	s := startServer(t)
	first := s.uploadSample(t, "", testmedia.H264AAC, nil)
	if first.StatusCode != http.StatusCreated || first.Header.Get("X-Cache") != "miss" {
		t.Fatalf("first upload = %d, X-Cache %q: %s", first.StatusCode, first.Header.Get("X-Cache"), first.Body)
	}
	var a analysis
	first.JSON(t, &a)
	if a.Source.Kind != "upload" || a.Source.Name != testmedia.H264AAC || a.OwnerID != "admin-id" {
		t.Errorf("source, owner = %+v, %q", a.Source, a.OwnerID)
	}
	if a.Container != "mp4" || a.VideoCodec != "h264" || a.AudioCodec != "aac" || len(a.Summary.Video) != 1 || a.Summary.Video[0].Width != 320 {
		t.Errorf("facts = %s/%s/%s %+v", a.Container, a.VideoCodec, a.AudioCodec, a.Summary.Video)
	}
	if a.Report == nil || a.Report.Format.Filename != testmedia.H264AAC {
		t.Errorf("report.format.filename = %+v, want the upload's name", a.Report)
	}
	if loc := first.Header.Get("Location"); loc != "/api/v1/analyses/"+a.ID {
		t.Errorf("Location = %q", loc)
	}
	if files := s.tempFiles(t); len(files) != 0 {
		t.Errorf("the upload is still in the temporary directory: %v", files)
	}

	again := s.uploadSample(t, "", testmedia.H264AAC, nil)
	var b analysis
	again.JSON(t, &b)
	if again.StatusCode != http.StatusOK || again.Header.Get("X-Cache") != "hit" || b.ID != a.ID {
		t.Fatalf("second upload = %d, X-Cache %q, id %s (first %s)", again.StatusCode, again.Header.Get("X-Cache"), b.ID, a.ID)
	}
	if got := s.metric(t, `ffprobe_api_probes_total{result="ok"}`); got != 1 {
		t.Errorf("ffprobe ran %v times, want 1", got)
	}
	if got := s.metric(t, "ffprobe_api_cache_hits_total"); got != 1 {
		t.Errorf("cache hits = %v, want 1", got)
	}
	if got := s.metric(t, "ffprobe_api_temp_bytes"); got != 0 {
		t.Errorf("temp bytes = %v after both uploads, want 0", got)
	}

	other := s.uploadSample(t, "", testmedia.H264AAC, map[string]string{"sections": "format"})
	if other.StatusCode != http.StatusCreated {
		t.Errorf("same bytes, other options = %d, want 201 (a new analysis)", other.StatusCode)
	}
}

func TestPathAnalysis(t *testing.T) {
	s := startServer(t)
	s.addMedia(t, testmedia.MKVMulti, "shows/multi.mkv")
	res := s.Client.PostJSON("/api/v1/analyses", map[string]any{"root": "media", "path": "shows/multi.mkv", "sections": []string{"format", "streams"}})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("path analysis = %d: %s", res.StatusCode, res.Body)
	}
	var a analysis
	res.JSON(t, &a)
	if a.Source.Kind != "path" || a.Source.Name != "media/shows/multi.mkv" || a.Container != "matroska" {
		t.Errorf("source %+v, container %q", a.Source, a.Container)
	}
	raw := s.Client.Get("/api/v1/analyses/" + a.ID + "/raw")
	if raw.StatusCode != 200 || !json.Valid(raw.Body) {
		t.Fatalf("raw = %d: %.200s", raw.StatusCode, raw.Body)
	}
	for _, leak := range []string{"/proc/", s.MediaDir, s.TempDir} {
		if strings.Contains(string(raw.Body), leak) || strings.Contains(string(res.Body), leak) {
			t.Errorf("the answers contain the server path %q", leak)
		}
	}
	if !strings.Contains(string(raw.Body), `"media/shows/multi.mkv"`) {
		t.Errorf("raw format.filename does not name the source: %.300s", raw.Body)
	}

	// The same bytes uploaded by the same owner with the same options: the
	// cache holds by content, whatever the source.
	up := s.uploadSample(t, "", testmedia.MKVMulti, map[string]string{"sections": "streams,format"})
	var b analysis
	up.JSON(t, &b)
	if up.StatusCode != http.StatusOK || b.ID != a.ID {
		t.Errorf("upload of the same bytes = %d, id %s; want 200 and %s", up.StatusCode, b.ID, a.ID)
	}
}

func TestListGetRawDelete(t *testing.T) {
	s := startServer(t)
	var ids []string
	for _, sample := range []string{testmedia.H264AAC, testmedia.VP9Opus, testmedia.MP3} {
		res := s.uploadSample(t, "", sample, nil)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("upload %s = %d: %s", sample, res.StatusCode, res.Body)
		}
		var a analysis
		res.JSON(t, &a)
		ids = append(ids, a.ID)
	}
	type page struct {
		Analyses []analysis `json:"analyses"`
		Next     string     `json:"next_cursor"`
	}
	var p1, p2 page
	s.Client.Get("/api/v1/analyses?limit=2").JSON(t, &p1)
	if len(p1.Analyses) != 2 || p1.Next == "" || p1.Analyses[0].ID != ids[2] || p1.Analyses[0].Report != nil {
		t.Fatalf("first page = %+v", p1)
	}
	s.Client.Get("/api/v1/analyses?limit=2&cursor="+p1.Next).JSON(t, &p2)
	if len(p2.Analyses) != 1 || p2.Next != "" || p2.Analyses[0].ID != ids[0] {
		t.Fatalf("second page = %+v", p2)
	}
	var byCodec page
	s.Client.Get("/api/v1/analyses?codec=vp9&source_kind=upload&status=ok").JSON(t, &byCodec)
	if len(byCodec.Analyses) != 1 || byCodec.Analyses[0].ID != ids[1] {
		t.Errorf("codec=vp9 lists %+v", byCodec.Analyses)
	}
	for query, code := range map[string]string{
		"cursor=garbage": "bad_request", "limit=0": "bad_request", "limit=x": "bad_request",
		"source_kind=ftp": "bad_request", "created_from=yesterday": "bad_request",
	} {
		if res := s.Client.Get("/api/v1/analyses?" + query); res.StatusCode != 400 || res.ErrorCode() != code {
			t.Errorf("?%s = %d %s, want 400 %s", query, res.StatusCode, res.ErrorCode(), code)
		}
	}

	get := s.Client.Get("/api/v1/analyses/" + ids[1])
	var a analysis
	get.JSON(t, &a)
	if get.StatusCode != 200 || a.Report == nil || a.Report.Format.FormatName != "matroska,webm" {
		t.Errorf("get = %d, report %+v", get.StatusCode, a.Report)
	}
	if del := s.Client.Delete("/api/v1/analyses/" + ids[1]); del.StatusCode != http.StatusNoContent || len(del.Body) != 0 {
		t.Errorf("delete = %d %s", del.StatusCode, del.Body)
	}
	for _, res := range []interface{ ErrorCode() string }{
		s.Client.Get("/api/v1/analyses/" + ids[1]),
		s.Client.Get("/api/v1/analyses/" + ids[1] + "/raw"),
		s.Client.Delete("/api/v1/analyses/" + ids[1]),
		s.Client.Get("/api/v1/analyses/no-such-id"),
	} {
		if res.ErrorCode() != "not_found" {
			t.Errorf("after delete: code %q, want not_found", res.ErrorCode())
		}
	}
}

func TestOwnerScoping(t *testing.T) {
	s := startServer(t)
	var alices analysis
	s.uploadSample(t, "alice", testmedia.H264AAC, nil).JSON(t, &alices)
	if alices.OwnerID != "alice-id" {
		t.Fatalf("owner = %q, want alice-id", alices.OwnerID)
	}
	get := func(user, path string) int { return s.getAs(user, path).StatusCode }
	if code := get("bob", "/api/v1/analyses/"+alices.ID); code != 404 {
		t.Errorf("bob reads alice's analysis: %d, want 404", code)
	}
	if code := get("bob", "/api/v1/analyses/"+alices.ID+"/raw"); code != 404 {
		t.Errorf("bob reads alice's raw report: %d, want 404", code)
	}
	req := s.as(s.Client.NewRequest(http.MethodDelete, "/api/v1/analyses/"+alices.ID, nil), "bob")
	if code := s.Client.Do(req).StatusCode; code != 404 {
		t.Errorf("bob deletes alice's analysis: %d, want 404", code)
	}
	if code := get("admin", "/api/v1/analyses/"+alices.ID); code != 200 {
		t.Errorf("the admin reads alice's analysis: %d, want 200", code)
	}
	if code := get("bob", "/api/v1/analyses?owner=alice-id"); code != 403 {
		t.Errorf("bob lists alice's analyses: %d, want 403", code)
	}
	if res := s.uploadSample(t, "vera", testmedia.H264AAC, nil); res.StatusCode != 403 || res.ErrorCode() != "forbidden" {
		t.Errorf("a viewer submits an analysis: %d %s, want 403 forbidden", res.StatusCode, res.ErrorCode())
	}
	if code := get("vera", "/api/v1/analyses"); code != 200 {
		t.Errorf("a viewer lists their analyses: %d, want 200", code)
	}
	// Bob uploads the same bytes: alice's cached analysis is not his.
	bobs := s.uploadSample(t, "bob", testmedia.H264AAC, nil)
	var b analysis
	bobs.JSON(t, &b)
	if bobs.StatusCode != 201 || b.ID == alices.ID || b.OwnerID != "bob-id" {
		t.Errorf("bob's upload of the same bytes = %d, id %s owner %s; want a new analysis of his", bobs.StatusCode, b.ID, b.OwnerID)
	}
	var list struct {
		Analyses []analysis `json:"analyses"`
	}
	s.getAs("bob", "/api/v1/analyses").JSON(t, &list)
	if len(list.Analyses) != 1 || list.Analyses[0].ID != b.ID {
		t.Errorf("bob's list = %+v, want only his own", list.Analyses)
	}
	var all struct {
		Analyses []analysis `json:"analyses"`
	}
	s.Client.Get("/api/v1/analyses").JSON(t, &all)
	if len(all.Analyses) != 2 {
		t.Errorf("the admin lists %d analyses, want 2", len(all.Analyses))
	}
}

func TestPolicies(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		name       string
		fields     map[string]string
		wantStatus int
		wantCode   string
		wantPolicy string
	}{
		{"preset", map[string]string{"policy": "web"}, 201, "", "web"},
		{"inline YAML", map[string]string{"policy_yaml": "name: short\nrules:\n  - name: under-a-minute\n    expr: summary.duration < 60\n    severity: error\n    message: too long\n"}, 201, "", "short"},
		{"unknown preset", map[string]string{"policy": "broadcast-4k"}, 400, "invalid_policy", ""},
		{"a server file is never a policy", map[string]string{"policy": "/etc/passwd"}, 400, "invalid_policy", ""},
		{"invalid inline YAML", map[string]string{"policy_yaml": "rules: [}"}, 400, "invalid_policy", ""},
		{"bad option", map[string]string{"sections": "frames"}, 400, "invalid_option", ""},
		{"unknown field", map[string]string{"colour": "red"}, 400, "bad_request", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.uploadSample(t, "", testmedia.H264AAC, tt.fields)
			if res.StatusCode != tt.wantStatus || res.ErrorCode() != tt.wantCode {
				t.Fatalf("= %d %q, want %d %q: %s", res.StatusCode, res.ErrorCode(), tt.wantStatus, tt.wantCode, res.Body)
			}
			if tt.wantPolicy == "" {
				return
			}
			var a analysis
			res.JSON(t, &a)
			if a.Policy == nil || a.Policy.Policy != tt.wantPolicy || len(a.Policy.Outcomes) == 0 {
				t.Errorf("policy = %+v, want a result of %s", a.Policy, tt.wantPolicy)
			}
		})
	}
	if files := s.tempFiles(t); len(files) != 0 {
		t.Errorf("uploads left behind: %v", files)
	}
}
