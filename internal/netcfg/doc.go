// Package netcfg is the network configuration of a Coffer server: the
// private networks ("VPCs", each an id and its CIDRs), the VPC endpoints
// that reach storage from them (interface endpoints with a listener of
// their own, gateway endpoints that claim requests by source address),
// their endpoint policies, and the proxies trusted to name a client's
// address.
//
// It parses and validates the --network-config file (JSON, or YAML through
// sigs.k8s.io/yaml), compiles each endpoint policy once with the policy
// engine, and answers the attribution question: given the listener a
// request arrived on and its source address, which endpoint (if any) it
// belongs to.
//
// It is pure: no I/O (the caller reads the file and loads certificates),
// no clock, no package-level mutable state. It imports only the standard
// library, internal/policy, internal/apierr and sigs.k8s.io/yaml; never
// HTTP handlers, storage or the authorizer.
package netcfg
