// Package ningbo embeds the default catalogue: Ningbo (宁波市), its 10
// districts and 156 townships, the platform's 35 public vocational
// institutions and 135 adult schools, enterprise academies and social
// training bodies, their training points and courses, and workplaces with
// their training demand, and the stations of metro lines 1-5.
//
// The administrative units, their boundaries, centres and population are
// facts from the files in sources/ (see sources/SOURCES.md for origins and
// licences). Institution names are real; OpenStreetMap gives the position
// of the schools it maps. Everything else (the other positions, sites,
// addresses, courses, enterprises and demand) is illustrative, written by
// the seeded generator in gen/ (see README.md). Regenerate with
//
//	go run ./data/ningbo/gen -sources data/ningbo/sources -out data/ningbo -seed 20261128
//
// The files follow data/FORMAT.md; enterprises.csv is in GCJ-02, the rest
// in WGS-84.
package ningbo

import "embed"

// Catalogue holds the catalogue files, at the root of the file system.
//
//go:embed catalogue.json districts.csv districts.geojson townships.csv institutions.csv sites.csv courses.csv enterprises.csv demand.csv places.csv metro_stations.csv
var Catalogue embed.FS
