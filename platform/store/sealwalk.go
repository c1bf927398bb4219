package store

import (
	"bytes"
	"slices"
	"unicode/utf8"
	"unsafe"

	gojson "github.com/goccy/go-json"
)

// sealWalk is sealDoc's walk over the document's text instead of over the
// maps decoding it would make: the first pass only reads, to learn whether
// anything is to be sealed (a pushed event seldom holds anything); the
// second writes the document as decoding it into maps and encoding them
// with goccy/go-json writes it — keys sorted as goccy sorts them (by their
// encoded text), strings escaped as goccy escapes them, numbers as written,
// no spaces — with the values to seal sealed. A document it is not sure of
// (invalid UTF-8, anything but one well-formed value, a key given twice in
// an object with something to seal) is left to the maps: ok false.
// TestSealWalkWritesWhatTheMapsWrite compares the two.
type sealWalk struct {
	doc   []byte
	i     int
	depth int
	out   []byte
	emit  bool // the second pass
	bad   bool
	// would says whether a string is to be sealed, under its key (an
	// array's elements stand under the array's), name when it stands
	// where a person's name does; seal seals it, in the second pass.
	would   func(s string, name bool, key string) bool
	seal    func(s string) string
	changed bool
	// members and written are the second pass's scratch for the objects
	// it sorts: the members of the objects open (a stack), and a copy of
	// the members of the one being written.
	members []member
	written []byte
}

// maxSealDepth is the deepest nesting the walk follows; a deeper document
// is left to the maps (and their decoders' own limits).
const maxSealDepth = 1000

// walkSeal runs the walk over doc: out is the document sealed, or doc
// when nothing is to be sealed; ok false when the walk left doc to the
// maps.
func walkSeal(doc []byte, would func(s string, name bool, key string) bool, seal func(string) string) (out []byte, ok bool) {
	if !utf8.Valid(doc) {
		return nil, false
	}
	w := &sealWalk{doc: doc, would: would, seal: seal}
	w.top()
	if w.bad {
		return nil, false
	}
	if !w.changed {
		return doc, true
	}
	w.i, w.emit, w.out = 0, true, make([]byte, 0, len(doc)+len(doc)/2)
	w.top()
	if w.bad {
		return nil, false
	}
	return w.out, true
}

func (w *sealWalk) top() {
	w.value(false, "")
	w.space()
	if w.i != len(w.doc) {
		w.bad = true
	}
}

func (w *sealWalk) space() {
	for w.i < len(w.doc) {
		switch w.doc[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// value reads (and in the second pass writes) the value at w.i: a string
// standing under key, a name's place when name.
func (w *sealWalk) value(name bool, key string) {
	w.space()
	if w.bad || w.i >= len(w.doc) {
		w.bad = true
		return
	}
	switch c := w.doc[w.i]; {
	case c == '{' || c == '[':
		if w.depth++; w.depth > maxSealDepth {
			w.bad = true
			return
		}
		if c == '{' {
			w.object(key)
		} else {
			w.array(key)
		}
		w.depth--
	case c == '"':
		raw, s := w.str()
		if w.bad {
			return
		}
		did := w.would(s, name, key)
		w.changed = w.changed || did
		switch {
		case !w.emit:
		case did:
			w.out = appendJSONString(w.out, nil, w.seal(s))
		default:
			w.out = appendJSONString(w.out, raw, s)
		}
	default:
		start := w.i
		w.literal()
		if w.emit && !w.bad {
			w.out = append(w.out, w.doc[start:w.i]...)
		}
	}
}

// str reads a string: its text between the quotes, and its value (a view
// of the document's bytes when it has no escape: valid only while the
// walk runs, which is all its users need).
func (w *sealWalk) str() (raw []byte, s string) {
	start := w.i
	w.i++
	escaped := false
	for w.i < len(w.doc) {
		switch c := w.doc[w.i]; {
		case c == '"':
			raw = w.doc[start+1 : w.i]
			w.i++
			if !escaped {
				return raw, unsafe.String(unsafe.SliceData(raw), len(raw))
			}
			var v string
			if err := gojson.Unmarshal(w.doc[start:w.i], &v); err != nil {
				w.bad = true
			}
			return raw, v
		case c == '\\':
			escaped = true
			w.i += 2
		case c < 0x20:
			w.bad = true
			return nil, ""
		default:
			w.i++
		}
	}
	w.bad = true
	return nil, ""
}

// literal reads a number (as JSON writes one), true, false or null.
func (w *sealWalk) literal() {
	d := w.doc
	for _, lit := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(d[w.i:], []byte(lit)) {
			w.i += len(lit)
			return
		}
	}
	digits := func() int {
		n := 0
		for w.i < len(d) && d[w.i] >= '0' && d[w.i] <= '9' {
			w.i, n = w.i+1, n+1
		}
		return n
	}
	if d[w.i] == '-' {
		w.i++
	}
	switch {
	case w.i < len(d) && d[w.i] == '0':
		w.i++
	case digits() == 0:
		w.bad = true
		return
	}
	if w.i < len(d) && d[w.i] == '.' {
		w.i++
		if digits() == 0 {
			w.bad = true
			return
		}
	}
	if w.i < len(d) && (d[w.i] == 'e' || d[w.i] == 'E') {
		w.i++
		if w.i < len(d) && (d[w.i] == '+' || d[w.i] == '-') {
			w.i++
		}
		if digits() == 0 {
			w.bad = true
		}
	}
}

// member is an object's member as the second pass wrote it: its encoded
// key and its value, at out[from:to].
type member struct {
	key      []byte
	from, to int
}

// object reads an object standing under key; the second pass writes its
// members in the order of their encoded keys, as goccy/go-json orders a
// map's.
func (w *sealWalk) object(key string) {
	w.i++ // {
	start := len(w.out)
	first := len(w.members)
	defer func() { w.members = w.members[:first] }()
	w.space()
	if w.i < len(w.doc) && w.doc[w.i] == '}' {
		w.i++
		if w.emit {
			w.out = append(w.out, "{}"...)
		}
		return
	}
	for !w.bad {
		w.space()
		if w.i >= len(w.doc) || w.doc[w.i] != '"' {
			w.bad = true
			return
		}
		raw, k := w.str()
		w.space()
		if w.bad || w.i >= len(w.doc) || w.doc[w.i] != ':' {
			w.bad = true
			return
		}
		w.i++
		from := len(w.out)
		if w.emit {
			w.out = appendJSONString(w.out, raw, k)
			from = len(w.out)
		}
		w.value(personNameKeys[k] || key == "applicant" && k == "name", k)
		if w.emit {
			w.members = append(w.members, member{key: w.out[start:from], from: from, to: len(w.out)})
			start = len(w.out)
		}
		if !w.more('}') {
			break
		}
	}
	if !w.emit || w.bad {
		return
	}
	// The members were written one after another from where the object
	// starts; they are written again, in order, from a copy of them.
	members := w.members[first:]
	begin := members[0].from - len(members[0].key)
	w.written = append(w.written[:0], w.out[begin:]...)
	written := w.written
	for i := range members {
		m := &members[i]
		kf := m.from - len(m.key) - begin
		m.key, m.from, m.to = written[kf:kf+len(m.key)], m.from-begin, m.to-begin
	}
	slices.SortFunc(members, func(a, b member) int { return bytes.Compare(a.key, b.key) })
	w.out = append(w.out[:begin], '{')
	for i, m := range members {
		if i > 0 && bytes.Equal(m.key, members[i-1].key) {
			w.bad = true // a key twice: the maps keep the last, the walk leaves it to them
			return
		}
		if i > 0 {
			w.out = append(w.out, ',')
		}
		w.out = append(append(append(w.out, m.key...), ':'), written[m.from:m.to]...)
	}
	w.out = append(w.out, '}')
}

// array reads an array standing under key: its elements stand under key.
func (w *sealWalk) array(key string) {
	w.i++ // [
	if w.emit {
		w.out = append(w.out, '[')
	}
	w.space()
	if w.i < len(w.doc) && w.doc[w.i] == ']' {
		w.i++
		if w.emit {
			w.out = append(w.out, ']')
		}
		return
	}
	for !w.bad {
		w.value(false, key)
		more := w.more(']')
		switch {
		case !w.emit || w.bad:
		case more:
			w.out = append(w.out, ',')
		default:
			w.out = append(w.out, ']')
		}
		if !more {
			return
		}
	}
}

// more reads what follows a member or an element: true after a comma,
// false after end (the object's or the array's end), and false with the
// document bad after anything else.
func (w *sealWalk) more(end byte) bool {
	w.space()
	if w.i >= len(w.doc) {
		w.bad = true
		return false
	}
	switch w.doc[w.i] {
	case ',':
		w.i++
		return true
	case end:
		w.i++
		return false
	}
	w.bad = true
	return false
}

// lineSeps are U+2028 and U+2029 in UTF-8, which goccy/go-json escapes.
var lineSeps = []byte("\u2028\u2029")

// appendJSONString writes s as goccy/go-json's encoder (HTML left
// unescaped) writes it: raw, its text in the document, as it is when it
// holds nothing that encoder would write otherwise (no escape, no line
// separator); otherwise through the encoder itself.
func appendJSONString(out, raw []byte, s string) []byte {
	if raw == nil {
		raw = unsafe.Slice(unsafe.StringData(s), len(s))
	}
	if bytes.IndexByte(raw, '\\') < 0 && bytes.IndexByte(raw, '"') < 0 && !bytes.Contains(raw, lineSeps[:3]) &&
		!bytes.Contains(raw, lineSeps[3:]) && !hasControl(raw) {
		return append(append(append(out, '"'), raw...), '"')
	}
	var buf bytes.Buffer
	enc := gojson.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(out, bytes.TrimRight(buf.Bytes(), "\n")...)
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}
