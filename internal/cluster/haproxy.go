package cluster

import (
	"io"
	"text/template"
	"time"
)

// Config is what haproxy.cfg is written from.
type Config struct {
	// Listen is HAProxy's address for clients, e.g. 127.0.0.1:8090.
	Listen string
	// Replicas are the servers' addresses (host:port), in order.
	Replicas []string
	// CheckInterval is the time between two health checks of a replica
	// (GET /readyz); two failed checks take it out, two good ones put it
	// back. A replica's server.drain_delay should be at least twice this.
	CheckInterval time.Duration
}

// ms writes a duration as HAProxy's milliseconds.
func ms(d time.Duration) int64 { return d.Milliseconds() }

var haproxyTemplate = template.Must(template.New("haproxy.cfg").Funcs(template.FuncMap{"ms": ms}).Parse(
	`# HAProxy in front of {{len .Replicas}} skillcircle serve replicas (written by internal/cluster).
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
    default_backend replicas

backend replicas
    balance roundrobin
    # In rotation only while /readyz answers 200: a checked snapshot is
    # loaded and the replica is not draining (SIGTERM turns it 503).
    option httpchk
    http-check send meth GET uri /readyz
    http-check expect status 200
    default-server check inter {{ms .CheckInterval}}ms fall 2 rise 2
{{- range $i, $addr := .Replicas}}
    server replica{{$i}} {{$addr}}
{{- end}}
`))

// WriteConfig writes haproxy.cfg for c.
func WriteConfig(w io.Writer, c Config) error {
	if c.CheckInterval <= 0 {
		c.CheckInterval = 500 * time.Millisecond
	}
	return haproxyTemplate.Execute(w, c)
}
