package e2e

import (
	"context"
	"encoding/json"
	"testing"

	"yichuang/hall"
	"yichuang/sync/protocol"
	"yichuang/sync/transport"
)

// checkSynced asserts what every scenario must end with: each of the desk's
// cases on the platform exactly once, equal to the desk's (compared through
// GET /api/v1/cases/), every file it refers to whole, no partial upload, no
// operation applied twice, and the desk's queue empty.
func checkSynced(t *testing.T, k *testDesk, p *platform) protocol.Stats {
	t.Helper()
	return checkAllSynced(t, p, k)
}

// checkAllSynced is checkSynced for a platform that serves the desks ks
// and no other.
func checkAllSynced(t *testing.T, p *platform, ks ...*testDesk) protocol.Stats {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	onPlatform, err := p.st.CaseNumbers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cases, deskEvents, done, files := 0, 0, 0, map[string]bool{}
	for _, k := range ks {
		c, err := k.d.DB.Sync().SyncCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c.Outstanding() != 0 || c.Sending != 0 || c.Conflicts != 0 {
			t.Fatalf("desk queue not empty: %+v", c)
		}
		nos, err := k.d.DB.Sync().CaseNumbers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cases += len(nos)
		client := k.client(p.url())
		for _, no := range nos {
			v := k.samePlatformCase(ctx, client, no)
			deskEvents += len(v.Events)
			if !v.Complete {
				t.Fatalf("case %s is not complete on the platform: %+v", no, v.Files)
			}
			for _, f := range v.Files {
				files[f.SHA256] = true
			}
		}
		n, err := k.d.DB.Sync().OutboxDone(ctx)
		if err != nil {
			t.Fatal(err)
		}
		done += n
	}
	if len(onPlatform) != cases {
		t.Fatalf("desks have %d cases, platform %d", cases, len(onPlatform))
	}
	st, err := p.st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Events != deskEvents || st.OpsApplied != done || st.Cases != cases {
		t.Fatalf("platform stats %+v; desks have %d cases with %d events, %d operations accepted", st, cases, deskEvents, done)
	}
	if st.UploadsOpen != 0 || st.Files != len(files) || st.CasesComplete != st.Cases {
		t.Fatalf("files on the platform: %+v, want %d whole files and no open upload", st, len(files))
	}
	return st
}

// samePlatformCase fails the test unless case no and its events read the
// same on the desk and on the platform; it returns the platform's view.
func (k *testDesk) samePlatformCase(ctx context.Context, client *transport.Client, no string) protocol.CaseView {
	t := k.t
	t.Helper()
	v, err := client.Case(ctx, no)
	if err != nil {
		t.Fatalf("case %s on the platform: %v", no, err)
	}
	doc, evs, err := k.d.DB.Sync().LocalCase(ctx, no)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := canonCase(t, doc), canonCase(t, v.Case); a != b {
		t.Fatalf("case %s differs:\ndesk     %s\nplatform %s", no, a, b)
	}
	if len(evs) != len(v.Events) {
		t.Fatalf("case %s: desk has %d events, platform %d", no, len(evs), len(v.Events))
	}
	for i := range evs {
		if a, b := canonEvent(t, evs[i]), canonEvent(t, v.Events[i]); a != b {
			t.Fatalf("case %s event %d differs:\ndesk     %s\nplatform %s", no, i, a, b)
		}
	}
	return v
}

func (k *testDesk) client(url string) *transport.Client {
	k.t.Helper()
	get := func(key string) string {
		v, _ := k.d.DB.Setting(hall.AsDesk(context.Background()), key)
		return v
	}
	hexSecret, err := k.d.DB.PlatformSecret(hall.AsDesk(context.Background()))
	if err != nil {
		k.t.Fatal(err)
	}
	secret, _ := protocol.DecodeSecret(hexSecret)
	c, err := transport.New(transport.Options{BaseURL: url, DeskID: get(hall.SettingDeskID), Secret: secret,
		CAPEM: []byte(get(hall.SettingPlatformCA))})
	if err != nil {
		k.t.Fatal(err)
	}
	k.t.Cleanup(c.Close)
	return c
}

// canonCase and canonEvent read a document into the domain type and write
// it back, so that two equal records compare equal as text. An event's
// facts (Data) are compared as JSON values: the platform writes back the
// ones it sealed at rest (a 出件's collector) with their keys in order.
func canonCase(t *testing.T, b []byte) string {
	t.Helper()
	var c hall.Case
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("case document: %v", err)
	}
	out, _ := json.Marshal(c)
	return string(out)
}

func canonEvent(t *testing.T, b []byte) string {
	t.Helper()
	var e hall.Event
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("event document: %v", err)
	}
	if len(e.Data) > 0 {
		var v any
		if err := json.Unmarshal(e.Data, &v); err != nil {
			t.Fatalf("event facts: %v", err)
		}
		e.Data, _ = json.Marshal(v)
	}
	out, _ := json.Marshal(e)
	return string(out)
}
