package wrap

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-text/typesetting/segmenter"
)

// monoWidth measures as a terminal does: ASCII 1, anything else 2.
func monoWidth(s string) float32 {
	w := 0
	for _, r := range s {
		if r < utf8.RuneSelf {
			w++
		} else {
			w += 2
		}
	}
	return float32(w)
}

const (
	closing = "。，、；：？！）」》』】〕〉”’….,;:?!)]}%"
	opening = "（「《『【〔〈“‘([{"
)

func TestLinesExamples(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width float32
		want  []string
	}{
		// Fits: one line.
		{"请上传扫描件。", 20, []string{"请上传扫描件。"}},
		// 。 goes with the character before it instead of starting a line.
		{"请上传扫描件。", 12, []string{"请上传扫描", "件。"}},
		// The hint that showed PD/F: the word moves whole.
		{"请上传PDF/JPG格式的文件", 12, []string{"请上传PDF/", "JPG格式的文", "件"}},
		{"请上传PDF格式", 8, []string{"请上传", "PDF格式"}},
		// Numbers, phone numbers and dates stay whole.
		{"联系电话0551-1234567", 12, []string{"联系电话", "0551-1234567"}},
		{"日期2026-01-31。", 12, []string{"日期", "2026-01-31。"}},
		// An opening bracket goes to the next line with what it opens.
		{"需要提交（原件）", 10, []string{"需要提交", "（原件）"}},
		{"材料《申请书》", 6, []string{"材料", "《申请", "书》"}},
		// Closing punctuation in a row, and the ellipsis, stay on the line.
		{"核对“姓名”、号码", 10, []string{"核对“姓", "名”、号码"}},
		{"请稍候……", 8, []string{"请稍", "候……"}},
		// Spaces are break opportunities, dropped at the break.
		{"共 3 份 材料", 4, []string{"共 3", "份", "材料"}},
		// Line feeds always break; empty lines stay.
		{"第一行\n\n第三行", 20, []string{"第一行", "", "第三行"}},
		// A piece wider than a line with no opportunity inside is cut,
		// outside words and punctuation rules where it can be.
		{"ABCDEFGHIJ", 4, []string{"ABCD", "EFGH", "IJ"}},
		{"（1949-12-31）", 10, []string{"（1949-12-", "31）"}},
		{"（第3行）（第4行）", 10, []string{"（第3行）", "（第4行）"}},
		{"", 10, []string{""}},
	} {
		if got := Lines(tc.text, tc.width, monoWidth); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Lines(%q, %v) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}

// TestLinesRules breaks real messages at every width and checks the rules
// on every line: within the width, no closing punctuation at a start, no
// opening punctuation at an end, no Latin word or number split, no
// character lost.
func TestLinesRules(t *testing.T) {
	texts := []string{
		"统一社会信用代码第6位“K”无效：第3至8位是登记管理机关的行政区划码，只能是数字。",
		"请上传PDF/JPG格式的扫描件（每份不超过20MB），共3份；原件核对后退还！是否继续？",
		"“对方出生日期”与“对方公民身份号码”中的出生日期（1949-12-31）不一致",
		"备份包括数据库、本机密钥和全部附件，用备份密码加密。也可用计划任务执行 yichuang backup 定时备份。",
		"《最低生活保障申请书》【必要】〔2026〕12号：「原件」『复印件』……——见第3行D列.",
		"Half-width too: (note) a,b;c:d!e?f. [x] {y} 100% done.",
	}
	words := []string{"PDF", "JPG", "20MB", "1949-12-31", "yichuang", "backup", "2026", "Half-width", "100%"}
	for _, text := range texts {
		widest := float32(0) // the widest piece with no opportunity inside
		var seg segmenter.Segmenter
		seg.InitWithString(text)
		for it := seg.LineIterator(); it.Next(); {
			widest = max(widest, monoWidth(strings.TrimSpace(string(it.Line().Text))))
		}
		// From five Chinese characters a line, as narrow as any label.
		for width := float32(10); width <= 60; width++ {
			lines := Lines(text, width, monoWidth)
			joined := strings.Join(lines, "")
			if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(text, " ", "") {
				t.Fatalf("width %v: text changed: %q", width, lines)
			}
			for i, l := range lines {
				if monoWidth(l) > width {
					t.Errorf("width %v: line %q is %v wide", width, l, monoWidth(l))
				}
				first, _ := utf8.DecodeRuneInString(l)
				last, _ := utf8.DecodeLastRuneInString(l)
				if i > 0 && strings.ContainsRune(closing, first) {
					t.Errorf("width %v: line %d starts with %c: %q", width, i+1, first, lines)
				}
				if i < len(lines)-1 && strings.ContainsRune(opening, last) {
					t.Errorf("width %v: line %d ends with %c: %q", width, i+1, last, lines)
				}
			}
			for _, w := range words {
				if strings.Contains(text, w) && width >= widest && !strings.Contains(strings.Join(lines, "\n"), w) {
					t.Errorf("width %v: %q split: %q", width, w, lines)
				}
			}
		}
	}
}
