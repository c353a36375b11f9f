package kmsapi

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func TestDecodeRequest(t *testing.T) {
	tests := []struct {
		name, body string
		code       string
		check      func(*request) bool
	}{
		{"empty", ``, "", func(r *request) bool { return r.KeyID == "" }},
		{"key id", `{"KeyId":"alias/x"}`, "", func(r *request) bool { return r.KeyID == "alias/x" }},
		{"blob", `{"CiphertextBlob":"aGVsbG8=","EncryptionContext":{"a":"b"}}`, "",
			func(r *request) bool { return string(r.CiphertextBlob) == "hello" && r.EncryptionContext["a"] == "b" }},
		{"bytes", `{"NumberOfBytes":64}`, "", func(r *request) bool { return *r.NumberOfBytes == 64 }},
		{"wrong type", `{"KeyId":5}`, "SerializationException", nil},
		{"bad base64", `{"Plaintext":"!!"}`, "SerializationException", nil},
		{"not json", `{`, "SerializationException", nil},
		{"trailing", `{} {}`, "SerializationException", nil},
		{"context not strings", `{"EncryptionContext":{"a":1}}`, "SerializationException", nil},
	}
	for _, tc := range tests {
		r, err := decodeRequest([]byte(tc.body))
		if tc.code != "" {
			var ae *apierr.Error
			if !errors.As(err, &ae) || ae.Code != tc.code {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
			continue
		}
		if err != nil || !tc.check(r) {
			t.Errorf("%s: %v %+v", tc.name, err, r)
		}
	}
}

// FuzzDecodeRequest: the decoder never panics, fails only with AWS errors,
// and what it accepts re-encodes to a body it accepts again.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"KeyId":"k","Plaintext":"aGk=","EncryptionContext":{"a":"b"}}`,
		`{"NumberOfBytes":1024,"KeySpec":"AES_256"}`, `{"PendingWindowInDays":7}`, `{"Tags":[{"TagKey":"a","TagValue":"b"}]}`,
		`{"KeyId":null}`, `[1,2]`, `"x"`, `{"GrantTokens":["a"]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := decodeRequest(body)
		if err != nil {
			var ae *apierr.Error
			if !errors.As(err, &ae) {
				t.Fatalf("non-AWS error %v", err)
			}
			return
		}
		again, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decodeRequest(again); err != nil {
			t.Fatalf("re-encoded request rejected: %v", err)
		}
	})
}
