package loadgen

import (
	"fmt"
	"strconv"
	"strings"
)

// Op is one kind of timed operation.
type Op uint8

// The timed operations. Stat is HeadObject.
const (
	OpGet Op = iota
	OpPut
	OpStat
	NumOps
)

// opDelete is used only to clean up; it is never timed, so it lies outside
// the NumOps range that Mix and the per-op statistics cover.
const opDelete = NumOps

func (o Op) String() string {
	switch o {
	case OpGet:
		return "get"
	case OpPut:
		return "put"
	case OpStat:
		return "stat"
	case opDelete:
		return "delete"
	}
	return "op(" + strconv.Itoa(int(o)) + ")"
}

func opByName(name string) (Op, bool) {
	switch strings.ToLower(name) {
	case "get":
		return OpGet, true
	case "put":
		return OpPut, true
	case "stat", "head":
		return OpStat, true
	}
	return 0, false
}

// Mix holds the relative weight of each operation, indexed by Op. A single
// operation workload is a Mix with one non-zero weight.
type Mix [NumOps]uint32

// maxWeight keeps the sum of weights far from overflowing uint32.
const maxWeight = 1_000_000

// ParseMix parses a ratio such as "get=70,put=20,stat=10". Weights are
// relative (they need not add up to 100); omitted operations get weight 0.
func ParseMix(s string) (Mix, error) {
	var m Mix
	var seen [NumOps]bool
	if strings.TrimSpace(s) == "" {
		return m, fmt.Errorf("invalid mixed ratio %q: want e.g. get=70,put=20,stat=10", s)
	}
	for part := range strings.SplitSeq(s, ",") {
		name, val, ok := strings.Cut(part, "=")
		name, val = strings.TrimSpace(name), strings.TrimSpace(val)
		if !ok || name == "" || val == "" {
			return m, fmt.Errorf("invalid mixed ratio %q: %q is not op=weight", s, part)
		}
		op, ok := opByName(name)
		if !ok {
			return m, fmt.Errorf("invalid mixed ratio %q: unknown operation %q (use get, put or stat)", s, name)
		}
		if seen[op] {
			return m, fmt.Errorf("invalid mixed ratio %q: %s given twice", s, op)
		}
		seen[op] = true
		w, err := strconv.ParseUint(val, 10, 32)
		if err != nil || w > maxWeight {
			return m, fmt.Errorf("invalid mixed ratio %q: weight %q is not an integer from 0 to %d", s, val, maxWeight)
		}
		m[op] = uint32(w)
	}
	if m.total() == 0 {
		return m, fmt.Errorf("invalid mixed ratio %q: all weights are zero", s)
	}
	return m, nil
}

func (m Mix) total() uint32 {
	var t uint32
	for _, w := range m {
		t += w
	}
	return t
}

// has reports whether op has a non-zero weight.
func (m Mix) has(op Op) bool { return op < NumOps && m[op] > 0 }

// only returns the single operation of a one-operation mix.
func (m Mix) only() (Op, bool) {
	found, n := Op(0), 0
	for op, w := range m {
		if w > 0 {
			found, n = Op(op), n+1
		}
	}
	return found, n == 1
}

// String renders the non-zero weights in ParseMix's syntax.
func (m Mix) String() string {
	var b strings.Builder
	for op, w := range m {
		if w == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%d", Op(op), w)
	}
	return b.String()
}
