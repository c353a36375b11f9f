package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

func sampleRecord() *Record {
	return &Record{
		Time: time.Date(2026, 11, 27, 13, 0, 0, 123456789, time.UTC), RequestID: "ABCDEF0123456789", Service: "s3",
		Operation: "GetObject", Principal: "arn:aws:iam::111111111111:root", Account: "111111111111",
		AccessKeyID: "AKIAALICE0000000001", SourceIP: "127.0.10.5", VpcEndpointID: "vpce-0123456789abcdef0",
		Bucket: "photos", Key: "a \"quoted\"\n\x01key\xff/é", Decision: "Allow", Status: 200,
		Duration: 1500 * time.Microsecond, UserAgent: "aws-cli/1.45", RequestURI: "/photos/k?X-Amz-Signature=REDACTED",
	}
}

func TestAppendIsJSON(t *testing.T) {
	r := sampleRecord()
	var got map[string]any
	if err := json.Unmarshal(Append(nil, r), &got); err != nil {
		t.Fatalf("%v: %s", err, Append(nil, r))
	}
	want := map[string]any{
		"eventTime": "2026-11-27T13:00:00.123456789Z", "requestID": r.RequestID, "eventSource": "s3", "eventName": "GetObject",
		"principal": r.Principal, "accountId": r.Account, "accessKeyId": r.AccessKeyID, "sourceIPAddress": r.SourceIP,
		"vpcEndpointId": r.VpcEndpointID, "bucket": "photos", "key": "a \"quoted\"\n\x01key\ufffd/é", "decision": "Allow",
		"status": 200.0, "durationMs": 1.5, "userAgent": r.UserAgent, "requestURI": r.RequestURI,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	empty := Append(nil, &Record{Status: 403})
	if bytes.Contains(empty, []byte("vpcEndpointId")) || bytes.Contains(empty, []byte("errorCode")) {
		t.Fatalf("empty fields written: %s", empty)
	}
}

func TestRedactQuery(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"list-type=2&prefix=a", "list-type=2&prefix=a"},
		{"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101&X-Amz-Signature=abcdef", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101&X-Amz-Signature=REDACTED"},
		{"AWSAccessKeyId=AKIA&Signature=abc%3D&Expires=1", "AWSAccessKeyId=AKIA&Signature=REDACTED&Expires=1"},
		{"x-amz-security-token=tok&versionId=v", "x-amz-security-token=REDACTED&versionId=v"},
		{"X%2DAmz%2DSignature=abc", "X%2DAmz%2DSignature=REDACTED"},
		{"signature", "signature"},
		{"Action=ChangePassword&OldPassword=a&NewPassword=b", "Action=ChangePassword&OldPassword=REDACTED&NewPassword=REDACTED"},
		{"Action=AssumeRoleWithWebIdentity&WebIdentityToken=jwt", "Action=AssumeRoleWithWebIdentity&WebIdentityToken=REDACTED"},
	}
	for _, tc := range cases {
		if got := RedactQuery(tc.in); got != tc.want {
			t.Errorf("RedactQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJSONLinesConcurrent(t *testing.T) {
	var buf bytes.Buffer
	j := NewJSONLines(&lockedWriter{w: &buf})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				j.Emit(sampleRecord())
			}
		}()
	}
	wg.Wait()
	sc := bufio.NewScanner(&buf)
	n := 0
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		n++
	}
	if n != 1600 {
		t.Fatalf("%d lines", n)
	}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// FuzzAppendString: every string encodes to JSON that decodes to the same
// text (invalid UTF-8 replaced).
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "q\"b\\", "\x00\x1f\x7f", "\xff\xfe", "é€😀", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got string
		if err := json.Unmarshal(appendString(nil, s), &got); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if want := strings.ToValidUTF8(s, "\ufffd"); got != want && !strings.Contains(s, "\xef\xbf\xbd") {
			// ToValidUTF8 folds runs of invalid bytes into one U+FFFD;
			// appendString replaces each byte. Compare rune by rune.
			if strings.ReplaceAll(got, "\ufffd", "") != strings.ReplaceAll(want, "\ufffd", "") {
				t.Fatalf("%q decoded as %q", s, got)
			}
		}
	})
}

func BenchmarkEmit(b *testing.B) {
	j := NewJSONLines(io.Discard)
	r := sampleRecord()
	b.ReportAllocs()
	for b.Loop() {
		j.Emit(r)
	}
}
