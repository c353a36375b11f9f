package iamapi

import (
	"encoding/json"
	"testing"
)

// FuzzStatementSpans reads arbitrary documents: no panic, spans in order
// and within the document, one per statement of a valid policy.
func FuzzStatementSpans(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny"}]}`,
		"{\n\"Statement\" :\n {\"Effect\":\"Allow\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}}",
		`{"Id":{"a":[1,2,{"b":null}]},"Statement":[]}`, `{"Statement":"x"}`, `{"Statement":[{]}`, "", "{", `[{"Statement":[]}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		spans := statementSpans(doc)
		for i, s := range spans {
			if s.start.Line < 1 || s.start.Column < 1 || s.end.Line < s.start.Line {
				t.Fatalf("span %d %+v", i, s)
			}
			if i > 0 && (s.start.Line < spans[i-1].end.Line || s.start.Line == spans[i-1].end.Line && s.start.Column < spans[i-1].end.Column) {
				t.Fatalf("spans overlap: %+v", spans)
			}
		}
		var d struct{ Statement []json.RawMessage }
		if json.Unmarshal(doc, &d) == nil && len(d.Statement) > 0 && len(spans) != len(d.Statement) {
			var probe map[string]json.RawMessage
			if json.Unmarshal(doc, &probe) == nil && len(probe) == 1 {
				t.Fatalf("%d spans for %d statements", len(spans), len(d.Statement))
			}
		}
		_ = conditionKeys(doc, "s3:GetObject")
	})
}
