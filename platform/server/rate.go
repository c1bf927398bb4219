package server

import (
	"net/http"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// rateSent caps a rating request: a reason of at most 500 characters
// (1,500 bytes of UTF-8) and the fields around it.
const rateSent = 4 << 10

// rate takes an applicant's 好差评 given later from the receipt's QR code:
// unsigned (the applicant has no account), so rate-limited per address
// like registration, with a small body cap and a short deadline; the case
// number's 评价码 stands for who may rate (store.Rate, docs/adr/0019).
func (s *Server) rate(w http.ResponseWriter, r *http.Request) {
	within(w, unsignedBody)
	var req protocol.RateRequest
	r.Body = http.MaxBytesReader(w, r.Body, rateSent)
	if err := decodeCapped(r, rateSent, "评价", &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	got, err := s.cfg.Store.Rate(r.Context(), req.CaseNo, req.Code, hall.Rating{Stage: hall.RatingStage(req.Stage),
		Level: hall.RatingLevel(req.Level), Reason: req.Reason})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.Info("case rated", "case", req.CaseNo, "stage", got.Stage)
	writeJSON(w, r, http.StatusOK, protocol.RateResponse{CaseNo: req.CaseNo, Stage: string(got.Stage),
		Level: string(got.Level), At: got.At.Unix()})
}
