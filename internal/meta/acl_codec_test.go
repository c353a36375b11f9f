package meta

import (
	"reflect"
	"testing"
)

// The ACL field was appended to versions and uploads: it round-trips, and
// records written before it decode with a nil ACL (the default ACL).
func TestCodecACLField(t *testing.T) {
	acl := []byte{1, 1, 5, 0, 1, 'o', 1, 'a'}
	v := sampleVersion()
	v.ACL = acl
	got, err := DecodeVersion(EncodeVersion(nil, v))
	if err != nil || !reflect.DeepEqual(got, v) {
		t.Fatalf("version with ACL: %+v, %v", got, err)
	}
	u := sampleUpload()
	u.ACL = acl
	gu, err := DecodeUpload(EncodeUpload(nil, u))
	if err != nil || !reflect.DeepEqual(gu, u) {
		t.Fatalf("upload with ACL: %+v, %v", gu, err)
	}

	// An encoding without the trailing (empty) ACL is what older servers
	// wrote.
	v.ACL = nil
	b := EncodeVersion(nil, v)
	old, err := DecodeVersion(b[:len(b)-1])
	if err != nil || !reflect.DeepEqual(old, v) {
		t.Fatalf("pre-ACL version record: %+v, %v", old, err)
	}
	u.ACL = nil
	b = EncodeUpload(nil, u)
	oldU, err := DecodeUpload(b[:len(b)-1])
	if err != nil || !reflect.DeepEqual(oldU, u) {
		t.Fatalf("pre-ACL upload record: %+v, %v", oldU, err)
	}
}
