// Command gen writes the default Ningbo catalogue (data/ningbo) from the
// facts in data/ningbo/sources.
//
// The districts, townships and their boundaries, centres, village counts and
// population are facts copied from the sources. The training offer built on
// top of them (institution positions away from OpenStreetMap, sites, courses,
// enterprises and their demand, addresses) is illustrative: drawn from a
// seeded generator (math/rand/v2, PCG) so that every run with the same seed
// writes byte-identical files.
//
// Run it from the repository root:
//
//	go run ./data/ningbo/gen -sources data/ningbo/sources -out data/ningbo -seed 20261128
//
// It reads nothing but -sources and writes nothing but the catalogue files
// into -out.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// defaultSeed is the seed the committed catalogue was generated with.
const defaultSeed = 20261128

func main() {
	sources := flag.String("sources", "data/ningbo/sources", "directory of source facts")
	out := flag.String("out", "data/ningbo", "directory to write the catalogue into")
	seed := flag.Uint64("seed", defaultSeed, "random seed")
	flag.Parse()
	if err := run(*sources, *out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(sources, out string, seed uint64) error {
	files, err := generate(sources, seed)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(out, name), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// outputFiles lists every file generate writes, in the order of
// data/FORMAT.md.
var outputFiles = []string{
	"catalogue.json",
	"districts.csv",
	"districts.geojson",
	"townships.csv",
	"institutions.csv",
	"sites.csv",
	"courses.csv",
	"enterprises.csv",
	"demand.csv",
	"places.csv",
	"metro_stations.csv",
}

// generate reads the sources and returns the catalogue's files by name.
func generate(sources string, seed uint64) (map[string][]byte, error) {
	src, err := readSources(sources)
	if err != nil {
		return nil, err
	}
	w := newWorld(src, seed)
	if err := w.build(); err != nil {
		return nil, err
	}
	return w.files()
}
