// Package bolt is the store: it persists the records of package data in one
// bbolt file, one transaction per public method, with a change log written
// in the same transaction as each record so the search index can follow.
// It is the only package that imports bbolt; no exported signature mentions
// a bbolt type.
package bolt
