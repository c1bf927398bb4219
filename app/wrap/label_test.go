package wrap

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"

	"yichuang/app/theme"
)

const hint = "请上传PDF/JPG格式的扫描件（每份不超过20MB），共3份；原件核对后退还。“对方出生日期”与“对方公民身份号码”中的出生日期（1949-12-31）不一致。"

// drawnLines lays l out at width in a window with the desk's font and
// returns the lines it draws.
func drawnLines(t *testing.T, l *Label, width float32) []string {
	t.Helper()
	w := test.NewTempWindow(t, container.NewVBox(l))
	w.Resize(fyne.NewSize(width, 800))
	r := test.WidgetRenderer(l).(*labelRenderer)
	return strings.Split(r.inner.Text, "\n")
}

func TestLabelWrapsByTheRules(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(theme.NewWithVariant(fynetheme.VariantLight))
	l := NewLabel(hint)
	var heights []float32
	for width := float32(120); width <= 600; width += 7 {
		lines := drawnLines(t, l, width)
		if strings.Join(lines, "") != hint {
			t.Fatalf("width %v: text changed: %q", width, lines)
		}
		for i, line := range lines {
			first, _ := utf8.DecodeRuneInString(line)
			last, _ := utf8.DecodeLastRuneInString(line)
			if i > 0 && noStart(first) {
				t.Errorf("width %v: a line starts with %c: %q", width, first, lines)
			}
			if i < len(lines)-1 && noEnd(last) {
				t.Errorf("width %v: a line ends with %c: %q", width, last, lines)
			}
			if i > 0 && (strings.HasPrefix(line, "F") || strings.HasPrefix(line, "DF") || strings.HasPrefix(line, "MB")) {
				t.Errorf("width %v: a word is split: %q", width, lines)
			}
		}
		if len(lines) < 2 {
			t.Errorf("width %v: one line %q", width, lines)
		}
		heights = append(heights, l.MinSize().Height)
	}
	if l.Text != hint {
		t.Errorf("Text became %q", l.Text)
	}
	if heights[0] <= heights[len(heights)-1] {
		t.Errorf("narrow label %v not taller than wide %v", heights[0], heights[len(heights)-1])
	}
}
