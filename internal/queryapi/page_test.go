package queryapi

import (
	"reflect"
	"testing"
)

func TestPaginate(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e"}
	id := func(s string) string { return s }
	var got []string
	p := Page{MaxItems: 2}
	for i := 0; ; i++ {
		page, next, err := Paginate(items, id, p)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page...)
		if next == "" {
			break
		}
		if i > 5 {
			t.Fatal("no progress")
		}
		p.Marker = next
	}
	if !reflect.DeepEqual(got, items) {
		t.Errorf("pages = %q", got)
	}
	// A marker naming a removed item resumes after it.
	page, next, _ := Paginate([]string{"a", "c", "d"}, id, Page{Marker: encodeMarker("b"), MaxItems: 5})
	if !reflect.DeepEqual(page, []string{"c", "d"}) || next != "" {
		t.Errorf("resume = %q %q", page, next)
	}
	page, next, _ = Paginate(items, id, Page{MaxItems: 5})
	if len(page) != 5 || next != "" {
		t.Errorf("exact page truncated: %q", next)
	}
	if _, _, err := Paginate(items, id, Page{Marker: "!!"}); err == nil {
		t.Error("bad marker accepted")
	}
}

func TestReadPage(t *testing.T) {
	if p, err := ReadPage(form("")); err != nil || p.MaxItems != DefaultMaxItems {
		t.Errorf("default %+v %v", p, err)
	}
	if p, err := ReadPage(form("MaxItems=1000&Marker=" + encodeMarker("x"))); err != nil || p.MaxItems != 1000 {
		t.Errorf("max %+v %v", p, err)
	}
	for _, q := range []string{"MaxItems=0", "MaxItems=1001", "Marker=%21"} {
		if _, err := ReadPage(form(q)); err == nil {
			t.Errorf("%s accepted", q)
		}
	}
}
