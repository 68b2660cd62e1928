package api

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/techmatch/techmatch/data"
)

// fuzzDecode checks one record type's decoding and validation: whatever
// the body, decoding never panics; a body that is accepted holds no
// control character where none belongs, and its record encodes and decodes
// back to itself.
func fuzzDecode[T any](f *testing.F, seeds []string, validate func(*T) error) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v T
		bad, err := decodeBody(body, "application/json", &v)
		if err != nil || len(bad) > 0 {
			for _, fe := range bad {
				if fe.Message == "" {
					t.Fatalf("a field error without a message: %+v", bad)
				}
			}
			return
		}
		if validate(&v) != nil {
			return
		}
		if cc := controlChars(&v); len(cc) > 0 {
			t.Fatalf("accepted a control character: %+v", cc)
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("an accepted record does not encode: %v", err)
		}
		var w T
		if bad, err := decodeBody(again, "application/json", &w); err != nil || len(bad) > 0 {
			t.Fatalf("an accepted record, encoded, is refused: %v %+v\n%s", err, bad, again)
		}
		// Compared as encoded: an empty list and no list are one value.
		if back, _ := json.Marshal(w); !bytes.Equal(back, again) {
			t.Fatalf("round trip changed the record:\n%s\n%s", again, back)
		}
	})
}

func FuzzDecodeOrganization(f *testing.F) {
	fuzzDecode(f, []string{
		`{"name":"Cảng Hải Phòng","kind":"enterprise","country":"VN","languages":["vi","en"],"email":"a@b.vn"}`,
		`{"name":"A","name":"B"}`,
		`{"name":"Evil\u0000Corp","kind":"partner","country":"KR"}`,
		`{"name":null}`,
		`{"nAme":"Case-folded member names","kind":"partner","CountrY":"KR"}`,
		`{"website":"https://x.example","sectors":["energy.hydrogen"],"size":"sme"}`,
	}, func(o *data.OrganizationFields) error { return o.Validate() })
}

func FuzzDecodeOffer(f *testing.F) {
	fuzzDecode(f, []string{
		`{"title":"Hydrogen fuel cell","description":"Line\nline\ttab","keywords":["h2"],"trl":7,"cooperation":["license"],"markets":["VN"]}`,
		`{"title":"x","title":"y"}`,
		`{"title":"Fuel \u001b[31mcell"}`,
		`{"title":null,"trl":null}`,
		`{"title":"\ud800"}`,
		`{"trl":1e308,"status":"draft","expires_at":"2027-01-01T00:00:00Z"}`,
	}, func(o *data.OfferFields) error { return o.Validate() })
}

func FuzzDecodeNeed(f *testing.F) {
	fuzzDecode(f, []string{
		`{"title":"Xử lý nước thải","min_trl":5,"budget":{"min":1,"max":2e9,"currency":"VND"},"preferred_countries":["KR"]}`,
		`{"title":"Tugs","budget":{"currency":"USD","currency":"EUR"}}`,
		`{"title":"Tugs","budget":{"max":1e308,"currency":"USD"}}`,
		`{"budget":null,"deadline":"2027-03-01T00:00:00Z"}`,
	}, func(n *data.NeedFields) error { return n.Validate() })
}

func FuzzDecodeEvent(f *testing.F) {
	fuzzDecode(f, []string{
		`{"name":"Techfest Haiphong","venue":"Hải Phòng","timezone":"Asia/Ho_Chi_Minh","tables":12,"slots":[{"start":"2026-12-10T09:00:00+07:00","minutes":20}]}`,
		`{"name":"x","slots":[{"start":"2026-12-10T09:00:00+07:00","minutes":20,"minutes":30}]}`,
		`{"name":null,"tables":-1}`,
	}, func(e *data.EventFields) error { return e.Validate() })
}
