// Package loadgen is the `coffer bench` load generator: it drives any
// S3-compatible endpoint (Coffer or another server) with PUT, GET, HEAD or a
// weighted mix of them from many concurrent workers, and reports operations
// per second, throughput, latency percentiles, errors by status and S3 code,
// and how much CPU the generator itself spent per operation.
//
// Its purpose is to measure the server, so the request path is kept cheap:
// one tuned HTTP/1.1 transport, one shared read-only payload, requests and
// buffers reused per worker, SigV4 with UNSIGNED-PAYLOAD (or a payload hash
// computed once), and per-worker log-linear histograms merged at the end.
//
// It is a client and sits beside cmd/coffer at the wiring level: it talks to
// servers only over HTTP and must not import Coffer's server-side packages
// (s3api, engine, meta, blob, authn, authz, policy, server, ...). It imports
// only the standard library, internal/apierr (for error code names) and
// internal/sigv4's client signer, which is tested against aws-sdk-go-v2's
// and costs a fraction of its CPU, so the generator measures the server,
// not itself.
package loadgen
