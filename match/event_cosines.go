package match

// The text cosines of an event's need/offer combinations, computed in bulk:
// an inverted index over the offers' vectors turns hundreds of thousands of
// map-based cosines into one pass over each need's words. The values are
// those the engine's components compute pair by pair.

// posting is one offer's weight for a word.
type posting struct {
	col int
	w   float64
}

// cosineTable holds, for each need, its cosine with every offer of the
// other side of the event.
type cosineTable struct {
	col  map[*side]int       // offer -> its column among its side's offers
	rows map[*side][]float64 // need -> cosines with the other side's offers
}

// cosines returns the cosine of need n with offer o, computing it directly
// when the table lacks the pair.
func (ct *cosineTable) cosine(n, o *side) float64 {
	if row, ok := ct.rows[n]; ok {
		if c, ok := ct.col[o]; ok && c < len(row) {
			return row[c]
		}
	}
	return cosine(n.vecFor(o.p.Language), o.vecFor(n.p.Language))
}

// newCosineTable computes the cosines of needs against offers. Needs and
// offers of one side are scored against the other side only: hostNeeds
// against guestOffers, guestNeeds against hostOffers.
func newCosineTable(hostNeeds, hostOffers, guestNeeds, guestOffers []*side) *cosineTable {
	ct := &cosineTable{col: map[*side]int{}, rows: map[*side][]float64{}}
	for _, offers := range [][]*side{hostOffers, guestOffers} {
		for i, o := range offers {
			ct.col[o] = i
		}
	}
	ct.fill(hostNeeds, guestOffers)
	ct.fill(guestNeeds, hostOffers)
	return ct
}

func (ct *cosineTable) fill(needs, offers []*side) {
	if len(needs) == 0 || len(offers) == 0 {
		return
	}
	// An offer's vector depends on the need's language and a need's on
	// the offer's: one index per (need language, offer language).
	offerLangs := map[string][]int{}
	for i, o := range offers {
		offerLangs[o.p.Language] = append(offerLangs[o.p.Language], i)
	}
	type key struct{ needLang, offerLang string }
	index := map[key]map[string][]posting{}
	for _, n := range needs {
		row := make([]float64, len(offers))
		for lo, cols := range offerLangs {
			k := key{n.p.Language, lo}
			post, ok := index[k]
			if !ok {
				post = map[string][]posting{}
				for _, c := range cols {
					for w, y := range offers[c].vecFor(n.p.Language) {
						post[w] = append(post[w], posting{c, y})
					}
				}
				index[k] = post
			}
			for w, x := range n.vecFor(lo) {
				for _, p := range post[w] {
					row[p.col] += x * p.w
				}
			}
		}
		ct.rows[n] = row
	}
}
