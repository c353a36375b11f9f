// Package apierr is the catalogue of AWS errors that Coffer returns: each
// error carries its AWS code, HTTP status and default message, plus any extra
// elements AWS puts into the error body (BucketName, StringToSign, ...).
//
// It is level 0 vocabulary: it imports only the standard library and knows
// nothing of HTTP handlers, storage or policies. Catalogue entries are never
// mutated; every With* method returns a copy.
package apierr
