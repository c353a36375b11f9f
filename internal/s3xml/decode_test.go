package s3xml

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func code(err error) string {
	if err == nil {
		return ""
	}
	var e *apierr.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return "non-API: " + err.Error()
}

const nsAttr = ` xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`

func TestDecodeDelete(t *testing.T) {
	many := strings.Repeat("<Object><Key>k</Key></Object>", 1001)
	tests := []struct {
		name, body, code string
		n                int
		quiet            bool
	}{
		{"namespace", `<Delete` + nsAttr + `><Object><Key>a</Key></Object></Delete>`, "", 1, false},
		{"no namespace", `<Delete><Object><Key>a</Key><VersionId>v</VersionId></Object><Quiet>true</Quiet></Delete>`, "", 1, true},
		{"declaration and comments", `<?xml version="1.0" encoding="UTF-8"?>` + "\n<!-- hi --><Delete><Object><Key>a</Key></Object></Delete><!-- bye -->\n", "", 1, false},
		{"conditions", `<Delete><Object><Key>a</Key><ETag>"e"</ETag><LastModifiedTime>2024-01-02T03:04:05.000Z</LastModifiedTime><Size>12</Size></Object></Delete>`, "", 1, false},
		{"unknown element skipped", `<Delete><Object><Key>a</Key><Future>1</Future></Object><Other/></Delete>`, "", 1, false},
		{"1000 keys", `<Delete>` + strings.Repeat("<Object><Key>k</Key></Object>", 1000) + `</Delete>`, "", 1000, false},
		{"1001 keys", `<Delete>` + many + `</Delete>`, "MalformedXML", 0, false},
		{"no objects", `<Delete></Delete>`, "MalformedXML", 0, false},
		{"empty key", `<Delete><Object><Key></Key></Object></Delete>`, "MalformedXML", 0, false},
		{"missing key", `<Delete><Object><VersionId>v</VersionId></Object></Delete>`, "MalformedXML", 0, false},
		{"empty body", ``, "MalformedXML", 0, false},
		{"blank body", " \n\t", "MalformedXML", 0, false},
		{"wrong root", `<Deletes><Object><Key>a</Key></Object></Deletes>`, "MalformedXML", 0, false},
		{"wrong namespace", `<Delete xmlns="urn:other"><Object><Key>a</Key></Object></Delete>`, "MalformedXML", 0, false},
		{"unclosed", `<Delete><Object><Key>a</Key></Object>`, "MalformedXML", 0, false},
		{"mismatched", `<Delete><Object><Key>a</Object></Key></Delete>`, "MalformedXML", 0, false},
		{"bad bool", `<Delete><Object><Key>a</Key></Object><Quiet>yes please</Quiet></Delete>`, "MalformedXML", 0, false},
		{"bad size", `<Delete><Object><Key>a</Key><Size>big</Size></Object></Delete>`, "MalformedXML", 0, false},
		{"http-date", `<Delete><Object><Key>a</Key><LastModifiedTime>Thu, 02 Jan 2025 03:04:05 GMT</LastModifiedTime></Object></Delete>`, "", 1, false},
		{"bad time", `<Delete><Object><Key>a</Key><LastModifiedTime>yesterday</LastModifiedTime></Object></Delete>`, "MalformedXML", 0, false},
		{"trailing element", `<Delete><Object><Key>a</Key></Object></Delete><Delete/>`, "MalformedXML", 0, false},
		{"trailing text", `<Delete><Object><Key>a</Key></Object></Delete>junk`, "MalformedXML", 0, false},
		{"leading text", `junk<Delete><Object><Key>a</Key></Object></Delete>`, "MalformedXML", 0, false},
		{"doctype", `<!DOCTYPE Delete [<!ENTITY x "y">]><Delete><Object><Key>&x;</Key></Object></Delete>`, "MalformedXML", 0, false},
		{"undefined entity", `<Delete><Object><Key>&x;</Key></Object></Delete>`, "MalformedXML", 0, false},
		{"latin1 declared", `<?xml version="1.0" encoding="ISO-8859-1"?><Delete><Object><Key>a</Key></Object></Delete>`, "MalformedXML", 0, false},
		{"stray end", `</Delete>`, "MalformedXML", 0, false},
		{"not xml", `{"Objects":[]}`, "MalformedXML", 0, false},
	}
	for _, tt := range tests {
		d, err := DecodeDelete(strings.NewReader(tt.body))
		if code(err) != tt.code {
			t.Errorf("%s: error %q, want %q", tt.name, code(err), tt.code)
			continue
		}
		if err == nil && (len(d.Objects) != tt.n || d.Quiet != tt.quiet) {
			t.Errorf("%s: got %d objects quiet=%v", tt.name, len(d.Objects), d.Quiet)
		}
	}
}

func TestDecodeDeleteFields(t *testing.T) {
	d, err := DecodeDelete(strings.NewReader(`<Delete><Object><Key> a&amp;b </Key><VersionId>v1</VersionId><ETag>"e"</ETag>` +
		`<LastModifiedTime>2024-01-02T03:04:05.000Z</LastModifiedTime><Size>12</Size></Object><Object><Key>c</Key></Object></Delete>`))
	if err != nil {
		t.Fatal(err)
	}
	o := d.Objects[0]
	if o.Key != " a&b " || o.VersionId != "v1" || o.ETag != `"e"` || o.Size == nil || *o.Size != 12 ||
		o.LastModifiedTime == nil || o.LastModifiedTime.Year() != 2024 {
		t.Errorf("fields: %+v", o)
	}
	if p := d.Objects[1]; p.Size != nil || p.LastModifiedTime != nil {
		t.Errorf("absent conditions should be nil: %+v", p)
	}
}

func TestDecodeLimits(t *testing.T) {
	body := `<Delete><Object><Key>` + strings.Repeat("a", 100) + `</Key></Object></Delete>`
	var d Delete
	if err := Decode(strings.NewReader(body), int64(len(body)), &d); err != nil {
		t.Errorf("body at the limit: %v", err)
	}
	if err := Decode(strings.NewReader(body), int64(len(body)-1), &d); code(err) != "MalformedXML" {
		t.Errorf("body over the limit: %v", err)
	}
	if err := Decode(strings.NewReader(body), -1, &d); code(err) != "MalformedXML" {
		t.Errorf("negative limit: %v", err)
	}
	// Over-limit bodies are refused without reading them whole.
	r := &countingReader{r: io.MultiReader(strings.NewReader("<Delete>"), zeros{})}
	if _, err := DecodeDelete(r); code(err) != "MalformedXML" || r.n > MaxDeleteBody+1 {
		t.Errorf("endless body: %v after %d bytes", err, r.n)
	}
	if err := Decode(strings.NewReader(""), 10, &d); code(err) != "MissingRequestBodyError" {
		t.Errorf("empty body: %v", err)
	}
	// A failing body (say, a payload signature mismatch) surfaces as is.
	sentinel := apierr.XAmzContentSHA256Mismatch
	if err := Decode(iotest.ErrReader(sentinel), 10, &d); err != sentinel {
		t.Errorf("reader error: %v", err)
	}
	if _, err := DecodeDelete(iotest.ErrReader(sentinel)); err != sentinel {
		t.Errorf("reader error: %v", err)
	}
	if _, err := DecodeCreateBucketConfiguration(iotest.ErrReader(sentinel)); err != sentinel {
		t.Errorf("reader error: %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestDecodeBadTarget(t *testing.T) {
	var s string
	for _, v := range []any{nil, &s, struct{}{}, &struct{ A int }{}} {
		if err := Decode(strings.NewReader("<a/>"), 10, v); code(err) != "InternalError" {
			t.Errorf("Decode into %T: %v", v, err)
		}
	}
}

func TestDecodeComplete(t *testing.T) {
	tests := []struct {
		name, body, code string
		parts            int
	}{
		{"ok", `<CompleteMultipartUpload` + nsAttr + `><Part><PartNumber>1</PartNumber><ETag>"a"</ETag></Part><Part><ETag>b</ETag><PartNumber>2</PartNumber><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part></CompleteMultipartUpload>`, "", 2},
		{"no parts", `<CompleteMultipartUpload></CompleteMultipartUpload>`, "MalformedXML", 0},
		{"empty body", ``, "MalformedXML", 0},
		{"descending", `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag></Part><Part><PartNumber>1</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>`, "InvalidPartOrder", 0},
		{"duplicate", `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag></Part><Part><PartNumber>2</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>`, "InvalidPartOrder", 0},
		{"non-numeric", `<CompleteMultipartUpload><Part><PartNumber>one</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>`, "MalformedXML", 0},
		{"overflow", `<CompleteMultipartUpload><Part><PartNumber>99999999999999999999</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>`, "MalformedXML", 0},
		{"10000 parts", `<CompleteMultipartUpload>` + partsXML(10000) + `</CompleteMultipartUpload>`, "", 10000},
		{"10001 parts", `<CompleteMultipartUpload>` + partsXML(10001) + `</CompleteMultipartUpload>`, "MalformedXML", 0},
		{"unknown elements", `<CompleteMultipartUpload><Future/><Part><PartNumber>1</PartNumber><ETag>a</ETag><ChecksumXXHASH64>x</ChecksumXXHASH64></Part></CompleteMultipartUpload>`, "", 1},
		{"wrong root", `<CompleteMultipartUploadResult><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUploadResult>`, "MalformedXML", 0},
	}
	for _, tt := range tests {
		c, err := DecodeCompleteMultipartUpload(strings.NewReader(tt.body))
		if code(err) != tt.code {
			t.Errorf("%s: error %q, want %q", tt.name, code(err), tt.code)
			continue
		}
		if err == nil && len(c.Parts) != tt.parts {
			t.Errorf("%s: %d parts", tt.name, len(c.Parts))
		}
	}
	c, _ := DecodeCompleteMultipartUpload(strings.NewReader(`<CompleteMultipartUpload><Part><PartNumber>7</PartNumber><ETag>"x"</ETag><ChecksumSHA256>s</ChecksumSHA256></Part></CompleteMultipartUpload>`))
	if p := c.Parts[0]; p.PartNumber != 7 || p.ETag != `"x"` || p.ChecksumSHA256 != "s" {
		t.Errorf("fields: %+v", p)
	}
}

func partsXML(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString("<Part><PartNumber>" + strconv.Itoa(i) + "</PartNumber><ETag>e</ETag></Part>")
	}
	return b.String()
}

func TestDecodeVersioning(t *testing.T) {
	tests := []struct{ body, code, status, mfa string }{
		{`<VersioningConfiguration` + nsAttr + `><Status>Enabled</Status></VersioningConfiguration>`, "", "Enabled", ""},
		{`<VersioningConfiguration><Status>Suspended</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>`, "", "Suspended", "Disabled"},
		{`<VersioningConfiguration/>`, "", "", ""},
		{`<VersioningConfiguration><Status>enabled</Status></VersioningConfiguration>`, "MalformedXML", "", ""},
		{`<VersioningConfiguration><Status>Disabled</Status></VersioningConfiguration>`, "MalformedXML", "", ""},
		{`<VersioningConfiguration><MfaDelete>On</MfaDelete></VersioningConfiguration>`, "MalformedXML", "", ""},
		{``, "MissingRequestBodyError", "", ""},
	}
	for _, tt := range tests {
		v, err := DecodeVersioningConfiguration(strings.NewReader(tt.body))
		if code(err) != tt.code {
			t.Errorf("%q: error %q, want %q", tt.body, code(err), tt.code)
			continue
		}
		if err == nil && (v.Status != tt.status || v.MfaDelete != tt.mfa) {
			t.Errorf("%q: got %+v", tt.body, v)
		}
	}
}

func TestDecodeCreateBucketConfiguration(t *testing.T) {
	c, err := DecodeCreateBucketConfiguration(strings.NewReader(""))
	if err != nil || c.LocationConstraint != "" {
		t.Errorf("empty body: %+v %v", c, err)
	}
	c, err = DecodeCreateBucketConfiguration(strings.NewReader(`<CreateBucketConfiguration` + nsAttr + `><LocationConstraint>eu-west-1</LocationConstraint>` +
		`<Location><Name>usw2-az1</Name><Type>AvailabilityZone</Type></Location><Bucket><DataRedundancy>SingleAvailabilityZone</DataRedundancy><Type>Directory</Type></Bucket>` +
		`<Tags><Tag><Key>team</Key><Value>x</Value></Tag></Tags></CreateBucketConfiguration>`))
	if err != nil || c.LocationConstraint != "eu-west-1" || c.Location == nil || c.Location.Name != "usw2-az1" ||
		c.Bucket == nil || c.Bucket.Type != "Directory" || len(c.Tags) != 1 || c.Tags[0].Value != "x" {
		t.Errorf("full body: %+v %v", c, err)
	}
	_, err = DecodeCreateBucketConfiguration(strings.NewReader(`<CreateBucketConfiguration><Tags><Tag><Key>aws:x</Key><Value>x</Value></Tag></Tags></CreateBucketConfiguration>`))
	if code(err) != "InvalidTag" {
		t.Errorf("reserved tag: %v", err)
	}
	_, err = DecodeCreateBucketConfiguration(strings.NewReader(`<LocationConstraint>eu-west-1</LocationConstraint>`))
	if code(err) != "MalformedXML" {
		t.Errorf("wrong root: %v", err)
	}
}
