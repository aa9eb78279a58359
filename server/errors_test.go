package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestEveryCodeHasAStatusAndIsInTheOpenAPIDocument(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				Error struct {
					Properties struct {
						Error struct {
							Properties struct {
								Code struct {
									Enum []string `yaml:"enum"`
								} `yaml:"code"`
							} `yaml:"properties"`
						} `yaml:"error"`
					} `yaml:"properties"`
				} `yaml:"Error"`
			} `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(openAPISpec, &doc); err != nil {
		t.Fatal(err)
	}
	documented := doc.Components.Schemas.Error.Properties.Error.Properties.Code.Enum
	var codes []string
	for code, status := range statusOf {
		codes = append(codes, string(code))
		if status < 400 || status > 599 {
			t.Errorf("code %s maps to %d, not an error status", code, status)
		}
	}
	slices.Sort(codes)
	slices.Sort(documented)
	if !slices.Equal(codes, documented) {
		t.Errorf("codes in statusOf and in openapi.yaml differ:\n code: %v\n spec: %v", codes, documented)
	}
}

func TestWriteErrorHidesTheInternalCause(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		wantStatus  int
		wantCode    Code
		wantMessage string
	}{
		{"plain error is internal", errors.New("open /srv/secret/db: permission denied"), 500, CodeInternal, "internal error; the server log has the details under this request id"},
		{"wrapped cause stays out", wrapError(CodeNotMedia, errors.New("ffprobe: /tmp/x: Invalid data"), "the file is not media"), 422, CodeNotMedia, "the file is not media"},
		{"public error as is", errorf(CodeTooLarge, "too big"), 413, CodeTooLarge, "too big"},
		{"queue full", errQueueFull, 503, CodeQueueFull, errQueueFull.Message},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := &requestInfo{id: "req-1"}
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r = r.WithContext(contextWithInfo(r, info))
			w := httptest.NewRecorder()
			writeError(w, r, tt.err)
			if w.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", w.Code, tt.wantStatus)
			}
			var body errorBody
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			want := errorDetail{Code: tt.wantCode, Message: tt.wantMessage, RequestID: "req-1"}
			if body.Error != want {
				t.Errorf("body = %+v, want %+v", body.Error, want)
			}
			if strings.Contains(w.Body.String(), "/srv") || strings.Contains(w.Body.String(), "/tmp") {
				t.Errorf("the answer leaks a path: %s", w.Body)
			}
			if _, _, logged := info.snapshot(); logged == nil || logged.Code != tt.wantCode {
				t.Errorf("the error was not handed to the access log: %+v", logged)
			}
			if (w.Header().Get("Retry-After") != "") != (tt.wantCode == CodeQueueFull) {
				t.Errorf("Retry-After = %q for %s", w.Header().Get("Retry-After"), tt.wantCode)
			}
		})
	}
}
