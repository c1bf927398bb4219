package forms

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

// checkErrShape fails unless err is nil or an invalid *hall.Error with a
// message.
func checkErrShape(t *testing.T, in string, err error) {
	t.Helper()
	var he *hall.Error
	if err != nil && (!errors.As(err, &he) || he.Code != hall.EInvalid || he.Message == "") {
		t.Fatalf("%q: bad error %#v", in, err)
	}
}

func FuzzCheckResidentID(f *testing.F) {
	f.Add("11010519491231002X", uint32(110105), uint32(25000), uint16(2), uint8(3), uint8(1))
	f.Add("440524188001010014", uint32(440524), uint32(0), uint16(1), uint8(17), uint8(0))
	f.Add("１１０１０５１９４９１２３１００２ｘ", uint32(999999), uint32(1<<31), uint16(999), uint8(16), uint8(8))
	f.Add("", uint32(0), uint32(53000), uint16(0), uint8(7), uint8(200))
	first := time.Date(1880, 1, 1, 0, 0, 0, 0, time.UTC)
	span := uint32(time.Date(testToday.Year(), testToday.Month(), testToday.Day(), 0, 0, 0, 0, time.UTC).Sub(first).Hours()/24) + 1
	f.Fuzz(func(t *testing.T, s string, area, days uint32, seq uint16, pos, delta uint8) {
		err := CheckResidentID(s)
		checkErrShape(t, s, err)
		if err == nil {
			if _, ok := IDBirthDate(s); !ok || len(s) != 18 || IDGender(s) == "" {
				t.Fatalf("%q passes but has no birth date or gender", s)
			}
		}
		if IsWarning(err) {
			t.Fatalf("%q: an ID error is never a warning", s)
		}
		if err == nil && CheckResidentID(NormalizeID(s)) != nil {
			t.Fatalf("%q passes but its normalized form does not", s)
		}
		birth := first.AddDate(0, 0, int(days%span)).Format("20060102")
		id := makeID(fmt.Sprintf("%06d%s%03d", area%1000000, birth, seq%1000))
		if err := CheckResidentID(id); err != nil {
			t.Fatalf("generated %s: %v", id, err)
		}
		if err := CheckResidentID(strings.ToLower(id)); err != nil {
			t.Fatalf("generated %s in lower case: %v", id, err)
		}
		b := []byte(id)
		p := int(pos % 18)
		if p < 17 {
			b[p] = '0' + (b[p]-'0'+1+delta%9)%10
		} else {
			i := strings.IndexByte(idCheckChars, b[p])
			b[p] = idCheckChars[(i+1+int(delta%10))%11]
		}
		if CheckResidentID(string(b)) == nil {
			t.Fatalf("%s passes with position %d changed (from %s)", b, p+1, id)
		}
	})
}

func FuzzCheckCreditCode(f *testing.F) {
	f.Add("91350100M000100Y43", []byte("91350100M000100Y4"), uint8(0), uint8(0))
	f.Add("91350100M000100Y44", []byte{}, uint8(17), uint8(29))
	f.Add("９１３５０１００Ｍ０００１００Ｙ４３", []byte{255, 254, 0, 31, 62}, uint8(8), uint8(200))
	f.Fuzz(func(t *testing.T, s string, raw []byte, pos, delta uint8) {
		err := CheckCreditCode(s)
		checkErrShape(t, s, err)
		if (err == nil || IsWarning(err)) && len(s) != 18 {
			t.Fatalf("%q: well formed but not 18 bytes", s)
		}
		var code [17]byte
		for i := range code {
			v := 0
			if i < len(raw) {
				v = int(raw[i])
			}
			code[i] = creditChars[v%31]
			if i >= 2 && i < 8 { // the region code: digits
				code[i] = creditChars[v%10]
			}
		}
		good := makeCredit(string(code[:]))
		if err := CheckCreditCode(good); err != nil {
			t.Fatalf("generated %s: %v", good, err)
		}
		b := []byte(good)
		p := int(pos % 18)
		i := strings.IndexByte(creditChars, b[p])
		if p >= 2 && p < 8 {
			b[p] = creditChars[(i+1+int(delta%9))%10]
		} else {
			b[p] = creditChars[(i+1+int(delta%30))%31]
		}
		if err := CheckCreditCode(string(b)); !IsWarning(err) {
			t.Fatalf("%s with position %d changed (from %s): %v, want a check warning", b, p+1, good, err)
		}
	})
}

func FuzzValidate(f *testing.F) {
	for _, sc := range []string{docExample, allTypes, rowsSchema, rulesSchema, showIfSchema} {
		f.Add([]byte(sc), []byte(`{"reason":"其他","other":"x","members":[{"name":"a","relation":"其他"}]}`))
		f.Add([]byte(sc), []byte(`{"id":"11010519491231002X","birth":"1949-12-30","sex":"男","agent":"有","tags":["a","a"]}`))
	}
	f.Add([]byte(`{}`), []byte(`{"name":"\u0000","count":1e400,"members":[1,{"name":[]}]}`))
	f.Add([]byte(`not json`), []byte(`[1,2]`))
	fallback := mustParse(f, allTypes)
	f.Fuzz(func(t *testing.T, schemaJSON, valuesJSON []byte) {
		s, err := Parse(schemaJSON)
		checkErrShape(t, string(schemaJSON), err)
		if err != nil {
			s = fallback
		}
		var v Values
		if json.Unmarshal(valuesJSON, &v) != nil {
			v = Values{}
			for _, fl := range s.Fields {
				v[fl.Key] = string(valuesJSON)
			}
		}
		errs := s.Validate(v, testToday)
		for _, e := range errs {
			if e.Path == "" || e.Label == "" || e.Message == "" {
				t.Fatalf("incomplete error %+v", e)
			}
		}
		clean := s.Clean(v)
		if again := s.Validate(clean, testToday); !reflect.DeepEqual(again, errs) {
			t.Fatalf("Clean changed the errors:\n%q\n%q", messages(errs), messages(again))
		}
		if !reflect.DeepEqual(s.Clean(clean), clean) {
			t.Fatal("Clean is not idempotent")
		}
		s.Validate(s.Normalize(v), testToday)
	})
}
