package s3api

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/meta"
)

// configEncryption is the bucket configuration document holding the
// default encryption (bucketEncryption as JSON).
const configEncryption = "encryption"

// bucketEncryption is a bucket's default encryption. A bucket without the
// document behaves as S3's default: SSE-S3, and SSE-C writes blocked.
type bucketEncryption struct {
	Algorithm string   `json:"algorithm"` // AES256 or aws:kms
	KMSKeyID  string   `json:"kms_key_id,omitempty"`
	BucketKey bool     `json:"bucket_key,omitempty"`
	Blocked   []string `json:"blocked,omitempty"` // "SSE-C", or "NONE"
}

var defaultEncryption = bucketEncryption{Algorithm: engine.ModeS3, Blocked: []string{"SSE-C"}}

func encryptionOf(b *meta.Bucket) bucketEncryption {
	if b == nil {
		return defaultEncryption
	}
	raw := b.Configs[configEncryption]
	if len(raw) == 0 {
		return defaultEncryption
	}
	var be bucketEncryption
	if err := json.Unmarshal(raw, &be); err != nil || be.Algorithm == "" {
		return defaultEncryption
	}
	return be
}

func (be *bucketEncryption) blocksSSEC() bool {
	for _, t := range be.Blocked {
		if t == "SSE-C" {
			return true
		}
	}
	return false
}

const s3NS = "http://s3.amazonaws.com/doc/2006-03-01/"

type sseConfigXML struct {
	XMLName xml.Name     `xml:"ServerSideEncryptionConfiguration"`
	NS      string       `xml:"xmlns,attr,omitempty"`
	Rules   []sseRuleXML `xml:"Rule"`
}

type sseRuleXML struct {
	Default *struct {
		SSEAlgorithm   string `xml:"SSEAlgorithm"`
		KMSMasterKeyID string `xml:"KMSMasterKeyID,omitempty"`
	} `xml:"ApplyServerSideEncryptionByDefault"`
	BucketKeyEnabled *bool `xml:"BucketKeyEnabled"`
	Blocked          *struct {
		Types []string `xml:"EncryptionType"`
	} `xml:"BlockedEncryptionTypes"`
}

func getBucketEncryption(c *call) error {
	be := encryptionOf(c.bkt)
	rule := sseRuleXML{BucketKeyEnabled: &be.BucketKey}
	rule.Default = &struct {
		SSEAlgorithm   string `xml:"SSEAlgorithm"`
		KMSMasterKeyID string `xml:"KMSMasterKeyID,omitempty"`
	}{be.Algorithm, be.KMSKeyID}
	if len(be.Blocked) > 0 {
		rule.Blocked = &struct {
			Types []string `xml:"EncryptionType"`
		}{be.Blocked}
	}
	return c.xml(&sseConfigXML{NS: s3NS, Rules: []sseRuleXML{rule}})
}

func putBucketEncryption(c *call) error {
	if c.r.Header.Get("Content-Md5") == "" && !hasChecksumHeader(c.r.Header) {
		return apierr.InvalidRequest.WithMessage("Missing required header for this request: Content-MD5")
	}
	body, err := c.smallBody(maxConfigBody)
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(io.LimitReader(body, 64<<10))
	if err != nil {
		return err
	}
	be, err := parseEncryptionConfig(raw)
	if err != nil {
		return err
	}
	doc, _ := json.Marshal(be)
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bucket, configEncryption, doc); err != nil {
		return err
	}
	return c.empty(http.StatusOK)
}

// parseEncryptionConfig validates a PutBucketEncryption body as S3 does.
func parseEncryptionConfig(raw []byte) (*bucketEncryption, error) {
	var doc sseConfigXML
	if err := xml.Unmarshal(raw, &doc); err != nil || len(doc.Rules) != 1 {
		return nil, apierr.MalformedXML
	}
	r := doc.Rules[0]
	if r.Default == nil {
		return nil, apierr.MalformedXML
	}
	be := &bucketEncryption{Algorithm: r.Default.SSEAlgorithm, KMSKeyID: r.Default.KMSMasterKeyID, Blocked: []string{"SSE-C"}}
	switch be.Algorithm {
	case engine.ModeS3:
		if be.KMSKeyID != "" {
			return nil, apierr.InvalidArgument.WithMessage("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse").
				With("ArgumentName", "ApplyServerSideEncryptionByDefault")
		}
	case engine.ModeKMS, "aws:kms:dsse":
		be.Algorithm = engine.ModeKMS
	default:
		return nil, apierr.MalformedXML
	}
	if r.BucketKeyEnabled != nil {
		be.BucketKey = *r.BucketKeyEnabled
	}
	if r.Blocked != nil {
		be.Blocked = nil
		for _, t := range r.Blocked.Types {
			if t != "SSE-C" && t != "NONE" {
				return nil, apierr.MalformedXML
			}
			be.Blocked = append(be.Blocked, t)
		}
		if len(be.Blocked) == 0 || (len(be.Blocked) > 1 && contains(be.Blocked, "NONE")) {
			return nil, apierr.MalformedXML
		}
	}
	return be, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func deleteBucketEncryption(c *call) error {
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bucket, configEncryption, nil); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}
