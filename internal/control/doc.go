// Package control keeps the account-level S3 settings that the S3 Control
// API manages: Block Public Access per account, and access points (name,
// alias, bucket, network origin, their own frozen Block Public Access and
// their policy, compiled once). It must not import HTTP handlers or the
// engine.
package control
