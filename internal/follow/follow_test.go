package follow_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillcircle/skillcircle/internal/follow"
)

// publish writes a "snapshot" and its checksum file into dir.
func publish(t *testing.T, dir, content string) string {
	t.Helper()
	path := filepath.Join(dir, "ningbo.db")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := follow.WriteChecksum(path)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestWriteChecksumIsSha256sum: the checksum file is what sha256sum -c reads.
func TestWriteChecksumIsSha256sum(t *testing.T) {
	dir := t.TempDir()
	sum := publish(t, dir, "a snapshot")
	b, _ := os.ReadFile(filepath.Join(dir, "ningbo.db.sha256"))
	if want := sum + "  ningbo.db\n"; string(b) != want {
		t.Errorf("checksum file %q, want %q", b, want)
	}
	if got, err := follow.ParseChecksum(bytes.NewReader(b)); err != nil || got != sum {
		t.Errorf("ParseChecksum = %q, %v", got, err)
	}
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skip("no sha256sum")
	}
	cmd := exec.Command("sha256sum", "-c", "ningbo.db.sha256")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c: %v\n%s", err, out)
	}
	for _, bad := range []string{"", "abc  x\n", strings.Repeat("z", 64) + "  x\n"} {
		if _, err := follow.ParseChecksum(strings.NewReader(bad)); !errors.Is(err, follow.ErrChecksumFile) {
			t.Errorf("ParseChecksum(%q) = %v, want ErrChecksumFile", bad, err)
		}
	}
}

// TestFollow follows a build machine's directory over HTTP (on loopback)
// and as a path: each poll's result, what is served, and what is counted.
func TestFollow(t *testing.T) {
	for _, overHTTP := range []bool{true, false} {
		name := "path"
		if overHTTP {
			name = "http"
		}
		t.Run(name, func(t *testing.T) {
			published, served := t.TempDir(), t.TempDir()
			source := filepath.Join(published, "ningbo.db")
			if overHTTP {
				srv := httptest.NewServer(http.FileServer(http.Dir(published)))
				defer srv.Close()
				source = srv.URL + "/ningbo.db"
			}
			target := filepath.Join(served, "skillcircle.db")
			os.WriteFile(target, []byte("v1"), 0o644)

			var reloads []string
			refuse := false
			counts := map[follow.Result]int{}
			f, err := follow.New(follow.Options{Source: source, Target: target,
				Reload: func(context.Context) error {
					b, _ := os.ReadFile(target)
					reloads = append(reloads, string(b))
					if refuse {
						return errors.New("refused")
					}
					return nil
				},
				Count: func(r follow.Result) { counts[r]++ }})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			steps := []struct {
				name    string
				prepare func()
				want    follow.Result
				serves  string
			}{
				{"nothing published", func() {}, follow.Failed, "v1"},
				{"the served one published", func() { publish(t, published, "v1") }, follow.Unchanged, "v1"},
				{"a new one", func() { publish(t, published, "v2") }, follow.OK, "v2"},
				{"again", func() {}, follow.Unchanged, "v2"},
				{"damaged in transit", func() {
					publish(t, published, "v3")
					os.WriteFile(filepath.Join(published, "ningbo.db"), []byte("v3, cut"), 0o644)
				}, follow.BadChecksum, "v2"},
				{"refused by the reload", func() { publish(t, published, "v4"); refuse = true }, follow.Failed, "v2"},
				{"accepted", func() { refuse = false }, follow.OK, "v4"},
			}
			for _, s := range steps {
				s.prepare()
				got, err := f.Check(ctx)
				if got != s.want {
					t.Fatalf("%s: %s (%v), want %s", s.name, got, err, s.want)
				}
				if b, _ := os.ReadFile(target); string(b) != s.serves {
					t.Fatalf("%s: the target holds %q, want %q", s.name, b, s.serves)
				}
			}
			if want := []string{"v2", "v4", "v4"}; strings.Join(reloads, ",") != strings.Join(want, ",") {
				t.Errorf("reloaded %q, want %q", reloads, want)
			}
			if counts[follow.OK] != 2 || counts[follow.Failed] != 2 || counts[follow.BadChecksum] != 1 || counts[follow.Unchanged] != 2 {
				t.Errorf("counted %v", counts)
			}
			if left, _ := filepath.Glob(filepath.Join(served, ".*")); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}
