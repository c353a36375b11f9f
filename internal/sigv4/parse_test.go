package sigv4

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

const goodCred = "AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request"

func TestParseAuthorizationHeader(t *testing.T) {
	sig := "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
	ok := []string{
		"AWS4-HMAC-SHA256 Credential=" + goodCred + ", SignedHeaders=host;x-amz-date, Signature=" + sig,
		"AWS4-HMAC-SHA256 Credential=" + goodCred + ",SignedHeaders=host;x-amz-date,Signature=" + sig,
		"AWS4-HMAC-SHA256  Signature=" + sig + " , Credential=" + goodCred + ",  SignedHeaders=Host;X-Amz-Date,",
	}
	for _, h := range ok {
		a, err := ParseAuthorizationHeader(h)
		if err != nil {
			t.Fatalf("%q: %v", h, err)
		}
		if a.Version != 4 || a.Kind != KindHeader || a.AccessKeyID != "AKIDEXAMPLE" || a.Date != "20150830" ||
			a.Region != "us-east-1" || a.Service != "s3" || a.Signature != sig ||
			!slices.Equal(a.SignedHeaders, []string{"host", "x-amz-date"}) {
			t.Fatalf("%q: %+v", h, a)
		}
		if a.Scope() != "20150830/us-east-1/s3/aws4_request" {
			t.Fatalf("scope %q", a.Scope())
		}
	}
	const malformed = "The authorization header is malformed; "
	bad := []struct{ h, code, msg string }{
		{"AWS4-HMAC-SHA256 Credential=" + goodCred + ", SignedHeaders=host", "AuthorizationHeaderMalformed",
			malformed + "the authorization header requires three components: Credential, SignedHeaders, and Signature."},
		{"AWS4-HMAC-SHA256 Credential=" + goodCred + ", SignedHeaders=host, Signature=" + sig + ", Foo=bar", "AuthorizationHeaderMalformed",
			malformed + `the authorization component "Foo=bar" is malformed.`},
		{"AWS4-HMAC-SHA256 Credential=" + goodCred + ", Credential=" + goodCred + ", SignedHeaders=host, Signature=" + sig, "AuthorizationHeaderMalformed",
			malformed + `the authorization component "Credential=` + goodCred + `" is malformed.`},
		{"AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=" + sig, "AuthorizationHeaderMalformed",
			malformed + `the authorization component "Credential=" is malformed.`},
		{"AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3, SignedHeaders=host, Signature=" + sig, "AuthorizationHeaderMalformed",
			malformed + `the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`},
		{"AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3/aws4_request/x, SignedHeaders=host, Signature=" + sig, "AuthorizationHeaderMalformed", ""},
		{"AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + sig, "AuthorizationHeaderMalformed", ""},
		{"AWS4-HMAC-SHA256 Credential=" + goodCred + ", SignedHeaders=host;;x-amz-date, Signature=" + sig, "AuthorizationHeaderMalformed", ""},
		{"AWS4-HMAC-SHA256", "AuthorizationHeaderMalformed", ""},
		{"AWS4-ECDSA-P256-SHA256 Credential=AKID/20150830/s3/aws4_request, SignedHeaders=host, Signature=30", "NotImplemented", ""},
		{"Bearer abc", "InvalidArgument", "Unsupported Authorization Type"},
		{"AWS4-HMAC-SHA256X Credential=" + goodCred, "InvalidArgument", "Unsupported Authorization Type"},
		{"", "InvalidArgument", "Unsupported Authorization Type"},
		{"AWS AKIDEXAMPLE", "InvalidArgument", "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature"},
	}
	for _, c := range bad {
		_, err := ParseAuthorizationHeader(c.h)
		e := apierr.As(err)
		if err == nil || e.Code != c.code || c.msg != "" && e.Message != c.msg {
			t.Errorf("%q: got %v", c.h, err)
		}
	}
	a, err := ParseAuthorizationHeader("AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=")
	if err != nil || a.Version != 2 || a.AccessKeyID != "AKIDEXAMPLE" || a.Signature != "frJIUN8DYpKDtOLCwo//yllqDzg=" {
		t.Fatalf("v2: %+v %v", a, err)
	}
}

func v4Query(over map[string]string) url.Values {
	q := url.Values{
		"X-Amz-Algorithm":     {"AWS4-HMAC-SHA256"},
		"X-Amz-Credential":    {goodCred},
		"X-Amz-Date":          {"20150830T123600Z"},
		"X-Amz-Expires":       {"3600"},
		"X-Amz-SignedHeaders": {"host"},
		"X-Amz-Signature":     {"abc"},
	}
	for k, v := range over {
		if v == "-" {
			delete(q, k)
		} else {
			q.Set(k, v)
		}
	}
	return q
}

func TestParseQuery(t *testing.T) {
	a, err := ParseQuery(v4Query(map[string]string{"X-Amz-Security-Token": "tok"}))
	if err != nil || a.Version != 4 || a.Kind != KindQuery || a.Expires != time.Hour || a.SecurityToken != "tok" ||
		!a.RequestTime.Equal(time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)) || a.Timestamp() != "20150830T123600Z" {
		t.Fatalf("%+v %v", a, err)
	}
	if a, err := ParseQuery(v4Query(map[string]string{"X-Amz-Expires": "604800"})); err != nil || a.Expires != MaxPresignExpires {
		t.Fatalf("a week: %v", err)
	}
	const missing = "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
	bad := []struct {
		over      map[string]string
		code, msg string
	}{
		{map[string]string{"X-Amz-Expires": "-"}, "AuthorizationQueryParametersError", missing},
		{map[string]string{"X-Amz-Signature": ""}, "AuthorizationQueryParametersError", missing},
		{map[string]string{"X-Amz-Algorithm": "AWS4-HMAC-SHA1"}, "AuthorizationQueryParametersError", `X-Amz-Algorithm only supports "AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256"`},
		{map[string]string{"X-Amz-Algorithm": "AWS4-ECDSA-P256-SHA256"}, "NotImplemented", ""},
		{map[string]string{"X-Amz-Expires": "604801"}, "AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"},
		{map[string]string{"X-Amz-Expires": "-1"}, "AuthorizationQueryParametersError", "X-Amz-Expires must be non-negative"},
		{map[string]string{"X-Amz-Expires": "1h"}, "AuthorizationQueryParametersError", "X-Amz-Expires should be a number"},
		{map[string]string{"X-Amz-Expires": "99999999999999999999"}, "AuthorizationQueryParametersError", "X-Amz-Expires should be a number"},
		{map[string]string{"X-Amz-Date": "2015-08-30T12:36:00Z"}, "AuthorizationQueryParametersError", `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`},
		{map[string]string{"X-Amz-Credential": "AKID/20150830/us-east-1/s3"}, "AuthorizationQueryParametersError",
			`Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`},
		{map[string]string{"X-Amz-SignedHeaders": "host;"}, "AuthorizationQueryParametersError", missing},
	}
	for _, c := range bad {
		_, err := ParseQuery(v4Query(c.over))
		e := apierr.As(err)
		if err == nil || e.Code != c.code || c.msg != "" && e.Message != c.msg {
			t.Errorf("%v: got %v", c.over, err)
		}
	}
	if a, err := ParseQuery(url.Values{"list-type": {"2"}}); err != nil || a.Kind != KindNone || !a.Anonymous() {
		t.Fatalf("no auth: %+v %v", a, err)
	}
	a, err = ParseQuery(url.Values{"AWSAccessKeyId": {"AKID"}, "Expires": {"1175139620"}, "Signature": {"sig"}})
	if err != nil || a.Version != 2 || !a.ExpiresAt.Equal(time.Unix(1175139620, 0)) {
		t.Fatalf("v2: %+v %v", a, err)
	}
	for _, q := range []url.Values{{"AWSAccessKeyId": {"AKID"}, "Signature": {"sig"}}, {"AWSAccessKeyId": {"AKID"}, "Expires": {"soon"}, "Signature": {"s"}}} {
		if _, err := ParseQuery(q); apierr.As(err).Code != "AccessDenied" {
			t.Errorf("v2 %v: %v", q, err)
		}
	}
}

func TestParseRequest(t *testing.T) {
	r, _ := http.NewRequest("GET", "https://b.s3.amazonaws.com/k?"+v4Query(nil).Encode(), nil)
	if a, err := ParseRequest(r); err != nil || a.Kind != KindQuery {
		t.Fatalf("query: %+v %v", a, err)
	}
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+goodCred+", SignedHeaders=host, Signature=abc")
	if _, err := ParseRequest(r); apierr.As(err).Code != "InvalidArgument" {
		t.Fatalf("both: %v", err)
	}
	r.URL.RawQuery = "acl"
	if _, err := ParseRequest(r); apierr.As(err).Message != "AWS authentication requires a valid Date or x-amz-date header" {
		t.Fatalf("no date: %v", err)
	}
	r.Header.Set("Date", "Sun, 30 Aug 2015 12:36:00 GMT")
	a, err := ParseRequest(r)
	if err != nil || !a.RequestTime.Equal(time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)) || a.Timestamp() != "20150830T123600Z" {
		t.Fatalf("Date header: %+v %v", a, err)
	}
	r.Header.Set("X-Amz-Date", "20150830T123600")
	if _, err := ParseRequest(r); apierr.As(err).Code != "AccessDenied" {
		t.Fatalf("bad x-amz-date: %v", err)
	}
	r.Header.Del("Authorization")
	if a, err := ParseRequest(r); err != nil || !a.Anonymous() {
		t.Fatalf("anonymous: %+v %v", a, err)
	}
	// Escaped parameter names are still found, as url.ParseQuery finds them.
	r.URL.RawQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X%2DAmz-Credential=" + url.QueryEscape(goodCred) +
		"&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=ab"
	if a, err := ParseRequest(r); err != nil || a.AccessKeyID != "AKIDEXAMPLE" {
		t.Fatalf("escaped name: %+v %v", a, err)
	}
}
