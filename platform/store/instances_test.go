package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// Two platform instances on one PostgreSQL database (docs/adr/0024): desks
// push through both, some batches to both at once; the back office
// decides cases and publishes the catalog through both; every desk pulls
// all the while, from either. Afterwards every case is held once with its
// two events, no operation applied twice, and every desk has seen each
// change meant for it exactly once, in order, with none skipped: a change
// that committed after a higher number was already visible would be
// missing from what its desk saw.
func TestTwoInstancesOnOneDatabase(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
	key, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	var inst [2]*Store
	for i := range inst {
		if inst[i], err = Open(ctx, dsn, key); err != nil {
			t.Fatal(err)
		}
		defer inst[i].Close()
	}
	pick := func() *Store { return inst[rand.IntN(2)] }

	const desks, casesPerDesk, batch = 8, 12, 4
	var ds []Desk
	for i := range desks {
		code, err := pick().AddDesk(ctx, "341122", strconv.Itoa(11+i), "清河县政务服务中心")
		if err != nil {
			t.Fatal(err)
		}
		reg, err := pick().Register(ctx, code, "host")
		if err != nil {
			t.Fatal(err)
		}
		d, err := pick().Desk(ctx, reg.DeskID)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}

	var (
		writers sync.WaitGroup
		mu      sync.Mutex
		applied = map[string]int{} // op id → times answered applied
		fail    = make(chan error, 64)
		decide  = make(chan string, desks*casesPerDesk)
	)
	report := func(err error) {
		select {
		case fail <- err:
		default:
		}
	}
	for i, d := range ds {
		writers.Add(1)
		go func() {
			defer writers.Done()
			var ops []protocol.Op
			for n := range casesPerDesk {
				no := fmt.Sprintf("341122-20261123-%d-%04d", 11+i, n+1)
				ops = append(ops, caseOps(t, fmt.Sprintf("c%d-%d", i, n), no, "11010519491231002X")...)
			}
			for len(ops) > 0 {
				b := ops[:min(batch, len(ops))]
				ops = ops[len(b):]
				sends := 1 + rand.IntN(2) // one batch in two goes to both instances at once
				var wg sync.WaitGroup
				for k := range sends {
					wg.Add(1)
					go func() {
						defer wg.Done()
						rs, err := inst[k].ApplyBatch(ctx, d, b)
						if err != nil {
							report(fmt.Errorf("push through instance %d: %w", k, err))
							return
						}
						mu.Lock()
						defer mu.Unlock()
						for j, r := range rs {
							switch r.Code {
							case protocol.CodeApplied:
								applied[b[j].ID]++
							case protocol.CodeDuplicate:
							default:
								report(fmt.Errorf("op %s: %s %s", b[j].ID, r.Code, r.Message))
							}
						}
					}()
				}
				wg.Wait()
				for _, op := range b {
					if op.ID[len(op.ID)-1] == '2' { // accepted: the back office may start its review
						decide <- op.CaseID
					}
				}
			}
		}()
	}
	// The back office, through both instances: reviews (a change for the
	// case's desk) and catalog entries (a change for every desk).
	var office sync.WaitGroup
	stopOffice := make(chan struct{})
	for k := range inst {
		office.Add(2)
		go func() {
			defer office.Done()
			for {
				select {
				case id := <-decide:
					no := caseNoOf(ctx, t, inst[k], id)
					if _, err := inst[k].Decide(ctx, no, hall.Event{Action: hall.ActStartReview, Actor: "后台"}); err != nil {
						report(fmt.Errorf("decide %s: %w", no, err))
					}
				case <-stopOffice:
					return
				}
			}
		}()
		go func() {
			defer office.Done()
			for n := 0; ; n++ {
				select {
				case <-stopOffice:
					return
				default:
				}
				var items []hall.Item
				for j := range 3 {
					code := fmt.Sprintf("9%d%05d%04d", k, n, j)
					items = append(items, hall.Item{Code: code, TaskCode: code, Name: "测试事项", Type: "07", Department: "测试局"})
				}
				if err := inst[k].PublishItems(ctx, items); err != nil {
					report(fmt.Errorf("publish: %w", err))
					return
				}
			}
		}()
	}
	// Every desk pulls all the while, a small page at a time, from either
	// instance.
	seen := make([][]int64, desks)
	var pullers sync.WaitGroup
	stopPull := make(chan struct{})
	for i, d := range ds {
		pullers.Add(1)
		go func() {
			defer pullers.Done()
			cur := map[string]string{}
			for {
				stopped := false
				select {
				case <-stopPull: // every writer is done: one last pull sees all
					stopped = true
				default:
				}
				for {
					res, err := pick().Pull(ctx, d, protocol.PullRequest{Cursors: cur, Limit: 5})
					if err != nil {
						report(fmt.Errorf("pull: %w", err))
						return
					}
					for _, c := range res.Changes {
						seen[i] = append(seen[i], c.Seq)
					}
					cur = res.Cursors
					if !res.More {
						break
					}
				}
				if stopped {
					return
				}
			}
		}()
	}
	// A supervisor of the county follows the feed all the while too.
	lastSeen := map[string]protocol.SupCase{}
	pullers.Add(1)
	go func() {
		defer pullers.Done()
		cursor := ""
		for {
			stopped := false
			select {
			case <-stopPull:
				stopped = true
			default:
			}
			for {
				page, err := pick().SubtreeFeed(ctx, "341122", cursor, 7)
				if err != nil {
					report(fmt.Errorf("feed: %w", err))
					return
				}
				for _, c := range page.Cases {
					lastSeen[c.No] = c
				}
				cursor = page.Cursor
				if !page.More {
					break
				}
			}
			if stopped {
				return
			}
		}
	}()
	writers.Wait()
	for len(decide) > 0 {
		time.Sleep(10 * time.Millisecond)
	}
	close(stopOffice)
	office.Wait()
	close(stopPull)
	pullers.Wait()
	close(fail)
	for err := range fail {
		t.Fatal(err)
	}

	// Every case once, every operation applied once.
	st, err := inst[0].Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := desks * casesPerDesk
	if st.Cases != want || st.Events != 3*want || st.OpsApplied != 2*want {
		t.Errorf("cases %d, events %d, ops applied %d; want %d, %d, %d", st.Cases, st.Events, st.OpsApplied, want, 3*want, 2*want)
	}
	for id, n := range applied {
		if n != 1 {
			t.Errorf("op %s answered applied %d times", id, n)
		}
	}
	if len(applied) != 2*want {
		t.Errorf("%d operations answered applied, want %d", len(applied), 2*want)
	}
	// Each desk saw, in order and once each, exactly the changes meant
	// for it: its cases' reviews and every catalog entry.
	var catalog []int64
	rows, err := inst[0].read.Query("SELECT seq FROM changes WHERE stream = 'catalog' ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s int64
		rows.Scan(&s)
		catalog = append(catalog, s)
	}
	rows.Close()
	for i, d := range ds {
		var mine []int64
		rows, err := inst[0].read.Query("SELECT seq FROM changes WHERE stream = 'decisions' AND desk_id = ? ORDER BY seq", d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s int64
			rows.Scan(&s)
			mine = append(mine, s)
		}
		rows.Close()
		if len(mine) != casesPerDesk {
			t.Errorf("desk %s: %d reviews logged, want %d", d.DeskCode, len(mine), casesPerDesk)
		}
		expect := append(append([]int64{}, catalog...), mine...)
		slices.Sort(expect)
		if !slices.IsSorted(seen[i]) {
			t.Errorf("desk %s: changes out of order", d.DeskCode)
		}
		if !slices.Equal(seen[i], expect) {
			t.Errorf("desk %s saw %d changes, %d meant for it; first missing %d, first extra %d",
				d.DeskCode, len(seen[i]), len(expect), firstNotIn(expect, seen[i]), firstNotIn(seen[i], expect))
		}
	}
	// The supervisor's last sight of each case is the case as it stands:
	// a row moved to the feed's end below the cursor would be missed.
	rows, err = inst[0].read.Query("SELECT doc FROM supervision")
	if err != nil {
		t.Fatal(err)
	}
	feedRows := 0
	for rows.Next() {
		var doc string
		rows.Scan(&doc)
		var row protocol.SupCase
		if err := json.Unmarshal([]byte(doc), &row); err != nil {
			t.Fatal(err)
		}
		feedRows++
		if got := lastSeen[row.No]; !reflect.DeepEqual(got, row) {
			t.Errorf("the feed last showed %s as %+v; it stands %+v", row.No, got, row)
		}
	}
	rows.Close()
	if feedRows != want {
		t.Errorf("%d feed rows, want %d", feedRows, want)
	}
	t.Logf("%d cases, %d catalog changes, %d reviews through two instances", st.Cases, len(catalog), want)
}

// firstNotIn is the first of a not in b, -1 when none.
func firstNotIn(a, b []int64) int64 {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return x
		}
	}
	return -1
}

func caseNoOf(ctx context.Context, t *testing.T, s *Store, id string) string {
	var no string
	if err := s.read.QueryRowContext(ctx, "SELECT no FROM cases WHERE id = ?", id).Scan(&no); err != nil {
		t.Errorf("case %s: %v", id, err)
	}
	return no
}
