package transit

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/geo"
)

// Station is a metro station: its name, position (WGS-84) and, per line it
// serves, its order on that line (1, 2, 3, ... along the line).
type Station struct {
	Name  string
	Point orb.Point
	Lines map[string]int // line name -> order on the line
}

// Options are the travel assumptions. DefaultOptions documents each.
type Options struct {
	// SpeedKmh is the average train speed between stations, accelerating
	// and braking included, over the straight line between them.
	SpeedKmh float64 `json:"speed_kmh"`
	// DwellSeconds is the stop at each intermediate station.
	DwellSeconds float64 `json:"dwell_seconds"`
	// HeadwayMinutes is the time between trains; a rider waits half of it
	// on boarding and on every transfer.
	HeadwayMinutes float64 `json:"headway_minutes"`
	// TransferMinutes is the walk between platforms of two lines, before
	// the wait for the new line.
	TransferMinutes float64 `json:"transfer_minutes"`
	// WalkKmh and WalkDetour are the walk to, from and instead of the
	// metro: straight line x WalkDetour at WalkKmh.
	WalkKmh    float64 `json:"walk_kmh"`
	WalkDetour float64 `json:"walk_detour"`
}

// Validate checks the options as New does: positive speeds, a detour of
// at least 1, no negative time. The error wraps ErrOptions.
func (o Options) Validate() error {
	if !(o.SpeedKmh > 0) || !(o.WalkKmh > 0) || !(o.WalkDetour >= 1) ||
		!(o.DwellSeconds >= 0) || !(o.HeadwayMinutes >= 0) || !(o.TransferMinutes >= 0) ||
		math.IsInf(o.SpeedKmh+o.WalkKmh+o.WalkDetour+o.DwellSeconds+o.HeadwayMinutes+o.TransferMinutes, 0) {
		return fmt.Errorf("%w: %+v", ErrOptions, o)
	}
	return nil
}

// DefaultOptions: trains average 35 km/h between stations and stop 30 s at
// each intermediate one; off-peak headway 6 min, so a 3 min wait on
// boarding and after each transfer; a transfer walks 4 min; walking is
// 4.5 km/h over 1.3 x the straight line (geo's walk model).
var DefaultOptions = Options{
	SpeedKmh:        35,
	DwellSeconds:    30,
	HeadwayMinutes:  6,
	TransferMinutes: 4,
	WalkKmh:         4.5,
	WalkDetour:      1.3,
}

// Errors returned by New.
var (
	// ErrOptions is returned for a non-positive speed or detour below 1,
	// or a negative or infinite number.
	ErrOptions = errors.New("transit: invalid options")
	// ErrStations is returned for a station with no line, a bad position,
	// or two stations at the same order of one line.
	ErrStations = errors.New("transit: invalid stations")
)

// Transit answers door-to-door times by walking and metro. It is
// read-only after New and safe for concurrent use.
type Transit struct {
	opts     Options
	stations []Station
	// ride[a*n+b] is the seconds from entering station a to leaving
	// station b by metro (boarding wait, rides, dwells, transfers); +Inf
	// if b cannot be reached, 0 on the diagonal.
	ride []float64
}

// New builds the station-to-station times for the stations and lines.
func New(stations []Station, opts Options) (*Transit, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	lines, err := stopsByLine(stations)
	if err != nil {
		return nil, err
	}
	g, err := buildGraph(stations, lines, opts)
	if err != nil {
		return nil, err
	}
	return &Transit{opts: opts, stations: slices.Clone(stations), ride: g.rideSeconds(len(stations))}, nil
}

// stop is a station's place on one line.
type stop struct {
	order, station int
}

// stopsByLine checks each station and lists, per line name, the stops of
// that line (in no particular order).
func stopsByLine(stations []Station) (map[string][]stop, error) {
	lines := map[string][]stop{}
	for i, s := range stations {
		if len(s.Lines) == 0 {
			return nil, fmt.Errorf("%w: station %d (%s) has no line", ErrStations, i, s.Name)
		}
		p := s.Point
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
			return nil, fmt.Errorf("%w: station %d (%s) at %v", ErrStations, i, s.Name, p)
		}
		for l, o := range s.Lines {
			lines[l] = append(lines[l], stop{o, i})
		}
	}
	return lines, nil
}

// edge is a directed edge of the graph, with its seconds.
type edge struct {
	to int
	s  float64
}

// graph is what rides are searched on: per station an entry and an exit
// node, and per (line, stop) a platform node, so that boarding, riding and
// changing lines each cost what they do.
type graph struct {
	adj         [][]edge
	entry, exit []int   // per station
	platforms   [][]int // per station, its platform nodes
}

func (g *graph) newNode() int {
	g.adj = append(g.adj, nil)
	return len(g.adj) - 1
}

func (g *graph) addEdge(from, to int, s float64) {
	g.adj[from] = append(g.adj[from], edge{to, s})
}

// buildGraph lays out the lines, in order of their names so that node
// numbers do not depend on map order, then the transfers between them.
func buildGraph(stations []Station, lines map[string][]stop, opts Options) (*graph, error) {
	n := len(stations)
	g := &graph{entry: make([]int, n), exit: make([]int, n), platforms: make([][]int, n)}
	for i := range n {
		g.entry[i], g.exit[i] = g.newNode(), g.newNode()
	}
	wait := opts.HeadwayMinutes * 60 / 2
	// a ride edge carries a dwell; boarding takes one back, so k rides
	// stop k-1 times
	board := max(wait-opts.DwellSeconds, 0)
	names := slices.Sorted(func(yield func(string) bool) {
		for l := range lines {
			if !yield(l) {
				return
			}
		}
	})
	for _, l := range names {
		if err := g.addLine(stations, l, lines[l], board, opts); err != nil {
			return nil, err
		}
	}
	g.addTransfers(opts.TransferMinutes*60 + board)
	return g, nil
}

// addLine adds a platform node per stop of line l, joined to its
// station's entry (boarding) and exit, and ride edges both ways between
// consecutive stops.
func (g *graph) addLine(stations []Station, l string, stops []stop, board float64, opts Options) error {
	slices.SortFunc(stops, func(a, b stop) int { return cmp.Compare(a.order, b.order) })
	prev := -1
	for k, st := range stops {
		if k > 0 && stops[k-1].order == st.order {
			return fmt.Errorf("%w: %s and %s are both stop %d of %s", ErrStations,
				stations[stops[k-1].station].Name, stations[st.station].Name, st.order, l)
		}
		p := g.newNode()
		g.addEdge(g.entry[st.station], p, board)
		g.addEdge(p, g.exit[st.station], 0)
		g.platforms[st.station] = append(g.platforms[st.station], p)
		if prev >= 0 {
			a, b := stations[stops[k-1].station].Point, stations[st.station].Point
			s := geo.Distance(a, b)/(opts.SpeedKmh/3.6) + opts.DwellSeconds
			g.addEdge(prev, p, s)
			g.addEdge(p, prev, s)
		}
		prev = p
	}
	return nil
}

// addTransfers joins every two platforms of a station, at transfer
// seconds: the walk between them, then boarding as at an entry.
func (g *graph) addTransfers(transfer float64) {
	for _, ps := range g.platforms {
		for _, a := range ps {
			for _, b := range ps {
				if a != b {
					g.addEdge(a, b, transfer)
				}
			}
		}
	}
}

// rideSeconds returns, for the n stations, the seconds from entering each
// to leaving each other (see Transit.ride).
func (g *graph) rideSeconds(n int) []float64 {
	ride := make([]float64, n*n)
	dist := make([]float64, len(g.adj))
	for a := range n {
		g.shortestFrom(g.entry[a], dist)
		for b := range n {
			ride[a*n+b] = dist[g.exit[b]]
		}
		ride[a*n+a] = 0
	}
	return ride
}

// shortestFrom sets dist to the seconds from node src to every node (+Inf
// where unreachable), by Dijkstra with a linear scan: the graph has only a
// few hundred nodes, too few for a heap to pay.
func (g *graph) shortestFrom(src int, dist []float64) {
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	done := make([]bool, len(g.adj))
	dist[src] = 0
	for {
		u, du := -1, math.Inf(1)
		for i, d := range dist {
			if !done[i] && d < du {
				u, du = i, d
			}
		}
		if u < 0 {
			break
		}
		done[u] = true
		for _, e := range g.adj[u] {
			if d := du + e.s; d < dist[e.to] {
				dist[e.to] = d
			}
		}
	}
}

// Options returns the options t was built with.
func (t *Transit) Options() Options { return t.opts }

// walkSeconds is the walk model's time for a straight-line distance.
func (t *Transit) walkSeconds(meters float64) float64 {
	return meters * t.opts.WalkDetour / (t.opts.WalkKmh / 3.6)
}

// StationMinutes returns the minutes from entering station a to leaving
// station b by metro (indices into the stations given to New), +Inf when
// no line joins them.
func (t *Transit) StationMinutes(a, b int) float64 {
	n := len(t.stations)
	if a < 0 || b < 0 || a >= n || b >= n {
		return math.Inf(1)
	}
	return t.ride[a*n+b] / 60
}

// Minutes returns the door-to-door minutes from one point to another:
// walking all the way, or walking to a station, riding, and walking from
// the last station, whichever is quicker. It is never longer than walking.
func (t *Transit) Minutes(from, to orb.Point) float64 {
	best := t.walkSeconds(geo.Distance(from, to))
	n := len(t.stations)
	if n == 0 {
		return best / 60
	}
	access := make([]float64, n)
	egress := make([]float64, n)
	for i, s := range t.stations {
		access[i] = t.walkSeconds(geo.Distance(from, s.Point))
		egress[i] = t.walkSeconds(geo.Distance(s.Point, to))
	}
	for a := range n {
		if access[a] >= best {
			continue
		}
		row := t.ride[a*n : (a+1)*n]
		for b, r := range row {
			if s := access[a] + r + egress[b]; s < best {
				best = s
			}
		}
	}
	return best / 60
}

// Stations returns the stations t was built with, in the order given to
// New (the indices StationMinutes, FromPoint and ToPoint use).
func (t *Transit) Stations() []Station { return t.stations }

// WalkMinutes is the walk model's time for a straight-line distance in
// metres: meters x WalkDetour at WalkKmh.
func (t *Transit) WalkMinutes(meters float64) float64 { return t.walkSeconds(meters) / 60 }

// FromPoint returns, per station, the minutes from point from to leaving
// that station after at least one ride: walking to the best other station
// to board at, the wait, rides, dwells and transfers (+Inf where no line
// leads). A rider who leaves station b walks on from there; Minutes(from,
// to) is the smaller of walking and min over b of FromPoint(from)[b] plus
// the walk from b to to (walking to b and on, without riding, is never
// quicker than walking straight).
func (t *Transit) FromPoint(from orb.Point) []float64 {
	return t.FromPointWithin(from, math.Inf(1))
}

// FromPointWithin is FromPoint for a rider with maxMinutes to spare: every
// station reachable in less than maxMinutes has its FromPoint time; the
// others may be +Inf. Boarding stations farther than maxMinutes on foot
// cannot help, so only the few within that walk are ridden from: a search
// asks this for every transit query, and 122 boarding stations × 122
// destinations was most of its cost.
func (t *Transit) FromPointWithin(from orb.Point, maxMinutes float64) []float64 {
	access := make([]float64, len(t.stations))
	for a, s := range t.stations {
		access[a] = t.WalkMinutes(geo.Distance(from, s.Point))
		if !(access[a] < maxMinutes) {
			access[a] = math.Inf(1)
		}
	}
	return t.FromAccess(access)
}

// FromAccess is FromPoint for walks to the stations timed elsewhere (on a
// street network, say): access gives, per station, the minutes to walk
// to it (+Inf where it is not reached). Per station it returns the minutes
// to leaving it after at least one ride from the best station to board at.
func (t *Transit) FromAccess(access []float64) []float64 {
	n := len(t.stations)
	out := make([]float64, n)
	for b := range out {
		out[b] = math.Inf(1)
	}
	for a := range min(n, len(access)) {
		walk := access[a] * 60
		if math.IsInf(walk, 1) || math.IsNaN(walk) {
			continue
		}
		for b, r := range t.ride[a*n : (a+1)*n] {
			if b != a && walk+r < out[b] {
				out[b] = walk + r
			}
		}
	}
	for b := range out {
		out[b] /= 60
	}
	return out
}

// ToPoint is FromPoint backwards: per station, the minutes from entering
// it to arriving at point to after at least one ride (the wait, rides,
// transfers, and the walk from the best other station to leave at; +Inf
// where no line leads).
func (t *Transit) ToPoint(to orb.Point) []float64 {
	egress := make([]float64, len(t.stations))
	for b, s := range t.stations {
		egress[b] = t.WalkMinutes(geo.Distance(s.Point, to))
	}
	return t.ToEgress(egress)
}

// ToEgress is ToPoint for walks from the stations timed elsewhere: egress
// gives, per station, the minutes to walk from it to the destination (+Inf
// where it does not lead there). Per station it returns the minutes from
// entering it to arriving, after at least one ride.
func (t *Transit) ToEgress(egress []float64) []float64 {
	n := len(t.stations)
	out := make([]float64, n)
	for a := range n {
		best := math.Inf(1)
		row := t.ride[a*n : (a+1)*n]
		for b := range min(n, len(egress)) {
			if a != b {
				best = math.Min(best, row[b]+egress[b]*60)
			}
		}
		out[a] = best / 60
	}
	return out
}
