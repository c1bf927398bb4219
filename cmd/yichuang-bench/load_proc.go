package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// platformProc is the platform under load, a process of its own so that
// its CPU is read apart from the simulated desks'.
type platformProc struct {
	cmd  *exec.Cmd
	addr string
	done chan error
}

// startPlatform runs `bin serve` on a free loopback port and waits for the
// line that names the address. Its log goes to logFile.
func startPlatform(ctx context.Context, bin string, args []string, logFile string) (*platformProc, error) {
	lf, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Stderr = lf
	out, err := cmd.StdoutPipe()
	if err != nil {
		lf.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		lf.Close()
		return nil, err
	}
	p := &platformProc{cmd: cmd, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "listening on http://"); ok {
				a, _, _ := strings.Cut(rest, " ")
				addr <- a
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	go func() { p.done <- cmd.Wait(); lf.Close() }()
	select {
	case p.addr = <-addr:
		return p, nil
	case err := <-p.done:
		log, _ := os.ReadFile(logFile)
		return nil, fmt.Errorf("platform exited before listening (%v): %s", err, strings.TrimSpace(string(log)))
	case <-time.After(60 * time.Second):
	case <-ctx.Done():
	}
	p.kill()
	return nil, errors.New("platform did not start listening")
}

// stop asks the platform to shut down (it then writes its profile) and
// waits for it.
func (p *platformProc) stop() error {
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-p.done:
		return err
	case <-time.After(30 * time.Second):
		p.kill()
		return errors.New("platform did not stop within 30 s")
	}
}

func (p *platformProc) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times on Linux.
const clockTicks = 100

// statFields are the fields of /proc/<pid>/stat after the command name
// (which may hold spaces): [0] is field 3 (state), [1] the parent, [11]
// and [12] utime and stime, [13] and [14] those of waited-for children.
func statFields(pid int) ([]string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, err
	}
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 15 {
		return nil, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	return f, nil
}

// procCPU is the CPU a process has used (user + system), with, when
// children is set, that of the children it has waited for: a PostgreSQL
// server's backends that have ended count in its postmaster.
func procCPU(pid int, children bool) (time.Duration, error) {
	f, err := statFields(pid)
	if err != nil {
		return 0, err
	}
	end := 13
	if children {
		end = 15
	}
	var ticks int64
	for _, s := range f[11:end] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// parentOf is a process's parent, 0 when it cannot be read.
func parentOf(pid int) int {
	f, err := statFields(pid)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(f[1])
	return n
}

// treeCPU is the CPU of a server and of every process under it, live or
// ended: for PostgreSQL, the postmaster, its backends and its workers.
func treeCPU(root int) (time.Duration, error) {
	total, err := procCPU(root, true)
	if err != nil {
		return 0, err
	}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == root {
			continue
		}
		for p, hops := parentOf(pid), 0; p > 1 && hops < 4; p, hops = parentOf(p), hops+1 {
			if p == root {
				if c, err := procCPU(pid, false); err == nil {
					total += c
				}
				break
			}
		}
	}
	return total, nil
}

// machineCPU reads /proc/stat's first line: the time all cores were busy
// and in all, so the bench can say how loaded the machine was.
func machineCPU() (busy, total int64) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return 0, 0
	}
	fields := strings.Fields(sc.Text())
	for i, s := range fields[1:] {
		n, _ := strconv.ParseInt(s, 10, 64)
		if i >= 8 { // guest time is already counted in user
			break
		}
		total += n
		if i != 3 && i != 4 { // idle and iowait
			busy += n
		}
	}
	return busy, total
}

// postmasterPID reads the PID of a PostgreSQL cluster from its data
// directory.
func postmasterPID(dataDir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strconv.Atoi(strings.TrimSpace(line))
}

// filesSize is the size of the files that make up a SQLite database.
func filesSize(db string) int64 {
	var n int64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if st, err := os.Stat(db + suffix); err == nil {
			n += st.Size()
		}
	}
	return n
}
