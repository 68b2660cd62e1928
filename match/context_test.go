package match_test

import (
	"context"
	"errors"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// ctxCandidates answers like everything, but only while ctx lives, as an
// index does.
type ctxCandidates struct{ everything }

func (c ctxCandidates) Candidates(ctx context.Context, kind string, parts []data.WeightedText, org string, limit int) ([]data.ScoredRef, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.everything.Candidates(ctx, kind, parts, org, limit)
}

func TestEngine_CancelledContextStopsMatching(t *testing.T) {
	profiles := append(portOffers(), shoreNeedEN)
	e := engineOver(t, ctxCandidates{everything(profiles)}, profiles)
	ctx, cancel := context.WithCancel(context.Background())
	if ms, err := e.MatchNeed(ctx, shoreNeedEN, 5); err != nil || len(ms) == 0 {
		t.Fatalf("live context: %d matches, %v", len(ms), err)
	}
	cancel()
	if _, err := e.MatchNeed(ctx, shoreNeedEN, 5); !errors.Is(err, context.Canceled) {
		t.Fatalf("MatchNeed: err %v, want context.Canceled", err)
	}
	if _, err := e.MatchOffer(ctx, shoreOffer, 5); !errors.Is(err, context.Canceled) {
		t.Fatalf("MatchOffer: err %v, want context.Canceled", err)
	}
}
