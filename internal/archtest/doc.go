// Package archtest holds the architecture test: every package under
// internal/ has a level, and imports only point down. It has no code.
package archtest
