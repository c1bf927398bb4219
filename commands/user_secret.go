package commands

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"yichuang/hall"
)

// secrets reads passwords one per line: from --password-file (scheduled
// tasks, scripts, tests) or else from standard input, prompting on stderr.
// Passwords never come from the command line, where other users of the PC
// could read them in the process list.
type secrets struct {
	r      *bufio.Reader
	prompt io.Writer
	file   string
}

func newSecrets(env Env, file string) (*secrets, error) {
	if file == "" {
		return &secrets{r: bufio.NewReader(os.Stdin), prompt: env.Stderr}, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "无法读取密码文件 %s", file)
	}
	b, err := io.ReadAll(io.LimitReader(f, 1<<16))
	f.Close()
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "无法读取密码文件 %s", file)
	}
	return &secrets{r: bufio.NewReader(strings.NewReader(string(b))), file: file}, nil
}

// next reads one password, asking for it with prompt when interactive.
func (s *secrets) next(prompt string) (string, error) {
	if s.prompt != nil {
		fmt.Fprint(s.prompt, prompt+"：")
	}
	var line string
	var err error
	if s.prompt != nil {
		line, err = readHidden(s.r)
		fmt.Fprintln(s.prompt)
	} else {
		line, err = s.r.ReadString('\n')
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" && err != nil {
		if s.file != "" {
			return "", hall.Errorf(hall.EInvalid, "密码文件 %s 中缺少“%s”（每行一个密码）", s.file, prompt)
		}
		return "", hall.Errorf(hall.EInvalid, "没有读到“%s”", prompt)
	}
	return line, nil
}

// newPassword reads a new password, twice when someone types it.
func (s *secrets) newPassword(prompt string) (string, error) {
	pw, err := s.next(prompt)
	if err != nil || s.prompt == nil {
		return pw, err
	}
	again, err := s.next("再次输入" + prompt)
	if err != nil {
		return "", err
	}
	if again != pw {
		return "", hall.Errorf(hall.EInvalid, "两次输入的%s不一致", prompt)
	}
	return pw, nil
}
