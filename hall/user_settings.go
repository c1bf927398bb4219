package hall

// Settings of accounts, privacy and the lock screen, kept with the desk's
// other settings and changed by an admin in 设置.
const (
	SettingLockoutMinutes = "security.lockout_minutes" // default 15
	SettingIdleMinutes    = "security.idle_minutes"    // default 5
	SettingRetentionDays  = "privacy.retention_days"   // default 180; 0 keeps personal data
)

// Defaults of the settings above.
const (
	DefaultLockoutMinutes = 15
	DefaultIdleMinutes    = 5
	DefaultRetentionDays  = 180
)
