package backup

import (
	"errors"
	"os"
	"path/filepath"

	"yichuang/datadir"
	"yichuang/hall"
)

// lockFile is held by a running server and by a restore: a restore must
// not move the database from under a server that still writes to it.
const lockFile = "platform.lock"

// Hold takes the data directory's lock for a server or a restore; release
// gives it back. A second holder gets a Chinese error naming the cause.
func Hold(dir string) (release func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法在数据目录 %s 中创建锁文件", dir)
	}
	if err := datadir.Lock(f); err != nil {
		f.Close()
		if errors.Is(err, datadir.ErrLocked) {
			return nil, hall.Errorf(hall.ELocked, "平台服务（或另一个恢复）正在使用数据目录 %s：请先停止平台服务再恢复", dir)
		}
		return nil, hall.Wrap(hall.EInternal, err, "无法锁定数据目录 %s", dir)
	}
	return func() { _ = datadir.Unlock(f); f.Close() }, nil
}
