package ingest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/techmatch/techmatch/data/ingest"
)

const bom = "\xef\xbb\xbf"

func TestEachLine(t *testing.T) {
	t.Run("ByteOrderMarkDroppedLinesNumbered", func(t *testing.T) {
		var got []string
		err := ingest.EachLine(strings.NewReader(bom+"a\n\n  b  \r\nc"), func(line int, raw []byte) error {
			got = append(got, string(rune('0'+line))+":"+string(raw))
			return nil
		})
		if err != nil || strings.Join(got, ",") != "1:a,3:b,4:c" {
			t.Fatalf("got %v, %v", got, err)
		}
	})
	t.Run("StopsAtFirstError", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := ingest.EachLine(strings.NewReader("a\nb\nc\n"), func(line int, raw []byte) error {
			n++
			if line == 2 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 2 {
			t.Fatalf("err %v after %d lines", err, n)
		}
	})
	t.Run("MarkOnlyAtStart", func(t *testing.T) {
		// A mark inside the file is not white space: the line is reported.
		_, bad, err := ingest.ReadJSONL(strings.NewReader(`{"kind":"offer","title":"Shore power","org":"Quai SA","org_country":"DE"}` + "\n" + bom + `{"kind":"offer","title":"B"}`))
		if err != nil || len(bad) != 1 || bad[0].Line != 2 {
			t.Fatalf("bad %+v, err %v", bad, err)
		}
	})
}

// A file saved by a Windows editor starts with a byte-order mark; every
// reader takes its first line.
func TestByteOrderMarkedFiles(t *testing.T) {
	in := bom + `{"id":"o1","kind":"offer","title":"Shore power","org":"Quai SA","org_country":"France"}` + "\n"
	items, bad, err := ingest.ReadJSONL(strings.NewReader(in))
	if err != nil || len(bad) != 0 || len(items) != 1 || items[0].Offer.ExternalID != "o1" {
		t.Fatalf("ReadJSONL: items %+v, bad %+v, err %v", items, bad, err)
	}
	rows, err := ingest.ReadRows(strings.NewReader(in))
	if err != nil || len(rows) != 1 || rows[0].ID != "o1" {
		t.Fatalf("ReadRows: %+v, %v", rows, err)
	}
}
