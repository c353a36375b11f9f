// Package s3api is the S3 REST transport: it parses the addressing (path or
// virtual-hosted style), classifies the operation, authenticates, asks the
// one authorizer, calls the engine and renders the result or the error as
// S3 does. Every request takes that path in ServeHTTP; handlers receive
// only requests that were authorized for their operation's declared action.
package s3api
