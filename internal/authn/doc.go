// Package authn turns an HTTP request into the Principal it acts as: it
// parses the signature (SigV4 header, presigned query, SigV2), looks up the
// access key, verifies the signature with a cached signing key, and wraps
// the body so that its payload hash, chunk signatures and trailing checksum
// are verified as it streams. Unsigned requests are anonymous. It must not
// import the engine, HTTP handlers or policy packages.
package authn
