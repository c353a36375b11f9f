package s3xml

import (
	"io"

	"github.com/coffer-s3/coffer/internal/apierr"
)

// EncodeError writes e as S3's Error document: Code, Message, e's extra
// elements in order, Resource (when not empty), RequestId and HostId. Like
// AWS, the Error element has no namespace. Extra elements whose names are
// not valid XML names are dropped rather than corrupting the document.
func EncodeError(w io.Writer, e *apierr.Error, resource, requestID, hostID string) error {
	_, err := w.Write(AppendError(nil, e, resource, requestID, hostID))
	return err
}

// AppendError appends the document EncodeError writes to b.
func AppendError(b []byte, e *apierr.Error, resource, requestID, hostID string) []byte {
	if e == nil {
		e = apierr.InternalError
	}
	x := enc{b: b}
	x.b = append(x.b, Header...)
	x.open("Error")
	x.str("Code", e.Code)
	x.str("Message", e.Message)
	for _, f := range e.Extra {
		if validName(f.Name) {
			x.str(f.Name, f.Value)
		}
	}
	x.opt("Resource", resource)
	x.str("RequestId", requestID)
	x.str("HostId", hostID)
	x.close("Error")
	return x.b
}

// validName accepts the ASCII subset of XML names, which covers every
// element AWS adds to errors, and nothing that could break the markup.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}
