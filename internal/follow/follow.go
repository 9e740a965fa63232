package follow

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ChecksumSuffix is appended to a snapshot's name (or URL) to name its
// checksum file.
const ChecksumSuffix = ".sha256"

// DefaultInterval is how often a Follower polls when Options.Interval is 0.
const DefaultInterval = 30 * time.Second

// fetchTimeout bounds one poll: the checksum and, when it changed, the download.
const fetchTimeout = 10 * time.Minute

// Result is what one poll did; its values are the label values of the
// counter that counts them.
type Result string

const (
	OK          Result = "ok"           // a new snapshot was downloaded, verified and is served
	Unchanged   Result = "unchanged"    // the published checksum is the served one's
	Failed      Result = "failed"       // the checksum or snapshot could not be fetched, or the reload refused it
	BadChecksum Result = "bad_checksum" // the download's SHA-256 is not the published one; it was thrown away
)

// Results lists every Result, for counters that want all their series from the start.
var Results = []Result{OK, Unchanged, Failed, BadChecksum}

// ErrBadChecksum is returned by Check when a download's SHA-256 differs
// from the checksum published beside it.
var ErrBadChecksum = errors.New("follow: the download's SHA-256 is not the published checksum")

// ErrChecksumFile is returned (wrapped) when a checksum file does not hold
// a SHA-256 in sha256sum's format.
var ErrChecksumFile = errors.New("follow: not a sha256sum checksum file")

// WriteChecksum computes the SHA-256 of the file at path and writes it to
// path+".sha256" in sha256sum's format, atomically (a reader sees the old
// checksum file or the new one). It returns the checksum in hex.
func WriteChecksum(path string) (string, error) {
	sum, err := fileSHA256(path)
	if err != nil {
		return "", err
	}
	line := sum + "  " + filepath.Base(path) + "\n"
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".sha256-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing is there
	if _, err := tmp.WriteString(line); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return sum, os.Rename(tmp.Name(), path+ChecksumSuffix)
}

// ParseChecksum reads the first line of a sha256sum file: 64 hex digits,
// optionally followed by the file's name. It returns the digits in lower case.
func ParseChecksum(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	fields := strings.Fields(line)
	if len(fields) == 0 || len(fields[0]) != 2*sha256.Size {
		return "", fmt.Errorf("%w: %.80q", ErrChecksumFile, line)
	}
	sum := strings.ToLower(fields[0])
	if _, err := hex.DecodeString(sum); err != nil {
		return "", fmt.Errorf("%w: %.80q", ErrChecksumFile, line)
	}
	return sum, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Options configure a Follower.
type Options struct {
	// Source is the published snapshot: an http or https URL, or a path.
	// Its checksum is read from Source+".sha256".
	Source string
	// Target is the served snapshot file, which a new snapshot replaces.
	Target string
	// Interval is the time between polls (DefaultInterval if 0).
	Interval time.Duration
	// Reload serves Target anew, as SIGHUP does; an error means the old
	// snapshot is still served.
	Reload func(context.Context) error
	// Count, if set, is told the result of every poll.
	Count func(Result)
	// Client fetches URLs (http.DefaultClient if nil).
	Client *http.Client
	// Logger logs what each poll did but "unchanged" (slog.Default() if nil).
	Logger *slog.Logger
}

// Follower keeps Target in step with Source.
type Follower struct {
	o      Options
	served string // SHA-256 of the file served, in hex
}

// New checks the options and reads the checksum of the served file. It
// removes downloads that an earlier follower, killed, left beside Target.
func New(o Options) (*Follower, error) {
	if o.Source == "" || o.Target == "" || o.Reload == nil {
		return nil, errors.New("follow: Source, Target and Reload are required")
	}
	if isURL(o.Source) {
		if _, err := url.Parse(o.Source); err != nil {
			return nil, fmt.Errorf("follow: %w", err)
		}
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Client == nil {
		o.Client = http.DefaultClient
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(o.Target), "."+filepath.Base(o.Target)+".follow-*"))
	for _, s := range stale {
		os.Remove(s)
	}
	served, err := fileSHA256(o.Target)
	if err != nil {
		return nil, fmt.Errorf("follow: the served snapshot: %w", err)
	}
	return &Follower{o: o, served: served}, nil
}

// Served returns the SHA-256 of the snapshot file being served, in hex.
func (f *Follower) Served() string { return f.served }

// Run polls every Interval until ctx ends. Call it in its own goroutine;
// Check is not safe to call beside it.
func (f *Follower) Run(ctx context.Context) {
	t := time.NewTicker(f.o.Interval)
	defer t.Stop()
	for {
		f.Check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Check polls once: it fetches the published checksum and, when it is not
// the served one, downloads, verifies and reloads the snapshot.
func (f *Follower) Check(ctx context.Context) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	res, err := f.check(ctx)
	if f.o.Count != nil {
		f.o.Count(res)
	}
	switch {
	case err != nil:
		f.o.Logger.Error("following the published snapshot failed; the served snapshot serves on",
			"source", f.o.Source, "result", string(res), "err", err, "serving", f.served)
	case res == OK:
		f.o.Logger.Info("followed a new snapshot", "source", f.o.Source, "sha256", f.served)
	}
	return res, err
}

func (f *Follower) check(ctx context.Context) (Result, error) {
	want, err := f.fetchChecksum(ctx)
	if err != nil {
		return Failed, err
	}
	if want == f.served {
		return Unchanged, nil
	}
	tmp, err := f.download(ctx, want)
	if err != nil {
		if errors.Is(err, ErrBadChecksum) {
			return BadChecksum, err
		}
		return Failed, err
	}
	defer os.Remove(tmp) // gone once renamed
	// Keep the served file under a second name until the new one is served,
	// so that a refused snapshot can be moved aside again.
	prev := tmp + ".previous"
	if err := os.Link(f.o.Target, prev); err != nil {
		return Failed, err
	}
	defer os.Remove(prev)
	if err := os.Rename(tmp, f.o.Target); err != nil {
		return Failed, err
	}
	if err := f.o.Reload(ctx); err != nil {
		if rerr := os.Rename(prev, f.o.Target); rerr != nil {
			err = errors.Join(err, fmt.Errorf("putting the served snapshot back: %w", rerr))
		}
		return Failed, err
	}
	f.served = want
	return OK, nil
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// open opens the published file at Source+suffix.
func (f *Follower) open(ctx context.Context, suffix string) (io.ReadCloser, error) {
	if !isURL(f.o.Source) {
		return os.Open(f.o.Source + suffix)
	}
	u, err := url.Parse(f.o.Source)
	if err != nil {
		return nil, err
	}
	u.Path += suffix
	u.RawPath = ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := f.o.Client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %s", u.Redacted(), resp.Status)
	}
	return resp.Body, nil
}

func (f *Follower) fetchChecksum(ctx context.Context) (string, error) {
	r, err := f.open(ctx, ChecksumSuffix)
	if err != nil {
		return "", err
	}
	defer r.Close()
	return ParseChecksum(r)
}

// download writes Source to a temporary file beside Target and returns its
// name once its SHA-256 is want; otherwise it removes it.
func (f *Follower) download(ctx context.Context, want string) (name string, err error) {
	r, err := f.open(ctx, "")
	if err != nil {
		return "", err
	}
	defer r.Close()
	tmp, err := os.CreateTemp(filepath.Dir(f.o.Target), "."+filepath.Base(f.o.Target)+".follow-*")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err != nil {
		return "", fmt.Errorf("downloading %s: %w", f.o.Source, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return "", fmt.Errorf("%w: %s (%d bytes) has %.12s…, published %.12s…", ErrBadChecksum, f.o.Source, n, got, want)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return tmp.Name(), nil
}
