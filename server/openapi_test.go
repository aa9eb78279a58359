package server_test

import (
	"testing"

	"github.com/ffprobe-api/ffprobe-api/server/servertest"
)

func TestOpenAPIDocumentIsValid(t *testing.T) {
	servertest.NewValidator(t) // fails the test when the document does not load or validate
}
