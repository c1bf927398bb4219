package server

import (
	"net/http"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// rateSent caps a rating request: a reason of at most 500 characters
// (1,500 bytes of UTF-8), a bundle's other cases (19 numbers with their
// codes, under 1 KB) and the fields around it.
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
	want := hall.Rating{Stage: hall.RatingStage(req.Stage), Level: hall.RatingLevel(req.Level), Reason: req.Reason}
	others, err := req.BundleCases()
	if err == nil && len(others) > 0 {
		want.Stage, err = bundleStage(want.Stage)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	got, err := s.cfg.Store.Rate(r.Context(), req.CaseNo, req.Code, want)
	var rated []string
	if err == nil {
		rated = append(rated, req.CaseNo)
	}
	if len(others) > 0 && (err == nil || hall.ErrorCode(err) == hall.EConflict) { // the code was right
		more, last := s.rateBundle(r, req.CaseNo, others, want)
		if len(more) > 0 {
			rated, got, err = append(rated, more...), last, nil
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.Info("case rated", "case", req.CaseNo, "stage", got.Stage, "cases", len(rated))
	res := protocol.RateResponse{CaseNo: req.CaseNo, Stage: string(got.Stage), Level: string(got.Level), At: got.At.Unix()}
	if len(others) > 0 {
		res.Cases = rated
	}
	writeJSON(w, r, http.StatusOK, res)
}

// bundleStage is the stage a bundle's one rating is for: its 受理, the one
// service the applicant had at one window; each case's 出件 is its own
// department's and is rated from that case's own notice.
func bundleStage(st hall.RatingStage) (hall.RatingStage, error) {
	if st != "" && st != hall.StageAccept {
		return st, hall.Errorf(hall.EInvalid, "一件事的评价只针对受理服务；%s服务请凭各办件的文书分别评价", st)
	}
	return hall.StageAccept, nil
}

// rateBundle records want for each of others that is a case of leadNo's
// bundle as the platform holds it (a number from elsewhere is passed over,
// so a known code gives no more guesses at others), each by its own
// 评价码 through store.Rate; a case rated before or not accepted is left
// out. It returns the numbers rated and the last rating recorded.
func (s *Server) rateBundle(r *http.Request, leadNo string, others []protocol.RatedCase, want hall.Rating) ([]string, hall.Rating) {
	v, err := s.cfg.Store.Case(r.Context(), leadNo)
	if err != nil {
		return nil, want
	}
	in := map[string]bool{}
	for _, b := range v.Bundle {
		in[b.No] = true
	}
	var rated []string
	last := want
	for _, o := range others {
		if !in[o.No] {
			continue
		}
		got, err := s.cfg.Store.Rate(r.Context(), o.No, o.Code, want)
		if err != nil {
			s.log.Info("bundle case not rated", "case", o.No, "err", hall.ErrorMessage(err))
			continue
		}
		rated, last = append(rated, o.No), got
	}
	return rated, last
}
