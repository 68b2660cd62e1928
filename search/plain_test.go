package search_test

import (
	"context"
	"testing"

	"github.com/techmatch/techmatch/search"
)

func mustPlainIndex(tb testing.TB, docs []search.PlainDoc) *search.PlainIndex {
	tb.Helper()
	p, err := search.NewPlainIndex(docs)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := p.Close(); err != nil {
			tb.Error(err)
		}
	})
	return p
}

func TestPlainIndex(t *testing.T) {
	docs := []search.PlainDoc{
		{ID: "crane", Title: "Container crane automation", Description: "Remote control of ship-to-shore cranes at ports."},
		{ID: "ocr", Title: "Container number OCR", Description: "Cameras read container numbers and plates at the gate.", Keywords: []string{"gate automation", "OCR"}},
		{ID: "water", Title: "Wastewater treatment", Description: "Membrane bioreactors for industrial parks."},
		{ID: "kw", Title: "Sensor platform", Keywords: []string{"aquaculture", "salinity"}},
	}
	p := mustPlainIndex(t, docs)

	if n, err := p.DocCount(); err != nil || n != uint64(len(docs)) {
		t.Fatalf("DocCount = %d, %v; want %d", n, err, len(docs))
	}

	t.Run("FoundByItsWords", func(t *testing.T) {
		got, err := p.Rank(context.Background(), "membrane wastewater", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != "water" {
			t.Fatalf("got %v, want only water", got)
		}
	})

	t.Run("FoundByKeywords", func(t *testing.T) {
		got, err := p.Rank(context.Background(), "salinity", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != "kw" {
			t.Fatalf("got %v, want only kw", got)
		}
	})

	t.Run("OrderedByScore", func(t *testing.T) {
		// Both container docs match; the OCR one matches more words.
		got, err := p.Rank(context.Background(), "container gate OCR cameras", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != "ocr" || got[1].ID != "crane" {
			t.Fatalf("got %v, want ocr then crane", got)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Score > got[i-1].Score {
				t.Fatalf("scores not descending: %v", got)
			}
		}
		if got[0].Score <= 0 {
			t.Fatalf("top score %v, want > 0", got[0].Score)
		}
	})

	t.Run("TopK", func(t *testing.T) {
		got, err := p.Rank(context.Background(), "container", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("got %d results, want 1", len(got))
		}
	})

	t.Run("QuerySyntaxIsText", func(t *testing.T) {
		for _, q := range []string{
			`+container -crane title:"OCR`, `AND OR NOT ( ) [ ] { } ^ ~ * ? : \`,
			`/regex[/`, `"unterminated`, "", "   ", "\x00\xff",
		} {
			if _, err := p.Rank(context.Background(), q, 10); err != nil {
				t.Errorf("Rank(%q): %v", q, err)
			}
		}
		// The words survive the syntax around them.
		got, err := p.Rank(context.Background(), `title:"wastewater`, 10)
		if err != nil || len(got) == 0 || got[0].ID != "water" {
			t.Errorf("Rank(title:\"wastewater) = %v, %v; want water first", got, err)
		}
	})

	t.Run("NoResultsForZeroK", func(t *testing.T) {
		got, err := p.Rank(context.Background(), "container", 0)
		if err != nil || len(got) != 0 {
			t.Fatalf("got %v, %v", got, err)
		}
	})
}

func TestPlainIndex_RejectsEmptyID(t *testing.T) {
	if _, err := search.NewPlainIndex([]search.PlainDoc{{Title: "no id"}}); err == nil {
		t.Fatal("want an error for a doc without id")
	}
}

func TestPlainIndex_ClosedRankErrors(t *testing.T) {
	p, err := search.NewPlainIndex(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := p.Rank(context.Background(), "x", 1); err == nil {
		t.Fatal("want an error from Rank after Close")
	}
}
