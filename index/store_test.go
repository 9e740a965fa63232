package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// copySnapshot copies the shared snapshot into a fresh directory.
func copySnapshot(t *testing.T) string {
	t.Helper()
	ningboSnapshot(t)
	b, err := os.ReadFile(testfixture.NingboPath(t))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "skillcircle.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFailedBuildKeepsPreviousSnapshot(t *testing.T) {
	cat, _ := ningboSnapshot(t)
	path := copySnapshot(t)
	before, err := index.ReadMeta(path)
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	bad := geo.DefaultTravelModels()
	bad[geo.Walk] = geo.TravelModel{SpeedKmh: -1, Detour: 1.3}
	for name, build := range map[string]func() error{
		"cancelled": func() error {
			_, err := index.Build(cancelled, path, cat, index.BuildOptions{})
			return err
		},
		"bad travel model": func() error {
			_, err := index.Build(context.Background(), path, cat, index.BuildOptions{TravelModels: bad})
			return err
		},
		"unwritable directory": func() error {
			_, err := index.Build(context.Background(), filepath.Join(filepath.Dir(path), "missing", "x.db"), cat, index.BuildOptions{})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			if err := build(); err == nil {
				t.Fatal("build succeeded")
			}
			snap, err := index.Open(path)
			if err != nil {
				t.Fatalf("previous snapshot no longer opens: %v", err)
			}
			defer snap.Close()
			if snap.Meta().BuiltAt != before.BuiltAt {
				t.Error("previous snapshot was replaced")
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Errorf("build left files behind: %v", entries)
			}
		})
	}
}

func TestOpenDamagedSnapshots(t *testing.T) {
	path := copySnapshot(t)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	flipped := append([]byte{}, good...)
	for i := len(flipped) / 3; i < len(flipped)/3+64; i++ {
		flipped[i] ^= 0x5a
	}
	// Damage in free pages is harmless; damage spread over the file is
	// bound to hit records.
	scattered := append([]byte{}, good...)
	for i := 8192 + 100; i < len(scattered); i += len(scattered) / 16 {
		scattered[i] ^= 0xff
	}
	cases := map[string][]byte{
		"empty":         {},
		"truncated":     good[:len(good)/2],
		"header only":   good[:4096],
		"bytes flipped": flipped,
		"scattered":     scattered,
		"not a db":      []byte("skillcircle snapshot? no, a text file\n"),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name+".db")
			if err := os.WriteFile(p, content, 0o644); err != nil {
				t.Fatal(err)
			}
			snap, err := index.Open(p)
			if err == nil {
				snap.Close()
				t.Fatal("a damaged snapshot opened")
			}
			if !errors.Is(err, index.ErrCorrupt) {
				t.Errorf("err = %v, want ErrCorrupt", err)
			}
		})
	}
	if _, err := index.Open(filepath.Join(dir, "absent.db")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("absent file: %v", err)
	}
}
