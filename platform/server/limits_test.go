package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"yichuang/sync/protocol"
)

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression) // as the desk sends
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return z.Bytes()
}

func decodePush(body []byte, zipped bool, inflated int64) (protocol.PushRequest, error) {
	r := httptest.NewRequest("POST", "/v1/push", bytes.NewReader(body))
	if zipped {
		r.Header.Set("Content-Encoding", "gzip")
	}
	var req protocol.PushRequest
	err := decodeCapped(r, inflated, "推送", &req)
	return req, err
}

// Request bodies are read through pooled buffers and gzip readers: one
// request's operations stay as they were after the next is read; what
// encoding/json accepts is decoded the same (a value followed by other
// bytes too, and a body too large to be read whole), and each refusal
// keeps its message.
func TestDecodeCappedReusesNothingItReturned(t *testing.T) {
	first := newCases(t, "341122", "01", 20)
	raw, _ := json.Marshal(first)
	var want protocol.PushRequest
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	got, err := decodePush(gzipped(t, raw), true, pushInflated)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("first push: %v, equal %v", err, reflect.DeepEqual(got, want))
	}
	second, _ := json.Marshal(newCases(t, "341122", "02", 20))
	for range 3 {
		if _, err := decodePush(gzipped(t, second), true, pushInflated); err != nil {
			t.Fatal(err)
		}
		if _, err := decodePush(second, false, pushInflated); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the first push's operations changed when later ones were read")
	}
	if got, err := decodePush(append(append([]byte{}, raw...), " trailing"...), false, pushInflated); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("a value followed by other bytes: %v", err)
	}
	if got, err := decodePush(gzipped(t, append(bytes.Repeat([]byte(" "), wholeBody), raw...)), true, pushInflated); err != nil ||
		!reflect.DeepEqual(got, want) {
		t.Fatalf("a body over %d bytes, decoded as it streams: %v", wholeBody, err)
	}
	for _, c := range []struct {
		body     []byte
		zipped   bool
		inflated int64
		message  string
	}{
		{gzipped(t, raw), true, 1 << 10, "推送请求解压后过大（超过 1 KB），已拒绝"},
		{raw[:len(raw)/2], false, pushInflated, "推送请求内容不是有效的 JSON：unexpected EOF"},
		{[]byte(`{"ops": 5}`), false, pushInflated, "推送请求内容不是有效的 JSON：json: cannot unmarshal number into Go struct field PushRequest.ops of type []protocol.Op"},
		{[]byte("not gzip"), true, pushInflated, "推送请求内容无法解压"},
		{gzipped(t, raw)[:200], true, pushInflated, "推送请求内容不是有效的 JSON：unexpected EOF"},
	} {
		_, err := decodePush(c.body, c.zipped, c.inflated)
		if err == nil || !strings.Contains(err.Error(), c.message) {
			t.Errorf("want %q, got %v", c.message, err)
		}
	}
}

// Reading a push of 20 case events as a desk sends it (gzip at best
// compression): go test -run '^$' -bench DecodePush -benchmem ./platform/server/
func BenchmarkDecodePush(b *testing.B) {
	raw, _ := json.Marshal(newCases(b, "341122", "01", 20))
	body := gzipped(b, raw)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := decodePush(body, true, pushInflated); err != nil {
			b.Fatal(err)
		}
	}
}
