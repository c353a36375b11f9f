package server

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus metrics, on their own registry (no
// package-level state), served by the debug listener.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coffer_s3_requests_total", Help: "S3 requests by operation and HTTP status.",
		}, []string{"op", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "coffer_s3_request_duration_seconds", Help: "S3 request duration by operation, from arrival to the end of the response.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"op"}),
	}
	m.reg.MustRegister(m.requests, m.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe records one S3 request.
func (m *metrics) observe(op string, status int, d time.Duration) {
	m.requests.WithLabelValues(op, statusLabel(status)).Inc()
	m.duration.WithLabelValues(op).Observe(d.Seconds())
}

// statusLabel avoids formatting the common statuses on every request.
func statusLabel(s int) string {
	switch s {
	case 200:
		return "200"
	case 204:
		return "204"
	case 206:
		return "206"
	case 304:
		return "304"
	case 403:
		return "403"
	case 404:
		return "404"
	}
	return strconv.Itoa(s)
}
