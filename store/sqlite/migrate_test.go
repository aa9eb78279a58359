package sqlite

import (
	"testing"

	"github.com/ffprobe-api/ffprobe-api/store/storetest"
)

func TestFailedMigrationChangesNothing(t *testing.T) {
	db := openTemp(t)
	storetest.MigrationRollback(t, db, Migrations(), db.MigrateFS)
}
