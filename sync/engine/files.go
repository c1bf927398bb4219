package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/protocol"
)

// maxFileAttempts is how often a scan may arrive damaged at the platform
// before it is parked for someone to look at.
const maxFileAttempts = 3

// uploadNext uploads the next pending scan; more is false when none is
// left. A scan that cannot go (missing, damaged, refused) is parked with
// its reason and the next one goes: one bad file never blocks the rest.
func (e *Engine) uploadNext(ctx context.Context) (more bool, err error) {
	fs, err := e.cfg.Store.NextFiles(ctx, 1)
	if err != nil || len(fs) == 0 {
		return false, err
	}
	f := fs[0]
	e.activity(fmt.Sprintf("正在上传扫描件“%s”（办件 %s）", f.Name, f.CaseNo))
	err = e.upload(ctx, &f)
	if f.Sending {
		f.Sending = false
		if serr := e.cfg.Store.SaveFileUpload(context.WithoutCancel(ctx), f); serr != nil && err == nil {
			err = serr
		}
	}
	return true, err
}

// parked is a reason to stop trying a file.
type parked struct{ reason string }

func (p parked) Error() string { return p.reason }

func (e *Engine) upload(ctx context.Context, f *hall.FileUpload) error {
	err := e.send(ctx, f)
	var p parked
	switch {
	case err == nil:
		f.State, f.Reason, f.Sending = hall.OpDone, "", false
		e.cfg.Log.Info("file uploaded", logFile, f.SHA256, logBytes, f.Size)
	case errors.As(err, &p):
		f.State, f.Reason, f.Sending = hall.OpParked, p.reason, false
		e.cfg.Log.Warn("file parked", logFile, f.SHA256, logErr, p.reason)
	default:
		return err
	}
	return e.cfg.Store.SaveFileUpload(ctx, *f)
}

// send gets the whole file to the platform. An upload the platform no
// longer holds is created again, an offset that moved is asked for again,
// a file that arrived damaged is sent again (up to maxFileAttempts in all).
func (e *Engine) send(ctx context.Context, f *hall.FileUpload) error {
	path := e.cfg.FilePath(f.SHA256)
	var key []byte
	if e.cfg.FileKey != nil {
		key = e.cfg.FileKey()
	}
	file, size, perr := openVerified(path, f.SHA256, key)
	if perr != nil {
		// A case brought back from the platform (docs/adr/0016) refers to
		// scans this PC never had: nothing to send if the platform holds
		// them whole.
		if has, err := e.cfg.Transport.FileStatus(ctx, f.SHA256); err != nil || has {
			return err
		}
		return perr
	}
	defer file.Close()
	f.Size, f.Sending = size, true
	for try := 0; ; try++ {
		err := e.sendOnce(ctx, f, file, size)
		fl := faultOf(err)
		if err == nil || fl == nil || fl.Transient() || try >= 2*maxFileAttempts {
			return err
		}
		switch fl.Kind {
		case protocol.FaultGone:
			f.URL = ""
		case protocol.FaultConflict:
		case protocol.FaultChecksum:
			f.URL = ""
			if f.Attempts++; f.Attempts >= maxFileAttempts {
				return parked{fmt.Sprintf("扫描件“%s”%d 次到达平台后内容都与编号不符，已暂停上传", f.Name, f.Attempts)}
			}
		case protocol.FaultAuth:
			return err
		default:
			msg := fl.Message
			if msg == "" {
				msg = hall.ErrorMessage(err)
			}
			return parked{fmt.Sprintf("平台未接受扫描件“%s”：%s", f.Name, msg)}
		}
	}
}

// sendOnce creates the upload if need be (its path is saved at once, so a
// later attempt resumes it), asks how much the platform holds and sends the
// rest from there.
func (e *Engine) sendOnce(ctx context.Context, f *hall.FileUpload, file io.ReaderAt, size int64) error {
	var offset int64
	if f.URL == "" {
		loc, held, done, err := e.cfg.Transport.CreateUpload(ctx, f.FileRef)
		if err != nil || done {
			return err
		}
		f.URL, offset = loc, held
		if err := e.cfg.Store.SaveFileUpload(ctx, *f); err != nil {
			return err
		}
	} else {
		held, err := e.cfg.Transport.UploadOffset(ctx, f.URL)
		if err != nil {
			return err
		}
		offset = held
	}
	sentAny := false
	for offset < size {
		chunk := make([]byte, min(e.cfg.ChunkSize, size-offset))
		if _, err := file.ReadAt(chunk, offset); err != nil {
			return parked{fmt.Sprintf("本机扫描件“%s”读取失败：%v", f.Name, err)}
		}
		next, err := e.cfg.Transport.UploadChunk(ctx, f.URL, offset, chunk)
		if err != nil {
			return err
		}
		offset, sentAny = next, true
	}
	if sentAny {
		return nil // the last chunk's answer came after the platform checked the whole file
	}
	// Every byte was there before this attempt (the last answer was lost):
	// make sure the platform has checked and recorded the file.
	ok, err := e.cfg.Transport.FileStatus(ctx, f.SHA256)
	if err != nil || ok {
		return err
	}
	f.URL = ""
	return hall.Wrap(hall.ETransient, &protocol.Fault{Kind: protocol.FaultServer},
		"平台尚未确认扫描件“%s”，稍后重新上传", f.Name)
}

// openVerified opens a scan (sealed under key, or in clear from before the
// desk had keys) and checks that its content is still its name: a damaged
// local file is parked, not sent. The content is read by offset, a sealed
// scan a chunk at a time, so a resumed upload starts where it stopped.
func openVerified(path, sum string, key []byte) (*secure.Content, int64, error) {
	file, err := secure.OpenPath(path, key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, parked{fmt.Sprintf("本机找不到扫描件文件（%s），请从备份恢复后点“重试”", path)}
	}
	if errors.Is(err, secure.ErrOtherKey) {
		return nil, 0, parked{fmt.Sprintf("扫描件（%s）已加密，须在本机登录后才能上传，请登录后点“重试”", path)}
	}
	if err != nil {
		return nil, 0, parked{fmt.Sprintf("本机扫描件文件无法读取（%s）：%v", path, err)}
	}
	h := sha256.New()
	n, err := io.Copy(h, file.Reader())
	if err != nil || hex.EncodeToString(h.Sum(nil)) != sum {
		file.Close()
		return nil, 0, parked{fmt.Sprintf("本机扫描件文件已损坏（内容与编号不符）：%s", path)}
	}
	return file, n, nil
}
