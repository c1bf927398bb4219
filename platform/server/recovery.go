package server

import (
	"compress/gzip"
	"net/http"

	"yichuang/sync/protocol"
)

// recoverySent caps the small requests of disaster recovery (a
// generation, a page cursor, at most MaxOwnCasesFetch ids), as sent and
// once inflated.
const recoverySent = 64 << 10

// recover answers a desk restored, replaced, or facing a restored
// platform: its generation and how far the platform holds it.
func (s *Server) recover(w http.ResponseWriter, r *http.Request) {
	desk, _ := deskOf(r.Context())
	var req protocol.RecoverRequest
	if err := decodeCapped(r, recoverySent, "恢复请求", &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.cfg.Store.Recover(r.Context(), desk, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.Info("desk recovering", "desk", desk.ID, "generation", res.Generation, "cases", res.Cases)
	writeJSON(w, r, http.StatusOK, res)
}

// ownCases lists a page of the asking desk's cases.
func (s *Server) ownCases(w http.ResponseWriter, r *http.Request) {
	desk, _ := deskOf(r.Context())
	var req protocol.OwnCasesRequest
	if err := decodeCapped(r, recoverySent, "恢复请求", &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.cfg.Store.OwnCases(r.Context(), desk, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, res)
}

// ownCasesFetch returns some of the asking desk's cases in full.
func (s *Server) ownCasesFetch(w http.ResponseWriter, r *http.Request) {
	desk, _ := deskOf(r.Context())
	var req protocol.OwnCasesFetch
	if err := decodeCapped(r, recoverySent, "恢复请求", &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.cfg.Store.FetchOwnCases(r.Context(), desk, req.IDs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONLevel(w, r, http.StatusOK, res, gzip.BestCompression) // a recovery's bulk, down a slow link
}

// epochGate refuses a desk's request made before the platform was restored
// (its epoch header names an older epoch): the desk must first learn what
// the platform lost, or its next records would follow ones the platform no
// longer has and be refused one by one. Recovery itself always passes.
func (s *Server) epochGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen := r.Header.Get(protocol.HeaderEpoch)
		if seen == "" || r.URL.Path == protocol.PathRecover || r.URL.Path == protocol.PathHealth {
			next.ServeHTTP(w, r)
			return
		}
		epoch, err := s.cfg.Store.Epoch(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if seen != epoch {
			s.fail(w, r, protocol.CodeEpoch, "省级平台已从备份恢复：本窗口先核对平台丢失的记录再重新发送")
			return
		}
		next.ServeHTTP(w, r)
	})
}
