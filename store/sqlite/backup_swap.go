package sqlite

import (
	"os"
	"path/filepath"
	"time"

	"yichuang/hall"
)

// swapped are the names a restore replaces in the data directory.
var swapped = []string{"yichuang.db", "yichuang.db-wal", "yichuang.db-shm", DeskSecretFile, "files"}

// KeptDirPrefix starts the name of the folder where a restore keeps the
// data it replaced.
const KeptDirPrefix = "before-restore-"

// SwapIn puts a checked, unpacked backup (stage, inside dataDir) in place of
// the data in dataDir, and keeps what was there in
// dataDir/before-restore-<time>: the database with its WAL, the desk secret
// and the scans. Every step is a rename on one file system; if one fails,
// the steps done are undone. The caller holds the data directory's lock and
// has no database of dataDir open.
func SwapIn(dataDir, stage string, now time.Time) (string, error) {
	kept := filepath.Join(dataDir, KeptDirPrefix+now.Format("20060102-150405"))
	if err := os.Mkdir(kept, 0o700); err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法创建目录 %s 保存当前数据，未恢复", kept)
	}
	type move struct{ from, to string }
	var done []move
	undo := func(cause error) (string, error) {
		for i := len(done) - 1; i >= 0; i-- {
			_ = os.Rename(done[i].to, done[i].from)
		}
		return "", hall.Wrap(hall.EInternal, cause, "恢复中途失败，已还原为恢复前的数据；请检查数据目录 %s 的权限和磁盘空间", dataDir)
	}
	for _, n := range swapped {
		from := filepath.Join(dataDir, n)
		if _, err := os.Lstat(from); os.IsNotExist(err) {
			continue
		}
		if err := os.Rename(from, filepath.Join(kept, n)); err != nil {
			return undo(err)
		}
		done = append(done, move{from, filepath.Join(kept, n)})
	}
	for _, n := range swapped {
		from := filepath.Join(stage, n)
		if _, err := os.Lstat(from); os.IsNotExist(err) {
			continue
		}
		if err := os.Rename(from, filepath.Join(dataDir, n)); err != nil {
			return undo(err)
		}
		done = append(done, move{from, filepath.Join(dataDir, n)})
	}
	if _, err := os.Stat(filepath.Join(dataDir, "files")); os.IsNotExist(err) {
		_ = os.Mkdir(filepath.Join(dataDir, "files"), 0o700)
	}
	_ = os.RemoveAll(stage)
	return kept, nil
}
