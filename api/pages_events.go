package api

// Event pages come with the events package; until then there are none.

func (s *Server) eventPageRoutes() []pageRoute { return nil }

// myEvents lists the events an organization takes part in.
func (s *Server) myEvents(w *webCtx, orgID uint64) []myEvent { return nil }
