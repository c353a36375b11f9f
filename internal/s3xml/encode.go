package s3xml

import (
	"encoding/xml"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// Header is the XML declaration AWS puts before every body.
const Header = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// timeLayout is how AWS writes timestamps in XML bodies.
const timeLayout = "2006-01-02T15:04:05.000Z"

// appender is implemented by the response types; their hand-written
// encoders are several times faster than encoding/xml, which matters for
// 1000-entry listings (see BenchmarkEncodeListBucketResult).
type appender interface{ appendXML(e *enc) }

// Marshal returns the declaration followed by v's XML. The response types
// of this package use their own encoders; any other value goes through
// encoding/xml.
func Marshal(v any) ([]byte, error) {
	e := enc{b: make([]byte, 0, 1024)}
	e.b = append(e.b, Header...)
	if a, ok := v.(appender); ok {
		a.appendXML(&e)
		return e.b, nil
	}
	body, err := xml.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(e.b, body...), nil
}

// Encode writes Marshal(v) to w in one Write.
func Encode(w io.Writer, v any) error {
	b, err := Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// enc appends XML to a byte slice. Element names are trusted constants;
// only text is escaped.
type enc struct{ b []byte }

func (e *enc) grow(n int) {
	if cap(e.b)-len(e.b) < n {
		nb := make([]byte, len(e.b), len(e.b)+n)
		copy(nb, e.b)
		e.b = nb
	}
}

// root opens the document element with the S3 namespace.
func (e *enc) root(name string) {
	e.b = append(e.b, '<')
	e.b = append(e.b, name...)
	e.b = append(e.b, ` xmlns="`+Namespace+`">`...)
}

func (e *enc) open(name string) {
	e.b = append(e.b, '<')
	e.b = append(e.b, name...)
	e.b = append(e.b, '>')
}

func (e *enc) close(name string) {
	e.b = append(e.b, '<', '/')
	e.b = append(e.b, name...)
	e.b = append(e.b, '>')
}

// str writes <name>v</name>, even when v is empty.
func (e *enc) str(name, v string) {
	e.open(name)
	e.b = appendEscaped(e.b, v)
	e.close(name)
}

// opt writes <name>v</name> only when v is not empty.
func (e *enc) opt(name, v string) {
	if v != "" {
		e.str(name, v)
	}
}

func (e *enc) int(name string, v int64) {
	e.open(name)
	e.b = strconv.AppendInt(e.b, v, 10)
	e.close(name)
}

func (e *enc) bool(name string, v bool) {
	e.open(name)
	e.b = strconv.AppendBool(e.b, v)
	e.close(name)
}

func (e *enc) time(name string, t time.Time) {
	e.open(name)
	e.b = appendTime(e.b, t)
	e.close(name)
}

// appendTime writes t in timeLayout without time.AppendFormat's generic
// layout interpretation, which was a third of a listing's encoding time.
func appendTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, timeLayout)
	}
	hour, minute, sec := t.Clock()
	ms := t.Nanosecond() / 1e6
	return append(b,
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+int(month)/10), byte('0'+int(month)%10), '-',
		byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':',
		byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10), '.',
		byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z')
}

func (e *enc) owner(name string, o *Owner) {
	if o == nil {
		return
	}
	e.open(name)
	e.str("ID", o.ID)
	e.opt("DisplayName", o.DisplayName)
	e.close(name)
}

func (e *enc) checksums(c *Checksums) {
	e.opt("ChecksumCRC32", c.ChecksumCRC32)
	e.opt("ChecksumCRC32C", c.ChecksumCRC32C)
	e.opt("ChecksumCRC64NVME", c.ChecksumCRC64NVME)
	e.opt("ChecksumSHA1", c.ChecksumSHA1)
	e.opt("ChecksumSHA256", c.ChecksumSHA256)
}

func (e *enc) prefixes(ps []CommonPrefix) {
	for _, p := range ps {
		e.open("CommonPrefixes")
		e.str("Prefix", p.Prefix)
		e.close("CommonPrefixes")
	}
}

// appendEscaped appends s as XML character data. Characters XML 1.0 cannot
// carry (most C0 controls, invalid UTF-8, U+FFFE/U+FFFF) become U+FFFD, as
// with encoding/xml, so the document stays well-formed; clients that need
// such keys exactly ask for encoding-type=url. Quotes are escaped as AWS
// does (ETag values read &quot;...&quot;).
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch c {
			case '&':
				esc = "&amp;"
			case '<':
				esc = "&lt;"
			case '>':
				esc = "&gt;"
			case '"':
				esc = "&quot;"
			case '\'':
				esc = "&apos;"
			case '\t':
				esc = "&#x9;"
			case '\n':
				esc = "&#xA;"
			case '\r':
				esc = "&#xD;"
			default:
				if c >= 0x20 {
					i++
					continue
				}
				esc = "\uFFFD"
			}
			b = append(b, s[last:i]...)
			b = append(b, esc...)
			i++
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
			b = append(b, s[last:i]...)
			b = append(b, "\uFFFD"...)
			i += size
			last = i
			continue
		}
		i += size
	}
	return append(b, s[last:]...)
}
