// Package config is the configuration of `skillcircle serve`: typed structs
// with a documented default for every key, read (later sources winning) from
// the defaults, a TOML file, SKILLCIRCLE_<SECTION>_<KEY> environment
// variables and --<section>.<key> flags, checked as a whole, and written back
// as the TOML file that documents every key (skillcircle.toml is Default,
// written).
//
// What it must not do: open snapshots, listen, or act on a value (the
// command does that with what Load returns); hold configuration as
// map[string]any; print a secret (the admin token is never written). A
// key is added by adding a field with toml and doc tags: the file, the
// environment variable and the flag follow from it.
package config
