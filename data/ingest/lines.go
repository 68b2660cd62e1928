package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// utf8BOM is the byte-order mark some editors put at the start of a UTF-8
// file.
var utf8BOM = []byte("\xef\xbb\xbf")

// EachLine calls fn with each non-blank line of r, trimmed of surrounding
// white space and numbered from 1, the way import files, query files and
// relevance labels are read. A UTF-8 byte-order mark at the start of r is
// dropped. EachLine stops at fn's first error and returns it; a failure to
// read r is returned naming the line it happened on.
func EachLine(r io.Reader, fn func(line int, raw []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		raw, err := br.ReadBytes('\n')
		if line == 1 {
			raw = bytes.TrimPrefix(raw, utf8BOM)
		}
		if t := bytes.TrimSpace(raw); len(t) > 0 {
			if ferr := fn(line, t); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
}

// ReadRows reads JSON Lines of ImportRow as written: unknown fields are
// ignored, nothing is normalized or validated (query records for ranking
// are taken as they are). A line that is not a JSON object of that shape is
// an error naming its line number.
func ReadRows(r io.Reader) ([]ImportRow, error) {
	var rows []ImportRow
	err := EachLine(r, func(line int, raw []byte) error {
		var row ImportRow
		if err := json.Unmarshal(raw, &row); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) && te.Field != "" {
				return fmt.Errorf("line %d: %s has the wrong type (%s)", line, te.Field, te.Value)
			}
			return fmt.Errorf("line %d: %w", line, err)
		}
		rows = append(rows, row)
		return nil
	})
	return rows, err
}
