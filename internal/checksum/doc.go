// Package checksum implements S3's additional checksums: the CRC32, CRC32C,
// CRC64NVME, SHA1 and SHA256 algorithms with their header names and base64
// wire form, the checksums S3 reports for multipart objects (COMPOSITE and
// FULL_OBJECT), and a Hasher that computes the MD5 ETag together with one
// additional checksum in a single pass over an object's data.
//
// It is level 0 vocabulary: pure, no I/O, no clock. It imports only the
// standard library and internal/apierr; it must not import HTTP handlers,
// stores or any other Coffer package.
package checksum
