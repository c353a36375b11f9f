package sigv4

import (
	"strconv"
	"strings"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// The messages below are the ones S3 sends; where AWS puts the header or
// query flavour of a message apart, both are here.

const (
	malformedPrefix  = "The authorization header is malformed; "
	credentialPrefix = "Error parsing the X-Amz-Credential parameter; "
	credentialShape  = `the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`
)

func errMalformed(kind Kind, detail string) *apierr.Error {
	if kind == KindQuery {
		return apierr.AuthorizationQueryParametersError.WithMessage(credentialPrefix + detail)
	}
	return apierr.AuthorizationHeaderMalformed.WithMessage(malformedPrefix + detail)
}

func errCredentialShape(kind Kind) *apierr.Error { return errMalformed(kind, credentialShape) }

func errMissingComponents() *apierr.Error {
	return apierr.AuthorizationHeaderMalformed.WithMessage(malformedPrefix +
		"the authorization header requires three components: Credential, SignedHeaders, and Signature.")
}

func errComponent(c string) *apierr.Error {
	return apierr.AuthorizationHeaderMalformed.WithMessage(malformedPrefix +
		`the authorization component "` + c + `" is malformed.`)
}

func errQueryParams() *apierr.Error {
	return apierr.AuthorizationQueryParametersError.WithMessage("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
}

func errQuery(msg string) *apierr.Error {
	return apierr.AuthorizationQueryParametersError.WithMessage(msg)
}

func errSigV4a() *apierr.Error {
	return apierr.NotImplemented.WithMessage("Signature Version 4A (AWS4-ECDSA-P256-SHA256) is not implemented; sign with AWS4-HMAC-SHA256.")
}

func errUnsupportedAuth(value string) *apierr.Error {
	return apierr.InvalidArgument.WithMessage("Unsupported Authorization Type").
		With("ArgumentName", "Authorization").With("ArgumentValue", value)
}

func errBothAuth() *apierr.Error {
	return apierr.InvalidArgument.WithMessage("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified").
		With("ArgumentName", "Authorization")
}

func errNoDate() *apierr.Error {
	return apierr.AccessDenied.WithMessage("AWS authentication requires a valid Date or x-amz-date header")
}

func errDateMismatch(kind Kind, scopeDate, amzDate string) *apierr.Error {
	if kind == KindQuery {
		day := amzDate
		if len(day) > 8 {
			day = day[:8]
		}
		return apierr.AuthorizationQueryParametersError.WithMessage(
			`Invalid credential date "` + scopeDate + `". This date is not the same as X-Amz-Date: "` + day + `".`)
	}
	return apierr.AuthorizationHeaderMalformed.WithMessage(malformedPrefix +
		"Invalid credential date. Date is not the same as X-Amz-Date.")
}

func errRegion(kind Kind, got, want string) *apierr.Error {
	return errMalformed(kind, "the region '"+got+"' is wrong; expecting '"+want+"'").With("Region", want)
}

func errService(kind Kind, got, want string) *apierr.Error {
	return errMalformed(kind, `incorrect service "`+got+`". This endpoint belongs to "`+want+`".`)
}

func errTerminator(kind Kind, got string) *apierr.Error {
	return errMalformed(kind, `incorrect terminal "`+got+`". This endpoint uses "aws4_request".`)
}

func errSkewed(requestTime string, now time.Time, maxSkew time.Duration) *apierr.Error {
	return apierr.RequestTimeTooSkewed.
		WithMessage("The difference between the request time and the current time is too large.").
		With("RequestTime", requestTime).
		With("ServerTime", now.UTC().Format(serverTimeFmt)).
		With("MaxAllowedSkewMilliseconds", strconv.FormatInt(maxSkew.Milliseconds(), 10))
}

func errNotYetValid() *apierr.Error {
	return apierr.AccessDenied.WithMessage("Request is not valid yet")
}

func errExpired(expires string, at, now time.Time) *apierr.Error {
	e := apierr.AccessDenied.WithMessage("Request has expired")
	if expires != "" {
		e = e.With("X-Amz-Expires", expires)
	}
	return e.With("Expires", at.UTC().Format(serverTimeFmt)).
		With("ServerTime", now.UTC().Format(serverTimeFmt))
}

func errHeadersNotSigned(names []string) *apierr.Error {
	return apierr.AccessDenied.WithMessage("There were headers present in the request which were not signed").
		With("HeadersNotSigned", strings.Join(names, ", "))
}

func errMissingContentSHA256() *apierr.Error {
	return apierr.InvalidRequest.WithMessage("Missing required header for this request: x-amz-content-sha256")
}

func errBadContentSHA256(v string) *apierr.Error {
	return apierr.InvalidArgument.WithMessage("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.").
		With("ArgumentName", "x-amz-content-sha256").With("ArgumentValue", v)
}

// hexBytes renders s as AWS renders StringToSignBytes: two hex digits per
// byte, separated by single spaces.
func hexBytes(s string) string {
	const digits = "0123456789abcdef"
	if s == "" {
		return ""
	}
	b := make([]byte, 0, 3*len(s)-1)
	for i := 0; i < len(s); i++ {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, digits[s[i]>>4], digits[s[i]&15])
	}
	return string(b)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
