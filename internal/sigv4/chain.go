package sigv4

import (
	"crypto/sha256"
)

// chain is the signature chain of an aws-chunked body: each chunk's
// signature covers the previous one, starting from the request's seed
// signature. Shared by ChunkSigner and ChunkedReader.
type chain struct {
	key  []byte
	head []byte // timestamp "\n" scope "\n"
	prev [2 * sha256.Size]byte
}

func (c *chain) init(key []byte, timestamp, scope, seed string) {
	c.key = key
	c.head = append(append(append(append(c.head[:0], timestamp...), '\n'), scope...), '\n')
	for i := range c.prev {
		c.prev[i] = '0'
		if i < len(seed) {
			c.prev[i] = lowerHexDigit(seed[i])
		}
	}
}

func lowerHexDigit(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// chunk is the signature of the next chunk, given its data's SHA-256:
// HMAC over "AWS4-HMAC-SHA256-PAYLOAD\n" timestamp scope previous
// sha256("") sha256(data), newline-separated.
func (c *chain) chunk(sum [sha256.Size]byte) [sha256.Size]byte {
	var buf [448]byte
	b := append(buf[:0], "AWS4-HMAC-SHA256-PAYLOAD\n"...)
	b = append(b, c.head...)
	b = append(b, c.prev[:]...)
	b = append(b, '\n')
	b = append(b, emptySHA256...)
	b = append(b, '\n')
	b = appendHex(b, sum[:])
	return hmacSHA256(c.key, b)
}

func (c *chain) advance(sig [sha256.Size]byte) { appendHex(c.prev[:0], sig[:]) }

// trailer is the x-amz-trailer-signature over canonical trailing headers,
// chained to the final chunk's signature.
func (c *chain) trailer(canonical []byte) [sha256.Size]byte {
	sum := sha256.Sum256(canonical)
	var buf [384]byte
	b := append(buf[:0], "AWS4-HMAC-SHA256-TRAILER\n"...)
	b = append(b, c.head...)
	b = append(b, c.prev[:]...)
	b = append(b, '\n')
	b = appendHex(b, sum[:])
	return hmacSHA256(c.key, b)
}
