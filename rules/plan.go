package rules

import (
	"sort"

	"github.com/gdlint/gdlint/scanner"
)

// within keeps the matches that lie inside one of only (sorted, disjoint):
// in a Terraform plan, the planned values of the resources it deploys. The
// plan's other copies of the same values (variables, prior_state, the
// configuration) are not what is deployed, and reporting them would report
// one reference several times.
func within(ms []Match, only []scanner.Range) []Match {
	out := ms[:0:0]
	for _, m := range ms {
		i := sort.Search(len(only), func(i int) bool { return only[i].End > m.Start })
		if i < len(only) && only[i].Start <= m.Start && m.End <= only[i].End {
			out = append(out, m)
		}
	}
	return out
}
