package queryapi

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// IAMNamespace is the XML namespace of IAM responses.
const IAMNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"

// NewRequestID returns a fresh request id in AWS's UUID form.
func NewRequestID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("queryapi: no randomness: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Time renders a timestamp as the query services do: ISO 8601, UTC,
// second precision.
func Time(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// List is an XML list in the query protocol's shape: one <member> per
// item. A List field always renders its element, empty or not, as AWS does
// (<Users/>), so SDKs see an empty list rather than a missing one.
type List[T any] struct {
	Member []T `xml:"member"`
}

// ListOf wraps items.
func ListOf[T any](items []T) List[T] { return List[T]{Member: items} }

// Entry is one entry of an XML map (<entry><key/><value/></entry>).
type Entry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type responseMetadata struct {
	RequestID string `xml:"RequestId"`
}

// MarshalResult renders the response of a successful call:
// <ActionResponse xmlns=ns><ActionResult>result</ActionResult>
// <ResponseMetadata><RequestId/></ResponseMetadata></ActionResponse>.
// A nil result leaves out the ActionResult element, as AWS does for calls
// without output.
func MarshalResult(ns, action, requestID string, result any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	root := xml.StartElement{Name: xml.Name{Local: action + "Response"}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: ns}}}
	if err := enc.EncodeToken(root); err != nil {
		return nil, err
	}
	if result != nil {
		if err := enc.EncodeElement(result, xml.StartElement{Name: xml.Name{Local: action + "Result"}}); err != nil {
			return nil, err
		}
	}
	if err := enc.EncodeElement(responseMetadata{RequestID: requestID}, xml.StartElement{Name: xml.Name{Local: "ResponseMetadata"}}); err != nil {
		return nil, err
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return nil, err
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteResult writes a successful call's response (200).
func WriteResult(w http.ResponseWriter, ns, action, requestID string, result any) error {
	body, err := MarshalResult(ns, action, requestID, result)
	if err != nil {
		return err
	}
	writeXML(w, http.StatusOK, requestID, body)
	return nil
}

type errorBody struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Error     errorDetail
	RequestID string `xml:"RequestId"`
}

type errorDetail struct {
	Type    string
	Code    string
	Message string
}

// MarshalError renders an error response:
// <ErrorResponse xmlns=ns><Error><Type>Sender</Type><Code/><Message/></Error>
// <RequestId/></ErrorResponse>. The type is Receiver for server faults.
func MarshalError(ns, requestID string, e *apierr.Error) []byte {
	typ := "Sender"
	if e.Status >= 500 {
		typ = "Receiver"
	}
	out, err := xml.Marshal(errorBody{Xmlns: ns, Error: errorDetail{Type: typ, Code: e.Code, Message: e.Message}, RequestID: requestID})
	if err != nil {
		// Only strings are marshalled; this cannot happen.
		panic("queryapi: " + err.Error())
	}
	return append([]byte(xml.Header), out...)
}

// WriteError writes an error response with the error's status and headers.
// Errors other than *apierr.Error must be mapped by the caller first (they
// would leak internals); here they become InternalError.
func WriteError(w http.ResponseWriter, ns, requestID string, err error) {
	e := apierr.As(err)
	for _, h := range e.Header {
		w.Header().Set(h.Name, h.Value)
	}
	writeXML(w, e.Status, requestID, MarshalError(ns, requestID, e))
}

func writeXML(w http.ResponseWriter, status int, requestID string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("x-amzn-RequestId", requestID)
	w.WriteHeader(status)
	w.Write(body)
}
