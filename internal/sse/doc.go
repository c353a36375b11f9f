// Package sse is Coffer's encryption of object data at rest: an
// authenticated, chunked AES-256-GCM stream format with random access for
// range reads, and the small helpers around it (sealing data keys under a
// key-encryption key, SSE-C key checks).
//
// It is pure (level 1): it does no I/O beyond the io.Reader, io.Writer and
// io.ReaderAt it is handed, reads no clock, and draws randomness only from
// crypto/rand (nonce prefixes, salts). It must not import storage, HTTP,
// key-management or policy packages; callers bring keys.
//
// # Stream format, version 1
//
// A stream is a 16-byte header followed by sealed chunks:
//
//	header  = version(1)=0x01 | chunkShift(1) | noncePrefix(7) | zero(7)
//	chunk i = AES-256-GCM(key, nonce_i, plaintext_i, aad) = ciphertext || tag(16)
//	nonce_i = noncePrefix(7) | uint32be(i) | final(1)
//	aad     = header(16) | id
//
// Every chunk but the last holds exactly 1<<chunkShift plaintext bytes
// (64 KiB); the last holds 0 to 1<<chunkShift bytes and is sealed with
// final=1. An empty plaintext is one empty final chunk, so even a stream
// cut back to its header fails to open. The object identity id (chosen by
// the caller, e.g. blob id and part number) is never stored in the stream:
// the reader must present the same id, so chunks cannot be moved between
// objects or parts. The chunk index in the nonce stops reordering, the
// final flag stops truncation at a chunk boundary, and the header sits in
// every chunk's associated data so it cannot be altered either.
//
// Offsets are computable: chunk i starts at 16 + i*(1<<chunkShift + 16),
// so NewRangeReader decrypts only the chunks a byte range touches.
//
// The data key is a fresh random 256-bit key per object (or per multipart
// upload, each part being its own stream with its own id). It is stored only
// sealed (SealKey) by a key-encryption key: the master key, a KMS data key,
// or a key derived from an SSE-C customer key; metadata records the sealing
// key's id and the sealed bytes, never the data key.
package sse
