package ui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/theme"
	"yichuang/hall/calendar"
)

// TestLightCountersAndChartAreLegible: under the desk's theme, each light
// counter's text meets 4.5:1 on its light's colour, and the chart draws
// each light in the colour of its counter.
func TestLightCountersAndChartAreLegible(t *testing.T) {
	_, p := seededSupervisor(t, 300)
	th := theme.NewWithVariant(fynetheme.VariantLight)
	fyne.CurrentApp().Settings().SetTheme(th)
	fyne.DoAndWait(p.refreshAll)
	c := func(n fyne.ThemeColorName) color.NRGBA {
		return color.NRGBAModel.Convert(th.Color(n, fynetheme.VariantLight)).(color.NRGBA)
	}
	// What a button of each importance draws: text on background.
	look := map[widget.Importance][2]fyne.ThemeColorName{
		widget.SuccessImportance: {fynetheme.ColorNameForegroundOnSuccess, fynetheme.ColorNameSuccess},
		widget.WarningImportance: {fynetheme.ColorNameForegroundOnWarning, fynetheme.ColorNameWarning},
		widget.DangerImportance:  {fynetheme.ColorNameForegroundOnError, fynetheme.ColorNameError},
		widget.MediumImportance:  {fynetheme.ColorNameForeground, fynetheme.ColorNameButton},
	}
	counterBg := map[calendar.Light]color.NRGBA{}
	lights := []calendar.Light{calendar.Green, calendar.Yellow, calendar.Red, calendar.Suspended}
	for i, o := range p.counts.Objects[:len(lights)] {
		b, ok := o.(*widget.Button)
		if !ok {
			t.Fatalf("counter %d is %T", i, o)
		}
		names, ok := look[b.Importance]
		if !ok {
			t.Fatalf("counter %q has importance %v", b.Text, b.Importance)
		}
		fg, bg := c(names[0]), c(names[1])
		if r := theme.Contrast(fg, bg); r < 4.5 {
			t.Errorf("counter %q: text %v on %v is %.2f:1", b.Text, fg, bg, r)
		}
		counterBg[lights[i]] = bg
	}
	if len(p.chart.bars) == 0 {
		t.Fatal("no chart")
	}
	white := c(fynetheme.ColorNameBackground)
	for _, bar := range p.chart.bars {
		for i, l := range chartLights {
			got := color.NRGBAModel.Convert(bar.rects[i].FillColor).(color.NRGBA)
			if l != calendar.Suspended && got != counterBg[l] {
				t.Errorf("%s: the %s segment is %v, its counter %v", bar.name, l, got, counterBg[l])
			}
			if r := theme.Contrast(got, white); r < 4.5 {
				t.Errorf("%s: the %s segment %v stands out %.2f:1 from the background", bar.name, l, got, r)
			}
		}
	}
}
