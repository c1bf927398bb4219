package sqlite

import (
	"math/rand"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

var (
	seedClerks  = []string{"王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄婷", "周杰", "吴昊", "徐丽", "孙浩"}
	seedSurname = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
	seedGiven   = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣晨琳雪梅莉倩婷晶喆堃玥")
)

// seedStory is one case's life as the seed makes it: its item, clerk and
// events, each at the hall's time.
type seedStory struct {
	item   hall.ItemSummary
	clerk  string
	name   string
	events []hall.Event
}

// seedPlan makes the story of a case accepted on day d, as it stands on
// today: 即办件 mostly done on the spot; the others reviewed and decided
// around their promised date (six in ten early, three on the day, one
// late), one in eight of those with five days or more through a special
// procedure of a few working days; whatever today has not reached yet is
// still open.
func seedPlan(r *rand.Rand, cal *calendar.Calendar, it hall.ItemSummary, d, today calendar.Date) seedStory {
	st := seedStory{item: it, clerk: seedClerks[r.Intn(len(seedClerks))]}
	st.name = string(seedSurname[r.Intn(len(seedSurname))]) + string(seedGiven[r.Intn(len(seedGiven))])
	if r.Intn(2) == 0 {
		st.name += string(seedGiven[r.Intn(len(seedGiven))])
	}
	at := func(day calendar.Date, from, span time.Duration) time.Time {
		return day.Start().Add(from + time.Duration(r.Int63n(int64(span))))
	}
	accept := at(d, 8*time.Hour+30*time.Minute, 8*time.Hour)
	add := func(a hall.Action, t time.Time) {
		st.events = append(st.events, hall.Event{Action: a, At: t, Actor: st.clerk})
	}
	add(hall.ActReceive, accept.Add(-time.Duration(3+r.Intn(20))*time.Minute))
	add(hall.ActAccept, accept)
	if it.PromiseLimit.Instant() {
		if r.Intn(20) > 0 || d.Before(today) {
			add(hall.ActDecide, accept.Add(time.Duration(10+r.Intn(40))*time.Minute))
		}
		return st
	}
	next := cal.AddWorkdays(d, 1)
	if next.After(today) {
		return st
	}
	reviewed := at(next, 9*time.Hour, time.Hour)
	add(hall.ActStartReview, reviewed)
	earliest, end := reviewed.Add(time.Hour), next // a decision comes after review starts
	// 检验, 鉴定, 专家评审 come with the items of longer limits.
	if it.PromiseLimit.Days >= 5 && r.Intn(8) == 0 {
		start := cal.AddWorkdays(next, r.Intn(3))
		if start.After(today) {
			return st
		}
		add(hall.ActStartSpecial, at(start, 10*time.Hour, 5*time.Hour))
		if end = cal.AddWorkdays(start, 2+r.Intn(10)); end.After(today) {
			return st
		}
		ended := at(end, 9*time.Hour, 6*time.Hour)
		add(hall.ActEndSpecial, ended)
		earliest = ended.Add(time.Hour)
	}
	promise, _, err := cal.DueDates(calendar.Limits{Promise: it.PromiseLimit, Legal: it.LegalLimit}, accept, st.events)
	if err != nil {
		return st
	}
	finish := promise.Date
	switch k := r.Intn(10); {
	case k < 6:
		finish = cal.AddWorkdays(finish, -1-r.Intn(max(it.PromiseLimit.Days/2, 1)))
	case k == 9:
		finish = cal.AddWorkdays(finish, 1+r.Intn(5))
	}
	if finish.Before(end) {
		finish = end
	}
	if finish.After(today) {
		return st
	}
	decided := at(finish, 9*time.Hour, 7*time.Hour)
	if decided.Before(earliest) {
		decided = earliest.Add(time.Duration(r.Intn(120)) * time.Minute)
	}
	add(hall.ActDecide, decided)
	if r.Intn(10) < 6 {
		if handed := cal.AddWorkdays(finish, r.Intn(3)); !handed.After(today) {
			add(hall.ActDeliver, decided.AddDate(0, 0, handed.Sub(finish)).Add(30*time.Minute))
		}
	}
	return st
}

// seedResult is how a decided seed case ended: mostly approved.
func seedResult(r *rand.Rand, it hall.ItemSummary) hall.Result {
	switch {
	case r.Intn(25) == 0:
		return hall.ResultDenied
	case it.Type == hall.TypePublicService:
		return hall.ResultIssued
	}
	return hall.ResultApproved
}
