package s3xml

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/internal/apierr"
)

func tagsN(n int) []Tag {
	var t []Tag
	for i := range n {
		t = append(t, Tag{Key: "k" + strconv.Itoa(i), Value: "v"})
	}
	return t
}

func TestValidateTags(t *testing.T) {
	const (
		badKey   = "The TagKey you have provided is invalid"
		badValue = "The TagValue you have provided is invalid"
		dup      = "Cannot provide multiple Tags with the same key"
	)
	tests := []struct {
		name      string
		tags      []Tag
		scope     TagScope
		code, msg string
		extra     []apierr.Field
	}{
		{"none", nil, ObjectTags, "", "", nil},
		{"ten object tags", tagsN(10), ObjectTags, "", "", nil},
		{"eleven object tags", tagsN(11), ObjectTags, "BadRequest", "Object tags cannot be greater than 10", nil},
		{"fifty bucket tags", tagsN(50), BucketTags, "", "", nil},
		{"fifty-one bucket tags", tagsN(51), BucketTags, "BadRequest", "Bucket tag count cannot be greater than 50", nil},
		{"allowed punctuation", []Tag{{"a+-=._:/@ b", "+-=._:/@ "}}, ObjectTags, "", "", nil},
		{"unicode letters", []Tag{{"ключ", "値 ١٢٣"}}, ObjectTags, "", "", nil},
		{"empty value", []Tag{{"k", ""}}, ObjectTags, "", "", nil},
		{"empty key", []Tag{{"", "v"}}, ObjectTags, "InvalidTag", badKey, []apierr.Field{{Name: "TagKey", Value: ""}}},
		{"key 128", []Tag{{strings.Repeat("k", 128), "v"}}, ObjectTags, "", "", nil},
		{"key 129", []Tag{{strings.Repeat("k", 129), "v"}}, ObjectTags, "InvalidTag", badKey, nil},
		{"key 64 astral", []Tag{{strings.Repeat("𠀀", 64), "v"}}, ObjectTags, "", "", nil},
		{"key 65 astral", []Tag{{strings.Repeat("𠀀", 65), "v"}}, ObjectTags, "InvalidTag", badKey, nil},
		{"emoji is a symbol", []Tag{{"🙂", "v"}}, ObjectTags, "InvalidTag", badKey, nil},
		{"key 128 multibyte", []Tag{{strings.Repeat("é", 128), "v"}}, ObjectTags, "", "", nil},
		{"value 256", []Tag{{"k", strings.Repeat("v", 256)}}, ObjectTags, "", "", nil},
		{"value 257", []Tag{{"k", strings.Repeat("v", 257)}}, ObjectTags, "InvalidTag", badValue, nil},
		{"key bad char", []Tag{{"a&b", "v"}}, ObjectTags, "InvalidTag", badKey, []apierr.Field{{Name: "TagKey", Value: "a&b"}}},
		{"value bad char", []Tag{{"k", "inv&alid"}}, ObjectTags, "InvalidTag", badValue, []apierr.Field{{Name: "TagKey", Value: "k"}, {Name: "TagValue", Value: "inv&alid"}}},
		{"control char", []Tag{{"k\x01", "v"}}, ObjectTags, "InvalidTag", badKey, nil},
		{"invalid utf8", []Tag{{"k", "\xff"}}, ObjectTags, "InvalidTag", badValue, nil},
		{"duplicate", []Tag{{"k", "1"}, {"k", "2"}}, BucketTags, "InvalidTag", dup, []apierr.Field{{Name: "TagKey", Value: "k"}}},
		{"aws prefix on bucket passes to the engine", []Tag{{"aws:cloudformation:stack-name", "v"}}, BucketTags, "", "", nil},
		{"aws prefix on object", []Tag{{"aws:x", "v"}}, ObjectTags, "InvalidTag", "Your TagKey cannot be prefixed with aws:", []apierr.Field{{Name: "TagKey", Value: "aws:x"}}},
		{"AWS prefix on object", []Tag{{"AWS:x", "v"}}, ObjectTags, "InvalidTag", "Your TagKey cannot be prefixed with aws:", nil},
		{"aws prefix at CreateBucket", []Tag{{"aws:x", "v"}}, CreateBucketTags, "InvalidTag", `User-defined tag keys can't start with "aws:". This prefix is reserved for system tags. Remove "aws:" from your tag keys and try again.`, nil},
		{"fifty-one CreateBucket tags", tagsN(51), CreateBucketTags, "BadRequest", "Bucket tag count cannot be greater than 50", nil},
		{"awsx is not reserved", []Tag{{"awsx", "v"}, {"aws", "v"}}, ObjectTags, "", "", nil},
		{"tag faults before count", append(tagsN(11), Tag{"", ""}), ObjectTags, "InvalidTag", badKey, nil},
	}
	for _, tt := range tests {
		err := ValidateTags(tt.tags, tt.scope)
		if code(err) != tt.code {
			t.Errorf("%s: error %v, want %s", tt.name, err, tt.code)
			continue
		}
		var e *apierr.Error
		if !errors.As(err, &e) {
			continue
		}
		if tt.msg != "" && e.Message != tt.msg {
			t.Errorf("%s: message %q, want %q", tt.name, e.Message, tt.msg)
		}
		if e.Status != 400 {
			t.Errorf("%s: status %d", tt.name, e.Status)
		}
		if tt.extra != nil && !equalFields(e.Extra, tt.extra) {
			t.Errorf("%s: extra %v, want %v", tt.name, e.Extra, tt.extra)
		}
	}
}

func equalFields(a, b []apierr.Field) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDecodeTagging(t *testing.T) {
	tests := []struct {
		name, body, code string
		scope            TagScope
		n                int
	}{
		{"ok", `<Tagging` + nsAttr + `><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value></Value></Tag></TagSet></Tagging>`, "", ObjectTags, 2},
		{"empty set", `<Tagging><TagSet/></Tagging>`, "", ObjectTags, 0},
		{"missing value", `<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet></Tagging>`, "MalformedXML", ObjectTags, 0},
		{"missing key", `<Tagging><TagSet><Tag><Value>a</Value></Tag></TagSet></Tagging>`, "MalformedXML", ObjectTags, 0},
		{"eleven", `<Tagging><TagSet>` + strings.Repeat(`<Tag><Key>a</Key><Value>1</Value></Tag>`, 1) + tagXML(10) + `</TagSet></Tagging>`, "BadRequest", ObjectTags, 0},
		{"eleven bucket", `<Tagging><TagSet>` + tagXML(11) + `</TagSet></Tagging>`, "", BucketTags, 11},
		{"duplicate", `<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>`, "InvalidTag", BucketTags, 0},
		{"empty body", ``, "MissingRequestBodyError", ObjectTags, 0},
		{"wrong root", `<TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet>`, "MalformedXML", ObjectTags, 0},
	}
	for _, tt := range tests {
		tg, err := DecodeTagging(strings.NewReader(tt.body), tt.scope)
		if code(err) != tt.code {
			t.Errorf("%s: error %q, want %q", tt.name, code(err), tt.code)
			continue
		}
		if err == nil && len(tg.TagSet) != tt.n {
			t.Errorf("%s: %d tags", tt.name, len(tg.TagSet))
		}
	}
}

func tagXML(n int) string {
	var b strings.Builder
	for _, t := range tagsN(n) {
		b.WriteString("<Tag><Key>" + t.Key + "</Key><Value>" + t.Value + "</Value></Tag>")
	}
	return b.String()
}

func TestParseTaggingHeader(t *testing.T) {
	tests := []struct {
		in   string
		want []Tag
		code string
	}{
		{"", nil, ""},
		{"k1=v1&k2=v2", []Tag{{"k1", "v1"}, {"k2", "v2"}}, ""},
		{"k=", []Tag{{"k", ""}}, ""},
		{"k", []Tag{{"k", ""}}, ""},
		{"a+b=c%20d", []Tag{{"a b", "c d"}}, ""},
		{"k=a%3Db", []Tag{{"k", "a=b"}}, ""},
		{"k%2Fx=%2F", []Tag{{"k/x", "/"}}, ""},
		{"k=v&&j=w&", []Tag{{"k", "v"}, {"j", "w"}}, ""},
		{"%D0%BA%D0%BB=1", []Tag{{"кл", "1"}}, ""},
		{"=", nil, "InvalidArgument"},
		{"=v", nil, "InvalidArgument"},
		{"a=&a=", nil, "InvalidArgument"},
		{"key=value&key=value2", nil, "InvalidArgument"},
		{"k=%zz", nil, "InvalidArgument"},
		{"k=%2", nil, "InvalidArgument"},
		{"k%=v", nil, "InvalidArgument"},
		{"k=%FF", nil, "InvalidArgument"},
		{"k=a%26b", nil, "InvalidTag"},
		{"k%3F=v", nil, "InvalidTag"},
		{"k=v;w", nil, "InvalidTag"},
		{"a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11", nil, "BadRequest"},
		{"a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10", []Tag{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}, {"f", "6"}, {"g", "7"}, {"h", "8"}, {"i", "9"}, {"j", "10"}}, ""},
	}
	for _, tt := range tests {
		got, err := ParseTaggingHeader(tt.in)
		if code(err) != tt.code {
			t.Errorf("%q: error %v, want %s", tt.in, err, tt.code)
			continue
		}
		if err == nil && !equalTags(got, tt.want) {
			t.Errorf("%q: got %v want %v", tt.in, got, tt.want)
		}
	}
	_, err := ParseTaggingHeader("a=&a=")
	if e := err.(*apierr.Error); e.Message != "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates." {
		t.Errorf("message %q", e.Message)
	}
}

func equalTags(a, b []Tag) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
