package bolt

import (
	"errors"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"

	"github.com/techmatch/techmatch/data"
)

// ParticipantImport is one row of a participant sheet, resolved to an
// organization. Given lists the JSON names of the fields the row set; a
// participant already in the event keeps its other fields.
type ParticipantImport struct {
	Line  int
	OrgID uint64
	data.ParticipantFields
	Given []string
}

func (r ParticipantImport) gave(field string) bool { return slices.Contains(r.Given, field) }

// ImportedParticipant says what one good row did.
type ImportedParticipant struct {
	Line   int    `json:"line"`
	OrgID  uint64 `json:"org_id"`
	Action string `json:"action"` // created, updated or unchanged
}

// RowProblem is a row that was not applied, with the fields at fault.
type RowProblem struct {
	Line   int               `json:"line"`
	OrgID  uint64            `json:"org_id,omitempty"`
	Errors []data.FieldError `json:"errors"`
}

var errDryRun = errors.New("dry run")

// ImportParticipants applies a participant sheet to the event in one
// transaction: a row for an organization not yet in the event adds it (a
// max_meetings left out is the number of slots, languages left out are
// the organization's), a row for a participant updates the fields the row
// gives, so importing a file twice changes nothing the second time. A row
// that would break a rule (bad field, unknown organization, a second row
// for one organization, an edit stranding scheduled meetings) is reported
// with its line and skipped; the other rows apply. With dryRun nothing is
// written and the report is the same. Returns ENOTFOUND for no such event.
func (s *Store) ImportParticipants(eventID uint64, rows []ParticipantImport, dryRun bool) ([]ImportedParticipant, []RowProblem, error) {
	var done []ImportedParticipant
	var bad []RowProblem
	err := s.db.Update(func(tx *bbolt.Tx) error {
		et, err := loadEventTx(tx, eventID)
		if err != nil {
			return err
		}
		firstLine := map[uint64]int{}
		for _, r := range rows {
			if l, dup := firstLine[r.OrgID]; dup && r.OrgID != 0 {
				bad = append(bad, RowProblem{Line: r.Line, OrgID: r.OrgID, Errors: []data.FieldError{{Field: "org", Message: fmt.Sprintf("organization %d is on line %d too", r.OrgID, l)}}})
				continue
			}
			firstLine[r.OrgID] = r.Line
			action, err := s.importParticipant(et, r)
			if err != nil {
				var e *data.Error
				if !errors.As(err, &e) || e.Code == data.EINTERNAL {
					return err
				}
				fields := e.Fields
				if len(fields) == 0 {
					fields = []data.FieldError{{Message: e.Message}}
				}
				bad = append(bad, RowProblem{Line: r.Line, OrgID: r.OrgID, Errors: fields})
				continue
			}
			done = append(done, ImportedParticipant{Line: r.Line, OrgID: r.OrgID, Action: action})
		}
		if dryRun {
			return errDryRun // rolls the transaction back
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return done, bad, err
}

func (s *Store) importParticipant(et *eventTx, r ParticipantImport) (string, error) {
	if old, ok := et.parts[r.OrgID]; ok {
		changed := false
		_, _, err := s.updateParticipant(et, r.OrgID, false, func(f *data.ParticipantFields) error {
			before := fmt.Sprint(*f)
			if r.gave("side") {
				f.Side = r.Side
			}
			if r.gave("delegation") {
				f.Delegation = r.Delegation
			}
			if r.gave("max_meetings") {
				f.MaxMeetings = r.MaxMeetings
			}
			if r.gave("available_slots") {
				f.AvailableSlots = slices.Clone(r.AvailableSlots)
			}
			if r.gave("languages") {
				f.Languages = slices.Clone(r.Languages)
			}
			if r.gave("brings_interpreter") {
				f.BringsInterpreter = r.BringsInterpreter
			}
			changed = fmt.Sprint(*f) != before
			return nil
		})
		if err != nil {
			return "", err
		}
		if !changed {
			// Nothing new: keep the stored record (and its time stamp) as it was.
			et.parts[r.OrgID] = old
			if err := putKeyJSON(et.tx.Bucket(bucketEventParts), pairKey(et.ev.ID, r.OrgID), old); err != nil {
				return "", err
			}
			return "unchanged", nil
		}
		return "updated", nil
	}
	f := r.ParticipantFields
	if !r.gave("max_meetings") {
		f.MaxMeetings = len(et.ev.Slots)
	}
	if !r.gave("languages") {
		var so storedOrg
		if getJSON(et.tx.Bucket(bucketOrgs), r.OrgID, &so) {
			f.Languages = so.Languages
		}
	}
	p, err := s.addParticipant(et.tx, et.ev, r.OrgID, f)
	if err != nil {
		return "", err
	}
	et.parts[r.OrgID] = p
	return "created", nil
}
