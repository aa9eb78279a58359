package server_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ffprobe-api/ffprobe-api/internal/testmedia"
	"github.com/ffprobe-api/ffprobe-api/server/servertest"
)

func TestHealthAndReady(t *testing.T) {
	s := startServer(t)
	if res := s.Client.Get("/api/v1/health"); res.StatusCode != 200 || !strings.Contains(string(res.Body), `"ok"`) {
		t.Errorf("health = %d %s", res.StatusCode, res.Body)
	}
	var ready struct {
		Status string `json:"status"`
		Checks map[string]struct {
			OK      bool   `json:"ok"`
			Message string `json:"message"`
		} `json:"checks"`
	}
	res := s.Client.Get("/api/v1/ready")
	res.JSON(t, &ready)
	if res.StatusCode != 200 || ready.Status != "ready" || len(ready.Checks) != 3 {
		t.Fatalf("ready = %d %s", res.StatusCode, res.Body)
	}
	if !strings.HasPrefix(ready.Checks["ffprobe"].Message, "ffprobe ") {
		t.Errorf("ffprobe check = %+v", ready.Checks["ffprobe"])
	}
	if spec := s.Client.Get("/api/v1/openapi.yaml"); spec.StatusCode != 200 || !strings.HasPrefix(string(spec.Body), "openapi: 3.1") {
		t.Errorf("openapi.yaml = %d %.40s", spec.StatusCode, spec.Body)
	}
}

func TestNotReady(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(*serverSetup)
		failed string
	}{
		{"temp space below the minimum", func(c *serverSetup) { c.cfg.MinFreeTemp = 1 << 62 }, "temp_space"},
		{"ffprobe missing", func(c *serverSetup) { c.ffprobe = filepath.Join(t.TempDir(), "no-ffprobe") }, "ffprobe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, tt.setup)
			var ready struct {
				Status string                    `json:"status"`
				Checks map[string]map[string]any `json:"checks"`
			}
			res := s.Client.Get("/api/v1/ready")
			res.JSON(t, &ready)
			if res.StatusCode != 503 || ready.Status != "not_ready" || ready.Checks[tt.failed]["ok"] != false {
				t.Fatalf("ready = %d %s", res.StatusCode, res.Body)
			}
			if tt.failed == "temp_space" {
				up := s.uploadSample(t, "", testmedia.H264AAC, nil)
				if up.StatusCode != 507 || up.ErrorCode() != "insufficient_storage" {
					t.Errorf("upload without temp space = %d %s", up.StatusCode, up.ErrorCode())
				}
			}
			if tt.failed == "ffprobe" {
				up := s.uploadSample(t, "", testmedia.H264AAC, nil)
				if up.StatusCode != 503 || up.ErrorCode() != "probe_unavailable" {
					t.Errorf("upload without ffprobe = %d %s", up.StatusCode, up.ErrorCode())
				}
			}
		})
	}
}

func TestMetricsAccess(t *testing.T) {
	t.Run("loopback without a token", func(t *testing.T) {
		s := startServer(t)
		res := s.Client.Get("/metrics")
		if res.StatusCode != 200 || !strings.Contains(string(res.Body), "ffprobe_api_queue_depth") {
			t.Errorf("/metrics = %d", res.StatusCode)
		}
	})
	t.Run("token", func(t *testing.T) {
		s := startServer(t, func(c *serverSetup) { c.cfg.MetricsToken = "s3cret" })
		if res := s.Client.Get("/metrics"); res.StatusCode != 401 {
			t.Errorf("/metrics without the token = %d, want 401", res.StatusCode)
		}
		req := s.Client.NewRequest(http.MethodGet, "/metrics", nil)
		req.Header.Set("Authorization", "Bearer s3cret")
		if res := s.Client.Do(req); res.StatusCode != 200 {
			t.Errorf("/metrics with the token = %d, want 200", res.StatusCode)
		}
	})
	t.Run("separate listener", func(t *testing.T) {
		s := startServer(t, func(c *serverSetup) { c.cfg.MetricsAddr = "127.0.0.1:0" })
		if res := s.Client.Get("/metrics"); res.StatusCode != 404 {
			t.Errorf("/metrics on the main listener = %d, want 404", res.StatusCode)
		}
		res, err := http.Get("http://" + s.MetricsAddr().String() + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("/metrics on the metrics listener = %d", res.StatusCode)
		}
	})
}

func TestTLS(t *testing.T) {
	certFile, keyFile, pool := selfSignedCert(t)
	s := startServer(t, func(c *serverSetup) { c.cfg.TLSCert, c.cfg.TLSKey = certFile, keyFile })
	if !strings.HasPrefix(s.URL(), "https://") {
		t.Fatalf("URL = %s", s.URL())
	}
	client := servertest.NewClient(t, s.URL())
	client.HTTP.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	res := client.Get("/api/v1/health")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") || res.TLS.Version < tls.VersionTLS12 {
		t.Fatalf("health over TLS = %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS11}}}
	if _, err := old.Get(s.URL() + "/api/v1/health"); err == nil {
		t.Error("a TLS 1.1 client was served")
	}
	weak := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs: pool, MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA},
	}}}
	if _, err := weak.Get(s.URL() + "/api/v1/health"); err == nil {
		t.Error("a client offering only a CBC suite was served")
	}
}

// selfSignedCert writes an ECDSA certificate for 127.0.0.1.
func selfSignedCert(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	must(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	must(t, err)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	must(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	must(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600))
	cert, err := x509.ParseCertificate(der)
	must(t, err)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
