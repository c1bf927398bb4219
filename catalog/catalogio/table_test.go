package catalogio

import (
	"testing"
)

// A province lists each 办理项 of an item on its own row (or rows, one per
// material), under the shared 实施编码 and often under the same name.
func TestHandleItemRowsAreEntriesOfTheirOwn(t *testing.T) {
	const task = "11341122003132500K1000104002000"
	csv := "事项名称,基本编码,实施编码,业务办理项编码,事项类型,实施主体,法定办结时限,承诺办结时限,材料名称\r\n" +
		"结婚登记,000104002000," + task + "," + task + "01,07,清河县民政局,1个工作日,即办,居民身份证\r\n" +
		"结婚登记,000104002000," + task + "," + task + "01,07,清河县民政局,1个工作日,即办,户口簿\r\n" +
		"结婚登记,000104002000," + task + "," + task + "02,07,清河县民政局,1个工作日,即办,护照\r\n" +
		",,,,,,,,无配偶声明\r\n" +
		"离婚登记,000104003000,11341122003132500K1000104003000,,07,清河县民政局,1个工作日,即办,结婚证\r\n"
	items, err := Parse("清单.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 {
		t.Fatalf("%d entries, want 3: %+v", len(items), items)
	}
	for i, want := range []struct {
		code      string
		materials int
	}{{task + "01", 2}, {task + "02", 2}, {"11341122003132500K1000104003000", 1}} {
		if items[i].Code != want.code || len(items[i].Materials) != want.materials {
			t.Errorf("entry %d: code %s with %d materials, want %s with %d", i+1, items[i].Code,
				len(items[i].Materials), want.code, want.materials)
		}
	}
	if items[0].TaskCode != task || items[1].TaskCode != task || items[1].HandleCode != task+"02" {
		t.Errorf("codes: %+v / %+v", items[0], items[1])
	}
}
