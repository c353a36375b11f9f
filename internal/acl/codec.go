package acl

import (
	"encoding/binary"
	"errors"
)

// The stored form, kept in bucket configuration documents and object
// version records: a format byte, the grant count, then per grant the
// permission, the group (0 for a canonical user) and, for users, the
// canonical id and account id as length-prefixed strings.
const codecV1 = 1

var errCorrupt = errors.New("acl: corrupt stored ACL")

// Encode returns the stored form. An ACL with no grants still encodes to a
// non-empty value, so "no ACL stored" (the default) stays distinct from
// "every grant revoked".
func (a *ACL) Encode() []byte {
	n := 2
	for _, g := range a.Grants {
		n += 4 + len(g.Grantee.ID) + len(g.Grantee.Account)
	}
	b := make([]byte, 0, n)
	b = append(b, codecV1)
	b = binary.AppendUvarint(b, uint64(len(a.Grants)))
	for _, g := range a.Grants {
		b = append(b, byte(g.Permission), byte(g.Grantee.Group))
		if g.Grantee.Group == 0 {
			b = appendString(b, g.Grantee.ID)
			b = appendString(b, g.Grantee.Account)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Decode reads the stored form.
func Decode(b []byte) (*ACL, error) {
	if len(b) == 0 || b[0] != codecV1 {
		return nil, errCorrupt
	}
	b = b[1:]
	n, k := uvarint(b)
	// Each grant takes at least two bytes: a count beyond that is corrupt,
	// and bounds what a corrupt record can make us allocate.
	if k <= 0 || n > uint64(len(b)-k)/2 || n > MaxGrants {
		return nil, errCorrupt
	}
	b = b[k:]
	a := &ACL{Grants: make([]Grant, 0, n)}
	for i := uint64(0); i < n; i++ {
		if len(b) < 2 {
			return nil, errCorrupt
		}
		g := Grant{Permission: Permission(b[0]), Grantee: Grantee{Group: Group(b[1])}}
		b = b[2:]
		if g.Permission < Read || g.Permission > FullControl || g.Grantee.Group > LogDelivery {
			return nil, errCorrupt
		}
		if g.Grantee.Group == 0 {
			var ok bool
			if g.Grantee.ID, b, ok = readString(b); !ok {
				return nil, errCorrupt
			}
			if g.Grantee.Account, b, ok = readString(b); !ok {
				return nil, errCorrupt
			}
		}
		a.Grants = append(a.Grants, g)
	}
	if len(b) != 0 {
		return nil, errCorrupt
	}
	return a, nil
}

// uvarint reads a minimally encoded uvarint, so that each stored value
// has one encoding.
func uvarint(b []byte) (uint64, int) {
	n, k := binary.Uvarint(b)
	if k > 1 && b[k-1] == 0 {
		return 0, 0
	}
	return n, k
}

func readString(b []byte) (string, []byte, bool) {
	n, k := uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, false
	}
	b = b[k:]
	return string(b[:n]), b[n:], true
}

// Stored returns the ACL kept in a stored value, or the default private
// ACL of owner when none is stored. A stored value that cannot be read
// grants nothing: the closed failure.
func Stored(b []byte, owner Grantee) *ACL {
	if len(b) == 0 {
		return Private(owner)
	}
	a, err := Decode(b)
	if err != nil {
		return &ACL{}
	}
	return a
}
