package server

import (
	"fmt"
	"os"

	"github.com/coffer-s3/coffer/internal/audit"
)

// openAudit opens the audit sink: --audit-log FILE appends JSON lines to
// FILE ("-" is standard output); none records nothing.
func (s *Server) openAudit() (audit.Sink, error) {
	switch s.cfg.AuditLog {
	case "":
		return nil, nil
	case "-":
		return audit.NewJSONLines(os.Stdout), nil
	}
	f, err := os.OpenFile(s.cfg.AuditLog, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	s.auditFile = f
	return audit.NewJSONLines(f), nil
}

func (s *Server) closeAudit() {
	if s.auditFile != nil {
		s.auditFile.Close()
		s.auditFile = nil
	}
}
