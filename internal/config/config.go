package config

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/skillcircle/skillcircle/api"
)

// DefaultSnapshot is the snapshot file every command reads and build
// writes when none is named.
const DefaultSnapshot = "skillcircle.db"

// Config is everything `serve` reads. Each key has a default (see
// Default and skillcircle.toml, which `skillcircle config
// --defaults` writes), and is read, later sources winning, from the file
// given by --config (or SKILLCIRCLE_CONFIG), the environment variable
// SKILLCIRCLE_<SECTION>_<KEY>, and the flag --<section>.<key> (top-level
// keys: --<key>).
type Config struct {
	Snapshot Snapshots     `toml:"snapshot" doc:"snapshot files to serve, as written by skillcircle build, one region each (a file, a list of files, or a directory whose *.db files are served; repeat --snapshot for several); SIGHUP or POST /admin/reload opens each again"`
	Addr     string        `toml:"addr" doc:"address to listen on; behind a reverse proxy on the same machine keep it on loopback"`
	Server   ServerConfig  `toml:"server" doc:"The HTTP server: timeouts against slow clients, and a graceful shutdown that finishes the requests in flight."`
	Limits   api.Limits    `toml:"limits" doc:"What one request and one client may ask. 0 turns a limit off."`
	Web      WebConfig     `toml:"web" doc:"The web page (/), the page for iframes (/embed) and the widget (/widget.js) that district websites embed."`
	Admin    AdminConfig   `toml:"admin" doc:"The admin endpoints (POST /admin/reload). They exist only when a token is set."`
	Log      LogConfig     `toml:"log" doc:"Logs go to standard error. Request lines never hold a precise origin (lat/lng become an H3 cell of resolution 7) nor free text (q, address, workplace)."`
	Cluster  ClusterConfig `toml:"cluster" doc:"Several sets of replicas, each holding some of the regions (a shard), behind HAProxy routing by region= (skillcircle cluster writes its configuration). Empty: every replica holds every region."`
	Debug    DebugConfig   `toml:"debug" doc:"Diagnostics for operators. Off by default."`
}

// Snapshots are the snapshot files serve serves. In a TOML file it is a
// string (one file) or a list.
type Snapshots []string

// UnmarshalTOML reads a string or a list of strings.
func (s *Snapshots) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*s = Snapshots{v}
	case []any:
		out := make(Snapshots, len(v))
		for i, item := range v {
			str, ok := item.(string)
			if !ok {
				return fmt.Errorf("snapshot: %v is not a file name", item)
			}
			out[i] = str
		}
		*s = out
	default:
		return fmt.Errorf("snapshot: %v is neither a file name nor a list of them", v)
	}
	return nil
}

// ClusterConfig is the shard map: which regions each set of replicas
// holds.
type ClusterConfig struct {
	Shards []string `toml:"shards" doc:"the shard map, one entry per set of replicas: NAME=REGION+REGION..., regions by their id (as /v1/regions names them, e.g. ningbo); the first shard also gets requests that name no region (HAProxy's default backend), so make it hold the regions clients reach without region=. e.g. [\"east=ningbo+zhoushan\", \"south=wenzhou+taizhou\"]"`
	Shard  string   `toml:"shard" doc:"the shard this replica belongs to: serve refuses to start unless its snapshots are exactly that shard's regions, and answers a point in another shard's region 404 region_not_served naming it; empty: not checked"`
}

// ShardMap reads Shards: each shard's name and its regions' ids, in order.
func (c ClusterConfig) ShardMap() ([]Shard, error) {
	var out []Shard
	owner := map[string]string{}
	for _, entry := range c.Shards {
		name, list, ok := strings.Cut(entry, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.TrimSpace(list) == "" {
			return nil, fmt.Errorf("cluster.shards: %q is not NAME=REGION+REGION (region ids joined by +)", entry)
		}
		sh := Shard{Name: name}
		for _, r := range strings.Split(list, "+") {
			r = strings.TrimSpace(r)
			if r == "" {
				return nil, fmt.Errorf("cluster.shards: %q names an empty region", entry)
			}
			if other, dup := owner[r]; dup {
				return nil, fmt.Errorf("cluster.shards: region %s is in shards %s and %s; a region belongs to one shard", r, other, name)
			}
			owner[r] = name
			sh.Regions = append(sh.Regions, r)
		}
		for _, prev := range out {
			if prev.Name == name {
				return nil, fmt.Errorf("cluster.shards: shard %s is named twice", name)
			}
		}
		out = append(out, sh)
	}
	if c.Shard != "" {
		if _, ok := FindShard(out, c.Shard); !ok {
			return nil, fmt.Errorf("cluster.shard: %q is not a shard of cluster.shards", c.Shard)
		}
	}
	return out, nil
}

// Shard is one set of replicas and the regions it holds.
type Shard struct {
	Name    string
	Regions []string
}

// FindShard finds a shard by name.
func FindShard(shards []Shard, name string) (Shard, bool) {
	for _, sh := range shards {
		if sh.Name == name {
			return sh, true
		}
	}
	return Shard{}, false
}

// DebugConfig configures diagnostics.
type DebugConfig struct {
	Pprof string `toml:"pprof" doc:"address of a separate listener for Go's profiler (/debug/pprof/), e.g. 127.0.0.1:6060; keep it on loopback; empty turns it off"`
}

// ServerConfig are the http.Server's timeouts and the shutdown's.
type ServerConfig struct {
	ReadHeaderTimeout time.Duration `toml:"read_header_timeout" doc:"time to read a request's headers"`
	ReadTimeout       time.Duration `toml:"read_timeout" doc:"time to read a whole request"`
	WriteTimeout      time.Duration `toml:"write_timeout" doc:"time to write an answer, from the end of the request's headers"`
	IdleTimeout       time.Duration `toml:"idle_timeout" doc:"how long a kept-alive connection may wait for its next request"`
	MaxHeaderBytes    int           `toml:"max_header_bytes" doc:"largest request line and headers, in bytes"`
	DrainDelay        time.Duration `toml:"drain_delay" doc:"on SIGTERM, how long /readyz answers 503 while still serving, before the listener closes (for load balancers that poll /readyz)"`
	ShutdownTimeout   time.Duration `toml:"shutdown_timeout" doc:"then, how long requests in flight may take to finish"`
	Follow            string        `toml:"follow" flag:"follow" doc:"a published snapshot to follow: an http(s) URL or a path, with its checksum beside it (URL.sha256, as skillcircle build writes it). Every follow_interval the server fetches the checksum and, when it is not the served snapshot's, downloads the snapshot beside the served file, verifies its SHA-256, and reloads as SIGHUP does; a failed fetch or a bad checksum is logged and counted (skillcircle_snapshot_follow_total) and the old snapshot serves on. Empty: follow nothing"`
	FollowInterval    time.Duration `toml:"follow_interval" doc:"time between two polls of follow"`
	AnswerCacheMB     int           `toml:"answer_cache_mb" doc:"memory, in MB, for answers kept for repeated requests (the same search, isochrone, geocoding or planner question of the same snapshot): a kept answer costs what writing it costs; 0 keeps none"`
	GCPercent         int           `toml:"gc_percent" doc:"how far, in percent, the heap may grow past what is live (mostly the snapshot) before Go collects garbage (Go's GOGC; its own default is 100): the snapshot is large and lives for hours, and collecting less often saved about a sixth of the CPU under load for about 200 MB more memory (Ningbo: 140 MB resident at 100, 310 MB at 400); -1 turns collection off (never do that)"`
}

// WebConfig configures the browser side.
type WebConfig struct {
	AllowOrigins []string `toml:"allow_origins" flag:"allow-origins" doc:"host sites whose pages may call the API (CORS) and frame /embed (CSP frame-ancestors): https://www.example.gov.cn, https://*.gov.cn, http://localhost:*, or * for any; empty: this server's own pages only"`
}

// AdminConfig configures the admin endpoints.
type AdminConfig struct {
	Token         string        `toml:"token" secret:"true" doc:"bearer token of POST /admin/reload, at least 16 characters; empty turns the admin endpoints off. Prefer the environment (SKILLCIRCLE_ADMIN_TOKEN) to writing it here"`
	ReloadTimeout time.Duration `toml:"reload_timeout" doc:"longest a reload may take to open and check the new snapshot"`
}

// LogConfig configures logging.
type LogConfig struct {
	Level    string `toml:"level" doc:"debug, info, warn or error"`
	Format   string `toml:"format" doc:"json (one object per line, for log collectors) or text"`
	Requests bool   `toml:"requests" doc:"log one line per request at info level"`
}

// Default is the configuration with every key at its documented default.
func Default() Config {
	return Config{
		Snapshot: Snapshots{DefaultSnapshot},
		Addr:     "127.0.0.1:8080",
		Server: ServerConfig{
			ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
			IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10, DrainDelay: 0, ShutdownTimeout: 15 * time.Second,
			AnswerCacheMB: 64, GCPercent: 400, FollowInterval: 30 * time.Second,
		},
		Limits:  api.DefaultLimits(),
		Web:     WebConfig{AllowOrigins: webOriginStrings(api.DefaultAllowedOrigins)},
		Admin:   AdminConfig{ReloadTimeout: 2 * time.Minute},
		Log:     LogConfig{Level: "info", Format: "json", Requests: true},
		Cluster: ClusterConfig{Shards: []string{}},
	}
}

// Validate says what is wrong, naming the key as the file does.
func (c *Config) Validate() error {
	var errs []error
	if len(c.Snapshot) == 0 || slices.Contains(c.Snapshot, "") {
		errs = append(errs, errors.New("snapshot: is empty"))
	}
	if _, err := c.Cluster.ShardMap(); err != nil {
		errs = append(errs, err)
	}
	if c.Addr == "" {
		errs = append(errs, errors.New("addr: is empty"))
	}
	for _, f := range configFields(c) {
		if d, ok := f.v.Interface().(time.Duration); ok && d < 0 {
			errs = append(errs, fmt.Errorf("%s: %v is negative", f.key, d))
		}
	}
	if c.Server.ReadHeaderTimeout == 0 {
		errs = append(errs, errors.New("server.read_header_timeout: 0 would let slow clients hold connections forever"))
	}
	if c.Server.MaxHeaderBytes < 0 {
		errs = append(errs, errors.New("server.max_header_bytes: is negative"))
	}
	if f := c.Server.Follow; f != "" {
		if u, err := url.Parse(f); strings.Contains(f, "://") && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			errs = append(errs, fmt.Errorf("server.follow: %q is neither an http(s) URL nor a path", f))
		}
		if c.Server.FollowInterval == 0 {
			errs = append(errs, errors.New("server.follow_interval: 0; the time between two polls of server.follow"))
		}
	}
	if m := c.Server.AnswerCacheMB; m < 0 || m > 1<<20 {
		errs = append(errs, fmt.Errorf("server.answer_cache_mb: %d; 0 (none) to 1048576", m))
	}
	if g := c.Server.GCPercent; g < -1 || (g >= 0 && g < 10) {
		errs = append(errs, fmt.Errorf("server.gc_percent: %d; -1, or at least 10 (Go's default is 100)", g))
	}
	if _, err := c.Web.AllowedOrigins(); err != nil {
		errs = append(errs, err)
	}
	if err := c.Limits.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("limits.%w", err))
	}
	if t := c.Admin.Token; t != "" && len(t) < 16 {
		errs = append(errs, fmt.Errorf("admin.token: %d characters; at least 16", len(t)))
	}
	if _, err := logLevel(c.Log.Level); err != nil {
		errs = append(errs, err)
	}
	if c.Log.Format != "json" && c.Log.Format != "text" {
		errs = append(errs, fmt.Errorf("log.format: %q is not json or text", c.Log.Format))
	}
	return errors.Join(errs...)
}

func webOriginStrings(sites []api.WebOrigin) []string {
	out := make([]string, len(sites))
	for i, o := range sites {
		out[i] = o.String()
	}
	return out
}

// AllowedOrigins parses AllowOrigins, the sites allowed to call the API and
// frame /embed, as api.Options.AllowedOrigins takes them.
func (w WebConfig) AllowedOrigins() ([]api.WebOrigin, error) {
	out, err := api.ParseOrigins(strings.Join(w.AllowOrigins, ","))
	if err != nil {
		return nil, fmt.Errorf("web.allow_origins: %w", err)
	}
	return out, nil
}

func logLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("log.level: %q is not debug, info, warn or error", s)
	}
	return l, nil
}

// NewLogger makes the logger the configuration asks for, writing to w.
func (c *Config) NewLogger(w io.Writer) *slog.Logger {
	level, _ := logLevel(c.Log.Level)
	opts := &slog.HandlerOptions{Level: level}
	if c.Log.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// configField is one key of the configuration.
type configField struct {
	key     string // "limits.rate_per_second"
	section string // "limits", or "" at the top
	doc     string
	secret  bool
	alias   string        // a second flag name, kept from before the configuration file
	v       reflect.Value // settable
}

func (f configField) env() string {
	return "SKILLCIRCLE_" + strings.ToUpper(strings.ReplaceAll(f.key, ".", "_"))
}

// sectionDocs are the doc tags of the sections, by name.
func sectionDocs() map[string]string {
	docs := map[string]string{}
	t := reflect.TypeFor[Config]()
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); isSection(f.Type) {
			docs[f.Tag.Get("toml")] = f.Tag.Get("doc")
		}
	}
	return docs
}

func isSection(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t != reflect.TypeFor[time.Duration]()
}

// configFields lists every key of c, in the order of the struct.
func configFields(c *Config) []configField {
	var out []configField
	var walk func(v reflect.Value, section string)
	walk = func(v reflect.Value, section string) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			name := sf.Tag.Get("toml")
			if name == "" || name == "-" {
				continue
			}
			if isSection(sf.Type) {
				walk(v.Field(i), name)
				continue
			}
			key := name
			if section != "" {
				key = section + "." + name
			}
			out = append(out, configField{key: key, section: section, doc: sf.Tag.Get("doc"),
				secret: sf.Tag.Get("secret") == "true", alias: sf.Tag.Get("flag"), v: v.Field(i)})
		}
	}
	walk(reflect.ValueOf(c).Elem(), "")
	return out
}

func fieldByKey(c *Config, key string) configField {
	for _, f := range configFields(c) {
		if f.key == key {
			return f
		}
	}
	panic("no configuration key " + key)
}

// set parses s into the field, as a flag or environment variable gives it.
func (f configField) set(s string) error {
	v := f.v
	if v.Type() == reflect.TypeFor[time.Duration]() {
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 5s or 2m", s)
		}
		v.SetInt(int64(d))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", s)
		}
		v.SetInt(n)
	case reflect.Float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		v.SetFloat(x)
	case reflect.Slice:
		var items []string
		for _, item := range strings.Split(s, ",") {
			if item = strings.TrimSpace(item); item != "" {
				items = append(items, item)
			}
		}
		v.Set(reflect.ValueOf(items))
	default:
		return fmt.Errorf("cannot set a %s", v.Type())
	}
	return nil
}

// tomlValue writes the field's value as TOML.
func (f configField) tomlValue() string {
	v := f.v
	if d, ok := v.Interface().(time.Duration); ok {
		return strconv.Quote(d.String())
	}
	switch v.Kind() {
	case reflect.String:
		return tomlString(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		s := strconv.FormatFloat(v.Float(), 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	case reflect.Slice:
		items := make([]string, v.Len())
		for i := range items {
			items[i] = tomlString(v.Index(i).String())
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	return fmt.Sprint(v.Interface())
}

// tomlString quotes s as a TOML basic string (JSON's escapes are TOML's).
func tomlString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// Write writes c as a TOML file that documents every key (a set token is
// not shown); reading it back gives c.
func Write(w io.Writer, c *Config) error {
	var b strings.Builder
	b.WriteString(`# skillcircle serve: configuration. Every key is here with its default.
# Read, later sources winning: the defaults, this file (serve --config FILE,
# or SKILLCIRCLE_CONFIG=FILE), environment variables SKILLCIRCLE_<SECTION>_<KEY>
# (e.g. SKILLCIRCLE_LIMITS_RATE_PER_SECOND=50), then flags --<section>.<key>
# (e.g. --limits.rate_per_second 50; top-level keys: --snapshot, --addr).
# "skillcircle config" prints the configuration in effect, in this form.
# Durations are strings such as "500ms", "5s", "2m".
`)
	docs := sectionDocs()
	section := ""
	for _, f := range configFields(c) {
		if f.section != section {
			section = f.section
			fmt.Fprintf(&b, "\n%s\n[%s]\n", comment(docs[section], ""), section)
		}
		name := f.key[strings.LastIndex(f.key, ".")+1:]
		flags := "--" + f.key
		if f.alias != "" {
			flags += " or --" + f.alias
		}
		fmt.Fprintf(&b, "\n%s\n", comment(f.doc+" ("+f.env()+", "+flags+")", ""))
		if f.secret && f.v.String() != "" {
			fmt.Fprintf(&b, "# %s is set (%d characters) and not shown\n", name, len(f.v.String()))
			continue
		}
		fmt.Fprintf(&b, "%s = %s\n", name, f.tomlValue())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// comment wraps text into "# " lines of at most 100 columns.
func comment(text, indent string) string {
	var lines []string
	line := indent + "#"
	for _, word := range strings.Fields(text) {
		if len(line)+1+len(word) > 100 && line != indent+"#" {
			lines = append(lines, line)
			line = indent + "#"
		}
		line += " " + word
	}
	return strings.Join(append(lines, line), "\n")
}

// Flags are --config and one flag per key, registered on a flag set by
// RegisterFlags; the values given are kept in order, to be applied after the
// file and environment by Load.
type Flags struct {
	file *string
	set  []func(*Config) error
}

// RegisterFlags registers --config and a flag --<section>.<key> for every
// key of Config on fl (and the keys' older aliases, such as --allow-origins).
func RegisterFlags(fl *flag.FlagSet) *Flags {
	cf := &Flags{file: fl.String("config", "", "configuration file (TOML); see skillcircle.toml for every key and its default")}
	def := Default()
	for _, f := range configFields(&def) {
		usage := f.doc
		if !f.secret {
			usage += " (default " + f.tomlValue() + ")"
		}
		key := f.key
		given := false
		apply := func(s string) error {
			// Check the value now, so that the flag package reports it
			// with its name; apply it after the file and environment.
			probe := Default()
			if err := fieldByKey(&probe, key).set(s); err != nil {
				return err
			}
			// A list flag given again adds to the list (--snapshot a.db
			// --snapshot b.db); the first replaces the file's.
			again := given
			given = true
			cf.set = append(cf.set, func(c *Config) error {
				f := fieldByKey(c, key)
				if again && f.v.Kind() == reflect.Slice {
					before := f.v.Interface()
					if err := f.set(s); err != nil {
						return err
					}
					f.v.Set(reflect.AppendSlice(reflect.ValueOf(before), f.v))
					return nil
				}
				return f.set(s)
			})
			return nil
		}
		for _, name := range []string{key, f.alias} {
			switch {
			case name == "":
			case f.v.Kind() == reflect.Bool:
				fl.BoolFunc(name, usage, apply)
			default:
				fl.Func(name, usage, apply)
			}
		}
	}
	return cf
}

// Load builds the configuration: the defaults, then the file (--config, or
// the environment's SKILLCIRCLE_CONFIG), then the environment as lookupEnv
// reads it (os.LookupEnv), then the flags; and checks it. An error names the
// file, variable or key that is wrong.
func (cf *Flags) Load(lookupEnv func(string) (string, bool)) (*Config, error) {
	c := Default()
	file := *cf.file
	if file == "" {
		file, _ = lookupEnv("SKILLCIRCLE_CONFIG")
	}
	if file != "" {
		md, err := toml.DecodeFile(file, &c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if undecoded := md.Undecoded(); len(undecoded) > 0 {
			keys := make([]string, len(undecoded))
			for i, k := range undecoded {
				keys[i] = k.String()
			}
			sort.Strings(keys)
			return nil, fmt.Errorf("%s: unknown keys %s; skillcircle.toml lists every key", file, strings.Join(keys, ", "))
		}
	}
	for _, f := range configFields(&c) {
		if s, ok := lookupEnv(f.env()); ok {
			if err := f.set(s); err != nil {
				return nil, fmt.Errorf("%s: %w", f.env(), err)
			}
		}
	}
	for _, set := range cf.set {
		if err := set(&c); err != nil {
			return nil, err
		}
	}
	if err := c.Validate(); err != nil {
		where := "configuration"
		if file != "" {
			where = file
		}
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return &c, nil
}
