package synth_test
import ("testing";"time";"runtime";"github.com/paulmach/orb";"github.com/skillcircle/skillcircle/geo/route";"github.com/skillcircle/skillcircle/geo/route/synth")
func TestZZ(t *testing.T){
 b:=orb.Bound{Min:orb.Point{120.862934,28.856282},Max:orb.Point{122.264242,30.491992}}
 net,_,_:=synth.Network(synth.Ningbo(b,1650000))
 for _,m:=range []route.Mode{route.Drive}{
 s:=time.Now(); h:=net.Contract(m); u,d:=h.NumEdges()
 var ms runtime.MemStats; runtime.ReadMemStats(&ms)
 t.Log(m, time.Since(s), u, d, net.NumEdges(m), ms.Sys>>20)
 }
}
