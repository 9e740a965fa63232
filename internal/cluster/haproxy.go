package cluster

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/template"
	"time"
)

// Config is what haproxy.cfg is written from.
type Config struct {
	// Listen is HAProxy's address for clients, e.g. 127.0.0.1:8090.
	Listen string
	// Replicas are the servers' addresses (host:port), in order, when
	// every replica holds every region (one backend, no Shards).
	Replicas []string
	// Shards, when set, are sets of replicas each holding some regions:
	// HAProxy sends a request to the shard whose regions hold its region=
	// (by id, as /v1/regions names them), and one without region=, or
	// with another name, to the first shard.
	Shards []ShardBackend
	// CheckInterval is the time between two health checks of a replica
	// (GET /readyz); two failed checks take it out, two good ones put it
	// back. A replica's server.drain_delay should be at least twice this.
	CheckInterval time.Duration
}

// ShardBackend is one shard: its name, the ids of its regions and its
// replicas' addresses.
type ShardBackend struct {
	Name     string
	Regions  []string
	Replicas []string
}

// ms writes a duration as HAProxy's milliseconds.
func ms(d time.Duration) int64 { return d.Milliseconds() }

var haproxyTemplate = template.Must(template.New("haproxy.cfg").Funcs(template.FuncMap{"ms": ms,
	"backend": func(name string, replicas []string, check time.Duration, first int) backendData {
		return backendData{name, replicas, check, first}
	},
	"replicas": replicaCount, "first": firstReplica, "add": func(a, b int) int { return a + b }}).Parse(
	`# HAProxy in front of {{replicas .}} skillcircle serve replicas (written by internal/cluster).
global
    maxconn 4096

defaults
    mode http
    # The replicas trust X-Forwarded-For from HAProxy's address
    # (limits.trusted_proxies) and rate-limit the client it names.
    option forwardfor
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    timeout queue 5s
    # A request a replica could not answer (connection refused or reset,
    # no answer, a 503 while it closes) is sent again, each time to
    # another replica: no client sees a replica drain, reload or die.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response junk-response 503

frontend skillcircle
    bind {{.Listen}}
{{- if .Shards}}
    # Each shard holds some regions: a request goes to the shard of the
    # region its region= names (by id); one without region= (a point, an
    # id) goes to the first shard, which should hold what clients reach
    # without naming a region.
{{- range .Shards}}
    use_backend shard_{{.Name}} if { url_param(region) -m str -i{{range .Regions}} {{.}}{{end}} }
{{- end}}
    default_backend shard_{{(index .Shards 0).Name}}
{{- range $s := .Shards}}
{{template "backend" (backend (print "shard_" $s.Name) $s.Replicas $.CheckInterval (first $ $s))}}
{{- end}}
{{- else}}
    default_backend replicas
{{template "backend" (backend "replicas" .Replicas .CheckInterval 0)}}
{{- end}}
{{define "backend"}}
backend {{.Name}}
    balance roundrobin
    # In rotation only while /readyz answers 200: a checked snapshot is
    # loaded and the replica is not draining (SIGTERM turns it 503).
    option httpchk
    http-check send meth GET uri /readyz
    http-check expect status 200
    default-server check inter {{ms .CheckInterval}}ms fall 2 rise 2
{{- range $i, $addr := .Replicas}}
    server replica{{add $.First $i}} {{$addr}}
{{- end}}
{{- end}}`))

type backendData struct {
	Name          string
	Replicas      []string
	CheckInterval time.Duration
	First         int // the number of its first replica: replicas are numbered across shards
}

// replicaCount is how many replicas c names, in every shard.
func replicaCount(c Config) int {
	n := len(c.Replicas)
	for _, sh := range c.Shards {
		n += len(sh.Replicas)
	}
	return n
}

// firstReplica is the number of a shard's first replica.
func firstReplica(c Config, shard ShardBackend) int {
	n := 0
	for _, sh := range c.Shards {
		if sh.Name == shard.Name {
			return n
		}
		n += len(sh.Replicas)
	}
	return n
}

// plainName is what a shard's name and a region's id may be: they are
// written into haproxy.cfg as they are.
var plainName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// WriteConfig writes haproxy.cfg for c.
func WriteConfig(w io.Writer, c Config) error {
	if c.CheckInterval <= 0 {
		c.CheckInterval = 500 * time.Millisecond
	}
	for _, sh := range c.Shards {
		for _, name := range append([]string{sh.Name}, sh.Regions...) {
			if !plainName.MatchString(name) {
				return fmt.Errorf("cluster: shard %q: %q is not a plain name (a-z, 0-9, - and _)", sh.Name, name)
			}
		}
		if len(sh.Regions) == 0 || len(sh.Replicas) == 0 {
			return fmt.Errorf("cluster: shard %q needs regions and replicas", sh.Name)
		}
	}
	var b strings.Builder
	if err := haproxyTemplate.Execute(&b, c); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}
