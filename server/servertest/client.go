// Package servertest is what tests of the HTTP API share: a client that
// checks every response against the OpenAPI document, so that an answer
// the document does not describe fails the test that received it.
package servertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Client sends requests to a running server and validates each answer.
type Client struct {
	Base      string       // e.g. http://127.0.0.1:41234
	HTTP      *http.Client // the transport; replace it for TLS
	Validator *Validator
	t         testing.TB
}

// NewClient returns a client for the server at base.
func NewClient(t testing.TB, base string) *Client {
	t.Helper()
	return &Client{Base: strings.TrimSuffix(base, "/"), HTTP: &http.Client{Timeout: 2 * time.Minute}, Validator: NewValidator(t), t: t}
}

// Response is an answer with its body read.
type Response struct {
	*http.Response
	Body []byte
}

// JSON decodes the body into v, failing the test when it cannot.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s %s: body is not the JSON expected: %v\n%s", r.Request.Method, r.Request.URL.Path, err, r.Body)
	}
}

// ErrorCode is the code of an error answer, "" for any other body.
func (r *Response) ErrorCode() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Do sends req, reads the whole answer and validates it against the
// OpenAPI document. A transport error fails the test.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading the answer: %v", req.Method, req.URL, err)
	}
	c.Validator.Check(c.t, req, res, body)
	return &Response{Response: res, Body: body}
}

// NewRequest builds a request to path (which starts with /).
func (c *Client) NewRequest(method, path string, body io.Reader) *http.Request {
	c.t.Helper()
	req, err := http.NewRequest(method, c.Base+path, body)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	return req
}

// Get sends GET path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	return c.Do(c.NewRequest(http.MethodGet, path, nil))
}

// Delete sends DELETE path.
func (c *Client) Delete(path string) *Response {
	c.t.Helper()
	return c.Do(c.NewRequest(http.MethodDelete, path, nil))
}

// PostJSON sends v as JSON to path.
func (c *Client) PostJSON(path string, v any) *Response {
	c.t.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	req := c.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return c.Do(req)
}

// Upload posts content as the multipart part "file" named fileName, with
// the option fields given, to /api/v1/analyses.
func (c *Client) Upload(fileName string, content io.Reader, fields map[string]string) *Response {
	c.t.Helper()
	return c.Do(c.UploadRequest(fileName, content, fields))
}

// UploadRequest is the request Upload sends, streamed: the body is
// produced while it is sent, so a large content is never in memory.
func (c *Client) UploadRequest(fileName string, content io.Reader, fields map[string]string) *http.Request {
	c.t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := writeForm(mw, fileName, content, fields)
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req := c.NewRequest(http.MethodPost, "/api/v1/analyses", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

func writeForm(mw *multipart.Writer, fileName string, content io.Reader, fields map[string]string) error {
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			return err
		}
	}
	part, err := mw.CreateFormFile("file", fileName)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, content); err != nil {
		return fmt.Errorf("copying the upload: %w", err)
	}
	return nil
}
