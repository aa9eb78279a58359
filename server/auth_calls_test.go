package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/server/servertest"
)

// call sends method path with credential as a bearer token ("" sends
// none) and body as JSON (nil sends none), on the client without a
// default credential.
func (s *apiServer) call(method, path, credential string, body any) *servertest.Response {
	var r io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			panic(err)
		}
		r = bytes.NewReader(data)
	}
	req := s.Anon.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if credential != "" {
		req.Header.Set("Authorization", "Bearer "+credential)
	}
	return s.Anon.Do(req)
}

// callAs is call with a test user's API key.
func (s *apiServer) callAs(user, method, path string, body any) *servertest.Response {
	return s.call(method, path, s.Keys[user], body)
}

// expect fails the test unless res has the status and error code ("" for
// a success).
func expect(t *testing.T, what string, res *servertest.Response, status int, code string) {
	t.Helper()
	if res.StatusCode != status || res.ErrorCode() != code {
		t.Errorf("%s = %d %q, want %d %q: %.300s", what, res.StatusCode, res.ErrorCode(), status, code, res.Body)
	}
}

// expectChallenge checks a 401's WWW-Authenticate: the realm, and the RFC
// 6750 error code when one is wanted.
func expectChallenge(t *testing.T, what string, res *servertest.Response, bearerError string) {
	t.Helper()
	got := res.Header.Get("WWW-Authenticate")
	want := `Bearer realm="ffprobe-api"`
	if bearerError == "" && got != want {
		t.Errorf("%s: WWW-Authenticate %q, want exactly %q", what, got, want)
	}
	if bearerError != "" && !strings.HasPrefix(got, want+`, error="`+bearerError+`"`) {
		t.Errorf("%s: WWW-Authenticate %q, want %s with error=%q", what, got, want, bearerError)
	}
}

// tokens is the part of a login or refresh answer the tests use.
type tokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
	User         struct {
		ID       string `json:"id"`
		Username string `json:"username"`
		Role     string `json:"role"`
	} `json:"user"`
}

// login logs a test user in with their password (loginWith: another),
// failing the test when it does not work.
func (s *apiServer) login(t *testing.T, user string) tokens {
	t.Helper()
	return s.loginWith(t, user, passwordOf(user))
}

func (s *apiServer) loginWith(t *testing.T, user, password string) tokens {
	t.Helper()
	res := s.call(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": user, "password": password})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("login %s = %d: %s", user, res.StatusCode, res.Body)
	}
	var tk tokens
	res.JSON(t, &tk)
	return tk
}

// refresh exchanges a refresh token.
func (s *apiServer) refresh(refreshToken string) *servertest.Response {
	return s.call(http.MethodPost, "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refreshToken})
}

// me is GET /api/v1/me with a credential.
type meAnswer struct {
	User struct {
		ID   string `json:"id"`
		Role string `json:"role"`
	} `json:"user"`
	Role string `json:"role"`
	Via  string `json:"authenticated_with"`
	Key  *struct {
		ID         string  `json:"id"`
		LastUsedAt *string `json:"last_used_at"`
	} `json:"key"`
}

func (s *apiServer) me(t *testing.T, credential string) (meAnswer, *servertest.Response) {
	t.Helper()
	res := s.call(http.MethodGet, "/api/v1/me", credential, nil)
	var m meAnswer
	if res.StatusCode == http.StatusOK {
		res.JSON(t, &m)
	}
	return m, res
}
