package commands

import (
	"context"
	"fmt"

	"yichuang/desk"
	"yichuang/hall"
)

func runVerify(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "verify")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	dk, err := desk.Open(ctx, *data, env.Log)
	if err != nil {
		return err
	}
	defer dk.Close()
	checks, err := dk.DB.Verify(ctx)
	if err != nil {
		return err
	}
	failed := 0
	for _, c := range checks {
		mark := "通过"
		if !c.OK {
			mark = "失败：" + c.Detail
			failed++
		}
		fmt.Fprintf(env.Stdout, "%s：%s\n", c.Name, mark)
	}
	if failed > 0 {
		return hall.Errorf(hall.ECorrupt, "%d 项检查未通过", failed)
	}
	return nil
}
