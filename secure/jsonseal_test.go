package secure

import (
	"strings"
	"testing"
)

func TestSealJSONSealsPersonalDataOnly(t *testing.T) {
	c := testKey(t).Cipher()
	doc := []byte(`{"no":"341122-20261123-01-0001","applicant":{"name":"王喆","id_number":"11010519491231002X",` +
		`"phone":"13812345678","address":"清河县人民路1号"},"form":{"spouse_id":"440524188001010014",` +
		`"area":120.50,"kids":[{"mobile":"13900001111"}],"note":"无"},"count":3}`)
	sealed, err := c.SealJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(sealed)
	for _, secret := range []string{"11010519491231002X", "13812345678", "人民路", "440524188001010014", "13900001111"} {
		if strings.Contains(s, secret) {
			t.Errorf("%s left in clear: %s", secret, s)
		}
	}
	for _, keep := range []string{`"王喆"`, `"341122-20261123-01-0001"`, `120.50`, `"无"`, `"count":3`} {
		if !strings.Contains(s, keep) {
			t.Errorf("%s lost: %s", keep, s)
		}
	}
	if HasClearPersonal(sealed) || !HasClearPersonal(doc) {
		t.Error("HasClearPersonal")
	}
	again, _ := c.SealJSON(sealed)
	if string(again) != s {
		t.Error("sealing twice changed the document")
	}
	opened, err := c.OpenJSON(sealed)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"11010519491231002X", "13812345678", "清河县人民路1号", "440524188001010014", "13900001111", "120.50"} {
		if !strings.Contains(string(opened), v) {
			t.Errorf("%s missing after open: %s", v, opened)
		}
	}
	if _, err := testKey(t).Cipher().OpenJSON(sealed); err == nil {
		t.Error("another key opened the document")
	}
	for _, d := range []string{``, `null`, `{}`, `[]`} {
		if out, err := c.SealJSON([]byte(d)); err != nil || string(out) != d {
			t.Errorf("SealJSON(%q) = %q, %v", d, out, err)
		}
	}
	if _, err := c.SealJSON([]byte(`{"a":`)); err == nil {
		t.Error("broken JSON accepted")
	}
}

// IsPersonalValue's quick refusal by length and first character answers
// as the regular expressions do.
func TestIsPersonalValueAgreesWithItsExpressions(t *testing.T) {
	for _, s := range []string{"13800138000", "-13800138000", "+13800138000", "8613800138000", "86-13800138000",
		"+8613800138000", "+86-13800138000", "+86-1380013800", "1380013800", "138001380001", "12800138000",
		"11010519491231002X", "11010519491231002x", "110105194912310", "1101051949123100", "11010519491231002",
		"110105194912310021X", "X1010519491231002", "", "-", "+", "王喆", "2026-11-23T09:30:00Z", "000104001001"} {
		want := idShaped.MatchString(s) || phoneShaped.MatchString(s)
		if got := IsPersonalValue(s); got != want {
			t.Errorf("IsPersonalValue(%q) = %v, the expressions say %v", s, got, want)
		}
	}
}
