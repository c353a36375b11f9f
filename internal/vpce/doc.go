// Package vpce keeps the VPC endpoints in force: the network configuration
// the server runs with (internal/netcfg), and the endpoint policies set
// through the EC2 API (ModifyVpcEndpoint), which it stores in the metadata
// store's generic records. A policy set through the API wins over the
// file's until the file's policy for that endpoint changes.
//
// Readers get an immutable State (one atomic load per request); a reload or
// a policy change builds a new one. It is level 3: it imports meta, netcfg,
// access (for the request-level endpoint value) and policy, never HTTP
// handlers or the server.
package vpce
