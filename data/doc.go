// Package data owns techmatch's domain: the records (organizations, offers,
// needs and what the change log says about them), their validation, the
// sector taxonomy, countries as ISO 3166-1 codes, text folding, and the error
// codes every other package returns. It imports no storage, index or HTTP
// library, so any package can use the records.
//
// Subpackages: bolt persists the records in a bbolt file; ingest reads
// import files (JSON Lines, CSV, XLSX) and normalizes their messy values;
// demo holds the built-in demo data.
package data
