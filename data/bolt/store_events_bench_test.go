package bolt_test

import (
	"testing"

	"github.com/techmatch/techmatch/data"
)

// BenchmarkStoreCreateRequest sends requests in an event of 300
// participants, each to a new counterpart: one durable transaction each.
// A new event takes over when every participant has 8 requests.
func BenchmarkStoreCreateRequest(b *testing.B) {
	const n, max = 150, 8
	s := MustOpenStore(b)
	var ev data.Event
	var hosts, guests []uint64
	for i := 0; i < b.N; i++ {
		if i%(n*max) == 0 {
			b.StopTimer()
			ev = testEvent(b, s, max, 20)
			hosts = eventOrgs(b, s, ev, "host", n, max)
			guests = eventOrgs(b, s, ev, "guest", n, max)
			b.StartTimer()
		}
		j := i % (n * max)
		h, g := hosts[j%n], guests[(j%n+j/n)%n]
		if _, err := s.CreateRequest(ev.ID, data.RequestFields{FromOrgID: h, ToOrgID: g}); err != nil {
			b.Fatal(err)
		}
	}
}
