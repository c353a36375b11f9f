// Package engine holds the S3 semantics: buckets, objects, versioning,
// multipart uploads, copies, preconditions, ranges and listings, over the
// metadata store and the blob store. It knows no HTTP: inputs and outputs are
// plain structs and errors are *apierr.Error values. It runs only after the
// request was authenticated and authorized; it must not import the HTTP
// layers, authn or the policy packages.
package engine
