package s3xml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

var t0 = time.Date(2009, 10, 12, 17, 50, 30, 123456789, time.FixedZone("x", 3600))

// t0ms is t0 as it survives encoding: UTC, millisecond precision.
var t0ms = t0.UTC().Truncate(time.Millisecond)

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGolden(t *testing.T) {
	const ns = `xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"location us-east-1", LocationConstraint{}, `<LocationConstraint ` + ns + `/>`},
		{"location", &LocationConstraint{Location: "eu-west-1"}, `<LocationConstraint ` + ns + `>eu-west-1</LocationConstraint>`},
		{"versioning never set", VersioningConfiguration{}, `<VersioningConfiguration ` + ns + `></VersioningConfiguration>`},
		{"versioning", VersioningConfiguration{Status: "Enabled"}, `<VersioningConfiguration ` + ns + `><Status>Enabled</Status></VersioningConfiguration>`},
		{"tagging empty", Tagging{}, `<Tagging ` + ns + `><TagSet></TagSet></Tagging>`},
		{"tagging", Tagging{TagSet: []Tag{{"a&b", ""}}}, `<Tagging ` + ns + `><TagSet><Tag><Key>a&amp;b</Key><Value></Value></Tag></TagSet></Tagging>`},
		{"initiate", InitiateMultipartUploadResult{Bucket: "b", Key: "k", UploadId: "u"},
			`<InitiateMultipartUploadResult ` + ns + `><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>`},
		{"copy", CopyObjectResult{ETag: `"abc"`, LastModified: t0, ChecksumType: "FULL_OBJECT", Checksums: Checksums{ChecksumCRC32: "AAAAAA=="}},
			`<CopyObjectResult ` + ns + `><ETag>&quot;abc&quot;</ETag><LastModified>2009-10-12T16:50:30.123Z</LastModified><ChecksumType>FULL_OBJECT</ChecksumType><ChecksumCRC32>AAAAAA==</ChecksumCRC32></CopyObjectResult>`},
		{"complete", CompleteMultipartUploadResult{Location: "http://h/b/k", Bucket: "b", Key: "k", ETag: `"e-2"`, Checksums: Checksums{ChecksumCRC64NVME: "x"}, ChecksumType: "FULL_OBJECT"},
			`<CompleteMultipartUploadResult ` + ns + `><Location>http://h/b/k</Location><Bucket>b</Bucket><Key>k</Key><ETag>&quot;e-2&quot;</ETag><ChecksumCRC64NVME>x</ChecksumCRC64NVME><ChecksumType>FULL_OBJECT</ChecksumType></CompleteMultipartUploadResult>`},
		{"delete result", DeleteResult{
			Deleted: []DeletedObject{{Key: "a"}, {Key: "b", DeleteMarker: true, DeleteMarkerVersionId: "v1"}},
			Errors:  []DeleteError{{Key: "c", Code: "AccessDenied", Message: "Access Denied"}},
		}, `<DeleteResult ` + ns + `><Deleted><Key>a</Key></Deleted><Deleted><Key>b</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>v1</DeleteMarkerVersionId></Deleted><Error><Key>c</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>`},
		{"list v1", ListBucketResult{Name: "b", MaxKeys: 1000, Contents: []Object{{Key: "k", LastModified: t0, ETag: `"e"`, Size: 3, StorageClass: "STANDARD", ChecksumAlgorithm: []string{"CRC64NVME"}, ChecksumType: "FULL_OBJECT"}}},
			`<ListBucketResult ` + ns + `><Name>b</Name><Prefix></Prefix><Marker></Marker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>` +
				`<Contents><Key>k</Key><LastModified>2009-10-12T16:50:30.123Z</LastModified><ETag>&quot;e&quot;</ETag><ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>`},
		{"list v2", ListBucketResultV2{Name: "b", Prefix: "p/", KeyCount: 1, MaxKeys: 2, Delimiter: "/", IsTruncated: true, NextContinuationToken: "t", CommonPrefixes: []CommonPrefix{{"p/q/"}}},
			`<ListBucketResult ` + ns + `><Name>b</Name><Prefix>p/</Prefix><NextContinuationToken>t</NextContinuationToken><KeyCount>1</KeyCount><MaxKeys>2</MaxKeys><Delimiter>/</Delimiter><IsTruncated>true</IsTruncated><CommonPrefixes><Prefix>p/q/</Prefix></CommonPrefixes></ListBucketResult>`},
		{"buckets", ListAllMyBucketsResult{Owner: &Owner{ID: "o"}, Buckets: []Bucket{{Name: "b", CreationDate: t0, BucketRegion: "us-east-1"}}},
			`<ListAllMyBucketsResult ` + ns + `><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>b</Name><CreationDate>2009-10-12T16:50:30.123Z</CreationDate><BucketRegion>us-east-1</BucketRegion></Bucket></Buckets></ListAllMyBucketsResult>`},
		{"versions interleaved", ListVersionsResult{Name: "b", MaxKeys: 10, Entries: []VersionEntry{
			{IsDeleteMarker: true, Key: "a", VersionId: "3", IsLatest: true, LastModified: t0},
			{Key: "a", VersionId: "2", LastModified: t0, ETag: `"e"`, Size: 1, StorageClass: "STANDARD"},
			{IsDeleteMarker: true, Key: "a", VersionId: "1", LastModified: t0},
		}}, `<ListVersionsResult ` + ns + `><Name>b</Name><Prefix></Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>10</MaxKeys><IsTruncated>false</IsTruncated>` +
			`<DeleteMarker><Key>a</Key><VersionId>3</VersionId><IsLatest>true</IsLatest><LastModified>2009-10-12T16:50:30.123Z</LastModified></DeleteMarker>` +
			`<Version><Key>a</Key><VersionId>2</VersionId><IsLatest>false</IsLatest><LastModified>2009-10-12T16:50:30.123Z</LastModified><ETag>&quot;e&quot;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Version>` +
			`<DeleteMarker><Key>a</Key><VersionId>1</VersionId><IsLatest>false</IsLatest><LastModified>2009-10-12T16:50:30.123Z</LastModified></DeleteMarker></ListVersionsResult>`},
	}
	for _, tt := range tests {
		got := marshal(t, tt.v)
		if want := Header + tt.want; got != want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, want)
		}
	}
}

// Every hand-written encoder must agree with its type's struct tags: what
// it writes, encoding/xml reads back into an equal value.
func TestRoundTrip(t *testing.T) {
	owner := &Owner{ID: "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a", DisplayName: "me"}
	cks := Checksums{ChecksumCRC32: "a", ChecksumCRC32C: "b", ChecksumCRC64NVME: "c", ChecksumSHA1: "d", ChecksumSHA256: "e"}
	values := []any{
		&ListAllMyBucketsResult{Owner: owner, Buckets: []Bucket{{"a", t0ms, "eu-west-1", "arn:aws:s3:::a"}, {Name: "b", CreationDate: t0ms}}, ContinuationToken: "tok", Prefix: "p"},
		&ListBucketResult{Name: "b", Prefix: "p", Marker: "m", NextMarker: "n", MaxKeys: 5, Delimiter: "/", IsTruncated: true, EncodingType: "url",
			Contents:       []Object{{Key: "k<1>", LastModified: t0ms, ETag: `"e"`, ChecksumAlgorithm: []string{"CRC32", "SHA1"}, ChecksumType: "COMPOSITE", Size: 1 << 40, Owner: owner, StorageClass: "STANDARD"}},
			CommonPrefixes: []CommonPrefix{{"x/"}, {"y/"}}},
		&ListBucketResultV2{Name: "b", Prefix: "p", ContinuationToken: "c", NextContinuationToken: "n", KeyCount: 1, MaxKeys: 1, Delimiter: "/", EncodingType: "url", IsTruncated: true, StartAfter: "s",
			Contents: []Object{{Key: "k", LastModified: t0ms, ETag: `"e"`, Size: 0, StorageClass: "STANDARD"}}, CommonPrefixes: []CommonPrefix{{"q/"}}},
		&ListVersionsResult{Name: "b", Prefix: "p", KeyMarker: "km", VersionIdMarker: "vm", NextKeyMarker: "nk", NextVersionIdMarker: "nv", MaxKeys: 3, Delimiter: "/", IsTruncated: true, EncodingType: "url",
			Entries: []VersionEntry{
				{Key: "k", VersionId: "null", IsLatest: true, LastModified: t0ms, ETag: `"e"`, Size: 9, Owner: owner, StorageClass: "STANDARD", ChecksumAlgorithm: []string{"CRC64NVME"}, ChecksumType: "FULL_OBJECT"},
				{IsDeleteMarker: true, Key: "k", VersionId: "v", LastModified: t0ms, Owner: owner},
			}, CommonPrefixes: []CommonPrefix{{"d/"}}},
		&LocationConstraint{Location: "ap-south-1"},
		&LocationConstraint{},
		&VersioningConfiguration{Status: "Suspended", MfaDelete: "Disabled"},
		&Tagging{TagSet: []Tag{{"k", "v"}, {"k2", ""}}},
		&CopyObjectResult{ETag: `"e"`, LastModified: t0ms, ChecksumType: "FULL_OBJECT", Checksums: cks},
		&CopyPartResult{ETag: `"e"`, LastModified: t0ms, Checksums: cks},
		&InitiateMultipartUploadResult{Bucket: "b", Key: "k", UploadId: "u"},
		&CompleteMultipartUploadResult{Location: "l", Bucket: "b", Key: "k", ETag: `"e-3"`, Checksums: cks, ChecksumType: "COMPOSITE"},
		&ListPartsResult{Bucket: "b", Key: "k", UploadId: "u", PartNumberMarker: 1, NextPartNumberMarker: 3, MaxParts: 2, IsTruncated: true,
			Parts:     []Part{{PartNumber: 2, LastModified: t0ms, ETag: `"p"`, Size: 5 << 20, Checksums: cks}, {PartNumber: 3, LastModified: t0ms, ETag: `"q"`, Size: 1}},
			Initiator: owner, Owner: owner, StorageClass: "STANDARD", ChecksumAlgorithm: "SHA256", ChecksumType: "COMPOSITE"},
		&ListMultipartUploadsResult{Bucket: "b", KeyMarker: "k", UploadIdMarker: "u", NextKeyMarker: "nk", NextUploadIdMarker: "nu", Prefix: "p", Delimiter: "/", MaxUploads: 2, IsTruncated: true, EncodingType: "url",
			Uploads:        []Upload{{Key: "k", UploadId: "u", Initiator: owner, Owner: owner, StorageClass: "STANDARD", Initiated: t0ms, ChecksumAlgorithm: "CRC32", ChecksumType: "FULL_OBJECT"}},
			CommonPrefixes: []CommonPrefix{{"p/"}}},
		&DeleteResult{Deleted: []DeletedObject{{Key: "a", VersionId: "v", DeleteMarker: true, DeleteMarkerVersionId: "d"}}, Errors: []DeleteError{{Key: "b", VersionId: "v", Code: "c", Message: "m"}}},
	}
	for _, v := range values {
		b, err := Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		back := reflect.New(reflect.TypeOf(v).Elem()).Interface()
		if err := xml.Unmarshal(b, back); err != nil {
			t.Fatalf("%T: %v\n%s", v, err, b)
		}
		clearXMLName(back)
		if !reflect.DeepEqual(v, back) {
			t.Errorf("%T does not round-trip:\n got %+v\nwant %+v\n%s", v, back, v, b)
		}
	}
}

func clearXMLName(v any) {
	if f := reflect.ValueOf(v).Elem().FieldByName("XMLName"); f.IsValid() {
		f.Set(reflect.Zero(f.Type()))
	}
}

func TestEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`<a href="x">&'`, "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"},
		{"tab\tnl\ncr\r", "tab&#x9;nl&#xA;cr&#xD;"},
		{"nul\x00bell\x07", "nul\uFFFDbell\uFFFD"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"\uFFFE\uFFFF", "\uFFFD\uFFFD"},
		{"日本語/ключ/🙂", "日本語/ключ/🙂"},
	}
	for _, tt := range tests {
		if got := string(appendEscaped(nil, tt.in)); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzEscape: escaped text always parses, and reads back as encoding/xml's
// own escaping of the same string does.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a&b", "\x00\x01\r\n", "\xff\xfe", "\uFFFE", "🙂<>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ours := "<a>" + string(appendEscaped(nil, s)) + "</a>"
		var theirs bytes.Buffer
		theirs.WriteString("<a>")
		xml.EscapeText(&theirs, []byte(s))
		theirs.WriteString("</a>")
		var x, y string
		if err := xml.Unmarshal([]byte(ours), &x); err != nil {
			t.Fatalf("our escaping of %q does not parse: %v", s, err)
		}
		if err := xml.Unmarshal(theirs.Bytes(), &y); err != nil {
			return
		}
		if x != y {
			t.Fatalf("escape(%q) reads back %q, encoding/xml's %q", s, x, y)
		}
	})
}

func TestMarshalFallback(t *testing.T) {
	// Request types have no hand-written encoder; encoding/xml takes them,
	// which is how tests and clients build request bodies.
	got := marshal(t, &Delete{Objects: []ObjectIdentifier{{Key: "a"}}, Quiet: true})
	want := Header + `<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a</Key></Object><Quiet>true</Quiet></Delete>`
	if got != want {
		t.Errorf("got %s", got)
	}
	if _, err := Marshal(make(chan int)); err == nil {
		t.Error("Marshal of a channel succeeded")
	}
	var buf bytes.Buffer
	if err := Encode(&buf, InitiateMultipartUploadResult{}); err != nil || !strings.HasPrefix(buf.String(), Header) {
		t.Errorf("Encode: %v %q", err, buf.String())
	}
	if err := Encode(failWriter{}, InitiateMultipartUploadResult{}); err == nil {
		t.Error("Encode hid a write error")
	}
	if err := Encode(&buf, make(chan int)); err == nil {
		t.Error("Encode of a channel succeeded")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken") }

func TestEncodeError(t *testing.T) {
	e := apierr.NoSuchKey.With("Key", "a<b").With("bad name", "x").With("BucketName", "bkt")
	var buf bytes.Buffer
	if err := EncodeError(&buf, e, "/bkt/a<b", "REQ1", "HOST1"); err != nil {
		t.Fatal(err)
	}
	want := Header + `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>` +
		`<Key>a&lt;b</Key><BucketName>bkt</BucketName><Resource>/bkt/a&lt;b</Resource><RequestId>REQ1</RequestId><HostId>HOST1</HostId></Error>`
	if buf.String() != want {
		t.Errorf("got  %s\nwant %s", buf.String(), want)
	}
	got := string(AppendError(nil, nil, "", "r", "h"))
	if want := Header + `<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>r</RequestId><HostId>h</HostId></Error>`; got != want {
		t.Errorf("nil error: %s", got)
	}
	for name, ok := range map[string]bool{"Key": true, "x-1.a_b": true, "": false, "1a": false, "a b": false, "a>": false, "é": false} {
		if validName(name) != ok {
			t.Errorf("validName(%q) != %v", name, ok)
		}
	}
	if EncodeError(failWriter{}, e, "", "", "") == nil {
		t.Error("EncodeError hid a write error")
	}
}

func TestChecksumsHelpers(t *testing.T) {
	var c Checksums
	for _, a := range []string{"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"} {
		if !c.Set(a, "v"+a) {
			t.Errorf("Set(%s) refused", a)
		}
	}
	if c.Set("MD5", "x") {
		t.Error("Set(MD5) accepted")
	}
	p := c.Present()
	if len(p) != 5 || p[2] != [2]string{"CRC64NVME", "vCRC64NVME"} {
		t.Errorf("Present = %v", p)
	}
	if len((&Checksums{}).Present()) != 0 {
		t.Error("empty Present not empty")
	}
}

func TestAppendTime(t *testing.T) {
	for _, tm := range []time.Time{
		t0, {}, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(1970, 1, 1, 0, 0, 0, 1e6, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(1736000000, 5e8).In(time.FixedZone("z", -7*3600)),
	} {
		if got, want := string(appendTime(nil, tm)), tm.UTC().Format(timeLayout); got != want {
			t.Errorf("appendTime(%v) = %s, want %s", tm, got, want)
		}
	}
}
