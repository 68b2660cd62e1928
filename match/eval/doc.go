// Package eval is the ranking-quality harness: relevance labels (qrels), the
// metrics (nDCG@10, recall@10, MRR), the development query sets and how well
// top scores tell answerable needs from unanswerable ones. It measures
// rankings; it does not make them (that is package match).
package eval
