// Package audit records one structured event per request: who (principal,
// account, access key id), what (service, operation, bucket, key), from
// where (source address and the VPC endpoint the request came through),
// the authorization decision and the result. Sinks write records; the
// JSON-lines sink is small and allocation-light so that auditing every
// request costs little.
//
// Records never hold secrets: no headers, bodies or credentials; the
// request URI keeps its query with signatures, session tokens and
// customer-provided keys redacted.
//
// It is level 3 and imports only the standard library.
package audit
