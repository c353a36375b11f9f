package sigv4

import (
	"bytes"
	"slices"
	"strings"
)

const upperHex = "0123456789ABCDEF"

// unreserved are the bytes AWS's URI encoding leaves alone (RFC 3986).
func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool {
	_, ok := unhex(c)
	return ok
}

func appendEscaped(dst []byte, c byte) []byte {
	if unreserved(c) {
		return append(dst, c)
	}
	return append(dst, '%', upperHex[c>>4], upperHex[c&15])
}

// appendCanonicalPath appends the canonical URI of a path: every byte but
// "/" and the unreserved ones percent-encoded, nothing normalised. S3 gives
// it the decoded path (so "." , ".." and "//" stay, and each segment is
// encoded exactly once); services that sign the path encoded twice give it
// the escaped path instead.
func appendCanonicalPath(dst []byte, path string) []byte {
	if path == "" {
		return append(dst, '/')
	}
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c == '/' || unreserved(c) {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

// appendURIEncode appends s AWS-encoded: every byte but the unreserved ones
// as %XX.
func appendURIEncode(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = appendEscaped(dst, s[i])
	}
	return dst
}

// appendQueryComponent decodes one query key or value ("+" is a space,
// valid %XX escapes are bytes, anything else is literal) and appends it
// AWS-encoded, in one pass. The result is the same however the client chose
// to escape the original, so signer and verifier agree on it.
func appendQueryComponent(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			c = ' '
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			hi, _ := unhex(s[i+1])
			lo, _ := unhex(s[i+2])
			c = hi<<4 | lo
			i += 2
		}
		dst = appendEscaped(dst, c)
	}
	return dst
}

type span struct{ off, end int }

type queryPair struct{ k, v span }

// appendCanonicalQuery appends the canonical query string of a raw query:
// every key and value AWS-encoded, pairs sorted by key and then value,
// "k" without "=" treated as "k=". With skipSignature the presigned URL's
// own X-Amz-Signature is left out.
func appendCanonicalQuery(dst []byte, raw string, skipSignature bool) []byte {
	if raw == "" {
		return dst
	}
	var scratchBuf [1024]byte
	var pairsBuf [32]queryPair
	scratch, pairs := scratchBuf[:0], pairsBuf[:0]
	for raw != "" {
		var seg string
		seg, raw, _ = strings.Cut(raw, "&")
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		start := len(scratch)
		scratch = appendQueryComponent(scratch, k)
		mid := len(scratch)
		if skipSignature && string(scratch[start:mid]) == "X-Amz-Signature" {
			scratch = scratch[:start]
			continue
		}
		scratch = appendQueryComponent(scratch, v)
		pairs = append(pairs, queryPair{span{start, mid}, span{mid, len(scratch)}})
	}
	cmp := func(a, b queryPair) int {
		if c := bytes.Compare(scratch[a.k.off:a.k.end], scratch[b.k.off:b.k.end]); c != 0 {
			return c
		}
		return bytes.Compare(scratch[a.v.off:a.v.end], scratch[b.v.off:b.v.end])
	}
	if !slices.IsSortedFunc(pairs, cmp) {
		slices.SortFunc(pairs, cmp)
	}
	for i, p := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, scratch[p.k.off:p.k.end]...)
		dst = append(dst, '=')
		dst = append(dst, scratch[p.v.off:p.v.end]...)
	}
	return dst
}
