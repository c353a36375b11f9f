package queryapi

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

type user struct {
	UserName   string
	CreateDate string
	Tags       List[Entry] `xml:"Tags"`
}

type listResult struct {
	Users       List[user]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

func TestMarshalResult(t *testing.T) {
	out, err := MarshalResult(IAMNamespace, "ListUsers", "rid-1", &listResult{Users: ListOf([]user{{UserName: "a&b", CreateDate: Time(time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("x", 3600)))}})})
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><Users><member><UserName>a&amp;b</UserName><CreateDate>2024-01-02T02:04:05Z</CreateDate><Tags></Tags></member></Users><IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></ListUsersResponse>`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	out, _ = MarshalResult(IAMNamespace, "DeleteUser", "rid-2", nil)
	if !strings.Contains(string(out), `<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>rid-2</RequestId></ResponseMetadata></DeleteUserResponse>`) {
		t.Errorf("no-result response: %s", out)
	}
}

func TestWriteError(t *testing.T) {
	cases := []struct {
		err    error
		status int
		typ    string
		code   string
	}{
		{apierr.NoSuchEntity.WithMessage("The user with name <x> cannot be found."), 404, "Sender", "NoSuchEntity"},
		{apierr.ServiceFailure, 500, "Receiver", "ServiceFailure"},
		{errInternal{}, 500, "Receiver", "InternalError"},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		WriteError(w, IAMNamespace, "rid", c.err)
		body := w.Body.String()
		if w.Code != c.status || !strings.Contains(body, "<Type>"+c.typ+"</Type><Code>"+c.code+"</Code>") ||
			!strings.Contains(body, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">`) ||
			!strings.Contains(body, "</Error><RequestId>rid</RequestId></ErrorResponse>") {
			t.Errorf("%v: %d %s", c.err, w.Code, body)
		}
		if w.Header().Get("x-amzn-RequestId") != "rid" || w.Header().Get("Content-Type") != "text/xml" {
			t.Errorf("headers %v", w.Header())
		}
	}
	w := httptest.NewRecorder()
	WriteError(w, IAMNamespace, "rid", apierr.NoSuchEntity.WithMessage("a <b> & c"))
	if !strings.Contains(w.Body.String(), "<Message>a &lt;b&gt; &amp; c</Message>") {
		t.Errorf("message not escaped: %s", w.Body.String())
	}
}

type errInternal struct{}

func (errInternal) Error() string { return "secret detail" }

func TestRequestID(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := NewRequestID(), NewRequestID()
	if !re.MatchString(a) || a == b {
		t.Errorf("request ids %q %q", a, b)
	}
}
