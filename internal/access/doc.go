// Package access is the one place where requests are authorized. It gathers
// what applies to a request (the principal, the action, the resource and its
// owner, and, as features land, identity policies, bucket policies, Block
// Public Access and endpoint policies) and returns a decision. Transport
// layers call it before any handler runs; handlers never decide access.
// It must not import HTTP handlers or the engine.
package access
