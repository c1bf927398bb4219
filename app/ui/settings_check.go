package ui

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"

	"yichuang/hall"
)

var (
	hallCodeRE = regexp.MustCompile(`^[0-9]{6,12}$`)
	deskCodeRE = regexp.MustCompile(`^[0-9A-Z]{2,4}$`)
)

// saveSettings checks every value first and saves nothing when one is
// wrong; the message names the field.
func saveSettings(ctx context.Context, s hall.SettingsService, vals map[string]string) error {
	for k, v := range vals {
		vals[k] = strings.TrimSpace(v)
	}
	if v := vals[hall.SettingHallCode]; v != "" && !hallCodeRE.MatchString(v) {
		return hall.Errorf(hall.EInvalid, "“大厅编码”应为6至12位数字，现为“%s”", v)
	}
	if v := vals[hall.SettingDeskCode]; v != "" && !deskCodeRE.MatchString(v) {
		return hall.Errorf(hall.EInvalid, "“窗口编码”应为2至4位数字或大写字母，现为“%s”", v)
	}
	if v := vals[hall.SettingQueryURL]; v != "" && (!strings.Contains(v, "{case_no}") ||
		!(strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://"))) {
		return hall.Errorf(hall.EInvalid, "“进度查询网址”应以 https:// 开头并含 {case_no}，现为“%s”", v)
	}
	if v := vals[hall.SettingScanFolder]; v != "" && !filepath.IsAbs(v) {
		return hall.Errorf(hall.EInvalid, "“高拍仪文件夹”应为完整路径（如 D:\\高拍仪 或 /home/窗口/高拍仪），现为“%s”", v)
	}
	out := map[string]string{}
	for _, f := range settingFields {
		out[f.key] = vals[f.key]
	}
	out[hall.SettingWindowDecides] = "" // a box: "1" ticked, "" not
	if vals[hall.SettingWindowDecides] == "1" {
		out[hall.SettingWindowDecides] = "1"
	}
	return s.SetSettings(ctx, out)
}
