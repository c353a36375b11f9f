package policy

import (
	"fmt"
	"github.com/coffer-s3/coffer/internal/arn"
	"net/netip"
	"strings"
)

// fixingKeys are the condition keys that, pinned to fixed values, make a
// statement granting "*" non-public (S3 Block Public Access, "The meaning
// of public"): source and principal identities, organisations, the KMS key,
// and access point delegation.
var fixingKeys = [...]string{
	"aws:SourceArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceOwner",
	"aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths",
	"aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
	"aws:userid", "s3:x-amz-server-side-encryption-aws-kms-key-id",
	"s3:DataAccessPointArn", "s3:DataAccessPointAccount",
}

// IsPublic reports whether the policy is public in S3's sense: some Allow
// statement grants to everyone ("*", {"AWS": "*"}, or a federated identity
// provider) without a condition that pins the request to fixed values
// (no wildcard, no policy variable, an equality operator, no IfExists, no
// ForAllValues) of a source or principal key, or to aws:SourceIp CIDRs no
// broader than /8 (IPv4) or /32 (IPv6). Identity policies are never public.
// For access point policies, s3:DataAccessPointArn never pins; for bucket
// policies it may hold a wildcard in the access point name when the account
// is fixed. (An access point with a VPC network origin is non-public
// whatever its policy says: the caller knows that, not the policy.)
func (p *Policy) IsPublic() bool { return p.PublicReason() != "" }

// PublicReason explains why the policy is public, or returns "".
func (p *Policy) PublicReason() string {
	for i := range p.stmts {
		st := &p.stmts[i]
		if st.effect != Allow || !st.hasPrinc || st.notPrinc {
			continue
		}
		who := ""
		switch {
		case st.principals.any:
			who = `everyone ("*")`
		default:
			for _, e := range st.principals.entries {
				if e.kind == pkFederated {
					who = "federated identity provider " + e.val
					break
				}
			}
		}
		if who == "" {
			continue
		}
		pinned := false
		for j := range st.conds {
			if p.pins(&st.conds[j]) {
				pinned = true
				break
			}
		}
		if !pinned {
			id := fmt.Sprintf("statement %d", i)
			if st.sid != "" {
				id += fmt.Sprintf(" (Sid %q)", st.sid)
			}
			return id + " allows " + who + " without a condition fixing the source or principal"
		}
	}
	return ""
}

// pins reports whether a condition restricts requests to fixed values of a
// key that S3 counts as confining.
func (p *Policy) pins(c *cond) bool {
	if c.ifExists || c.set == setAll || c.negate || c.fam == oNull {
		return false
	}
	name := keyTable[c.key.ID].name
	if c.key.Suffix != "" {
		return false
	}
	if strings.EqualFold(name, "aws:SourceIp") {
		if c.fam != oIP {
			return false
		}
		for i := range c.vals {
			if !narrowCIDR(c.vals[i].ip) {
				return false
			}
		}
		return true
	}
	fixing := false
	for _, k := range fixingKeys {
		if k == name {
			fixing = true
			break
		}
	}
	if !fixing {
		return false
	}
	switch c.fam {
	case oString, oStringIC, oStringLike, oArn:
	default:
		return false
	}
	for i := range c.vals {
		v := &c.vals[i]
		raw := c.raw[i].text
		if v.vars {
			return false
		}
		exact := false
		if c.fam == oArn {
			exact = v.arn.whole.kind == pExact
		} else {
			exact = v.p.kind == pExact
		}
		if exact {
			continue
		}
		switch name {
		case "aws:userid":
			// "AROAEXAMPLEID:*" names every session of one role.
			id, rest, ok := strings.Cut(raw, ":")
			if ok && rest == "*" && id != "" && !strings.ContainsAny(id, "*?") {
				continue
			}
		case "s3:DataAccessPointArn":
			if p.resType != ResourceAccessPoint && accessPointsOfFixedAccount(raw) {
				continue
			}
		}
		return false
	}
	return true
}

// accessPointsOfFixedAccount accepts arn:aws:s3:REGION:ACCOUNT:accesspoint/*
// with nothing but the access point name wildcarded.
func accessPointsOfFixedAccount(s string) bool {
	var f [6]string
	if !arn.Split(s, &f) || f[0] != "arn" || !isDigits(f[4], 12) {
		return false
	}
	for _, x := range f[:5] {
		if strings.ContainsAny(x, "*?") {
			return false
		}
	}
	return strings.HasPrefix(f[5], "accesspoint/")
}

var privateV4 = [...]netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// narrowCIDR: S3 counts IPv4 ranges broader than /8 and IPv6 ranges broader
// than /32 as public, RFC 1918 private ranges excepted.
func narrowCIDR(p netip.Prefix) bool {
	if p.Addr().Is4() {
		if p.Bits() >= 8 {
			return true
		}
		for _, r := range privateV4 {
			if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
				return true
			}
		}
		return false
	}
	return p.Bits() >= 32
}
