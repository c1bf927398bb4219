package secure

import (
	"fmt"
	"testing"
)

// chain builds n valid records.
func chain(key []byte, n int) []ChainRecord {
	prev := Genesis
	var out []ChainRecord
	for i := 1; i <= n; i++ {
		f := []string{fmt.Sprintf("id%d", i), "2026-11-23T09:00:00Z", "u1", "张三", "clerk", "登录", "", "成功", ""}
		h := ChainHash(prev, f)
		out = append(out, ChainRecord{Seq: int64(i), Fields: f, Prev: prev, Hash: h, MAC: ChainMAC(key, h)})
		prev = h
	}
	return out
}

func check(key []byte, rows []ChainRecord) *Break {
	c := NewChecker(key)
	for _, r := range rows {
		if b := c.Next(r); b != nil {
			return b
		}
	}
	return nil
}

func TestChainFindsTheFirstBadRecord(t *testing.T) {
	key := AuditKey([]byte("desk"))
	for _, tc := range []struct {
		name   string
		tamper func([]ChainRecord) []ChainRecord
		want   *Break
	}{
		{"intact", func(r []ChainRecord) []ChainRecord { return r }, nil},
		{"field edited", func(r []ChainRecord) []ChainRecord { r[3].Fields[7] = "失败"; return r }, &Break{Seq: 4, Kind: Edited}},
		{"hash edited", func(r []ChainRecord) []ChainRecord { r[2].Hash = Genesis; return r }, &Break{Seq: 3, Kind: Edited}},
		{"middle deleted", func(r []ChainRecord) []ChainRecord { return append(r[:4], r[5:]...) }, &Break{Seq: 6, Kind: Missing, Gap: 1}},
		{"first deleted", func(r []ChainRecord) []ChainRecord { return r[1:] }, &Break{Seq: 2, Kind: Missing, Gap: 1}},
		{"deleted and renumbered", func(r []ChainRecord) []ChainRecord {
			r = append(r[:4], r[5:]...)
			for i := 4; i < len(r); i++ {
				r[i].Seq--
			}
			return r
		}, &Break{Seq: 5, Kind: LinkBroken}},
		{"two swapped", func(r []ChainRecord) []ChainRecord {
			r[2], r[3] = r[3], r[2]
			r[2].Seq, r[3].Seq = 3, 4
			return r
		}, &Break{Seq: 3, Kind: LinkBroken}},
		{"recomputed without the key", func(r []ChainRecord) []ChainRecord {
			r[5].Fields[3] = "李四"
			prev := r[4].Hash
			for i := 5; i < len(r); i++ {
				r[i].Prev = prev
				r[i].Hash = ChainHash(prev, r[i].Fields)
				prev = r[i].Hash
			}
			return r
		}, &Break{Seq: 6, Kind: Resigned}},
	} {
		got := check(key, tc.tamper(chain(key, 8)))
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: break %+v, want %+v", tc.name, got, tc.want)
		}
	}
	// Without the desk's key a recomputed chain passes: that is why the MAC exists.
	r := chain(key, 3)
	r[1].Fields[3] = "李四"
	r[1].Hash = ChainHash(r[1].Prev, r[1].Fields)
	r[2].Prev = r[1].Hash
	r[2].Hash = ChainHash(r[2].Prev, r[2].Fields)
	if b := check(nil, r); b != nil {
		t.Errorf("keyless check of a recomputed chain: %+v", b)
	}
}

func TestChainHashSeparatesFields(t *testing.T) {
	if ChainHash(Genesis, []string{"ab", "c"}) == ChainHash(Genesis, []string{"a", "bc"}) {
		t.Error("field boundaries are not hashed")
	}
}
