package index

import (
	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/index/travel"
)

// Classes at the hour that fits the day: with a home and a workplace, a
// worker takes an evening class after work and a weekend class near home.
// Query.FitSchedule counts each course from the starting point its
// schedule fits: weekday evening classes from the workplace, weekend ones
// from home, daytime ones from the nearer of the two.

// fitRun holds, for one search, every site's time from home and from work.
type fitRun struct {
	home, work int8 // their places in Query.Origins
	from       [2]map[int32]fitLeg
}

type fitLeg struct {
	minutes float64
	src     TravelSource
}

// newFit times the sites from home and from work within limit minutes
// (Query.Normalize has made sure there are both).
func newFit(q *Query, tr *travel.Mode, limit float64) *fitRun {
	r := &fitRun{home: -1, work: -1}
	for i, o := range q.Origins {
		switch o.Name {
		case "home":
			r.home = int8(i)
		case "work":
			r.work = int8(i)
		}
	}
	for k, i := range []int8{r.home, r.work} {
		times := map[int32]fitLeg{}
		tr.Sites(q.Origins[i].Point, limit, func(si int32, t float64, src TravelSource) { times[si] = fitLeg{t, src} })
		r.from[k] = times
	}
	return r
}

// at is the time to site si for a course of schedule sched, from the
// starting point that fits it, and which that is; false when the site is
// out of reach from there.
func (r *fitRun) at(sched data.Schedule, si int32) (float64, TravelSource, int8, bool) {
	h, okH := r.from[0][si]
	w, okW := r.from[1][si]
	switch {
	case sched == data.WeekdayEvening:
		return w.minutes, w.src, r.work, okW
	case sched == data.Weekend:
		return h.minutes, h.src, r.home, okH
	case okH && (!okW || h.minutes <= w.minutes):
		return h.minutes, h.src, r.home, true
	default:
		return w.minutes, w.src, r.work, okW
	}
}
