package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/skillcircle/skillcircle/api"
	"github.com/skillcircle/skillcircle/index"
)

// originOutput is a place as /v1/geocode and /v1/search's origins give it.
type originOutput struct {
	Role, Query, Name, Level, Kind string
	Confidence                     float64
	Lat, Lng                       float64
	CRS                            string
	Approximate                    bool
	District, Township             *struct{ Code, Name string }
}

// describe says what a place is and where, in one line.
func (o originOutput) describe() string {
	where := []string{}
	if o.Township != nil && o.Township.Name != o.Name {
		where = append(where, o.Township.Name)
	}
	if o.District != nil && o.District.Name != o.Name {
		where = append(where, o.District.Name)
	}
	at := ""
	if len(where) > 0 {
		at = " in " + strings.Join(where, ", ")
	}
	approx := ""
	if o.Approximate {
		approx = "~"
	}
	what := o.Level
	if o.Kind != o.Level {
		what += ", " + strings.ReplaceAll(o.Kind, "_", " ")
	}
	return fmt.Sprintf("%s (%s)%s, %s%.6f,%.6f %s, confidence %.2f", o.Name, what, at, approx, o.Lng, o.Lat, o.CRS, o.Confidence)
}

// runGeocode finds a place from text, as GET /v1/geocode does.
func runGeocode(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("geocode", stderr)
	path := fl.String("snapshot", defaultSnapshot, "snapshot file")
	crs := fl.String("crs", "wgs84", "coordinate system of the output: wgs84, gcj02 or bd09")
	district := fl.String("district", "", "look only in this district (code or name)")
	asJSON := fl.Bool("json", false, "print the answer as JSON, as /v1/geocode returns it")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return fmt.Errorf("%w: geocode needs the text to find, e.g. skillcircle geocode 鄞州区姜山镇", errUsage)
	}
	text := strings.Join(fl.Args(), " ")
	snap, err := index.Open(*path)
	if err != nil {
		return err
	}
	defer snap.Close()
	body, err := api.Query(ctx, api.New(snap, api.Options{}), "/v1/geocode", map[string]string{"q": text, "crs": *crs, "district": *district})
	if err != nil {
		return err
	}
	if *asJSON {
		_, err := stdout.Write(append(body, '\n'))
		return err
	}
	var r struct {
		Ambiguous  bool
		Candidates []originOutput
		Address    struct{ Unmatched []string }
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return err
	}
	if r.Ambiguous {
		fmt.Fprintf(stdout, "%q is ambiguous; it may mean:\n", text)
	}
	for i, c := range r.Candidates {
		mark := "  "
		if i == 0 && !r.Ambiguous {
			mark = "→ "
		}
		fmt.Fprintln(stdout, mark+c.describe())
	}
	if len(r.Address.Unmatched) > 0 {
		fmt.Fprintf(stdout, "not recognised: %s\n", strings.Join(r.Address.Unmatched, ", "))
	}
	return nil
}

// runReverse names the district and township of a point, as GET
// /v1/reverse does.
func runReverse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("reverse", stderr)
	path := fl.String("snapshot", defaultSnapshot, "snapshot file")
	crs := fl.String("crs", "wgs84", "coordinate system of LNG,LAT: wgs84, gcj02 or bd09")
	asJSON := fl.Bool("json", false, "print the answer as JSON, as /v1/reverse returns it")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return fmt.Errorf("%w: reverse needs one LNG,LAT, e.g. skillcircle reverse 121.5503,29.8730", errUsage)
	}
	p, err := parseLngLat(fl.Arg(0))
	if err != nil {
		return err
	}
	snap, err := index.Open(*path)
	if err != nil {
		return err
	}
	defer snap.Close()
	body, err := api.Query(ctx, api.New(snap, api.Options{}), "/v1/reverse", map[string]string{
		"lng": strconv.FormatFloat(p[0], 'f', -1, 64), "lat": strconv.FormatFloat(p[1], 'f', -1, 64), "crs": *crs,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		_, err := stdout.Write(append(body, '\n'))
		return err
	}
	var r struct {
		District struct{ Code, Name string }
		Township struct {
			Code, Name string
			DistanceM  float64 `json:"distance_m"`
		}
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s, %s %s (approximately: the nearest township centre, %.0f m away)\n",
		r.District.Name, r.District.Code, r.Township.Name, r.Township.Code, r.Township.DistanceM)
	return nil
}
