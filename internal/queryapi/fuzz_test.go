package queryapi

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParse decodes arbitrary bodies and walks every list shape: no panic,
// and every decoded member is reachable through its flat name.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Action=ListUsers&Version=2010-05-08",
		"Action=TagUser&UserName=a&Tags.member.1.Key=k&Tags.member.1.Value=v&Tags.member.2.Key=x",
		"Action=Simulate&ContextEntries.member.1.ContextKeyValues.member.1=a&ContextEntries.member.1.ContextKeyName=aws:username",
		"Action=A&M.entry.1.key=a&M.entry.1.value=b&L.member.0=x&L.member.01=y&L.member.999999=z",
		"Action=%zz", "Action=&&&=", "A.member.1.B.member.1.C.member.1=x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		c, err := Parse(r, []byte(body))
		if err != nil {
			return
		}
		for _, name := range c.Values.Names() {
			head, _, _ := strings.Cut(name, ".")
			for _, m := range c.Values.Members(head) {
				_ = m.Names()
				for _, mm := range m.Names() {
					h2, _, _ := strings.Cut(mm, ".")
					_ = m.Strings(h2)
				}
			}
			_ = c.Values.Strings(head)
			_ = c.Values.Map(head, "key", "value")
			_, _, _ = c.Values.Int(head, 1, 1000)
			_, _ = c.Values.Bool(head, false)
		}
		if _, err := ReadPage(c.Values); err == nil {
			_, _, _ = Paginate([]string{"a", "b"}, func(s string) string { return s }, Page{Marker: c.Values.Get("Marker"), MaxItems: 1})
		}
	})
}
