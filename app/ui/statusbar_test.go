package ui

import (
	"testing"
	"time"

	"yichuang/hall"
)

// The status bar's last sync: a round cut short (a busy platform) that
// still delivered records says when they were taken, not 「尚未同步成功」.
func TestLastSyncSaysWhatWasDelivered(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		log  hall.SyncLog
		want string
	}{
		{hall.SyncLog{}, "尚未同步成功"},
		{hall.SyncLog{LastAttempt: now, LastError: "省级平台繁忙"}, "尚未同步成功"},
		{hall.SyncLog{LastAttempt: now, LastError: "省级平台繁忙", LastDelivered: now.Add(-time.Second)}, "上次上传 " + shortTime(now.Add(-time.Second))},
		{hall.SyncLog{LastAttempt: now, LastSuccess: now.Add(-time.Hour), LastError: "省级平台繁忙", LastDelivered: now.Add(-time.Minute)},
			"上次上传 " + shortTime(now.Add(-time.Minute))},
		// Delivered before the last round that finished: that round is
		// the news.
		{hall.SyncLog{LastAttempt: now, LastSuccess: now.Add(-time.Minute), LastError: "无法连接省级平台", LastDelivered: now.Add(-time.Hour)},
			"上次同步 " + shortTime(now.Add(-time.Minute))},
		{hall.SyncLog{LastAttempt: now, LastSuccess: now, LastDelivered: now.Add(time.Second)}, "上次同步 " + shortTime(now)},
	} {
		if got := lastText(hall.SyncStatus{SyncLog: c.log}); got != c.want {
			t.Errorf("%+v: %q, want %q", c.log, got, c.want)
		}
	}
}
