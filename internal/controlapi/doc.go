// Package controlapi is the S3 Control REST-XML transport (paths under
// /v20180820/, the account in x-amz-account-id): account Block Public
// Access and access points. Every call is authenticated, authorized by the
// one authorizer against its declared action, then handled.
package controlapi
