package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"yichuang/commands"
	"yichuang/desk"
	"yichuang/platform/server"
	"yichuang/platform/store"
	"yichuang/sync/engine"
	"yichuang/sync/linksim"
)

// rig is a platform, a registered desk and a link between them.
type rig struct {
	dir  string
	st   *store.Store
	srv  *server.Running
	desk *desk.Desk
	link *linksim.Link
	sync *desk.Sync
}

func newRig(ctx context.Context, o options, deskCode string) (*rig, error) {
	dir, err := os.MkdirTemp("", "yichuang-bench-")
	if err != nil {
		return nil, err
	}
	r := &rig{dir: dir}
	key, err := store.NewKey()
	if err != nil {
		return nil, err
	}
	if r.st, err = store.Open(ctx, filepath.Join(dir, "platform.db"), key); err != nil {
		return nil, err
	}
	if r.srv, err = server.Start(server.Config{Store: r.st, DataDir: filepath.Join(dir, "platform")}, "127.0.0.1:0", "", ""); err != nil {
		return nil, err
	}
	code, err := r.st.AddDesk(ctx, "341122", deskCode, "清河县政务服务中心")
	if err != nil {
		return nil, err
	}
	deskDir := filepath.Join(dir, "desk")
	if rc := commands.Run(ctx, commands.Env{Stdout: io.Discard, Stderr: os.Stderr},
		[]string{"register", "--data", deskDir, "--platform", "http://" + r.srv.Addr(), "--code", code}); rc != 0 {
		return nil, fmt.Errorf("register: exit %d", rc)
	}
	if r.desk, err = desk.Open(ctx, deskDir, nil); err != nil {
		return nil, err
	}
	return r, nil
}

// connect starts the link and the desk's engine through it.
func (r *rig) connect(ctx context.Context, o options) error {
	var err error
	r.link, err = linksim.Start(linksim.Config{Target: r.srv.Addr(), Bandwidth: o.bitsPerSecond / 8, Latency: o.latency})
	if err != nil {
		return err
	}
	r.sync, err = r.desk.NewSync(ctx, desk.SyncOptions{PlatformURL: r.link.URL(), Tune: func(c *engine.Config) {
		// Come back quickly after a drop: the link is the bottleneck, not the platform.
		c.Backoff = engine.Backoff{Base: 500 * time.Millisecond, Cap: 4 * time.Second}
		c.Probe = time.Second
	}})
	return err
}

// syncAll runs rounds until the desk is caught up.
func (r *rig) syncAll(ctx context.Context) error {
	for {
		err := r.sync.Engine.RunOnce(ctx, 1000)
		c, cerr := r.desk.DB.Sync().SyncCounts(ctx)
		if cerr != nil {
			return cerr
		}
		if err == nil && c.Outstanding() == 0 {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil {
			return fmt.Errorf("caught up with work left: %+v", c)
		}
	}
}

func (r *rig) close() {
	if r.sync != nil {
		r.sync.Close()
	}
	if r.link != nil {
		r.link.Close()
	}
	if r.desk != nil {
		r.desk.Close()
	}
	if r.srv != nil {
		r.srv.Close()
	}
	if r.st != nil {
		r.st.Close()
	}
	os.RemoveAll(r.dir)
}
