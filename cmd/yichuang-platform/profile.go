package main

import (
	"os"
	"runtime/pprof"

	"yichuang/hall"
)

// startProfile writes a CPU profile of the server to path until the
// returned stop is called (serve --cpuprofile): the load bench reads where
// the platform's time goes without an HTTP endpoint anyone could reach.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "无法创建性能剖析文件 %s", path)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, hall.Wrap(hall.EInternal, err, "无法开始性能剖析")
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
