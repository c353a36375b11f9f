package policy

import (
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Context holds the request's condition key values. The server builds one
// per request (reusing it through Reset keeps steady state allocation-free)
// and evaluation reads it by key id: an array index, not a map lookup.
type Context struct {
	idx  [numKeys]uint16 // 1-based index into vals; 0 = absent
	vals []value
	fam  []famValue // key families: aws:PrincipalTag/x, ...
}

// value is one key's request value(s), pre-parsed for its key type.
type value struct {
	s     string
	multi []string
	isMul bool
	num   float64
	numOK bool
	t     instant
	tOK   bool
	ip    netip.Addr
	bl    int8 // Bool keys: 1 true, 0 false, -1 neither
}

type famValue struct {
	id   KeyID
	name string
	v    value
}

// NewContext returns an empty context.
func NewContext() *Context { return &Context{} }

// Reset empties the context, keeping its storage.
func (c *Context) Reset() {
	c.idx = [numKeys]uint16{}
	clear(c.vals)
	c.vals = c.vals[:0]
	clear(c.fam)
	c.fam = c.fam[:0]
}

func parsedValue(typ KeyType, s string) value {
	v := value{s: s}
	switch typ {
	case TypeNumeric:
		v.num, v.numOK = parseNumber(s)
	case TypeDate:
		v.t, v.tOK = parseDate(s)
	case TypeBool:
		v.bl = parseBool(s)
	case TypeIP:
		if a, err := netip.ParseAddr(s); err == nil {
			v.ip = a.Unmap()
		}
	}
	return v
}

// SetKey sets a single-valued key. Setting a key twice keeps the last value.
func (c *Context) SetKey(k Key, s string) {
	c.put(k, parsedValue(keyTable[k.ID].typ, s))
}

// SetKeyMulti sets a multi-valued key (aws:TagKeys, aws:CalledVia, ...). The
// slice is kept, not copied. An empty slice is an empty set, which condition
// set operators treat as absent.
func (c *Context) SetKeyMulti(k Key, vs []string) {
	c.put(k, value{multi: vs, isMul: true})
}

func (c *Context) put(k Key, v value) {
	if k.Suffix != "" || k.family() {
		for i := range c.fam {
			f := &c.fam[i]
			if f.id == k.ID && f.name == k.Suffix {
				f.v = v
				return
			}
		}
		c.fam = append(c.fam, famValue{id: k.ID, name: k.Suffix, v: v})
		return
	}
	if i := c.idx[k.ID]; i != 0 {
		c.vals[i-1] = v
		return
	}
	c.vals = append(c.vals, v)
	c.idx[k.ID] = uint16(len(c.vals))
}

// Set sets a single-valued key by name; it reports false for an unknown key.
func (c *Context) Set(name, s string) bool {
	k, ok := LookupKey(name)
	if ok {
		c.SetKey(k, s)
	}
	return ok
}

// SetMulti sets a multi-valued key by name; it reports false for an unknown key.
func (c *Context) SetMulti(name string, vs []string) bool {
	k, ok := LookupKey(name)
	if ok {
		c.SetKeyMulti(k, vs)
	}
	return ok
}

// SetTime sets aws:CurrentTime and aws:EpochTime from the request time.
func (c *Context) SetTime(t time.Time) {
	t = t.UTC()
	in := instant{sec: t.Unix(), nsec: int32(t.Nanosecond())}
	c.put(keyCurrentTime, value{s: t.Format(time.RFC3339), t: in, tOK: true})
	c.put(keyEpochTime, value{s: strconv.FormatInt(t.Unix(), 10), t: in, tOK: true, num: float64(t.Unix()), numOK: true})
}

// lookup returns the value of a key, or nil when the request lacks it.
func (c *Context) lookup(k Key) *value {
	if c == nil {
		return nil
	}
	if k.Suffix == "" {
		if i := c.idx[k.ID]; i != 0 {
			return &c.vals[i-1]
		}
		return nil
	}
	fold := keyTable[k.ID].fold
	for i := range c.fam {
		f := &c.fam[i]
		if f.id != k.ID {
			continue
		}
		if f.name == k.Suffix || (fold && strings.EqualFold(f.name, k.Suffix)) {
			return &f.v
		}
	}
	return nil
}

// Get returns a single-valued key's value by name, for diagnostics.
func (c *Context) Get(name string) (string, bool) {
	k, ok := LookupKey(name)
	if !ok {
		return "", false
	}
	v := c.lookup(k)
	if v == nil || v.isMul {
		return "", false
	}
	return v.s, true
}

var (
	keyCurrentTime = MustKey("aws:CurrentTime")
	keyEpochTime   = MustKey("aws:EpochTime")
)

func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f != f {
		return 0, false
	}
	return f, true
}

func parseBool(s string) int8 {
	switch {
	case strings.EqualFold(s, "true"):
		return 1
	case strings.EqualFold(s, "false"):
		return 0
	}
	return -1
}
