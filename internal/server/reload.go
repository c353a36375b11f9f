package server

import (
	"context"
	"errors"
	"fmt"

	"github.com/coffer-s3/coffer/internal/netcfg"
)

// ReloadNetwork re-reads the network configuration file (on SIGHUP) and
// puts it in force: endpoint policies change for the next request,
// endpoints come and go, and their listeners open and close. Requests in
// flight finish where they started. The reload is all or nothing: when the
// file fails validation, a certificate does not load or a new listener
// cannot bind, the running configuration stays and the error says why.
func (s *Server) ReloadNetwork(ctx context.Context) error {
	n := s.net
	if n.file == "" {
		return nil
	}
	cfg, err := n.read()
	if err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.stopped {
		return errors.New("network config: the server is stopping")
	}
	if !n.started {
		// Run opens the listeners of whatever is in force then.
		return n.svc.Apply(ctx, cfg)
	}
	// Which listeners stay, which go, which come.
	var keep, gone []*ifaceListener
	var come []*netcfg.Endpoint
	for id, l := range n.listeners {
		e := cfg.Endpoint(id)
		if e != nil && e.Type == netcfg.Interface && e.Listen == l.listen && e.TLS() == (l.certs != nil) {
			keep = append(keep, l)
		} else {
			gone = append(gone, l)
		}
	}
	for _, e := range cfg.Interfaces() {
		if l := n.listeners[e.ID]; l == nil || !contains(keep, l) {
			come = append(come, e)
		}
	}
	// New certificates for the listeners that stay, loaded before anything
	// changes.
	certs := map[*ifaceListener]*certHolder{}
	for _, l := range keep {
		if e := cfg.Endpoint(l.id); e.TLS() {
			h := &certHolder{certFile: e.TLSCert, keyFile: e.TLSKey}
			if err := h.load(); err != nil {
				return fmt.Errorf("endpoint %s: %w", e.ID, err)
			}
			certs[l] = h
		}
	}
	// Bind what comes, except addresses a leaving listener still holds.
	held := map[string]bool{}
	for _, l := range gone {
		held[l.listen] = true
	}
	var opened []*ifaceListener
	var later []*netcfg.Endpoint
	fail := func(err error) error {
		for _, l := range opened {
			l.ln.Close()
		}
		return err
	}
	for _, e := range come {
		if held[e.Listen] {
			// Its address frees up only after the commit; check its
			// certificate now, so that only a bind failure can be left.
			if e.TLS() {
				h := &certHolder{certFile: e.TLSCert, keyFile: e.TLSKey}
				if err := h.load(); err != nil {
					return fail(fmt.Errorf("endpoint %s: %w", e.ID, err))
				}
			}
			later = append(later, e)
			continue
		}
		l, err := n.open(e)
		if err != nil {
			return fail(err)
		}
		opened = append(opened, l)
	}
	if err := n.svc.Apply(ctx, cfg); err != nil {
		return fail(err)
	}
	// Committed: swap certificates, retire, serve.
	for l, h := range certs {
		l.certs.mu.Lock()
		l.certs.cert, l.certs.certFile, l.certs.keyFile = h.cert, h.certFile, h.keyFile
		l.certs.mu.Unlock()
	}
	for _, l := range gone {
		s.log.Info("VPC endpoint listener closing", "endpoint", l.id, "addr", l.listen)
		n.retire(l)
	}
	for _, l := range opened {
		n.serve(l)
	}
	var errs []error
	for _, e := range later {
		l, err := n.open(e)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n.serve(l)
	}
	s.log.Info("network config reloaded", "file", n.file, "vpcs", len(cfg.VPCs), "endpoints", len(cfg.Endpoints))
	if len(errs) > 0 {
		return &PartialReloadError{Err: errors.Join(errs...)}
	}
	return nil
}

// PartialReloadError reports a reload that was put in force but whose
// listener for a moved endpoint could not be opened on its address after
// the old one was released.
type PartialReloadError struct{ Err error }

func (e *PartialReloadError) Error() string {
	return "network config applied, but a listener could not be opened: " + e.Err.Error()
}

func (e *PartialReloadError) Unwrap() error { return e.Err }

func contains(ls []*ifaceListener, l *ifaceListener) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}
