package main

import (
	"bytes"
	"os"
	"testing"
)

// TestDemoUpToDate fails while demo.json is not what the generator makes
// of handwritten.json and county.txt: run `go generate ./assets`.
func TestDemoUpToDate(t *testing.T) {
	hand, err := os.ReadFile("../handwritten.json")
	if err != nil {
		t.Fatal(err)
	}
	table, err := os.ReadFile("../county.txt")
	if err != nil {
		t.Fatal(err)
	}
	want, err := build(hand, table)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../demo.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("assets/catalog/demo.json is out of date: run go generate ./assets")
	}
}

func TestCreditCodeCheck(t *testing.T) {
	// The GB 32100-2015 worked example, and a demo department's code.
	for _, c := range []string{"91350100M000100Y43", "11341122003132658Q"} {
		got, err := creditCode(c[:17])
		if err != nil || got != c {
			t.Errorf("creditCode(%s) = %s, %v; want %s", c[:17], got, err, c)
		}
	}
	if _, err := creditCode("91350100M000100I4"); err == nil {
		t.Error("I is outside the GB 32100 character set")
	}
}

func TestBuildRefusesBadLines(t *testing.T) {
	hand := []byte("[]")
	for name, table := range map[string]string{
		"unknown dept": "item|xx|000199001000|某事项|20|即办|即办|自然人|其他|结果|甲；乙|-|依据|",
		"one material": "dept|a|某局|11341122003132658|地点|1|2|三级|全县通办\nitem|a|000199001000|某事项|20|即办|即办|自然人|其他|结果|甲|-|依据|",
		"bad limit":    "dept|a|某局|11341122003132658|地点|1|2|三级|全县通办\nitem|a|000199001000|某事项|20|三天|即办|自然人|其他|结果|甲；乙|-|依据|",
		"no entry":     "kw|000199001000|别名",
	} {
		if _, err := build(hand, []byte(table)); err == nil {
			t.Errorf("%s: build accepted %q", name, table)
		}
	}
}
