package s3api

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/control"
)

// target is what a request addresses: a bucket (or an access point and its
// bucket) and a key.
type target struct {
	bucket string
	key    string
	// vhost is the bucket label of a virtual-hosted-style Host (SigV2 signs
	// it).
	vhost string
	ap    *control.AccessPoint
}

// resolve reads the addressing of a request. Access points are reached by
// alias (wherever a bucket name goes), or by a Host of the form
// NAME-ACCOUNT.<endpoint host>, which is what the SDKs send for access
// point ARNs against a custom endpoint, or NAME-ACCOUNT.s3-accesspoint.
// REGION.<domain> as on AWS.
func (h *Handler) resolve(r *http.Request) (target, error) {
	var t target
	host := strings.ToLower(r.Host)
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	path := r.URL.Path
	if path == "" {
		path = "/"
	}
	if path[0] != '/' {
		return t, apierr.InvalidURI
	}
	if ap, ok, err := h.accessPointHost(host); err != nil {
		return t, err
	} else if ok {
		return target{bucket: ap.Bucket, key: path[1:], vhost: host[:strings.IndexByte(host, '.')], ap: ap}, nil
	}
	if h.domain != "" && strings.HasSuffix(host, "."+h.domain) {
		t.vhost = host[:len(host)-len(h.domain)-1]
		t.bucket, t.key = t.vhost, path[1:]
	} else {
		rest := path[1:]
		t.bucket = rest
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			t.bucket, t.key = rest[:i], rest[i+1:]
		}
	}
	if strings.HasSuffix(t.bucket, "-s3alias") && h.control != nil {
		ap, ok := h.control.ByAlias(t.bucket)
		if !ok && r.Method == http.MethodPut && t.key == "" && r.URL.RawQuery == "" {
			// CreateBucket: the name rules refuse the reserved suffix
			// (InvalidBucketName), as S3 does.
			return t, nil
		}
		if !ok {
			return t, apierr.NoSuchBucket.With("BucketName", t.bucket)
		}
		t.ap, t.bucket = ap, ap.Bucket
	}
	return t, nil
}

// accessPointHost recognises NAME-ACCOUNT.<rest> hosts. <rest> must be an
// IP address (an SDK's ARN request to a custom endpoint), the configured
// domain, or s3-accesspoint.REGION.<domain or IP>. A host of that shape
// that names no access point is NoSuchAccessPoint, except under the plain
// domain, where it may be a virtual-hosted bucket.
func (h *Handler) accessPointHost(host string) (*control.AccessPoint, bool, error) {
	if h.control == nil {
		return nil, false, nil
	}
	label, rest, ok := strings.Cut(host, ".")
	if !ok || len(label) < 3+1+12 {
		return nil, false, nil
	}
	name, account := label[:len(label)-13], label[len(label)-12:]
	if label[len(label)-13] != '-' || !allDigits(account) || !control.ValidName(name) {
		return nil, false, nil
	}
	strict := false
	switch {
	case strings.HasPrefix(rest, "s3-accesspoint."):
		strict = true
	case isIP(rest):
		strict = true
	case h.domain != "" && rest == h.domain:
	default:
		return nil, false, nil
	}
	ap, found := h.control.ByName(account, name)
	if found {
		return ap, true, nil
	}
	if strict {
		return nil, false, control.ErrNoSuchAP.With("AccessPointName", name)
	}
	return nil, false, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(strings.Trim(s, "[]"))
	return err == nil
}
