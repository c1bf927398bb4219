package commands

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"yichuang/desk"
	"yichuang/hall"
)

func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return UsageError{"user 需要子命令：add、list、passwd 或 unlock"}
	}
	sub := args[0]
	switch sub { // before anything is opened: help and a typo create no data directory
	case "add", "list", "passwd", "unlock":
	default:
		return UsageError{"未知子命令“" + sub + "”：可用 add、list、passwd、unlock"}
	}
	fs, data := flags(env, "user "+sub)
	as := fs.String("as", "", "执行命令的管理员登录名")
	pwFile := fs.String("password-file", "", "从文件读取密码，每行一个（依次为：管理员密码、新密码）")
	role := fs.String("role", "clerk", "新账号的角色：clerk（窗口人员）、supervisor（监督人员）、admin（管理员）")
	name := fs.String("name", "", "新账号的姓名（默认同登录名）")
	if err := ParseFlags(fs, args[1:]); err != nil {
		return err
	}
	if sub != "list" && fs.NArg() != 1 {
		return UsageError{"请给出一个登录名：yichuang user " + sub + " 登录名"}
	}
	s, err := newSecrets(env, *pwFile)
	if err != nil {
		return err
	}
	dk, err := desk.Open(ctx, *data, env.Log)
	if err != nil {
		return err
	}
	defer dk.Close()
	users := dk.DB.Users()
	has, err := users.HasUsers(ctx)
	if err != nil {
		return err
	}
	if sub == "add" && !has { // the desk's first account: its admin
		if fs.NArg() != 1 {
			return UsageError{"请给出登录名：yichuang user add 登录名"}
		}
		pw, err := s.newPassword("新账号的密码")
		if err != nil {
			return err
		}
		u, err := users.Setup(ctx, hall.NewUser{Name: fs.Arg(0), DisplayName: orName(*name, fs.Arg(0)), Password: pw})
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已创建本窗口的首个账号 %s（%s），并生成数据密钥\n", u.Name, u.Label())
		return nil
	}
	if !has {
		return hall.Errorf(hall.ENotFound, "本窗口还没有账号：请先用 yichuang user add 登录名 创建管理员")
	}
	u, err := loginAs(ctx, dk, *as, s)
	if err != nil {
		return err
	}
	ctx = hall.AsUser(ctx, u)
	defer users.Logout(context.WithoutCancel(ctx))
	switch sub {
	case "add":
		return userAdd(ctx, env, dk, s, fs.Args(), *role, *name)
	case "list":
		return userList(ctx, env, dk)
	case "passwd", "unlock":
		if fs.NArg() != 1 {
			return UsageError{"请给出一个登录名"}
		}
		id, err := userID(ctx, dk, fs.Arg(0))
		if err != nil {
			return err
		}
		if sub == "unlock" {
			if err := users.UnlockUser(ctx, id); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "已解除账号 %s 的登录锁定\n", fs.Arg(0))
			return nil
		}
		pw, err := s.newPassword("账号“" + fs.Arg(0) + "”的新密码")
		if err != nil {
			return err
		}
		if err := users.ResetPassword(ctx, id, pw); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已重置账号 %s 的密码；该账号下次登录时须修改密码\n", fs.Arg(0))
		return nil
	}
	return nil
}

func userAdd(ctx context.Context, env Env, dk *desk.Desk, s *secrets, args []string, role, name string) error {
	if len(args) != 1 {
		return UsageError{"请给出新账号的登录名"}
	}
	r, err := hall.ParseRole(role)
	if err != nil {
		return err
	}
	pw, err := s.newPassword("新账号的初始密码")
	if err != nil {
		return err
	}
	u, err := dk.DB.Users().CreateUser(ctx, hall.NewUser{Name: args[0], DisplayName: orName(name, args[0]), Role: r, Password: pw})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已创建账号 %s（%s）；首次登录时须修改密码\n", u.Name, u.Label())
	return nil
}

func userList(ctx context.Context, env Env, dk *desk.Desk) error {
	list, err := dk.DB.Users().ListUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "登录名\t姓名\t角色\t状态\t最近登录")
	for _, u := range list {
		last := "—"
		if !u.LastLogin.IsZero() {
			last = hall.HallTime(u.LastLogin).Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.DisplayName, u.Role.Label(), u.StateLabel(dk.DB.Now()), last)
	}
	return tw.Flush()
}

func orName(name, login string) string {
	if strings.TrimSpace(name) == "" {
		return login
	}
	return name
}

// userID finds an account by login name among those the admin sees.
func userID(ctx context.Context, dk *desk.Desk, name string) (string, error) {
	list, err := dk.DB.Users().ListUsers(ctx)
	if err != nil {
		return "", err
	}
	for _, u := range list {
		if strings.EqualFold(u.Name, name) {
			return u.ID, nil
		}
	}
	return "", hall.Errorf(hall.ENotFound, "没有登录名为“%s”的账号", name)
}

// loginAs logs a headless command in as the named user, reading the
// password from the secrets (a file or standard input), so the command can
// seal and open personal data and acts under that user's role in the audit
// log. A desk with no accounts needs no login.
func loginAs(ctx context.Context, d *desk.Desk, name string, s *secrets) (*hall.User, error) {
	has, err := d.DB.Users().HasUsers(ctx)
	if err != nil || !has {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, UsageError{"本窗口已设置账号：请用 --as 登录名 指定执行命令的账号"}
	}
	pw, err := s.next("账号“" + name + "”的密码")
	if err != nil {
		return nil, err
	}
	return d.DB.Users().Login(ctx, name, pw)
}

// openAs opens the desk in data and runs actAs on it with the password read
// from file, or from standard input; done logs out and closes the desk.
func openAs(ctx context.Context, env Env, data, name, file string, perm hall.Permission,
	what string) (_ context.Context, _ *desk.Desk, done func(), _ error) {
	dk, err := desk.Open(ctx, data, env.Log)
	if err != nil {
		return ctx, nil, nil, err
	}
	s, err := newSecrets(env, file)
	if err != nil {
		dk.Close()
		return ctx, nil, nil, err
	}
	ctx, logout, err := actAs(ctx, dk, name, s, perm, what)
	if err != nil {
		dk.Close()
		return ctx, nil, nil, err
	}
	return ctx, dk, func() { logout(); dk.Close() }, nil
}

// actAs is ctx carrying who runs the command. On a desk with accounts that
// is the --as user, logged in with their password and required to hold
// perm (what names the action in the refusal); on a desk with none yet it
// is the desk itself, run by the owner of the data directory. The returned
// logout ends the login (call it when done; it is a no-op otherwise).
func actAs(ctx context.Context, d *desk.Desk, name string, s *secrets, perm hall.Permission,
	what string) (context.Context, func(), error) {
	u, err := loginAs(ctx, d, name, s)
	if err != nil {
		return nil, nil, err
	}
	if u == nil {
		return hall.AsDesk(ctx), func() {}, nil
	}
	logout := func() { d.DB.Users().Logout(hall.AsUser(context.WithoutCancel(ctx), u)) }
	if !u.Role.Can(perm) {
		logout()
		return nil, nil, hall.Forbidden(u, what)
	}
	// Scans and notices an older build left in clear are sealed at the
	// first login after the upgrade, here as in the window.
	if n, err := d.SealFiles(ctx); err != nil && d.Log != nil {
		d.Log.Warn("sealing files left in clear", "err", err, "sealed", n)
	}
	return hall.AsUser(ctx, u), logout, nil
}

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
