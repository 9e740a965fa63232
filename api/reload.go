package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
)

// How a snapshot is replaced without failing a request.
//
// Each snapshot the server has served is a generation with a reference
// count: one for being current, and one for each request that began while
// it was current (taken in ServeHTTP, before echo sees the request, and
// given back when the answer is written). A reload opens and checks the
// new snapshot first, then makes it current and drops the old one's "current"
// reference. A handler reads the server's snapshot whenever it likes, so a
// request that began under generation 3 may see generation 4; therefore a
// generation is closed only once its own count is zero and every older
// generation has been closed: no request that could have seen it remains.

// generation is one snapshot as served.
type generation struct {
	snap *index.Snapshot
	info SnapshotInfo
	refs atomic.Int64  // 1 while current, plus requests that began under it
	idle chan struct{} // closed when refs reaches zero
	enc  encodedViews  // its records as JSON, filled on first use
	// bound and center are the region's extent, for /v1/regions.
	bound  orb.Bound
	center orb.Point
}

// encoded returns the generation's records encoded as JSON.
func (g *generation) encoded() *encodedViews { return g.enc.get(g.snap) }

func newGeneration(snap *index.Snapshot) *generation {
	meta := snap.Meta()
	g := &generation{snap: snap, idle: make(chan struct{}), info: SnapshotInfo{
		Path: snap.Path(), FormatVersion: meta.FormatVersion, Checksum: snap.Checksum(),
		SourceChecksum: meta.SourceChecksum, Region: meta.Region.Name, BuiltAt: meta.BuiltAt,
		LoadedAt: time.Now().UTC().Truncate(time.Second), Courses: meta.Counts.Courses, Sites: meta.Counts.Sites,
	}}
	g.bound, g.center = regionBounds(snap)
	g.refs.Store(1)
	return g
}

// acquire takes a reference unless the generation is already retired and
// idle (it can never come back from zero).
func (g *generation) acquire() bool {
	for {
		n := g.refs.Load()
		if n == 0 {
			return false
		}
		if g.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

func (g *generation) release() {
	if g.refs.Add(-1) == 0 {
		close(g.idle)
	}
}

// SnapshotInfo says which snapshot is served.
type SnapshotInfo struct {
	Path           string    `json:"path"`
	FormatVersion  int       `json:"format_version"`
	Checksum       string    `json:"checksum"`        // of the content, verified on open
	SourceChecksum string    `json:"source_checksum"` // of the catalogue it was built from
	Region         string    `json:"region"`
	BuiltAt        time.Time `json:"built_at"`
	LoadedAt       time.Time `json:"loaded_at"`
	Courses        int       `json:"courses"`
	Sites          int       `json:"sites"`
}

// ReloadResult is what a reload did.
type ReloadResult struct {
	Region   string       `json:"region"` // its id (RegionID)
	Previous SnapshotInfo `json:"previous"`
	Current  SnapshotInfo `json:"current"`
	// Changed is false when the new snapshot has the old one's content.
	Changed bool    `json:"changed"`
	Seconds float64 `json:"seconds"`
}

// ErrReloadOff is returned by Reload on a server made without Options.Open.
var ErrReloadOff = errors.New("api: reload is off (no Options.Open)")

// ReloadError is a reload refused: the new snapshot did not open or did
// not pass its checks. The old snapshot is still served.
type ReloadError struct{ Err error }

func (e *ReloadError) Error() string {
	return "reload refused, still serving the previous snapshot: " + e.Err.Error()
}
func (e *ReloadError) Unwrap() error { return e.Err }

// serveGeneration answers one request with a reference to each
// region's current generation held throughout.
func (s *Server) serveGeneration(w http.ResponseWriter, r *http.Request) {
	var held [4]*generation // on the stack for up to four regions
	gens := held[:0]
	for _, rg := range s.regions {
		g, ok := rg.acquire()
		if !ok {
			releaseAll(gens)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error":{"code":"closed","message":"the server is shutting down"}}`))
			return
		}
		gens = append(gens, g)
	}
	defer releaseAll(gens)
	s.echo.ServeHTTP(w, r)
}

func releaseAll(gens []*generation) {
	for _, g := range gens {
		g.release()
	}
}

// SnapshotInfo describes the snapshot being served (the first region's,
// with several).
func (s *Server) SnapshotInfo() SnapshotInfo { return s.regions[0].cur.Load().info }

// Reload opens the snapshot again with Options.Open, checks it, and serves
// it from then on; the old one is closed once no request can be using it.
// A snapshot that does not open or check is refused with a *ReloadError,
// and the old one keeps serving. Reloads run one at a time. A server of
// several regions reloads one with ReloadRegion, or all with ReloadAll.
func (s *Server) Reload(ctx context.Context) (ReloadResult, error) {
	if len(s.regions) > 1 {
		return ReloadResult{}, fmt.Errorf("api: this server serves %d regions; reload one (ReloadRegion) or all (ReloadAll)", len(s.regions))
	}
	return s.regions[0].reload(ctx, s)
}

// ReloadRegion reloads the region whose id is given, as Reload does; the
// others are not touched.
func (s *Server) ReloadRegion(ctx context.Context, id string) (ReloadResult, error) {
	rg := s.regionNamed(id)
	if rg == nil {
		return ReloadResult{}, fmt.Errorf("%w: %q; one of %s", ErrUnknownRegion, id, s.regionList())
	}
	return rg.reload(ctx, s)
}

// ReloadAll reloads every region, one after another and each on its own:
// a region whose new snapshot is refused serves on its old one, and the
// others are reloaded all the same. It returns each region's result, in
// the order served, and the refusals joined.
func (s *Server) ReloadAll(ctx context.Context) ([]ReloadResult, error) {
	out := make([]ReloadResult, len(s.regions))
	var errs []error
	for i, rg := range s.regions {
		var err error
		if out[i], err = rg.reload(ctx, s); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", rg.id, err))
		}
	}
	return out, errors.Join(errs...)
}

// reload replaces the region's snapshot by a newly opened and checked one.
func (rg *region) reload(ctx context.Context, s *Server) (ReloadResult, error) {
	if rg.open == nil {
		return ReloadResult{}, ErrReloadOff
	}
	rg.reloadMu.Lock()
	defer rg.reloadMu.Unlock()
	start := time.Now()
	old := rg.cur.Load()
	res := ReloadResult{Region: rg.id, Previous: old.info, Current: old.info}
	snap, err := rg.open(ctx)
	if err == nil {
		if err = rg.check(ctx, snap); err != nil {
			snap.Close()
		}
	}
	if err != nil {
		s.metrics.reload(rg.id, "refused")
		rg.lastReload.Store(&ReloadEvent{Result: "refused", At: time.Now().UTC().Truncate(time.Second), Error: err.Error()})
		s.log.Error("snapshot reload refused; the previous snapshot serves on", "region", rg.id, "err", err, "serving", old.info.Checksum)
		return res, &ReloadError{err}
	}
	g := newGeneration(snap)
	rg.cur.Store(g)
	rg.retire(old, s)
	s.metrics.reload(rg.id, "ok")
	rg.lastReload.Store(&ReloadEvent{Result: "ok", At: time.Now().UTC().Truncate(time.Second)})
	res.Current, res.Changed = g.info, g.info.Checksum != old.info.Checksum
	res.Seconds = time.Since(start).Seconds()
	s.log.Info("snapshot reloaded", "region", rg.id, "path", g.info.Path, "format_version", g.info.FormatVersion,
		"checksum", g.info.Checksum, "built_at", g.info.BuiltAt, "changed", res.Changed, "seconds", res.Seconds)
	return res, nil
}

// retire drops old's "current" reference and closes it, in the background,
// once it and every older generation of the region are idle. Called with
// reloadMu held.
func (rg *region) retire(old *generation, s *Server) {
	older := rg.retiring
	done := make(chan struct{})
	rg.retiring = done
	old.release()
	go func() {
		defer close(done)
		<-old.idle
		if older != nil {
			<-older
		}
		if rg.open != nil { // the server owns what it serves
			if err := old.snap.Close(); err != nil {
				s.log.Warn("closing a replaced snapshot", "region", rg.id, "err", err)
			}
		}
	}()
}

// check makes sure a newly opened snapshot is this region's and can answer
// before it is served.
func (rg *region) check(ctx context.Context, snap *index.Snapshot) error {
	if code := snap.Meta().Region.Code; code != rg.code {
		return fmt.Errorf("%s is a snapshot of %s (%s), not of %s (%s), the region it would replace",
			snap.Path(), snap.Meta().Region.Name, code, rg.name, rg.code)
	}
	return check(ctx, snap)
}

// check makes sure a newly opened snapshot can answer before it is served:
// Open has verified its format and checksums; this asks it a question.
func check(ctx context.Context, snap *index.Snapshot) error {
	m := snap.Meta()
	if m.Counts.Districts == 0 || m.Counts.Sites == 0 || m.Counts.Courses == 0 {
		return fmt.Errorf("%s holds %d districts, %d sites and %d courses; a snapshot to serve needs all three",
			snap.Path(), m.Counts.Districts, m.Counts.Sites, m.Counts.Courses)
	}
	ds := snap.Districts()
	q := index.Query{Origin: ds[0].Center, Mode: geo.Walk, Text: "培训",
		Filters: index.Filters{Deliveries: []data.Delivery{data.OnSite, data.Blended, data.Online}}}
	if _, err := snap.Search(ctx, q); err != nil {
		return fmt.Errorf("%s: a test search failed: %w", snap.Path(), err)
	}
	return nil
}

// Drain makes /readyz answer 503 so that a load balancer stops sending
// requests; the server answers the ones it gets as before. Call it when
// shutting down, before http.Server.Shutdown.
func (s *Server) Drain() { s.draining.Store(true) }

// Ready reports whether /readyz answers 200.
func (s *Server) Ready() bool { return !s.draining.Load() }

// Close waits for replaced snapshots to close and, for each region whose
// snapshots the server owns (it has an Open), closes the current one.
// Call it after the HTTP server has shut down.
func (s *Server) Close() error {
	s.draining.Store(true)
	var errs []error
	for _, rg := range s.regions {
		errs = append(errs, rg.close())
	}
	return errors.Join(errs...)
}

func (rg *region) close() error {
	rg.reloadMu.Lock()
	defer rg.reloadMu.Unlock()
	if rg.retiring != nil {
		<-rg.retiring
	}
	if rg.open == nil || rg.closed {
		return nil
	}
	rg.closed = true
	g := rg.cur.Load()
	g.release()
	<-g.idle
	return g.snap.Close()
}

func (s *Server) readyz(c echo.Context) error {
	body := readyAnswer{Status: "ready", Snapshot: s.SnapshotInfo(), Regions: make([]regionSummary, len(s.regions))}
	for i, rg := range s.regions {
		body.Regions[i] = s.summary(rg, geo.WGS84)
	}
	if !s.Ready() {
		body.Status = "draining"
		return c.JSON(http.StatusServiceUnavailable, body)
	}
	return c.JSON(http.StatusOK, body)
}

// adminOnly lets through requests bearing the admin token.
func (s *Server) adminOnly(next echo.HandlerFunc) echo.HandlerFunc {
	want := sha256.Sum256([]byte(s.adminToken))
	return func(c echo.Context) error {
		auth := c.Request().Header.Get("Authorization")
		token, ok := strings.CutPrefix(auth, "Bearer ")
		// Comparing hashes takes the same time whatever the token's length.
		got := sha256.Sum256([]byte(token))
		if !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized,
				Message: "this endpoint needs the admin token: Authorization: Bearer TOKEN"}
		}
		return next(c)
	}
}

// adminReload reloads every region (as SIGHUP does). The answer is the
// first region's result (the only one's, with one region) and, with
// several, each region's in regions; a refusal of any is 422, naming it,
// and the others are reloaded all the same.
func (s *Server) adminReload(c echo.Context) error {
	// A reload, once begun, finishes even if the client goes away.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request().Context()), s.reloadTimeout)
	defer cancel()
	if len(s.regions) == 1 {
		res, err := s.regions[0].reload(ctx, s)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, reloadAnswer{ReloadResult: res})
	}
	res, err := s.ReloadAll(ctx)
	if err != nil {
		return &Error{Status: http.StatusUnprocessableEntity, Code: CodeReloadRefused,
			Message: err.Error() + "; every other region was reloaded"}
	}
	return c.JSON(http.StatusOK, reloadAnswer{ReloadResult: res[0], Regions: res})
}

type reloadAnswer struct {
	ReloadResult
	Regions []ReloadResult `json:"regions,omitempty"`
}
