package server

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on the non-file parts of an upload form.
const (
	maxFormParts     = 16
	maxFormFieldSize = maxPolicyYAML
	maxFileNameBytes = 255
	copyBufferSize   = 256 << 10
)

// upload is a file received into the temporary directory.
type upload struct {
	Path string // in the server's temporary directory
	Name string // the client's file name, cleaned; the source key
	Size int64
	Hash string // sha256, lowercase hex
}

// receiveUpload reads a multipart/form-data request: one part "file",
// streamed to a private temporary file while its SHA-256 is computed (never
// held in memory), and small option fields before or after it. On any
// error nothing is left on disk.
func (s *Server) receiveUpload(r *http.Request) (*upload, rawOptions, error) {
	var raw rawOptions
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, raw, errorf(CodeBadRequest, "multipart/form-data body expected, with a boundary: %v", err)
	}
	var up *upload
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil && parts >= maxFormParts {
			err = errorf(CodeBadRequest, "the form has more than %d parts", maxFormParts)
		}
		if err == nil {
			err = s.receivePart(part, &up, &raw)
		}
		if err != nil {
			s.discardUpload(up)
			return nil, raw, describeBodyError(err)
		}
	}
	if up == nil {
		return nil, raw, errorf(CodeBadRequest, "the form has no part named \"file\"; send the media as file=@name")
	}
	return up, raw, nil
}

func (s *Server) receivePart(part *multipart.Part, up **upload, raw *rawOptions) error {
	defer part.Close()
	name := part.FormName()
	if name != "file" {
		value, err := io.ReadAll(io.LimitReader(part, maxFormFieldSize+1))
		if err != nil {
			return err
		}
		if len(value) > maxFormFieldSize {
			return errorf(CodeBadRequest, "form field %q is over %d bytes", name, maxFormFieldSize)
		}
		return raw.setFormField(name, string(value))
	}
	if *up != nil {
		return errorf(CodeBadRequest, "the form has more than one part named \"file\"; send one file per request")
	}
	fileName := cleanFileName(part.FileName())
	if err := s.cfg.Media.checkUploadName(fileName); err != nil {
		return err // before a byte of it is stored
	}
	received, err := s.saveUpload(part, fileName)
	if err != nil {
		return err
	}
	*up = received
	return nil
}

// saveUpload copies one file part to the temporary directory.
func (s *Server) saveUpload(src io.Reader, name string) (*upload, error) {
	f, err := s.temp.create()
	if err != nil {
		return nil, wrapError(CodeInternal, err, "the upload could not be stored")
	}
	up := &upload{Path: f.Name(), Name: name}
	h := sha256.New()
	counted := &countingWriter{w: io.MultiWriter(f, h), m: s.metrics}
	limited := io.LimitReader(src, s.cfg.MaxUploadSize+1)
	n, err := io.CopyBuffer(counted, limited, make([]byte, copyBufferSize))
	up.Size = n
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > s.cfg.MaxUploadSize {
		err = errorf(CodeTooLarge, "the file is over the upload limit of %d bytes", s.cfg.MaxUploadSize)
	}
	if err != nil {
		s.discardUpload(up)
		return nil, err
	}
	up.Hash = hex.EncodeToString(h.Sum(nil))
	return up, nil
}

// checkUploadSpace refuses an upload (507) when the temporary directory
// is below MinFreeTemp, or would be after an upload of the announced size
// (a chunked upload announces none: -1).
func (s *Server) checkUploadSpace(announced int64) error {
	free := s.temp.free()
	if free < 0 {
		return nil // not measured on this platform
	}
	if free-max(announced, 0) < s.cfg.MinFreeTemp {
		return errorf(CodeInsufficientStorage, "the server is short of temporary space for this upload; retry later")
	}
	return nil
}

// discardUpload removes an upload's file and gives back its space in the
// metrics. A nil upload is nothing to do.
func (s *Server) discardUpload(up *upload) {
	if up == nil {
		return
	}
	if err := os.Remove(up.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
		s.log.Warn("temporary upload could not be removed", "file", up.Path, "error", err)
	}
	s.metrics.tempBytes.Sub(float64(up.Size))
}

// countingWriter counts upload bytes into the metrics as they land.
type countingWriter struct {
	w io.Writer
	m *metrics
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.m.uploadBytes.Add(float64(n))
	c.m.tempBytes.Add(float64(n))
	return n, err
}

// cleanFileName keeps a client's file name fit to store and show: its last
// element, printable, at most 255 bytes; "upload" when nothing is left.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	for len(name) > maxFileNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == ".." {
		return "upload"
	}
	return name
}

// describeBodyError says what went wrong while reading a request body: too
// big, too slow, or cut off (the client went away).
func describeBodyError(err error) error {
	var e *Error
	var tooBig *http.MaxBytesError
	var netErr interface{ Timeout() bool }
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &tooBig):
		return wrapError(CodeTooLarge, err, "the request body is over the limit of %d bytes", tooBig.Limit)
	case errors.As(err, &netErr) && netErr.Timeout():
		return wrapError(CodeRequestTimeout, err, "the upload was too slow and timed out")
	}
	return wrapError(CodeBadRequest, err, "the upload was cut off or malformed; send it again")
}
