package s3xml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// Decode reads one XML document of at most limit bytes from r into v, a
// pointer to a struct whose XMLName field names the expected root element.
//
// It answers with AWS's errors: MissingRequestBodyError for an empty body;
// MalformedXML for a body over limit, XML that is not well-formed, a DTD,
// a wrong root element or namespace, values that do not fit their fields,
// and content after the root. The S3 namespace may be present or absent.
// Errors from r itself (a failed payload signature, a broken connection)
// are returned unchanged. Elements the type does not know are skipped, as
// newer SDKs add fields; type-specific rules live in the Validate methods.
func Decode(r io.Reader, limit int64, v any) error {
	body, err := readLimited(r, limit)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return apierr.MissingRequestBodyError
	}
	return decodeBytes(body, v)
}

// readLimited reads all of r, failing with MalformedXML once more than
// limit bytes arrive, so memory stays bounded by limit.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	if limit < 0 {
		limit = 0
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, apierr.MalformedXML
	}
	return body, nil
}

func decodeBytes(body []byte, v any) error {
	space, local, ok := rootOf(v)
	if !ok {
		// A programming error, not the client's: no detail leaves the server.
		return apierr.InternalError
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	start, err := root(d)
	if err != nil {
		return err
	}
	if start.Name.Local != local || (start.Name.Space != "" && start.Name.Space != Namespace) {
		return apierr.MalformedXML
	}
	// The struct tag may name the namespace; an absent one is tolerated by
	// presenting the element as if it carried it.
	start.Name.Space = space
	if err := d.DecodeElement(v, &start); err != nil {
		return malformed(err)
	}
	return trailer(d)
}

// root skips the prolog and returns the root element's start. DTDs are
// refused outright: S3 bodies never carry one, and refusing them rules out
// entity tricks.
func root(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.StartElement{}, malformed(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return xml.StartElement{}, apierr.MalformedXML
			}
		case xml.Directive, xml.EndElement:
			return xml.StartElement{}, apierr.MalformedXML
		}
	}
}

// trailer accepts only whitespace, comments and processing instructions
// after the root element.
func trailer(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return malformed(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return apierr.MalformedXML
			}
		case xml.Comment, xml.ProcInst:
		default:
			return apierr.MalformedXML
		}
	}
}

// malformed maps decoding failures to MalformedXML but keeps API errors
// raised by UnmarshalXML methods.
func malformed(err error) error {
	var e *apierr.Error
	if errors.As(err, &e) {
		return e
	}
	return apierr.MalformedXML
}

// rootOf reads the namespace and local name from v's XMLName tag.
func rootOf(v any) (space, local string, ok bool) {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return "", "", false
	}
	f, found := t.Elem().FieldByName("XMLName")
	if !found {
		return "", "", false
	}
	name, _, _ := strings.Cut(f.Tag.Get("xml"), ",")
	if i := strings.LastIndexByte(name, ' '); i >= 0 {
		space, name = name[:i], name[i+1:]
	}
	return space, name, name != ""
}
