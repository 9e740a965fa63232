package index_test

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/skillcircle/skillcircle/data"
	"github.com/skillcircle/skillcircle/data/ningbo"
	"github.com/skillcircle/skillcircle/geo"
	"github.com/skillcircle/skillcircle/index"
	"github.com/skillcircle/skillcircle/internal/testfixture"
)

// benchOrigins are points near sites all over the region, so that a
// benchmark is not one lucky place.
func benchOrigins(cat *data.Catalogue, n int) []orb.Point {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]orb.Point, n)
	for i := range out {
		s := cat.Sites[rng.IntN(len(cat.Sites))].Location
		out[i] = orb.Point{s[0] + (rng.Float64()-0.5)*0.02, s[1] + (rng.Float64()-0.5)*0.02}
	}
	return out
}

func benchSearch(b *testing.B, q index.Query, texts []string) {
	cat, snap := ningboSnapshot(b)
	origins := benchOrigins(cat, 256)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q.Origin = origins[i%len(origins)]
		if texts != nil {
			q.Text = texts[i%len(texts)]
		}
		if _, err := snap.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchWalk15(b *testing.B) {
	benchSearch(b, index.Query{Mode: geo.Walk, Minutes: 15}, nil)
}

func BenchmarkSearchEBike30(b *testing.B) {
	benchSearch(b, index.Query{Mode: geo.EBike, Minutes: 30}, nil)
}

func BenchmarkSearchDrive60(b *testing.B) {
	benchSearch(b, index.Query{Mode: geo.Drive, Minutes: 60}, nil)
}

var benchTexts = []string{"数控", "电工", "焊工", "育婴员", "插花", "老年 智能手机", "中式烹调师", "叉车", "茶艺", "电子商务"}

func BenchmarkSearchTextWalk15(b *testing.B) {
	benchSearch(b, index.Query{Mode: geo.Walk, Minutes: 15}, benchTexts)
}

func BenchmarkSearchTextEBike30(b *testing.B) {
	benchSearch(b, index.Query{Mode: geo.EBike, Minutes: 30}, benchTexts)
}

func BenchmarkBuild(b *testing.B) {
	cat, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := index.Build(context.Background(), filepath.Join(dir, "s.db"), cat, index.BuildOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadCatalogue(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, _, err := data.Load(ningbo.Catalogue, data.LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	path := testfixture.NingboPath(b)
	for i := 0; i < b.N; i++ {
		snap, err := index.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		snap.Close()
	}
}
