package synth

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
)

// WriteOSM writes the network described by o as an OSM XML file (nodes,
// then ways, as OSM files list them), for `skillcircle build --osm`. It
// generates the network twice: once for the nodes, once for the ways.
func WriteOSM(w io.Writer, o Options) (Stats, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintln(bw, `<?xml version="1.0" encoding="UTF-8"?>`)
	fmt.Fprintln(bw, `<osm version="0.6" generator="skillcircle geo/route/synth">`)
	st, err := Generate(o, &xmlNodes{w: bw})
	if err != nil {
		return st, err
	}
	g, err := newGenerator(o)
	if err != nil {
		return st, err
	}
	if err := g.ways((&xmlWays{w: bw}).way); err != nil {
		return st, err
	}
	fmt.Fprintln(bw, `</osm>`)
	return st, bw.Flush()
}

// xmlNodes writes the nodes and ignores the ways.
type xmlNodes struct{ w *bufio.Writer }

func (x *xmlNodes) Way(int64, []int64, map[string]string) error { return nil }

func (x *xmlNodes) Node(id int64, p orb.Point) error {
	_, err := fmt.Fprintf(x.w, `<node id="%d" lat="%s" lon="%s" version="1"/>`+"\n", id,
		strconv.FormatFloat(p[1], 'f', 7, 64), strconv.FormatFloat(p[0], 'f', 7, 64))
	return err
}

type xmlWays struct{ w *bufio.Writer }

func (x *xmlWays) way(id int64, nodes []int64, tags map[string]string) error {
	fmt.Fprintf(x.w, `<way id="%d" version="1">`+"\n", id)
	for _, n := range nodes {
		fmt.Fprintf(x.w, `<nd ref="%d"/>`+"\n", n)
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(x.w, `<tag k="%s" v="%s"/>`+"\n", escape(k), escape(tags[k]))
	}
	_, err := fmt.Fprintln(x.w, `</way>`)
	return err
}

func escape(s string) string {
	var b []byte
	w := &sliceWriter{&b}
	_ = xml.EscapeText(w, []byte(s))
	return string(b)
}

type sliceWriter struct{ b *[]byte }

func (s *sliceWriter) Write(p []byte) (int, error) { *s.b = append(*s.b, p...); return len(p), nil }
