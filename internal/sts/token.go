package sts

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/keys"
)

// tokenPrefix marks Coffer session tokens (and their format version).
const tokenPrefix = "CofferST1."

// claims are what a session token carries. The temporary secret travels
// inside the sealed token, so no session state is kept server-side.
type claims struct {
	AccessKeyID    string   `json:"k"`
	Secret         string   `json:"s"`
	Account        string   `json:"a"`
	Kind           string   `json:"t"` // "role", "user" or "root"
	ARN            string   `json:"arn"`
	RoleARN        string   `json:"r,omitempty"`
	UserID         string   `json:"u"`
	Username       string   `json:"n,omitempty"`
	SessionName    string   `json:"sn,omitempty"`
	Issued         int64    `json:"iat"`
	Expires        int64    `json:"exp"`
	Policy         string   `json:"p,omitempty"`
	PolicyARNs     []string `json:"pa,omitempty"`
	SourceIdentity string   `json:"si,omitempty"`
}

var tokenAAD = []byte("coffer-sts-session-token")

func seal(m *keys.Master, c *claims) (string, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(m.Seal(raw, tokenAAD)), nil
}

// errToken is any token that is not one of ours, or was altered.
var errToken = errors.New("sts: invalid session token")

func open(m *keys.Master, token string) (*claims, error) {
	body, ok := strings.CutPrefix(token, tokenPrefix)
	if !ok {
		return nil, errToken
	}
	sealed, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return nil, errToken
	}
	raw, err := m.Open(sealed, tokenAAD)
	if err != nil {
		return nil, errToken
	}
	var c claims
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, errToken
	}
	return &c, nil
}

func (c *claims) expired(now time.Time) bool { return now.Unix() >= c.Expires }
