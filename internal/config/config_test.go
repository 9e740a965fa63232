package config

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/skillcircle/skillcircle/api"
)

var update = flag.Bool("update", false, "rewrite skillcircle.toml from the defaults")

// TestConfigFileIsTheDefaults: the committed skillcircle.toml documents
// every key with its default; it is what `skillcircle config --defaults`
// prints (go test ./internal/config -run TestConfigFile -update rewrites it).
func TestConfigFileIsTheDefaults(t *testing.T) {
	var b bytes.Buffer
	def := Default()
	if err := Write(&b, &def); err != nil {
		t.Fatal(err)
	}
	const path = "../../skillcircle.toml"
	if *update {
		os.WriteFile(path, b.Bytes(), 0o644)
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, b.Bytes()) {
		t.Errorf("skillcircle.toml is not the defaults; run go test ./internal/config -run TestConfigFile -update")
	}
	// Reading it back gives the defaults, and every key is documented.
	cf := RegisterFlags(flag.NewFlagSet("t", flag.ContinueOnError))
	*cf.file = path
	got, err := cf.Load(noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, def) {
		t.Errorf("skillcircle.toml reads as\n%+v\nnot\n%+v", *got, def)
	}
	for _, f := range configFields(&def) {
		if len(f.doc) < 10 {
			t.Errorf("%s has no doc", f.key)
		}
	}
}

func noEnv(string) (string, bool) { return "", false }

func envMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func loadWith(t *testing.T, file string, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	fl := flag.NewFlagSet("t", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	cf := RegisterFlags(fl)
	if err := fl.Parse(args); err != nil {
		return nil, err
	}
	if file != "" {
		path := filepath.Join(t.TempDir(), "c.toml")
		os.WriteFile(path, []byte(file), 0o644)
		*cf.file = path
	}
	return cf.Load(envMap(env))
}

func TestConfigPrecedence(t *testing.T) {
	file := "addr = \"127.0.0.1:9000\"\n[limits]\nburst = 7\nrate_per_second = 3\nrequest_timeout = \"2s\"\n[log]\nrequests = false\n"
	env := map[string]string{"SKILLCIRCLE_LIMITS_BURST": "9", "SKILLCIRCLE_LIMITS_TRUSTED_PROXIES": "10.1.0.0/16, 10.2.0.0/16"}
	c, err := loadWith(t, file, env, "--limits.rate_per_second", "4.5", "--snapshot", "x.db")
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Addr = "127.0.0.1:9000"                                        // file
	want.Limits.RequestTimeout = 2 * time.Second                        // file
	want.Log.Requests = false                                           // file
	want.Limits.Burst = 9                                               // env over file
	want.Limits.TrustedProxies = []string{"10.1.0.0/16", "10.2.0.0/16"} // env
	want.Limits.RatePerSecond = 4.5                                     // flag over file
	want.Snapshot = Snapshots{"x.db"}                                   // flag
	if !reflect.DeepEqual(*c, want) {
		t.Errorf("got\n%+v\nwant\n%+v", *c, want)
	}
	// The file can also come from the environment.
	path := filepath.Join(t.TempDir(), "env.toml")
	os.WriteFile(path, []byte("snapshot = \"from-env-file.db\"\n"), 0o644)
	c, err = loadWith(t, "", map[string]string{"SKILLCIRCLE_CONFIG": path})
	if err != nil || !reflect.DeepEqual(c.Snapshot, Snapshots{"from-env-file.db"}) {
		t.Errorf("SKILLCIRCLE_CONFIG: %v %+v", err, c)
	}
}

// A configuration that is not the default survives printing and reading.
func TestConfigRoundTrip(t *testing.T) {
	c := Default()
	c.Snapshot = Snapshots{`C:\data\"quoted" 宁波.db`, "b.db"}
	c.Limits = api.Limits{RequestTimeout: 1500 * time.Millisecond, RatePerSecond: 0.25, Burst: 2, TrustedProxies: []string{}}
	c.Server.DrainDelay = 3 * time.Second
	c.Log = LogConfig{Level: "debug", Format: "text", Requests: false}
	var b bytes.Buffer
	Write(&b, &c)
	got, err := loadWith(t, b.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, c) {
		t.Errorf("got\n%+v\nwant\n%+v\nfrom\n%s", *got, c, b.String())
	}
	// A token is never printed.
	c.Admin.Token = "a-secret-token-of-some-length"
	b.Reset()
	Write(&b, &c)
	if strings.Contains(b.String(), c.Admin.Token) || !strings.Contains(b.String(), "token is set (29 characters)") {
		t.Errorf("token printed:\n%s", b.String())
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name, file string
		env        map[string]string
		args       []string
		says       string
	}{
		{"unknown key", "[limits]\nrate = 3\n", nil, nil, "unknown keys limits.rate"},
		{"bad duration", "[limits]\nrequest_timeout = \"soon\"\n", nil, nil, "request_timeout"},
		{"bad env", "", map[string]string{"SKILLCIRCLE_LIMITS_BURST": "many"}, nil, "SKILLCIRCLE_LIMITS_BURST"},
		{"bad flag", "", nil, []string{"--server.idle_timeout", "1 hour"}, "duration"},
		{"short token", "", map[string]string{"SKILLCIRCLE_ADMIN_TOKEN": "abc"}, nil, "at least 16"},
		{"bad network", "", nil, []string{"--limits.trusted_proxies", "nginx"}, "trusted_proxies"},
		{"negative", "[server]\nshutdown_timeout = \"-1s\"\n", nil, nil, "server.shutdown_timeout"},
		{"rate without burst", "[limits]\nburst = 0\n", nil, nil, "burst"},
		{"bad level", "", nil, []string{"--log.level", "loud"}, "log.level"},
		{"not toml", "snapshot = \n", nil, nil, "c.toml"},
		{"follow ftp", "", nil, []string{"--follow", "ftp://build/ningbo.db"}, "server.follow"},
		{"follow without interval", "", nil, []string{"--follow", "https://build/ningbo.db", "--server.follow_interval", "0s"}, "server.follow_interval"},
		{"snapshot not a name", "snapshot = 3\n", nil, nil, "snapshot"},
		{"shard without regions", "[cluster]\nshards = [\"east=\"]\n", nil, nil, "cluster.shards"},
		{"region in two shards", "[cluster]\nshards = [\"east=ningbo\", \"west=ningbo\"]\n", nil, nil, "in shards east and west"},
		{"unknown shard", "[cluster]\nshards = [\"east=ningbo\"]\nshard = \"west\"\n", nil, nil, "cluster.shard"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadWith(t, tt.file, tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %v, want one saying %q", err, tt.says)
			}
		})
	}
}

// Several snapshots: a list in the file, a comma-separated list in the
// environment, or --snapshot repeated (the first flag replaces the file's
// list, the next ones add to it); and the shard map.
func TestConfigSeveralSnapshots(t *testing.T) {
	file := "snapshot = [\"a.db\", \"b.db\"]\n[cluster]\nshards = [\"east=ningbo+zhoushan\", \"south=wenzhou\"]\nshard = \"south\"\n"
	c, err := loadWith(t, file, nil)
	if err != nil || !reflect.DeepEqual(c.Snapshot, Snapshots{"a.db", "b.db"}) {
		t.Fatalf("file: %v %v", err, c)
	}
	shards, err := c.Cluster.ShardMap()
	want := []Shard{{Name: "east", Regions: []string{"ningbo", "zhoushan"}}, {Name: "south", Regions: []string{"wenzhou"}}}
	if err != nil || !reflect.DeepEqual(shards, want) {
		t.Errorf("shard map %+v %v", shards, err)
	}
	c, err = loadWith(t, file, map[string]string{"SKILLCIRCLE_SNAPSHOT": "c.db, d.db"})
	if err != nil || !reflect.DeepEqual(c.Snapshot, Snapshots{"c.db", "d.db"}) {
		t.Errorf("environment: %v %v", err, c.Snapshot)
	}
	c, err = loadWith(t, file, nil, "--snapshot", "ningbo.db", "--snapshot", "monaco.db")
	if err != nil || !reflect.DeepEqual(c.Snapshot, Snapshots{"ningbo.db", "monaco.db"}) {
		t.Errorf("flags: %v %v", err, c.Snapshot)
	}
}
