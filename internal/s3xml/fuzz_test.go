package s3xml

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// The decoders face untrusted bodies: they must never panic, must answer
// only with API errors, and what they accept must satisfy their rules and
// survive a re-encode.

func mustBeAPIError(t *testing.T, err error) {
	t.Helper()
	var e *apierr.Error
	if !errors.As(err, &e) || e.Status != 400 {
		t.Fatalf("non-API or non-400 error: %v", err)
	}
}

func FuzzDecodeDelete(f *testing.F) {
	for _, s := range []string{
		`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a</Key><VersionId>v</VersionId></Object><Quiet>true</Quiet></Delete>`,
		`<Delete><Object><Key>a&amp;b</Key><ETag>"e"</ETag><LastModifiedTime>2024-01-02T03:04:05Z</LastModifiedTime><Size>1</Size></Object></Delete>`,
		`<?xml version="1.0"?><Delete><Object><Key>x</Key></Object></Delete>`,
		`<Delete></Delete>`, `<Delete><Object/></Delete>`, `<!DOCTYPE a><Delete/>`, ``, `<`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := DecodeDelete(bytes.NewReader(body))
		if err != nil {
			mustBeAPIError(t, err)
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("accepted an invalid Delete: %v", err)
		}
		again, err := Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		d2, err := DecodeDelete(bytes.NewReader(again))
		if err != nil || len(d2.Objects) != len(d.Objects) || d2.Quiet != d.Quiet {
			t.Fatalf("re-encoded Delete does not decode alike: %v\n%s", err, again)
		}
	})
}

func FuzzDecodeComplete(f *testing.F) {
	for _, s := range []string{
		`<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><PartNumber>1</PartNumber><ETag>"a"</ETag></Part></CompleteMultipartUpload>`,
		`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>a</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part><Part><PartNumber>3</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>`,
		`<CompleteMultipartUpload><Part><PartNumber>2</PartNumber></Part><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>`,
		`<CompleteMultipartUpload/>`, `<CompleteMultipartUpload><Part><PartNumber>-1</PartNumber></Part></CompleteMultipartUpload>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := DecodeCompleteMultipartUpload(bytes.NewReader(body))
		if err != nil {
			mustBeAPIError(t, err)
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("accepted an invalid completion: %v", err)
		}
		again, err := Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := DecodeCompleteMultipartUpload(bytes.NewReader(again))
		if err != nil || len(c2.Parts) != len(c.Parts) {
			t.Fatalf("re-encoded completion does not decode alike: %v\n%s", err, again)
		}
	})
}

func FuzzDecodeTagging(f *testing.F) {
	for _, s := range []string{
		`<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>`,
		`<Tagging><TagSet><Tag><Key>a</Key><Value></Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>`,
		`<Tagging><TagSet><Tag><Key>ключ</Key><Value>x y</Value></Tag></TagSet></Tagging>`,
		`<Tagging><TagSet/></Tagging>`, `<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet></Tagging>`,
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, body []byte, bucket bool) {
		scope := ObjectTags
		if bucket {
			scope = BucketTags
		}
		tg, err := DecodeTagging(bytes.NewReader(body), scope)
		if err != nil {
			mustBeAPIError(t, err)
			return
		}
		again, err := Marshal(tg)
		if err != nil {
			t.Fatal(err)
		}
		tg2, err := DecodeTagging(bytes.NewReader(again), scope)
		if err != nil || !equalTags(tg.TagSet, tg2.TagSet) {
			t.Fatalf("re-encoded tags differ: %v\n%s", err, again)
		}
	})
}

func FuzzParseTaggingHeader(f *testing.F) {
	for _, s := range []string{"", "k1=v1&k2=v2", "a+b=c%20d", "=", "a=&a=", "k=%zz", "k=%FF", "k=a%26b", "&&&", "k=v=w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tags, err := ParseTaggingHeader(s)
		if err != nil {
			mustBeAPIError(t, err)
			return
		}
		if err := ValidateTags(tags, ObjectTags); err != nil {
			t.Fatalf("accepted invalid tags %v: %v", tags, err)
		}
		if len(tags) > len(s) {
			t.Fatalf("more tags than bytes")
		}
		// Re-encode the way SDKs do and parse again.
		var parts []string
		for _, tg := range tags {
			parts = append(parts, queryEscape(tg.Key)+"="+queryEscape(tg.Value))
		}
		again, err := ParseTaggingHeader(strings.Join(parts, "&"))
		if err != nil || !equalTags(again, tags) {
			t.Fatalf("round trip of %v: %v %v", tags, again, err)
		}
	})
}

func queryEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}
