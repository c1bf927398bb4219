package supervision

import (
	"encoding/json"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// SettingKey is where Settings live among the desk's settings (JSON).
const SettingKey = "deadline.settings"

// Settings are the supervisor's thresholds: when a light turns yellow, and
// how many working days ahead the notice at start-up looks.
type Settings struct {
	calendar.Thresholds
	NoticeDays int `json:"notice_days"`
}

// DefaultSettings: yellow at 2 working days left or 80% of the time used;
// the notice lists what falls due within 2 working days.
func DefaultSettings() Settings {
	return Settings{Thresholds: calendar.DefaultThresholds(), NoticeDays: 2}
}

// ParseSettings reads stored settings; "" gives the defaults.
func ParseSettings(s string) (Settings, error) {
	out := DefaultSettings()
	if s == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return DefaultSettings(), hall.Wrap(hall.EInvalid, err, "时限监督设置无法读取，已使用默认值")
	}
	return out, out.Validate()
}

// Validate names the field that is out of range, in Chinese.
func (s Settings) Validate() error {
	if err := s.Thresholds.Validate(); err != nil {
		return err
	}
	if s.NoticeDays < 0 || s.NoticeDays > 30 {
		return hall.Errorf(hall.EInvalid, "“到期提醒”的工作日数%d不在0至30之间", s.NoticeDays)
	}
	return nil
}

// Encode is the stored form.
func (s Settings) Encode() string {
	b, _ := json.Marshal(s) // numbers only: cannot fail
	return string(b)
}
