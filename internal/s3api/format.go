package s3api

import (
	"net/http"
	"strconv"
	"time"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func httpTime(t time.Time) string { return t.UTC().Format(http.TimeFormat) }

func quote(etag string) string { return `"` + etag + `"` }
