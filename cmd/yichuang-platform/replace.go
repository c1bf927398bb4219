package main

import (
	"context"
	"fmt"
	"io"

	"yichuang/platform/store"
)

// replaceDesk revokes a lost desk's secret and prints the code that
// registers its replacement as the same desk (docs/adr/0016).
func replaceDesk(ctx context.Context, st *store.Store, hallCode, deskCode string, out io.Writer) error {
	code, err := st.ReplaceDesk(ctx, hallCode, deskCode)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "窗口 %s-%s 原电脑的密钥已作废。新电脑用下面的一次性注册码注册为同一窗口（7 天内有效，"+
		"yichuang register --platform 平台地址 --code 注册码），首次同步时取回本窗口在平台上的全部办件：\n%s\n",
		hallCode, deskCode, code)
	return nil
}
