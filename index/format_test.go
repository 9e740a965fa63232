package index

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
)

// TestOpenRefusesOtherFormats rewrites a snapshot's format version, as a
// newer or older build would have written it.
func TestOpenRefusesOtherFormats(t *testing.T) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.db")
	if _, err := Build(t.Context(), path, cat, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, version := range []int{FormatVersion + 1, FormatVersion - 1} {
		db, err := bolt.Open(path, 0o644, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketMeta)
			var m map[string]any
			if err := json.Unmarshal(b.Get(keyMeta), &m); err != nil {
				return err
			}
			m["format_version"] = version
			v, _ := json.Marshal(m)
			return b.Put(keyMeta, v)
		})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		_, err = Open(path)
		if !errors.Is(err, ErrFormat) {
			t.Fatalf("version %d: err = %v, want ErrFormat", version, err)
		}
		if !strings.Contains(err.Error(), "rebuild it") {
			t.Errorf("message does not say what to do: %v", err)
		}
	}
}
