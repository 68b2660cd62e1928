package match

// GlossaryTerms are the glossary's terms by language code ("en", "vi",
// "ko"), each once, in the glossary's order: the word stock of the
// realistic synthetic data (ingest.SyntheticRealistic).
func GlossaryTerms(g *Glossary) map[string][]string {
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, e := range g.Entries() {
		for _, lang := range []string{"en", "vi", "ko"} {
			for _, t := range e.Terms[lang] {
				if k := lang + "\x00" + t; t != "" && !seen[k] {
					seen[k] = true
					out[lang] = append(out[lang], t)
				}
			}
		}
	}
	return out
}
