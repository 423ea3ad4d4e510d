package rules

import (
	"bytes"
	"fmt"

	"github.com/gdlint/gdlint/scanner"
)

// deadServiceCalls reports, in code that names a retired service's SDK
// client ('inspector', "@aws-sdk/client-inspector", …/service/inspector),
// a call of an operation only that service had: Inspector Classic's
// describe_findings, DescribeFindings, describeFindings. AWS revoked the
// service's APIs on its end date, so the call fails from then; Wazuh's
// AWS integration called describe_findings after it (wazuh #36733). The
// client's name alone is not reported: creating a client calls nothing,
// and Wazuh's fix still builds an 'inspector' client it never calls.
// Operations the retired service shares with a current one (ListFindings,
// which inspector2 has) are not in the list.
func (p *Pass) deadServiceCalls() {
	if !p.File.Format.IsCode() {
		return
	}
	src := p.File.Src
	for i := range dataDeadEvents {
		e := &dataDeadEvents[i]
		if len(e.Operations) == 0 || !namesAnyOf(src, e.Clients) {
			continue
		}
		for _, op := range e.Operations {
			for _, name := range operationSpellings(op) {
				for off := 0; off < len(src); {
					i := bytes.Index(src[off:], []byte(name))
					if i < 0 {
						break
					}
					start, end := off+i, off+i+len(name)
					off = end
					if start > 0 && isIdentByte(src[start-1]) || !calledAt(src, end) || p.File.InComment(start) {
						continue
					}
					p.reportDeadCall(e, op, scanner.Range{Start: start, End: end})
				}
			}
		}
	}
}

// operationSpellings are an operation's names in the SDKs: DescribeFindings
// (Go, JavaScript v3's DescribeFindingsCommand), describeFindings
// (JavaScript v2, Java), describe_findings (Python, Ruby).
func operationSpellings(op string) []string {
	snake := make([]byte, 0, len(op)+4)
	for i := 0; i < len(op); i++ {
		c := op[i]
		if 'A' <= c && c <= 'Z' {
			if i > 0 {
				snake = append(snake, '_')
			}
			c += 'a' - 'A'
		}
		snake = append(snake, c)
	}
	return []string{op, string(op[0]+'a'-'A') + op[1:], string(snake)}
}

// calledAt reports whether an operation's name that ends at end is
// called: followed by '(' (after spaces), directly or through one of the
// SDKs' names built from it (DescribeFindingsCommand(,
// DescribeFindingsWithContext(, describeFindingsAsync(). An import, a
// type (DescribeFindingsInput{) or a longer name (describe_findings_v1) is
// not a call.
func calledAt(src []byte, end int) bool {
	rest := src[end:]
	for _, s := range []string{"Command", "WithContext", "Async"} {
		if bytes.HasPrefix(rest, []byte(s)) {
			rest = rest[len(s):]
			break
		}
	}
	rest = bytes.TrimLeft(rest[:min(len(rest), 64)], " \t")
	return len(rest) > 0 && rest[0] == '('
}

func isIdentByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

func namesAnyOf(src []byte, words []string) bool {
	for _, w := range words {
		if bytes.Contains(src, []byte(w)) {
			return true
		}
	}
	return false
}

// reportDeadCall reports a call of a retired service's operation: an
// error in code, a warning (upcoming) while the catalog's date is before
// the service's end.
func (p *Pass) reportDeadCall(e *DeadEvent, op string, r scanner.Range) {
	cat := p.patternCategory(r)
	upcoming := e.RetiredOn != "" && p.Catalog.Date() != "" && e.RetiredOn > p.Catalog.Date()
	if upcoming && (cat == CategoryValue || cat == CategoryCode) {
		cat = CategoryUpcoming
	}
	msg := fmt.Sprintf("%s is an API operation of %s, which AWS ended on %s, revoking its APIs: this call fails; move to the service that replaced it (its events carry source %s)", op, e.Service, e.RetiredOn, insteadList(e.Instead))
	if upcoming {
		msg = fmt.Sprintf("%s is an API operation of %s, which AWS ends on %s: from then this call fails; plan to move to the service that replaced it (its events carry source %s)", op, e.Service, e.RetiredOn, insteadList(e.Instead))
	}
	p.Report(Diagnostic{Category: cat, Range: r, Message: msg})
}
