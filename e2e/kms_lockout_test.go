package e2e

import (
	"fmt"
	"testing"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// The key policy lockout safety check counts identity policies: a key
// policy that delegates to the account keeps a user whose IAM policy
// allows kms:PutKeyPolicy in charge; one that does not is refused unless
// the caller bypasses the check.
func TestKMSLockoutCheckCountsIdentityPolicies(t *testing.T) {
	t.Parallel()
	ts := harness.StartTLS(t, harness.Options{})
	root := iamAt(ts.URL, harness.Alice)
	admin := newIAMUser(t, root, "kms-admin")
	putUserPolicy(t, root, "kms-admin", "kms", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}`)
	keyID := kmsOK(t, ts, admin, "CreateKey", map[string]any{})["KeyMetadata"].(map[string]any)["KeyId"]

	keyPolicy := func(actions string) string {
		return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":%s,"Resource":"*"}]}`, harness.Alice.ID, actions)
	}
	put := func(pol string, bypass bool) (int, map[string]any) {
		return kmsCall(t, ts, admin, "PutKeyPolicy", map[string]any{"KeyId": keyID, "PolicyName": "default", "Policy": pol, "BypassPolicyLockoutSafetyCheck": bypass})
	}
	if st, out := put(keyPolicy(`["kms:PutKeyPolicy","kms:Describe*"]`), false); st != 200 {
		t.Fatalf("delegating policy refused: %d %v", st, out)
	}
	st, out := put(keyPolicy(`"kms:Describe*"`), false)
	if st != 400 || out["__type"] != "MalformedPolicyDocumentException" || out["message"] != "The new key policy will not allow you to update the key policy in the future." {
		t.Fatalf("lock-out policy: %d %v", st, out)
	}
	// Nothing was written: the admin may still set the policy.
	if st, out := put(keyPolicy(`"kms:*"`), false); st != 200 {
		t.Fatalf("policy after refused change: %d %v", st, out)
	}
	// A Deny on the admin in the new policy counts too.
	deny := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%[1]s:root"},"Action":"kms:*","Resource":"*"},
		{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::%[1]s:user/kms-admin"},"Action":"kms:PutKeyPolicy","Resource":"*"}]}`, harness.Alice.ID)
	if st, out := put(deny, false); st != 400 || out["__type"] != "MalformedPolicyDocumentException" {
		t.Fatalf("self-denying policy: %d %v", st, out)
	}
	if st, out := put(deny, true); st != 200 {
		t.Fatalf("bypassed check: %d %v", st, out)
	}
	kmsErr(t, ts, admin, "PutKeyPolicy", map[string]any{"KeyId": keyID, "PolicyName": "default", "Policy": keyPolicy(`"kms:*"`)}, "AccessDeniedException")
}
