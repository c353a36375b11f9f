// Package s3xml holds the S3 REST API's XML wire types, a fast encoder for
// responses (with the S3 namespace and AWS's timestamp and escaping
// conventions) and a strict, size-capped decoder for request bodies that
// answers malformed input with AWS's errors (MalformedXML, InvalidTag, ...).
// It also parses the x-amz-tagging header.
//
// It is level 0 vocabulary: pure, no I/O beyond the reader and writer it is
// handed, no clock. It imports only the standard library and
// internal/apierr; it must not import HTTP handlers, the engine, stores or
// other level-0 packages.
package s3xml

// Namespace is the XML namespace of every S3 response body except Error.
const Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"
