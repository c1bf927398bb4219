package store

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"yichuang/secure"
)

// sealTestDocs are documents the walk and the maps must seal alike: a
// pushed case and event, and the corners of JSON's text.
func sealTestDocs(t testing.TB) []string {
	var body struct{ Case, Event json.RawMessage }
	if err := json.Unmarshal(caseOps(t, "c1", "341122-20261123-07-0001", "11010519491231002X")[1].Body, &body); err != nil {
		t.Fatal(err)
	}
	return []string{
		string(body.Case), string(body.Event),
		`{"id":"c1","applicant":{"kind":"natural","name":"欧阳娜娜","id_type":"resident_card","id_number":"11010519491231002X",` +
			`"phone":"13800138000","address":"清河县人民路1号"},"materials":[{"name":"居民身份证","files":["ab"]}],` +
			`"data":{"spouse_id":"110105194912310021","tels":["13900139000","x"],"n":1.50,"delivery":{"collector":"诸葛亮"}}}`,
		`{"applicant":{"name":"清河县某某有限公司","legal_rep":"司马光","contact_name":"张三","contact_phone":"0551-1234567"},` +
			`"bundle":{"name":"开办企业"},"people":[{"applicant":{"name":"李四"}}],"applicant_list":[[{"name":"王五"}]]}`,
		`{"action":"accept","at":"2026-11-23T09:00:00Z","data":{"reason":"材料齐全"}}`,
		`{"applicant":{"name":"` + secure.Prefix + `AAAA"},"phone":""}`,
		`{"applicant":{"name":"王\u5586","phone":"13800138000"},"n":[1e5,-0,12345678901234567890,1.50,0.1e-2,1E+5,-3.25e-7],` +
			`"s":"<a href=\"x\">&amp;</a>\u2028\u2029\ud83d\ude00\t\\\/\u0041\u00e9","e":{},"z":[],"b":[true,false,null]}`,
		"{\"phone\":\"13800138000\",\"raw\":\"a\u2028b\u2029c\",\"k\\u0041\":1,\"k\u2028\":\"x\"}",
		` { "phone" : "13800138000" , "a b" : 1 , "a" : 2 , "a!" : 3 , "a\"" : 4 , "A" : [ 1 , { } , [ ] ] } `,
		`{"z":{"y":{"x":[{"w":"110105194912310021"}]}},"a":"\ud800","b":"\u0000\u001f"}`,
		`{"phone":"13800138000","phone":"13900139000"}`,
		`{"phone":"x","phone":"13900139000"}`,
		`{"a":"x","a":"13900139000"}`,
		`{"phone":"13800138000"} trailing`,
		`{"phone":"13800138000",}`,
		`{"phone":"13800138000","n":01}`,
		`{"phone":"13800138000","n":1.}`,
		`{"phone":"13800138000","n":+1}`,
		`{"phone":"13800138000","t":tru}`,
		`{"phone":"13800138000"`,
		`{"phone":"13800138000","bad":"\x"}`,
		"{\"phone\":\"13800138000\",\"ctl\":\"a\tb\"}",
		"{\"applicant\":{\"name\":\"bad \xff\xfe utf-8\"},\"note\":\"\xc3\x28\"}",
		`"13800138000"`, `"x"`, `12.50`, `true`, `null`,
		`[{"address":"人民路"},"110105194912310021",["13800138000"]]`,
		strings.Repeat("[", 1200) + `"13800138000"` + strings.Repeat("]", 1200),
	}
}

// testSeal seals as SealString would, but the same way every time, so
// that the two walks' documents compare byte for byte.
func testSeal(s string) string {
	return secure.Prefix + base64.RawURLEncoding.EncodeToString([]byte(s))
}

func testWould(s string, name bool, key string) bool {
	return s != "" && !secure.IsSealed(s) && (name || secure.IsPersonal(key, s))
}

// The walk over the document's text writes, byte for byte, what decoding
// the document into maps, sealing and encoding it with goccy/go-json
// writes, and leaves to the maps every document it is not sure of.
func TestSealWalkWritesWhatTheMapsWrite(t *testing.T) {
	walked := 0
	for _, doc := range sealTestDocs(t) {
		checkSealWalk(t, []byte(doc), &walked)
	}
	if walked < 15 {
		t.Errorf("the walk took only %d of the documents", walked)
	}
}

func checkSealWalk(t *testing.T, doc []byte, walked *int) {
	t.Helper()
	got, ok := walkSeal(doc, testWould, testSeal)
	if !ok {
		return
	}
	*walked++
	want, err := sealDocMaps(doc, testWould, testSeal)
	if err != nil {
		t.Errorf("the walk took %q, which the maps refuse: %v", doc, err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%q\nwalk %s\nmaps %s", doc, got, want)
	}
}

func FuzzSealWalk(f *testing.F) {
	for _, doc := range sealTestDocs(f) {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		n := 0
		checkSealWalk(t, doc, &n)
	})
}
