package sigv4

import (
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/coffer-s3/coffer/internal/apierr"
)

const trailerSignature = "x-amz-trailer-signature"

// finish reads what follows the final chunk and requires the end of the
// body after it. SDKs differ here: HTTP-chunked style "0\r\n" then trailer
// lines then "\r\n" (aws-sdk-go-v2, botocore), or the documented signed
// form "0;chunk-signature=...\r\n\r\n" then trailer lines, with or without
// a closing "\r\n". So blank lines are allowed before and after the
// trailer lines, and the last line may lack its line end.
func (r *ChunkedReader) finish() error {
	trailerMode := r.cfg.Mode != PayloadStreaming
	inTrailers, ended, blanks := false, false, 0
	for {
		line, err := r.readLine()
		eof := err == io.EOF
		if err != nil && !eof {
			return ioError(err)
		}
		if len(line) == 0 {
			if eof {
				break
			}
			if inTrailers {
				inTrailers, ended = false, true
			}
			if blanks++; blanks > 3 {
				return apierr.MalformedTrailerError
			}
			continue
		}
		if ended || !trailerMode {
			return apierr.MalformedTrailerError
		}
		inTrailers = true
		if err := r.addTrailer(line); err != nil {
			return err
		}
		if eof {
			break
		}
	}
	if err := r.checkTrailers(); err != nil {
		return err
	}
	r.state = stDone
	return nil
}

func (r *ChunkedReader) addTrailer(line []byte) error {
	name, value, ok := bytes.Cut(line, []byte{':'})
	name, value = bytes.TrimSpace(name), bytes.TrimSpace(value)
	if !ok || len(name) == 0 || len(r.trailers) >= maxTrailers {
		return apierr.MalformedTrailerError
	}
	n := lowerASCII(string(name))
	if n == trailerSignature {
		if r.trailSig != "" {
			return apierr.MalformedTrailerError
		}
		r.trailSig = string(value)
		return nil
	}
	for _, f := range r.trailers {
		if f.name == n {
			return apierr.MalformedTrailerError
		}
	}
	r.trailers = append(r.trailers, trailerField{n, string(value)})
	return nil
}

// checkTrailers requires exactly the declared trailers and, for a signed
// trailer, its signature over "name:value\n" lines sorted by name.
func (r *ChunkedReader) checkTrailers() error {
	if len(r.trailers) != len(r.cfg.Trailers) {
		return apierr.MalformedTrailerError
	}
	for _, f := range r.trailers {
		if !slices.Contains(r.cfg.Trailers, f.name) {
			return apierr.MalformedTrailerError
		}
	}
	if r.cfg.Mode != PayloadStreamingTrailer || len(r.trailers) == 0 && r.trailSig == "" {
		return nil
	}
	slices.SortFunc(r.trailers, func(a, b trailerField) int { return strings.Compare(a.name, b.name) })
	if !hexEqual(r.trailSig, r.chain.trailer(canonicalTrailers(r.trailers))) {
		return errChunkSignature()
	}
	return nil
}

func canonicalTrailers(fs []trailerField) []byte {
	var b []byte
	for _, f := range fs {
		b = append(b, f.name...)
		b = append(b, ':')
		b = append(b, f.value...)
		b = append(b, '\n')
	}
	return b
}
