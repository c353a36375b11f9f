package server

import (
	"net/http"
	"strings"
)

// services are the APIs that share the listener.
type services struct {
	s3      http.Handler
	control http.Handler // S3 Control: /v20180820/..., x-amz-account-id
	iam     http.Handler // query protocol, SigV4 scope "iam"
	sts     http.Handler // query protocol, SigV4 scope "sts"
	kms     http.Handler // JSON protocol, X-Amz-Target TrentService.*, scope "kms"
	ec2     http.Handler // query protocol, SigV4 scope "ec2" (VPC endpoints)
	net     *network     // trusted proxies and gateway endpoint attribution
}

// ServeHTTP routes a request to its API. S3 has no operation on POST / (the
// service root), so a POST to "/" is a query-protocol call, routed by the
// service its signature is scoped to. Everything else is S3.
func (sv *services) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if sv.net != nil {
		r = sv.net.source(r)
	}
	if sv.control != nil && strings.HasPrefix(r.URL.Path, "/v20180820/") && r.Header.Get("X-Amz-Account-Id") != "" {
		sv.control.ServeHTTP(w, sv.viaGateway(r))
		return
	}
	if sv.kms != nil && r.URL.Path == "/" && r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("X-Amz-Target"), "TrentService.") {
		sv.kms.ServeHTTP(w, r)
		return
	}
	if r.URL.Path == "/" && (r.Method == http.MethodPost || r.URL.Query().Has("Action")) {
		switch signedService(r) {
		case "iam":
			if sv.iam != nil {
				sv.iam.ServeHTTP(w, r)
				return
			}
		case "sts":
			if sv.sts != nil {
				sv.sts.ServeHTTP(w, r)
				return
			}
		case "ec2":
			if sv.ec2 != nil {
				sv.ec2.ServeHTTP(w, r)
				return
			}
		case "":
			// An unsigned query-protocol call: the IAM handler answers it
			// with MissingAuthenticationToken, as AWS's query services do.
			if sv.iam != nil && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
				sv.iam.ServeHTTP(w, r)
				return
			}
		}
	}
	sv.s3.ServeHTTP(w, sv.viaGateway(r))
}

// viaGateway attributes S3 and S3 Control requests from a VPC with a
// gateway endpoint to that endpoint, as AWS routes them; the other
// services are not reached through an S3 endpoint.
func (sv *services) viaGateway(r *http.Request) *http.Request {
	if sv.net == nil {
		return r
	}
	return sv.net.viaGateway(r)
}

// signedService reads the service of the SigV4 credential scope from the
// Authorization header or the X-Amz-Credential query parameter.
func signedService(r *http.Request) string {
	cred := ""
	if h := r.Header.Get("Authorization"); h != "" {
		if i := strings.Index(h, "Credential="); i >= 0 {
			cred = h[i+len("Credential="):]
			if j := strings.IndexAny(cred, ", "); j >= 0 {
				cred = cred[:j]
			}
		}
	} else {
		cred = r.URL.Query().Get("X-Amz-Credential")
	}
	// AKID/date/region/service/aws4_request
	parts := strings.Split(cred, "/")
	if len(parts) < 5 {
		return ""
	}
	return parts[len(parts)-2]
}
