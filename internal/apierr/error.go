package apierr

import "errors"

// Error is an AWS-style API error. Handlers return it; one response writer
// renders it (XML for S3, query XML for IAM/STS, JSON for KMS).
type Error struct {
	Code    string
	Status  int
	Message string
	// Extra are additional elements of the error body, in order.
	Extra []Field
	// Header are response headers AWS sends with this error (e.g. x-amz-delete-marker).
	Header []Field
}

// Field is one name/value pair of an error body or header.
type Field struct{ Name, Value string }

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Is matches errors by code, so errors.Is(err, apierr.NoSuchKey) works for
// copies made by With and WithMessage.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

func (e *Error) clone() *Error {
	c := *e
	c.Extra = append([]Field(nil), e.Extra...)
	c.Header = append([]Field(nil), e.Header...)
	return &c
}

// With returns a copy carrying one more body element.
func (e *Error) With(name, value string) *Error {
	c := e.clone()
	c.Extra = append(c.Extra, Field{name, value})
	return c
}

// WithHeader returns a copy carrying one more response header.
func (e *Error) WithHeader(name, value string) *Error {
	c := e.clone()
	c.Header = append(c.Header, Field{name, value})
	return c
}

// WithMessage returns a copy with another message.
func (e *Error) WithMessage(msg string) *Error {
	c := e.clone()
	c.Message = msg
	return c
}

// Get returns the value of an extra body element, or "".
func (e *Error) Get(name string) string {
	for _, f := range e.Extra {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// As extracts an *Error from err; any other error becomes InternalError so
// that internal details never reach a client.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return InternalError
}

// IsCode reports whether err is an *Error with the given code.
func IsCode(err error, code *Error) bool { return errors.Is(err, code) }

func def(code string, status int, msg string) *Error {
	return &Error{Code: code, Status: status, Message: msg}
}
