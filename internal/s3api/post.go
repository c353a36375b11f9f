package s3api

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/authn"
	"github.com/coffer-s3/coffer/internal/engine"
	"github.com/coffer-s3/coffer/internal/policy"
	"github.com/coffer-s3/coffer/internal/postpolicy"
	"github.com/coffer-s3/coffer/internal/s3xml"
	"github.com/coffer-s3/coffer/internal/sigv4"
)

// postState is what authentication read from a browser POST form: the
// fields before the file, the file size bounds its policy sets, and the
// form reader positioned at the file content.
type postState struct {
	form  *postpolicy.Form
	size  postpolicy.SizeRange
	sigV2 bool
}

func missingField(name string) *apierr.Error {
	return apierr.InvalidArgument.WithMessage("Bucket POST must contain a field named '"+name+"'.  If it is specified, please check the order of the fields.").
		With("ArgumentName", name).With("ArgumentValue", "")
}

// authenticatePost is the authentication stage of a POST upload: the
// credentials are form fields, which precede the file. It reads them
// (bounded), verifies the policy's signature, checks the policy against the
// form and names the key, so that authorization sees s3:PutObject on the
// real object. The file content stays unread: it becomes the request body.
func (c *call) authenticatePost() (*authn.Result, error) {
	boundary, err := postpolicy.Boundary(c.r.Header.Get("Content-Type"))
	if err != nil {
		return nil, err
	}
	rd := postpolicy.NewReader(c.r.Body, boundary)
	form, err := rd.ReadForm()
	if err != nil {
		return nil, err
	}
	// Variables are expanded before anything is checked against them.
	form.ExpandFilename()
	sig, err := postSignature(form)
	if err != nil {
		return nil, err
	}
	key, ok := form.Get("key")
	if !ok {
		return nil, missingField("key")
	}
	res, err := c.h.authn.AuthenticatePost(c.ctx, sig)
	if err != nil {
		return nil, err
	}
	st := &postState{form: form, sigV2: sig.Version == 2}
	if sig.Version != 0 {
		p, err := postpolicy.Parse(sig.Policy)
		if err != nil {
			return nil, err
		}
		if st.size, err = p.Check(form, c.bucket, c.start, st.sigV2); err != nil {
			return nil, err
		}
		// A SigV4 signing key lives seven days, and so does a policy it
		// signed, whatever the policy's own expiration says.
		if sig.Version == 4 && c.start.Sub(res.Auth.RequestTime) > sigv4.MaxPresignExpires {
			return nil, apierr.PostPolicyDenied.WithMessage("Invalid according to Policy: Policy expired.")
		}
	}
	c.key, c.post = key, st
	res.Body = rd.File()
	return res, nil
}

// postSignature reads the signature fields: SigV4 when any of its fields is
// there, SigV2 when AWSAccessKeyId or signature is, else anonymous (a form
// without credentials is an anonymous upload, policy or not).
func postSignature(f *postpolicy.Form) (*authn.PostSignature, error) {
	get := func(n string) string { v, _ := f.Get(n); return v }
	has := func(n string) bool { _, ok := f.Get(n); return ok }
	s := &authn.PostSignature{Policy: get("policy"), SecurityToken: get("x-amz-security-token")}
	switch {
	case has("x-amz-algorithm") || has("x-amz-credential") || has("x-amz-date") || has("x-amz-signature"):
		for _, n := range []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Signature", "Policy"} {
			if !has(n) {
				return nil, missingField(n)
			}
		}
		s.Version, s.Algorithm, s.Credential, s.Date, s.Signature = 4, get("x-amz-algorithm"), get("x-amz-credential"), get("x-amz-date"), get("x-amz-signature")
	case has("awsaccesskeyid") || has("signature"):
		for _, n := range []string{"AWSAccessKeyId", "Signature", "Policy"} {
			if !has(n) {
				return nil, missingField(n)
			}
		}
		s.Version, s.AccessKeyID, s.Signature = 2, get("awsaccesskeyid"), get("signature")
	}
	return s, nil
}

// postContextKeys sets the condition keys of a POST upload: its auth type,
// and the keys PUT takes from headers, here from the form.
func (c *call) postContextKeys(pc *policy.Context) {
	if c.post == nil {
		return
	}
	if !c.auth.Auth.Anonymous() {
		pc.SetKey(kAuthType, "POST")
	}
	for _, hk := range headerKeys {
		if v, ok := c.post.form.Get(hk.header); ok && v != "" {
			pc.SetKey(hk.key, v)
		}
	}
	// The form names the canned ACL "acl" (s3:x-amz-acl for policies).
	if v, ok := c.post.form.Get("acl"); ok && v != "" {
		pc.SetKey(kACL, v)
	}
}

// formHeader presents the form fields as the request headers a PUT would
// carry, so that a POST stores the same attributes as PutObject.
func formHeader(f *postpolicy.Form) http.Header {
	h := http.Header{}
	for _, fl := range f.Fields {
		h.Add(http.CanonicalHeaderKey(fl.Name), fl.Value)
	}
	return h
}

func postObject(c *call) error {
	p := c.post
	h := formHeader(p.form)
	attrs, err := objectAttrs(h, false)
	if err != nil {
		return err
	}
	if v, ok := p.form.Get("acl"); ok {
		// The form names the canned ACL "acl", not x-amz-acl.
		h.Set("X-Amz-Acl", v)
	}
	owner, err := c.objectWriteACL(h, &attrs)
	if err != nil {
		return err
	}
	if v, ok := p.form.Get("tagging"); ok {
		t, err := s3xml.DecodeTagging(strings.NewReader(v), s3xml.ObjectTags)
		if err != nil {
			return err
		}
		attrs.Tags = tagsFromXML(t.TagSet)
	}
	ck, err := formChecksum(h)
	if err != nil {
		return err
	}
	// The form's encryption fields (and the bucket's default) apply as
	// their headers do on a PUT, with the same transport and key-policy
	// checks.
	wk, err := c.writeKeysFrom(h)
	if err != nil {
		return err
	}
	body := &sizeGuard{r: c.auth.Body, sr: p.size}
	out, err := c.h.eng.PutObject(c.ctx, &engine.PutInput{
		Bucket: c.bucket, Key: c.key, Owner: owner, Body: body, Size: -1,
		ContentMD5: h.Get("Content-Md5"), Checksum: ck, Attrs: attrs, Keys: wk,
	})
	if err != nil {
		return err
	}
	setSSEHeaders(c.w.Header(), &out.Encryption, wk.CustomerKey)
	return c.postResponse(out)
}

// formChecksum reads an additional checksum from the form: a value field
// x-amz-checksum-<alg>, with x-amz-checksum-algorithm naming it.
func formChecksum(h http.Header) (engine.ChecksumInput, error) {
	c := &call{r: &http.Request{Header: h}, auth: &authn.Result{}}
	return c.requestChecksum()
}

func (c *call) postResponse(out *engine.PutOutput) error {
	hdr := c.w.Header()
	etag := quote(out.ETag)
	location := c.objectURL()
	hdr.Set("ETag", etag)
	hdr.Set("Location", location)
	if out.VersionID != "" {
		hdr.Set("X-Amz-Version-Id", out.VersionID)
	}
	setChecksumHeaders(hdr, out.Checksum)
	redirect, ok := c.post.form.Get("success_action_redirect")
	if !ok {
		redirect, _ = c.post.form.Get("redirect")
	}
	if u := redirectURL(redirect, c.bucket, c.key, etag); u != "" {
		hdr.Set("Location", u)
		return c.empty(http.StatusSeeOther)
	}
	status, _ := c.post.form.Get("success_action_status")
	switch status {
	case "200":
		return c.empty(http.StatusOK)
	case "201":
		var b bytes.Buffer
		b.WriteString(s3xml.Header)
		b.WriteString("<PostResponse><Location>")
		xmlText(&b, location)
		b.WriteString("</Location><Bucket>")
		xmlText(&b, c.bucket)
		b.WriteString("</Bucket><Key>")
		xmlText(&b, c.key)
		b.WriteString("</Key><ETag>")
		xmlText(&b, etag)
		b.WriteString("</ETag></PostResponse>")
		hdr.Set("Content-Type", "application/xml")
		hdr.Set("Content-Length", itoa(int64(b.Len())))
		c.status = http.StatusCreated
		c.w.WriteHeader(http.StatusCreated)
		c.w.Write(b.Bytes())
		return nil
	}
	return c.empty(http.StatusNoContent)
}

// objectURL is the stored object's URL as S3 reports it in Location: the
// request's scheme and host, the key escaped (slashes included).
func (c *call) objectURL() string {
	scheme := "http://"
	if c.r.TLS != nil {
		scheme = "https://"
	}
	if c.vhostBucket != "" {
		return scheme + c.r.Host + "/" + url.PathEscape(c.key)
	}
	return scheme + c.r.Host + "/" + c.bucket + "/" + url.PathEscape(c.key)
}

// redirectURL is success_action_redirect with bucket, key and etag added
// to its query, or "" when it is not an absolute http(s) URL (S3 then acts
// as if the field were absent). An existing query is kept as sent.
func redirectURL(raw, bucket, key, etag string) string {
	if raw == "" {
		return ""
	}
	base, frag, hasFrag := strings.Cut(raw, "#")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
		if strings.HasSuffix(base, "?") || strings.HasSuffix(base, "&") {
			sep = ""
		}
	}
	out := base + sep + "bucket=" + url.QueryEscape(bucket) + "&key=" + url.QueryEscape(key) + "&etag=" + url.QueryEscape(etag)
	if hasFrag {
		out += "#" + frag
	}
	return out
}

func xmlText(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#13;")
		default:
			b.WriteByte(ch)
		}
	}
}

// sizeGuard enforces the file size bounds of the policy (and S3's 5 GiB
// limit) while the file streams to storage: past the maximum it reads the
// rest of the file to report its size, and at the end it checks the
// minimum, so that an out-of-range file fails before it is committed.
type sizeGuard struct {
	r  io.Reader
	sr postpolicy.SizeRange
	n  int64
}

func (g *sizeGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n += int64(n)
	max := int64(engine.MaxPutSize)
	if g.sr.Set && g.sr.Max < max {
		max = g.sr.Max
	}
	if g.n > max {
		// Count the rest for ProposedSize, but never past twice the limit.
		rest, _ := io.Copy(io.Discard, io.LimitReader(g.r, engine.MaxPutSize))
		return 0, postpolicy.TooLarge(g.n+rest, max)
	}
	if err == io.EOF {
		if e := g.sr.CheckSize(g.n); e != nil {
			return n, e
		}
	}
	return n, err
}
