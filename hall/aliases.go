package hall

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Alias is one word people use for what the catalog calls otherwise
// (医保 for 医疗保障, 房产证 for 不动产权证书): an entry whose name or result
// name contains one of Terms is found by Word as by a keyword of its own.
type Alias struct {
	Word   string
	Terms  []string
	Source string // where the equivalence is written down, for the reviewer
}

// MaxAliasFile bounds an alias table: the bundled one is a few tens of KB.
const MaxAliasFile = 1 << 20

// ParseAliases reads an alias table: one alias a line, three fields
// separated by tabs: the word, its terms separated by 、, the source. Blank
// lines and lines starting with # are skipped. A word may appear on
// several lines; its terms are merged.
func ParseAliases(b []byte) ([]Alias, error) {
	if len(b) > MaxAliasFile {
		return nil, Errorf(EInvalid, "别名表超过 %d KB", MaxAliasFile>>10)
	}
	if !utf8.Valid(b) {
		return nil, Errorf(EInvalid, "别名表不是 UTF-8 文本")
	}
	var out []Alias
	at := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, Errorf(EInvalid, "别名表第 %d 行：应有 3 列（别名、对应词、出处），用制表符分隔，实有 %d 列", n, len(f))
		}
		word, source := strings.TrimSpace(f[0]), strings.TrimSpace(f[2])
		terms := NormalizeKeywords(strings.Split(f[1], "、"))
		if err := checkAlias(word, terms, source); err != "" {
			return nil, Errorf(EInvalid, "别名表第 %d 行：%s", n, err)
		}
		if i, ok := at[word]; ok {
			out[i].Terms = NormalizeKeywords(append(out[i].Terms, terms...))
			out[i].Source += "；" + source
			continue
		}
		at[word] = len(out)
		out = append(out, Alias{Word: word, Terms: terms, Source: source})
	}
	return out, sc.Err()
}

func checkAlias(word string, terms []string, source string) string {
	switch {
	case word == "":
		return "别名为空"
	case utf8.RuneCountInString(word) > MaxKeywordLen:
		return fmt.Sprintf("别名“%s”超过 %d 个字", word, MaxKeywordLen)
	case len(terms) == 0:
		return fmt.Sprintf("别名“%s”没有对应词", word)
	case source == "":
		return fmt.Sprintf("别名“%s”没有注明出处", word)
	}
	for _, t := range terms {
		if t == word {
			return fmt.Sprintf("别名“%s”对应它自己", word)
		}
	}
	return ""
}

// AliasWords are the words of aliases that apply to it: those with a term
// its name or result name contains, in the table's order, leaving out its
// own keywords. The search applies the same rule (store/sqlite).
func AliasWords(it *Item, aliases []Alias) []string {
	var out []string
	for _, a := range aliases {
		if containsString(it.Keywords, a.Word) {
			continue
		}
		for _, t := range a.Terms {
			if strings.Contains(it.Name, t) || strings.Contains(it.ResultName, t) {
				out = append(out, a.Word)
				break
			}
		}
	}
	return out
}

// AliasSource is a catalog that applies an alias table to its search: it
// says which alias words find an entry, for the guide to show.
type AliasSource interface {
	AliasWordsOf(it *Item) []string
}
