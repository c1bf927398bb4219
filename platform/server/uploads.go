package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/tus/tusd/v2/pkg/filelocker"
	tusd "github.com/tus/tusd/v2/pkg/handler"
	expslog "golang.org/x/exp/slog"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/protocol"
)

// openUpload reads an upload's clear bytes.
func (s *Server) openUpload(id string) (io.ReadCloser, error) {
	u, err := s.sealed.GetUpload(context.Background(), id)
	if err != nil {
		return nil, err
	}
	return u.GetReader(context.Background())
}

// maxUpload caps one file; the desk caps attachments lower.
const maxUpload = 64 << 20

var sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// newTus mounts tusd on a sealed store under DataDir/uploads. An upload's id
// is the file's SHA-256: creating it twice finds the first, and a file the
// platform holds already is never sent again.
func (s *Server) newTus() (*tusd.Handler, error) {
	composer := tusd.NewStoreComposer()
	s.sealed.UseIn(composer)
	filelocker.New(s.uploads).UseIn(composer) // a lock file: instances may share the directory
	return tusd.NewHandler(tusd.Config{
		BasePath:                  protocol.PathUploads,
		StoreComposer:             composer,
		MaxSize:                   maxUpload,
		DisableDownload:           true,
		DisableTermination:        true,
		DisableConcatenation:      true,
		PreUploadCreateCallback:   s.preCreate,
		PreFinishResponseCallback: s.preFinish,
		NetworkTimeout:            30 * time.Second,
		Logger:                    expslog.New(expslog.NewTextHandler(io.Discard, nil)),
	})
}

// uploadRouter answers an upload creation itself when the file or its
// upload exists already (a creation resent after its answer was lost) and
// hands everything else to tusd.
//
// Every upload belongs to a desk's case: a creation names a case of the
// desk that refers to the file, and a desk may resume only uploads of
// files its cases refer to (any other is answered as one that does not
// exist).
func (s *Server) uploadRouter() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		desk, _ := deskOf(r.Context())
		if id := strings.Trim(r.URL.Path, "/"); r.Method != http.MethodPost || id != "" {
			if mine, err := s.cfg.Store.DeskRefers(r.Context(), desk.ID, id); err != nil || !mine {
				if err != nil {
					s.writeError(w, r, err)
					return
				}
				s.fail(w, r, hall.ENotFound, "平台上没有本窗口的这个上传")
				return
			}
			s.tus.ServeHTTP(w, r)
			return
		}
		meta := tusd.ParseMetadataHeader(r.Header.Get("Upload-Metadata"))
		sha := meta[protocol.MetaSHA256]
		if !sha256RE.MatchString(sha) {
			s.fail(w, r, protocol.CodeBadRequest, "扫描件缺少有效的 SHA-256")
			return
		}
		if mine, err := s.cfg.Store.CaseRefers(r.Context(), desk.ID, meta[protocol.MetaCase], sha); err != nil || !mine {
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			s.fail(w, r, hall.EInvalid, "平台上本窗口的办件没有引用这个扫描件：先同步办件，再上传其扫描件")
			return
		}
		release, err := s.lockID(r.Context(), sha, "create")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		defer release()
		if _, ok, err := s.cfg.Store.File(r.Context(), sha); err != nil {
			s.writeError(w, r, err)
			return
		} else if ok {
			w.Header().Set("Location", s.uploadURL(r, sha))
			writeJSON(w, r, http.StatusOK, protocol.FileStatus{SHA256: sha, Verified: true})
			return
		}
		if fileExists(s.infoPath(sha)) {
			held, _ := s.tusHeld(sha)
			w.Header().Set("Location", s.uploadURL(r, sha))
			w.Header().Set("Upload-Offset", itoa(held))
			w.Header().Set("Tus-Resumable", "1.0.0")
			w.WriteHeader(http.StatusCreated)
			return
		}
		s.tus.ServeHTTP(w, r)
	})
}

func (s *Server) uploadURL(r *http.Request, id string) string {
	proto := "http"
	if r.TLS != nil {
		proto = "https"
	}
	return proto + "://" + r.Host + protocol.PathUploads + id
}

func (s *Server) infoPath(id string) string {
	return s.uploads + string(os.PathSeparator) + id + ".info"
}
func (s *Server) binPath(id string) string { return s.uploads + string(os.PathSeparator) + id }

// sealedPath is where a verified scan is kept, sealed under the platform key.
func (s *Server) sealedPath(id string) string {
	return s.files + string(os.PathSeparator) + id + ".sm4"
}

func (s *Server) preCreate(hook tusd.HookEvent) (tusd.HTTPResponse, tusd.FileInfoChanges, error) {
	sha := hook.Upload.MetaData[protocol.MetaSHA256]
	if hook.Upload.Size <= 0 || hook.Upload.SizeIsDeferred {
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, tusd.NewError("ERR_SIZE", "扫描件大小必须预先给出且大于 0", http.StatusBadRequest)
	}
	desk, _ := deskOf(hook.Context)
	caseID := hook.Upload.MetaData[protocol.MetaCase]
	if err := s.cfg.Store.UploadStarted(hook.Context, sha, desk.ID, caseID, hook.Upload.Size); err != nil {
		if he := (*hall.Error)(nil); errors.As(err, &he) {
			return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, tusd.NewError(he.Code, he.Message, protocol.HTTPStatus(he.Code))
		}
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, err
	}
	// Only the hash and the case are kept with the upload: the original
	// file name, which may name the applicant, is not.
	meta := tusd.MetaData{protocol.MetaSHA256: sha, protocol.MetaCase: caseID}
	return tusd.HTTPResponse{}, tusd.FileInfoChanges{ID: sha, MetaData: meta}, nil
}

// preFinish checks a completed upload against its SHA-256 before answering
// the last chunk: only a file that matches is recorded, and a case counts as
// complete only when all its files are recorded.
func (s *Server) preFinish(hook tusd.HookEvent) (tusd.HTTPResponse, error) {
	ok, err := s.verify(hook.Upload.ID, hook.Upload.Size)
	if err != nil {
		return tusd.HTTPResponse{}, err
	}
	if !ok {
		return tusd.HTTPResponse{}, errMismatch
	}
	return tusd.HTTPResponse{}, nil
}

// errMismatch is tus's 460 answer for a file whose content is not its hash.
var errMismatch = tusd.NewError("ERR_CHECKSUM_MISMATCH", "文件内容与其 SHA-256 不符，已丢弃，请重新上传", protocol.StatusChecksumMismatch)

// verify checks an upload that has all its bytes against its id, the
// SHA-256. A match is recorded as the file; a mismatch is discarded (false).
func (s *Server) verify(id string, size int64) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	release, err := s.lockID(ctx, id, "verify")
	if err != nil {
		return false, err
	}
	defer release()
	if _, done, err := s.cfg.Store.File(ctx, id); err != nil || done {
		return done, err // verified meanwhile, by this instance or another
	}
	f, err := s.openUpload(id)
	if err != nil {
		return false, err
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	f.Close()
	if errors.Is(err, secure.ErrAuth) || errors.Is(err, secure.ErrOtherKey) || errors.Is(err, secure.ErrFormat) {
		n, err = -1, nil // damaged, or sealed under a key since rotated: discarded below
	}
	if err != nil {
		return false, err
	}
	if n != size || hex.EncodeToString(h.Sum(nil)) != id {
		s.log.Warn("upload does not match its hash: discarded", "id", id, "size", n)
		_ = os.Remove(s.binPath(id))
		_ = os.Remove(s.infoPath(id))
		return false, s.cfg.Store.UploadDiscarded(contextBackground(), id)
	}
	// The scan is sealed under a key of its own and the upload's pieces go.
	if f, err = s.openUpload(id); err != nil {
		return false, err
	}
	fileKey, err := s.cfg.Store.SealFile(s.sealedPath(id), id, f)
	f.Close()
	if err != nil {
		return false, err
	}
	if err := s.cfg.Store.FileVerified(contextBackground(), id, size, s.sealedPath(id), fileKey); err != nil {
		return false, err
	}
	_ = os.Remove(s.binPath(id))
	_ = os.Remove(s.infoPath(id))
	return true, nil
}

// fileStatus tells whether a file has arrived whole. An upload that is
// complete but was never verified (the platform stopped between the last
// chunk and its check) is verified now.
func (s *Server) fileStatus(w http.ResponseWriter, r *http.Request) {
	sha := r.PathValue("sha")
	if !sha256RE.MatchString(sha) {
		s.fail(w, r, hall.EInvalid, "“%s”不是有效的 SHA-256", sha)
		return
	}
	desk, _ := deskOf(r.Context())
	if mine, err := s.cfg.Store.DeskRefers(r.Context(), desk.ID, sha); err != nil || !mine {
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.fail(w, r, hall.ENotFound, "文件尚未完整到达平台")
		return
	}
	st, ok, err := s.cfg.Store.File(r.Context(), sha)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !ok {
		info, complete := s.tusInfo(sha)
		if !complete {
			s.fail(w, r, hall.ENotFound, "文件尚未完整到达平台")
			return
		}
		ok, err := s.verify(sha, info)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if !ok {
			w.WriteHeader(protocol.StatusChecksumMismatch)
			return
		}
		st = protocol.FileStatus{SHA256: sha, Size: info, Verified: true}
	}
	writeJSON(w, r, http.StatusOK, st)
}
