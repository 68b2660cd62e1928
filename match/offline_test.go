package match

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// An offline engine makes an offer's vectors the first time they are asked
// for, also when rankings weigh it on many goroutines at once: once (every side
// of the offer holds the same vectors) and as an engine that prepares each
// side from scratch does.
func TestNewOfflineEngine_VectorsMadeOnceOnEveryGoroutine(t *testing.T) {
	var offers []data.Profile
	for i := 0; i < 40; i++ {
		offers = append(offers, data.Profile{Ref: fmt.Sprint("o", i), Kind: data.KindOffer, Listing: data.Listing{
			Title:       []string{"Shore power for vessels at berth", "Cấp điện bờ cho tàu", "Wastewater membranes for aquaculture", "선박 육상전원 공급"}[i%4],
			Description: fmt.Sprintf("Pilot %d in ports and fish farms; xử lý nước thải tại cảng.", i),
			Language:    []string{"en", "vi", "en", "ko"}[i%4],
		}})
	}
	e, err := NewOfflineEngine(context.Background(), offers, nil)
	if err != nil {
		t.Fatal(err)
	}
	const goroutines = 8
	sides := make([][]*side, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range offers {
				j := (i + g*5) % len(offers) // each goroutine in another order
				if sides[g] == nil {
					sides[g] = make([]*side, len(offers))
				}
				sides[g][j] = e.prepareText(&offers[j])
				sides[g][j].vecFor("") // made when first asked for, here on 8 goroutines at once
			}
		}()
	}
	wg.Wait()
	fresh := &Engine{Vocab: e.Vocab, Glossary: e.Glossary, Semantic: e.Semantic}
	for j := range offers {
		first := reflect.ValueOf(sides[0][j].vecFor("")).Pointer()
		for g := 1; g < goroutines; g++ {
			if reflect.ValueOf(sides[g][j].vecFor("")).Pointer() != first {
				t.Fatalf("%s: goroutine %d weighed other vectors than goroutine 0", offers[j].Ref, g)
			}
		}
		if why := sideDiff(sides[0][j], fresh.prepareText(&offers[j])); why != "" {
			t.Fatalf("%s: %s", offers[j].Ref, why)
		}
	}
}
