// Package geocode finds where a person is from what they type: a Chinese
// postal address, a township or district name, a metro station, a school
// by its short name, an employer, or the same in pinyin or English. It is
// the pure half of skillcircle's offline geocoder; package index builds the
// gazetteer from the catalogue, stores it in the snapshot and calls this
// package to answer.
//
// # The gazetteer
//
// A Gazetteer is a list of Entry values (districts, former districts,
// townships, roads, stations, institutions, sites, enterprises, places),
// each with its names, its district and township and a point. New derives
// the further names people use (东门口 and 天一广场 for 东门口(天一广场),
// 海天集团 for 海天集团股份有限公司, names without the 宁波市 prefix) and
// indexes every name twice: folded Chinese (index/zh: traditional to
// simplified, full-width to half-width, lower case; spaces and punctuation
// dropped) and romanized (toneless pinyin without spaces). Deriving is
// the costly part, so Derive gives the names alone, to be stored (package
// index keeps them in the snapshot), and NewWithNames indexes them
// without deriving them again.
//
// # Parsing
//
// Parse splits a query into the parts of an address by finding the
// segmentation that explains most of its characters with known names,
// house numbers (1166号, 3幢201室) and filler words (附近, 我在...). Runs
// of Latin letters left over are read word by word as pinyin or English
// ("Jiangshan Town, Yinzhou District", "Mingguang North Road 1166").
// What is still unexplained is split on the suffixes of Chinese addresses
// (省, 市, 区/县, 街道/镇/乡, 路/街/大道) to recognise a place outside the
// region (北京市朝阳区建国路88号) or an unknown road.
//
// # Resolving
//
// Geocode picks the most specific thing the query names that agrees with
// the rest of it (a district named beside a township must be the
// township's district, or the district it belonged to before a
// reorganisation: 江东区福明街道, 鄞州区石碶街道, 奉化市溪口镇): a road with a
// house number (LevelExact, interpolated between the numbers the
// gazetteer knows), a named place (LevelPlace), a road (LevelRoad), a
// township (LevelTownship) or a district (LevelDistrict). Confidence says
// how much of the query was understood and how well it agrees. When the
// best interpretations are several places kilometres apart, the result is
// ambiguous and lists them rather than picking one. A query that names a
// place outside the region, or nothing the gazetteer knows, is not found:
// never the city centre.
//
// # What it must not do
//
// geocode does no I/O and no logging and holds no global state beyond
// tables built once; it imports index/zh and geo of this module and never
// index itself. The work per query is bounded: a query is cut at
// MaxQueryRunes before it is read. Everything is safe for concurrent use.
package geocode
