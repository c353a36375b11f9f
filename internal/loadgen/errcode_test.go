package loadgen

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
)

func TestErrorCode(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>x</Message></Error>`, "NoSuchKey"},
		{"<Error>\n  <Code> SlowDown </Code>\n</Error>", "SlowDown"},
		{`<Error><Code>IllegalVersioningConfigurationException</Code></Error>`, "IllegalVersioningConfigurationException"},
		{`<Error><Code>A</Code><Code>B</Code></Error>`, "A"},
		{`<Error><Message>no code</Message></Error>`, ""},
		{`<Error><Code>Unterminated`, ""},
		{`<Error><Code></Code></Error>`, ""},
		{`<Error><Code>has space</Code></Error>`, ""},
		{`<Error><Code><b>x</b></Code></Error>`, ""},
		{`<Error><Code>` + string(make([]byte, 65)) + `</Code></Error>`, ""},
		{`{"code":"json"}`, ""},
		{"", ""},
	} {
		if got := errorCode([]byte(tc.body)); got != tc.want {
			t.Errorf("errorCode(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
}

func FuzzErrorCode(f *testing.F) {
	for _, s := range []string{
		`<Error><Code>NoSuchKey</Code></Error>`, `<Code>`, `</Code><Code>`, `<Code> a.b_c-1 </Code>`, "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		code := errorCode(body)
		if len(code) > maxCodeLen {
			t.Fatalf("code of %d bytes", len(code))
		}
		for _, c := range []byte(code) {
			if c <= ' ' || c == '<' || c == '>' || c >= 0x7f {
				t.Fatalf("code %q has byte %q", code, c)
			}
		}
	})
}

func TestErrClass(t *testing.T) {
	opErr := func(err error) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", err)}
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{opErr(syscall.ECONNREFUSED), "connection refused"},
		{opErr(syscall.ECONNRESET), "connection reset"},
		{fmt.Errorf("write: %w", syscall.EPIPE), "broken pipe"},
		{io.ErrUnexpectedEOF, "unexpected EOF"},
		{fmt.Errorf("get: %w", context.DeadlineExceeded), "timeout"},
		{context.Canceled, "canceled"},
		{x509.UnknownAuthorityError{}, "tls certificate"},
		{&net.DNSError{Err: "no such host", Name: "x"}, "dns"},
		{errors.New("strange"), "other"},
	} {
		if got := errClass(tc.err); got != tc.want {
			t.Errorf("errClass(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
