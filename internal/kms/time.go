package kms

import "time"

func timeDays(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
