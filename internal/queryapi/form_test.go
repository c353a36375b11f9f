package queryapi

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func post(body, query, ctype string) *http.Request {
	r := httptest.NewRequest("POST", "/?"+query, strings.NewReader(body))
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	return r
}

func TestParse(t *testing.T) {
	cases := []struct {
		name, body, query, ctype string
		action, version          string
		err                      *apierr.Error
	}{
		{"body", "Action=ListUsers&Version=2010-05-08", "", "application/x-www-form-urlencoded; charset=utf-8", "ListUsers", "2010-05-08", nil},
		{"query", "", "Action=GetUser&Version=2010-05-08", "", "GetUser", "2010-05-08", nil},
		{"body wins", "Action=A", "Action=B", "application/x-www-form-urlencoded", "A", "", nil},
		{"untyped body", "Action=A", "", "", "A", "", nil},
		{"missing action", "Version=1", "", "application/x-www-form-urlencoded", "", "", apierr.MissingAction},
		{"bad escape", "Action=%zz", "", "application/x-www-form-urlencoded", "", "", apierr.MalformedQueryString},
		{"bad query", "", "Action=%", "", "", "", apierr.MalformedQueryString},
		{"json body", `{"Action":"A"}`, "", "application/json", "", "", apierr.UnsupportedContentType},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			call, err := Parse(post(c.body, c.query, c.ctype), []byte(c.body))
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("err = %v, want %v", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if call.Action != c.action || call.Version != c.version {
				t.Fatalf("got %q %q", call.Action, call.Version)
			}
		})
	}
}

func form(s string) Values {
	m, err := url.ParseQuery(s)
	if err != nil {
		panic(err)
	}
	return NewValues(m)
}

func TestLists(t *testing.T) {
	v := form("A.member.2=b&A.member.1=a&A.member.10=j&A.member.01=x&A.member.0=z&B=&" +
		"T.member.1.Key=k1&T.member.1.Value=v1&T.member.2.Key=k2&" +
		"C.member.1.K.member.1=x&C.member.1.K.member.2=y&C.member.1.Name=n&" +
		"M.entry.1.key=a&M.entry.1.value=1&M.entry.2.key=b&M.entry.2.value=2&S.Field=f&S.Deep.X=y")
	if got := v.Strings("A"); !reflect.DeepEqual(got, []string{"a", "b", "j"}) {
		t.Errorf("Strings = %q", got)
	}
	if got := v.Strings("B"); got != nil {
		t.Errorf("empty list = %q", got)
	}
	tags := v.Members("T")
	if len(tags) != 2 || tags[0].Get("Key") != "k1" || tags[0].Get("Value") != "v1" || tags[1].Get("Key") != "k2" {
		t.Errorf("Members = %+v", tags)
	}
	if _, ok := tags[1].Lookup("Value"); ok {
		t.Error("absent member field reported present")
	}
	c := v.Members("C")
	if len(c) != 1 || c[0].Get("Name") != "n" || !reflect.DeepEqual(c[0].Strings("K"), []string{"x", "y"}) {
		t.Errorf("nested = %+v", c)
	}
	if got := v.Map("M", "key", "value"); !reflect.DeepEqual(got, []KV{{"a", "1"}, {"b", "2"}}) {
		t.Errorf("Map = %+v", got)
	}
	s := v.Struct("S")
	if s.Get("Field") != "f" || s.Struct("Deep").Get("X") != "y" || s.Len() != 2 {
		t.Errorf("Struct = %v", s.Names())
	}
}

func TestScalars(t *testing.T) {
	v := form("N=5&Big=5000&Neg=0&Bad=x&T=TRUE&F=false&BB=yes")
	if n, ok, err := v.Int("N", 1, 1000); n != 5 || !ok || err != nil {
		t.Errorf("Int N = %d %v %v", n, ok, err)
	}
	if _, ok, err := v.Int("Missing", 1, 10); ok || err != nil {
		t.Errorf("Int missing = %v %v", ok, err)
	}
	for name, want := range map[string]string{
		"Big": "1 validation error detected: Value '5000' at 'big' failed to satisfy constraint: Member must have value less than or equal to 1000",
		"Neg": "1 validation error detected: Value '0' at 'neg' failed to satisfy constraint: Member must have value greater than or equal to 1",
		"Bad": "1 validation error detected: Value 'x' at 'bad' failed to satisfy constraint: Member must be a number",
	} {
		_, _, err := v.Int(name, 1, 1000)
		if e := apierr.As(err); e.Code != "ValidationError" || e.Message != want {
			t.Errorf("Int %s: %v", name, err)
		}
	}
	if b, err := v.Bool("T", false); !b || err != nil {
		t.Error("Bool TRUE")
	}
	if b, err := v.Bool("F", true); b || err != nil {
		t.Error("Bool false")
	}
	if b, err := v.Bool("Missing", true); !b || err != nil {
		t.Error("Bool default")
	}
	if _, err := v.Bool("BB", false); err == nil {
		t.Error("Bool yes accepted")
	}
}

func TestField(t *testing.T) {
	for in, want := range map[string]string{"UserName": "userName", "maxItems": "maxItems", "": ""} {
		if got := Field(in); got != want {
			t.Errorf("Field(%q) = %q", in, got)
		}
	}
}
