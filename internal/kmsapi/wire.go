package kmsapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// maxBody bounds a request (a 32 KB key policy, JSON-escaped, is the
// largest field).
const maxBody = 128 << 10

// request holds the fields of every supported operation; each handler
// reads the ones its operation defines.
type request struct {
	KeyID                          string            `json:"KeyId"`
	Description                    string            `json:"Description"`
	Policy                         string            `json:"Policy"`
	PolicyName                     string            `json:"PolicyName"`
	AliasName                      string            `json:"AliasName"`
	TargetKeyID                    string            `json:"TargetKeyId"`
	PendingWindowInDays            *int              `json:"PendingWindowInDays"`
	RotationPeriodInDays           *int              `json:"RotationPeriodInDays"`
	Limit                          *int              `json:"Limit"`
	Marker                         string            `json:"Marker"`
	Plaintext                      []byte            `json:"Plaintext"`
	CiphertextBlob                 []byte            `json:"CiphertextBlob"`
	EncryptionContext              map[string]string `json:"EncryptionContext"`
	SourceEncryptionContext        map[string]string `json:"SourceEncryptionContext"`
	DestinationEncryptionContext   map[string]string `json:"DestinationEncryptionContext"`
	SourceKeyID                    string            `json:"SourceKeyId"`
	DestinationKeyID               string            `json:"DestinationKeyId"`
	KeySpec                        string            `json:"KeySpec"`
	CustomerMasterKeySpec          string            `json:"CustomerMasterKeySpec"`
	KeyUsage                       string            `json:"KeyUsage"`
	Origin                         string            `json:"Origin"`
	NumberOfBytes                  *int              `json:"NumberOfBytes"`
	EncryptionAlgorithm            string            `json:"EncryptionAlgorithm"`
	SourceEncryptionAlgorithm      string            `json:"SourceEncryptionAlgorithm"`
	DestinationEncryptionAlgorithm string            `json:"DestinationEncryptionAlgorithm"`
	MultiRegion                    bool              `json:"MultiRegion"`
	BypassPolicyLockoutSafetyCheck bool              `json:"BypassPolicyLockoutSafetyCheck"`
	GrantTokens                    []string          `json:"GrantTokens"`
	DryRun                         bool              `json:"DryRun"`
	Tags                           []wireTag         `json:"Tags"`
	TagKeys                        []string          `json:"TagKeys"`
}

// wireTag is a tag as KMS spells it.
type wireTag struct {
	TagKey   string `json:"TagKey"`
	TagValue string `json:"TagValue"`
}

// decodeRequest reads one JSON request body. Wrong types and malformed
// JSON are SerializationException, as in AWS; an empty body is an empty
// request.
func decodeRequest(body []byte) (*request, error) {
	req := &request{}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return req, nil
	}
	if len(body) > maxBody {
		return nil, apierr.KMSValidation.WithMessage("Request body too large")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(req); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, apierr.KMSSerialization.WithMessage("Start of structure or map found where not expected.")
		}
		return nil, apierr.KMSSerialization.WithMessage("")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, apierr.KMSSerialization.WithMessage("")
	}
	return req, nil
}

// writeJSON writes a 200 answer.
func writeJSON(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}

// epoch is a time as KMS sends it: seconds since the epoch, as a number.
type epoch float64

type keyMetadata struct {
	AWSAccountID                string   `json:"AWSAccountId"`
	KeyID                       string   `json:"KeyId"`
	Arn                         string   `json:"Arn"`
	CreationDate                epoch    `json:"CreationDate"`
	Enabled                     bool     `json:"Enabled"`
	Description                 string   `json:"Description"`
	KeyUsage                    string   `json:"KeyUsage"`
	KeyState                    string   `json:"KeyState"`
	DeletionDate                *epoch   `json:"DeletionDate,omitempty"`
	PendingDeletionWindowInDays int      `json:"PendingDeletionWindowInDays,omitempty"`
	Origin                      string   `json:"Origin"`
	KeyManager                  string   `json:"KeyManager"`
	CustomerMasterKeySpec       string   `json:"CustomerMasterKeySpec"`
	KeySpec                     string   `json:"KeySpec"`
	EncryptionAlgorithms        []string `json:"EncryptionAlgorithms"`
	MultiRegion                 bool     `json:"MultiRegion"`
}

type aliasEntry struct {
	AliasName       string `json:"AliasName"`
	AliasArn        string `json:"AliasArn"`
	TargetKeyID     string `json:"TargetKeyId,omitempty"`
	CreationDate    epoch  `json:"CreationDate"`
	LastUpdatedDate epoch  `json:"LastUpdatedDate"`
}
