package server

import (
	"testing"
	"time"
)

func TestMetricsCountRequests(t *testing.T) {
	m := newMetrics()
	m.observe("GetObject", 200, time.Millisecond)
	m.observe("GetObject", 200, 2*time.Millisecond)
	m.observe("GetObject", 503, time.Millisecond)
	fams, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]float64{}
	for _, f := range fams {
		if f.GetName() != "coffer_s3_requests_total" {
			continue
		}
		for _, met := range f.GetMetric() {
			var op, st string
			for _, l := range met.GetLabel() {
				switch l.GetName() {
				case "op":
					op = l.GetValue()
				case "status":
					st = l.GetValue()
				}
			}
			counts[op+" "+st] = met.GetCounter().GetValue()
		}
	}
	if counts["GetObject 200"] != 2 || counts["GetObject 503"] != 1 {
		t.Fatalf("counts %v", counts)
	}
}
