package api

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// WebOrigin is a host site allowed to use the API from a browser (CORS) and
// to frame /embed (Content-Security-Policy frame-ancestors): a scheme, a
// host and an optional port, as in "https://www.nbyz.gov.cn". The host may
// start with "*." for any subdomain ("https://*.gov.cn"), the port may be
// "*" for any port ("http://localhost:*"), and "*" alone allows every site.
type WebOrigin struct {
	Scheme string // http or https; empty only for Any
	Host   string // lower case; "*.gov.cn" matches every subdomain of gov.cn
	Port   string // empty for the scheme's default, "*" for any
	Any    bool
}

// DefaultAllowedOrigins is used when Options.AllowedOrigins is nil:
// government websites (any subdomain of gov.cn, over http or https), which
// are the district websites the widget is for, and pages on this machine
// for development. The API is read-only and public, so the list protects
// no data; it keeps other sites from framing /embed or presenting the
// service as theirs.
var DefaultAllowedOrigins = []WebOrigin{
	{Scheme: "https", Host: "*.gov.cn"},
	{Scheme: "http", Host: "*.gov.cn"},
	{Scheme: "http", Host: "localhost", Port: "*"},
	{Scheme: "http", Host: "127.0.0.1", Port: "*"},
}

// ErrBadOrigin is wrapped by ParseOrigin's errors.
var ErrBadOrigin = errors.New("api: bad origin")

// ParseOrigin reads one allowed origin: "*", or scheme://host[:port] with
// the wildcards WebOrigin describes; no path, query or credentials.
func ParseOrigin(s string) (WebOrigin, error) {
	s = strings.TrimSpace(s)
	if s == "*" {
		return WebOrigin{Any: true}, nil
	}
	bad := func(why string) (WebOrigin, error) {
		return WebOrigin{}, fmt.Errorf("%w %q: %s (want scheme://host[:port], e.g. https://www.nbyz.gov.cn, https://*.gov.cn, http://localhost:*, or *)", ErrBadOrigin, s, why)
	}
	scheme, rest, ok := strings.Cut(s, "://")
	scheme = strings.ToLower(scheme)
	if !ok || (scheme != "http" && scheme != "https") {
		return bad("the scheme must be http or https")
	}
	rest = strings.TrimSuffix(rest, "/")
	if rest == "" || strings.ContainsAny(rest, "/?#@ \t") {
		return bad("give only the scheme, host and port")
	}
	host, port := rest, ""
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.HasSuffix(rest, "]") {
		host, port = rest[:i], rest[i+1:]
		if port != "*" && !isPort(port) {
			return bad("the port must be a number or *")
		}
	}
	host = strings.ToLower(host)
	name := strings.TrimPrefix(host, "*.")
	if name == "" || strings.Contains(name, "*") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, "..") {
		return bad("the host must be a name, optionally starting with *.")
	}
	if strings.ContainsAny(name, "[]:") {
		// Only an IPv6 address has these, whole and in brackets.
		inner, ok := strings.CutPrefix(name, "[")
		inner, ok2 := strings.CutSuffix(inner, "]")
		if !ok || !ok2 || name != host || net.ParseIP(inner) == nil || !strings.Contains(inner, ":") {
			return bad("an IPv6 address goes whole in brackets, e.g. http://[::1]:8080")
		}
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '[' || r == ']' || r == ':') {
			return bad(fmt.Sprintf("%q is not allowed in a host name (write non-ASCII names in punycode, xn--...)", r))
		}
	}
	return WebOrigin{Scheme: scheme, Host: host, Port: port}, nil
}

func isPort(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
		n = n*10 + int(r-'0')
	}
	return n > 0 && n <= 65535
}

// ParseOrigins reads a comma- or space-separated list of allowed sites, as
// ParseOrigin reads each.
func ParseOrigins(list string) ([]WebOrigin, error) {
	out := []WebOrigin{}
	for _, item := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
		o, err := ParseOrigin(item)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// UnmarshalText lets configuration files hold allowed sites as strings.
func (o *WebOrigin) UnmarshalText(text []byte) error {
	parsed, err := ParseOrigin(string(text))
	if err != nil {
		return err
	}
	*o = parsed
	return nil
}

// String writes the origin as ParseOrigin reads it; it is also a valid
// Content-Security-Policy source expression.
func (o WebOrigin) String() string {
	if o.Any {
		return "*"
	}
	s := o.Scheme + "://" + o.Host
	if o.Port != "" {
		s += ":" + o.Port
	}
	return s
}

// MarshalText writes the origin as String does.
func (o WebOrigin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Allows reports whether a browser's Origin header value, webOrigin, is
// this site.
func (o WebOrigin) Allows(webOrigin string) bool {
	if o.Any {
		return true
	}
	u, err := url.Parse(webOrigin)
	if err != nil || u.Scheme != o.Scheme || u.Host == "" || u.Path != "" || u.User != nil {
		return false
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	switch o.Port {
	case "*":
	case "":
		if port != "" && port != defaultPort(o.Scheme) {
			return false
		}
	default:
		if port != o.Port && !(port == "" && o.Port == defaultPort(o.Scheme)) {
			return false
		}
	}
	if suffix, ok := strings.CutPrefix(o.Host, "*."); ok {
		return strings.HasSuffix(host, "."+suffix)
	}
	return host == strings.Trim(o.Host, "[]")
}

func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// siteAllowed reports whether the page at webOrigin (a browser's Origin
// header) may use the API and frame /embed.
func siteAllowed(allowedSites []WebOrigin, webOrigin string) bool {
	for _, o := range allowedSites {
		if o.Allows(webOrigin) {
			return true
		}
	}
	return false
}

// frameAncestors is the CSP directive for pages that host sites frame.
func frameAncestors(allowedSites []WebOrigin) string {
	parts := []string{"frame-ancestors", "'self'"}
	for _, o := range allowedSites {
		parts = append(parts, o.String())
	}
	return strings.Join(parts, " ")
}
