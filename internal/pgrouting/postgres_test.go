package pgrouting_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pgBin is where Debian's PostgreSQL 15 keeps initdb and pg_ctl.
const pgBin = "/usr/lib/postgresql/15/bin"

// postgres is a PostgreSQL server of the test's own, on a unix socket in
// dir.
type postgres struct {
	dir   string
	runAs []string // the prefix that runs a server command as a non-root user
}

// required says whether the test must run: CI=true or
// SKILLCIRCLE_PGROUTING=1; it skips the test otherwise.
func required(tb testing.TB) {
	tb.Helper()
	if os.Getenv("CI") != "true" && os.Getenv("SKILLCIRCLE_PGROUTING") != "1" {
		tb.Skip("comparing with pgRouting needs PostgreSQL 15 with pgRouting, osm2pgrouting and osmium: set SKILLCIRCLE_PGROUTING=1 to run it (CI=true does)")
	}
	var missing []string
	for _, tool := range []string{filepath.Join(pgBin, "initdb"), filepath.Join(pgBin, "pg_ctl"), "psql", "osm2pgrouting", "osmium"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if _, err := os.Stat("/usr/share/postgresql/15/extension/pgrouting.control"); err != nil {
		missing = append(missing, "the pgrouting extension (postgresql-15-pgrouting)")
	}
	if len(missing) > 0 {
		tb.Fatalf("missing %s: install postgresql-15-pgrouting, postgresql-15-postgis-3, osm2pgrouting and osmium-tool (.ci/run does)",
			strings.Join(missing, ", "))
	}
}

// startPostgres initialises and starts a server in a new temporary
// directory, with the postgis and pgrouting extensions, and stops it and
// removes the directory when the test ends.
func startPostgres(tb testing.TB) *postgres {
	tb.Helper()
	required(tb)
	dir, err := os.MkdirTemp("", "skillcircle-pgrouting-")
	if err != nil {
		tb.Fatal(err)
	}
	pg := &postgres{dir: dir}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			tb.Fatalf("running as root, and there is no postgres user to run the server as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			tb.Fatal(err)
		}
		pg.runAs = []string{"runuser", "-u", "postgres", "--"}
	}
	data := filepath.Join(dir, "data")
	pg.server(tb, filepath.Join(pgBin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
	pg.server(tb, filepath.Join(pgBin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "server.log"), "-w",
		"-o", fmt.Sprintf("-k %s -c listen_addresses='' -c fsync=off -c full_page_writes=off", dir), "start")
	tb.Cleanup(func() {
		if out, err := pg.command(filepath.Join(pgBin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop").CombinedOutput(); err != nil {
			tb.Logf("stopping PostgreSQL: %v\n%s", err, out)
		}
	})
	pg.psql(tb, "CREATE EXTENSION postgis; CREATE EXTENSION pgrouting;")
	return pg
}

// command is a server command (initdb, pg_ctl) run as the server's user.
func (pg *postgres) command(name string, args ...string) *exec.Cmd {
	if len(pg.runAs) > 0 {
		return exec.Command(pg.runAs[0], append(append(append([]string(nil), pg.runAs[1:]...), name), args...)...)
	}
	return exec.Command(name, args...)
}

// server runs a server command, failing the test with the server's log.
func (pg *postgres) server(tb testing.TB, name string, args ...string) {
	tb.Helper()
	if out, err := pg.command(name, args...).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(pg.dir, "server.log"))
		tb.Fatalf("%s: %v\n%s\n%s", filepath.Base(name), err, out, log)
	}
}

// psql runs SQL and returns its rows, fields separated by commas.
func (pg *postgres) psql(tb testing.TB, sql string) []string {
	tb.Helper()
	out, err := pg.psqlErr(sql)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func (pg *postgres) psqlErr(sql string) ([]string, error) {
	cmd := exec.Command("psql", "-h", pg.dir, "-U", "postgres", "-d", "postgres", "-X", "-q", "-A", "-t", "-F", ",", "-v", "ON_ERROR_STOP=1")
	cmd.Stdin = strings.NewReader(sql)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("psql: %v\n%s\n%.500s", err, stderr.String(), sql)
	}
	var rows []string
	for line := range strings.SplitSeq(stdout.String(), "\n") {
		if line != "" {
			rows = append(rows, line)
		}
	}
	return rows, nil
}
