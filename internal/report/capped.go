package report

import (
	"sort"

	"github.com/gdlint/gdlint/rules"
)

// capped keeps findings (or what a writer made of them) within the limits
// of the tool that reads the report, the most severe first: GitHub code
// scanning takes 25,000 SARIF results a run, and the Actions runner shows 10
// annotations of each level a step. It keeps at most total values, and at
// most perLevel[l] of level l (0: no limit of its own). Past the total,
// the least severe and latest value is dropped. What it drops it counts.
// Memory is bounded by total.
type capped struct {
	total    int
	perLevel [rules.LevelError + 1]int
	seq      int
	kept     [rules.LevelError + 1][]keptValue
	n        int // values kept
	dropped  [rules.LevelError + 1]int
}

type keptValue struct {
	seq int
	v   any
}

// admits reports whether a value of level l would be kept; when it would
// not, it counts it as dropped, and the caller need not build it.
func (c *capped) admits(l rules.Level) bool {
	if lim := c.perLevel[l]; lim > 0 && len(c.kept[l]) >= lim {
		c.dropped[l]++
		return false
	}
	if c.n < c.total {
		return true
	}
	for lv := rules.LevelNote; lv < l; lv++ {
		if len(c.kept[lv]) > 0 {
			return true
		}
	}
	c.dropped[l]++
	return false
}

// add keeps v, a value of level l that admits let in.
func (c *capped) add(l rules.Level, v any) {
	c.kept[l] = append(c.kept[l], keptValue{c.seq, v})
	c.seq++
	c.n++
	if c.n <= c.total {
		return
	}
	for lv := rules.LevelNote; lv <= rules.LevelError; lv++ {
		if k := len(c.kept[lv]); k > 0 {
			c.kept[lv] = c.kept[lv][:k-1]
			c.dropped[lv]++
			c.n--
			return
		}
	}
}

// inOrder returns what was kept, in the order it was added.
func (c *capped) inOrder() []any {
	var all []keptValue
	for _, k := range c.kept {
		all = append(all, k...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	out := make([]any, len(all))
	for i, k := range all {
		out[i] = k.v
	}
	return out
}

// ofLevel returns what was kept of level l, in the order it was added.
func (c *capped) ofLevel(l rules.Level) []any {
	out := make([]any, len(c.kept[l]))
	for i, k := range c.kept[l] {
		out[i] = k.v
	}
	return out
}

func (c *capped) droppedTotal() int {
	n := 0
	for _, d := range c.dropped {
		n += d
	}
	return n
}
