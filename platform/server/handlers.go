package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// maxInflated caps a body once decompressed, so a small hostile body cannot
// swell without bound.
const maxInflated = 128 << 20

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

// decode reads a JSON body, gzip or not.
func (s *Server) decode(r *http.Request, v any) error {
	var rd io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return hall.Errorf(protocol.CodeBadRequest, "请求内容无法解压")
		}
		defer zr.Close()
		rd = zr
	}
	b, err := io.ReadAll(io.LimitReader(rd, maxInflated+1))
	if err != nil {
		return hall.Errorf(protocol.CodeBadRequest, "请求内容无法解压")
	}
	if len(b) > maxInflated {
		return hall.Errorf(protocol.CodeTooLarge, "请求解压后过大")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		return hall.Errorf(protocol.CodeBadRequest, "请求内容不是有效的 JSON：%v", err)
	}
	return nil
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	var req protocol.RegisterRequest
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	if err := s.decode(r, &req); err != nil {
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
	if err := s.decode(r, &req); err != nil {
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
	if err := s.decode(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.cfg.Store.Pull(r.Context(), desk, req)
	if err == nil {
		res.Epoch, err = s.cfg.Store.Epoch(r.Context()) // docs/adr/0016: a restored platform says so
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, res)
}

func (s *Server) caseView(w http.ResponseWriter, r *http.Request) {
	v, err := s.cfg.Store.Case(r.Context(), r.PathValue("no"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if desk, ok := deskOf(r.Context()); ok {
		var c struct {
			No string `json:"no"`
		}
		_ = json.Unmarshal(v.Case, &c)
		if len(c.No) < len(desk.HallCode) || c.No[:len(desk.HallCode)] != desk.HallCode {
			s.fail(w, r, hall.EForbidden, "办件 %s 不属于本窗口的大厅", c.No)
			return
		}
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
	if err := s.decode(r, &req); err != nil {
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
