package e2e

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// KMS key tags: TagResource, UntagResource, ListResourceTags (paged),
// CreateKey's Tags, the checks KMS makes, and tag-based access
// (aws:ResourceTag, aws:RequestTag) on keys.
func TestKMSKeyTags(t *testing.T) {
	t.Parallel()
	ts := harness.StartTLS(t, harness.Options{})
	a := harness.Alice
	key := kmsOK(t, ts, a, "CreateKey", map[string]any{"Tags": []map[string]string{{"TagKey": "team", "TagValue": "storage"}}})["KeyMetadata"].(map[string]any)["KeyId"].(string)
	listTags := func(in map[string]any) map[string]any {
		in["KeyId"] = key
		return kmsOK(t, ts, a, "ListResourceTags", in)
	}
	if got := listTags(map[string]any{})["Tags"]; !reflect.DeepEqual(got, []any{map[string]any{"TagKey": "team", "TagValue": "storage"}}) {
		t.Fatalf("tags after CreateKey: %v", got)
	}
	kmsOK(t, ts, a, "TagResource", map[string]any{"KeyId": key, "Tags": []map[string]string{
		{"TagKey": "team", "TagValue": "platform"}, {"TagKey": "env", "TagValue": "prod"}, {"TagKey": "cost", "TagValue": ""}}})
	page := listTags(map[string]any{"Limit": 2})
	if page["Truncated"] != true || len(page["Tags"].([]any)) != 2 {
		t.Fatalf("first page: %v", page)
	}
	rest := listTags(map[string]any{"Marker": page["NextMarker"]})
	if rest["Truncated"] != false || !reflect.DeepEqual(rest["Tags"], []any{map[string]any{"TagKey": "cost", "TagValue": ""}}) {
		t.Fatalf("second page: %v", rest)
	}
	if got := page["Tags"].([]any)[0]; !reflect.DeepEqual(got, map[string]any{"TagKey": "team", "TagValue": "platform"}) {
		t.Fatalf("TagResource did not replace the value: %v", got)
	}
	kmsOK(t, ts, a, "UntagResource", map[string]any{"KeyId": key, "TagKeys": []string{"cost", "absent"}})
	if got := len(listTags(map[string]any{})["Tags"].([]any)); got != 2 {
		t.Fatalf("after UntagResource: %d tags", got)
	}

	// The description changes in place too (terraform updates it so).
	kmsOK(t, ts, a, "UpdateKeyDescription", map[string]any{"KeyId": key, "Description": "v2"})
	if d := kmsOK(t, ts, a, "DescribeKey", map[string]any{"KeyId": key})["KeyMetadata"].(map[string]any)["Description"]; d != "v2" {
		t.Fatalf("description after UpdateKeyDescription: %v", d)
	}
	kmsErr(t, ts, harness.Bob, "UpdateKeyDescription", map[string]any{"KeyId": "arn:aws:kms:us-east-1:" + a.ID + ":key/" + key, "Description": "x"}, "AccessDeniedException")

	kmsErr(t, ts, a, "TagResource", map[string]any{"KeyId": key, "Tags": []map[string]string{{"TagKey": "aws:x", "TagValue": "v"}}}, "TagException")
	kmsErr(t, ts, a, "TagResource", map[string]any{"KeyId": key, "Tags": []map[string]string{{"TagKey": strings.Repeat("k", 129), "TagValue": "v"}}}, "ValidationException")
	kmsErr(t, ts, a, "ListResourceTags", map[string]any{"KeyId": key, "Marker": "bogus"}, "InvalidMarkerException")
	many := []map[string]string{}
	for i := range 49 {
		many = append(many, map[string]string{"TagKey": fmt.Sprintf("k%d", i), "TagValue": "v"})
	}
	kmsErr(t, ts, a, "TagResource", map[string]any{"KeyId": key, "Tags": many}, "LimitExceededException")
	// Another account cannot read or change a key's tags.
	kmsErr(t, ts, harness.Bob, "ListResourceTags", map[string]any{"KeyId": "arn:aws:kms:us-east-1:" + a.ID + ":key/" + key}, "AccessDeniedException")

	// Tag-based access: the user may encrypt only under keys of its team,
	// and may create keys only when it tags them for its team.
	root := iamAt(ts.URL, a)
	user := newIAMUser(t, root, "abac")
	putUserPolicy(t, root, "abac", "abac", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"platform"}}},
		{"Effect":"Allow","Action":["kms:CreateKey","kms:TagResource"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"platform"}}}]}`)
	other := kmsOK(t, ts, a, "CreateKey", map[string]any{})["KeyMetadata"].(map[string]any)["KeyId"].(string)
	kmsOK(t, ts, user, "Encrypt", map[string]any{"KeyId": key, "Plaintext": "aGk="})
	kmsErr(t, ts, user, "Encrypt", map[string]any{"KeyId": other, "Plaintext": "aGk="}, "AccessDeniedException")
	kmsOK(t, ts, user, "CreateKey", map[string]any{"Tags": []map[string]string{{"TagKey": "team", "TagValue": "platform"}}, "BypassPolicyLockoutSafetyCheck": true})
	kmsErr(t, ts, user, "CreateKey", map[string]any{"Tags": []map[string]string{{"TagKey": "team", "TagValue": "web"}}}, "AccessDeniedException")
	kmsErr(t, ts, user, "CreateKey", map[string]any{}, "AccessDeniedException")
}
