package server

import (
	"context"
	"net/http"
	"os"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// maxOps caps one batch.
const maxOps = 5000

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, r, http.StatusOK, protocol.Health{Status: "ok", ServerTime: s.now().UnixMilli(), Version: s.cfg.Version})
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, st)
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	within(w, unsignedBody)
	var req protocol.RegisterRequest
	r.Body = http.MaxBytesReader(w, r.Body, registerSent)
	if err := decodeCapped(r, registerInflated, "注册", &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.cfg.Store.Register(r.Context(), req.Code, req.Hostname)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.Info("desk registered", "desk", res.DeskID, "hall", res.HallCode, "code", res.DeskCode)
	writeJSON(w, r, http.StatusOK, res)
}

func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	desk, _ := deskOf(r.Context())
	var req protocol.PushRequest
	if err := decodeCapped(r, pushInflated, "推送", &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(req.Ops) > maxOps {
		s.fail(w, r, protocol.CodeTooLarge, "一批最多 %d 条记录，本批 %d 条", maxOps, len(req.Ops))
		return
	}
	// A batch read whole is applied even if the desk goes away meanwhile:
	// the desk will send it again and get "duplicate", which costs less
	// than applying it again later.
	results, err := s.cfg.Store.ApplyBatch(context.WithoutCancel(r.Context()), desk, req.Ops)
	if err != nil {
		s.log.Error("push not applied", "desk", desk.ID, "err", err)
		s.writeError(w, r, hall.Wrap(hall.ETransient, err, "平台暂时无法保存，请稍后重试"))
		return
	}
	writeJSON(w, r, http.StatusOK, protocol.PushResponse{Results: results})
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request) {
	desk, _ := deskOf(r.Context())
	var req protocol.PullRequest
	if err := decodeCapped(r, pullInflated, "拉取", &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.cfg.Store.Pull(r.Context(), desk, req) // with the epoch (docs/adr/0016)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, res)
}

// caseView shows a case to the desk that pushed it, or to an operator with
// the admin token. Any other desk gets the answer of a case that does not
// exist. Every view is logged.
func (s *Server) caseView(w http.ResponseWriter, r *http.Request) {
	viewer, deskID := "admin-token", ""
	if desk, ok := deskOf(r.Context()); ok {
		viewer, deskID = "desk:"+desk.ID, desk.ID
	}
	v, err := s.cfg.Store.ViewCase(r.Context(), r.PathValue("no"), viewer, deskID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, v)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// audit keeps a desk's audit records. The answer always says how far the
// platform holds the log; a record that breaks the chain is named in it.
func (s *Server) audit(w http.ResponseWriter, r *http.Request) {
	desk, _ := deskOf(r.Context())
	var req protocol.AuditPush
	if err := decodeCapped(r, auditInflated, "审计", &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	through, err := s.cfg.Store.ApplyAudit(r.Context(), desk, req)
	res := protocol.AuditResult{Through: through}
	if err != nil {
		if hall.ErrorCode(err) != hall.EConflict {
			s.writeError(w, r, err)
			return
		}
		res.Broken = hall.ErrorMessage(err)
		s.log.Warn("audit chain broken", "desk", desk.ID, "err", err)
	}
	writeJSON(w, r, http.StatusOK, res)
}

// supervision answers a page of the supervision feed to a desk asking for
// one of its supervisors (docs/adr/0020). A user without a scope the
// platform granted is refused: a desk of clerks never receives it.
func (s *Server) supervision(w http.ResponseWriter, r *http.Request) {
	desk, _ := deskOf(r.Context())
	var req protocol.SupervisionRequest
	if err := decodeCapped(r, pullInflated, "监督数据", &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.cfg.Store.Supervision(r.Context(), desk, req)
	if err != nil {
		if hall.ErrorCode(err) == hall.EForbidden {
			s.log.Warn("supervision refused", "desk", desk.ID, "user", req.User)
		}
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, page)
}
