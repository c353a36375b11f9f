// Package queryapi is the AWS query protocol shared by the services that
// speak it (IAM, and STS later): it decodes a call's form from the POST body
// or the GET query string (Action, Version, "member.N" lists, "entry.N"
// maps, nested structures), pages lists with Marker/MaxItems, and writes the
// XML envelopes of results and errors in the service's namespace.
//
// It knows no service: namespaces, actions and result shapes come from the
// caller. It must not import authentication, authorization, identity or
// storage packages; only the standard library and internal/apierr.
package queryapi
