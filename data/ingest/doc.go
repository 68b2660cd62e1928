// Package ingest reads the files records arrive in (JSON Lines in the
// ../shared/corpus format, CSV and XLSX registration sheets, and event participant sheets) into validated
// data.ImportItem values, reporting each bad row by its line number. It
// normalizes the messy values imports bring (a TRL written "TRL 7", a
// country written "USA (offices in Poland)", partnership as free text),
// infers sectors from a listing's text, and makes synthetic data for load
// tests.
package ingest
