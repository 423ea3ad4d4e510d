package report

import (
	"bytes"
	"strings"
)

// The XML reports are checked line by line against their writers'
// templates, in one pass over the bytes: every value gdlint writes into
// them is escaped text (xmlAttr) that holds no quote and no angle
// bracket, so each value runs to the next '"' or '<', and the literal
// text around it must be exactly the writer's.

// hole is a value in a line template: what it may hold.
type hole uint8

const (
	hText   hole = iota + 1 // escaped text, as xmlAttr writes it
	hDigits                 // a line, column or count
	hRule                   // a gdlint rule's ID
	hLevel                  // error, warning or note
	hSev                    // checkstyle's error, warning or info
	hNamed                  // a JUnit case name: a rule ID, a space, then text
)

// piece is a literal (lit != "") or a hole.
type piece struct {
	lit  string
	hole hole
}

func lt(s string) piece { return piece{lit: s} }
func hl(k hole) piece   { return piece{hole: k} }

// matchLine reports whether line is the template ps: literals as they are,
// each hole running to the first byte of the literal after it.
func matchLine(line []byte, ps ...piece) bool {
	for i, p := range ps {
		if p.lit != "" {
			if !bytes.HasPrefix(line, []byte(p.lit)) {
				return false
			}
			line = line[len(p.lit):]
			continue
		}
		end := len(line)
		if i+1 < len(ps) {
			if end = bytes.IndexByte(line, ps[i+1].lit[0]); end < 0 {
				return false
			}
		}
		if !holds(p.hole, line[:end]) {
			return false
		}
		line = line[end:]
	}
	return len(line) == 0
}

// entities are the escapes xmlAttr writes.
var entities = []string{"&amp;", "&lt;", "&gt;", "&#34;", "&#39;", "&#xA;", "&#x9;", "&#xD;"}

func holds(k hole, v []byte) bool {
	switch k {
	case hText:
		for i := 0; i < len(v); i++ {
			switch v[i] {
			case '"', '<', '>', '\n', '\r':
				return false
			case '&':
				ok := false
				for _, e := range entities {
					if bytes.HasPrefix(v[i:], []byte(e)) {
						ok = true
						break
					}
				}
				if !ok {
					return false
				}
			}
		}
		return true
	case hDigits:
		if len(v) == 0 {
			return false
		}
		for _, c := range v {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	case hRule:
		return ruleID(string(v))
	case hLevel:
		s := string(v)
		return s == "error" || s == "warning" || s == "note"
	case hSev:
		s := string(v)
		return s == "error" || s == "warning" || s == "info"
	case hNamed:
		id, rest, ok := bytes.Cut(v, []byte(" "))
		return ok && ruleID(string(id)) && holds(hText, rest)
	}
	return false
}

// xmlLines are the lines of an XML report after its declaration, or nil
// when it does not start with the one gdlint writes or does not end with
// a line break.
func xmlLines(src []byte) [][]byte {
	const decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	if !bytes.HasPrefix(src, []byte(decl)) || !bytes.HasSuffix(src, []byte("\n")) {
		return nil
	}
	return bytes.Split(src[len(decl):len(src)-1], []byte("\n"))
}

func ownCheckstyle(src []byte) bool {
	lines := xmlLines(src)
	if len(lines) < 2 || string(lines[0]) != `<checkstyle version="4.3">` || string(lines[len(lines)-1]) != `</checkstyle>` {
		return false
	}
	body := lines[1 : len(lines)-1]
	for len(body) > 0 {
		if !matchLine(body[0], lt(`  <file name="`), hl(hText), lt(`">`)) {
			return false
		}
		n := 1
		for n < len(body) && matchLine(body[n], lt(`    <error line="`), hl(hDigits), lt(`" column="`), hl(hDigits), lt(`" severity="`), hl(hSev),
			lt(`" message="`), hl(hText), lt(`" source="gdlint.`), hl(hRule), lt(`"/>`)) {
			n++
		}
		if n == 1 || n == len(body) || string(body[n]) != "  </file>" {
			return false
		}
		body = body[n+1:]
	}
	return true
}

func ownJUnit(src []byte) bool {
	lines := xmlLines(src)
	if len(lines) < 2 || string(lines[0]) != `<testsuites name="gdlint">` || string(lines[len(lines)-1]) != `</testsuites>` {
		return false
	}
	body := lines[1 : len(lines)-1]
	if len(body) == 3 && string(body[0]) == `  <testsuite name="gdlint" tests="1" failures="0">` &&
		matchLine(body[1], lt(`    <testcase classname="gdlint" name="no problems found in `), hl(hText), lt(`"/>`)) &&
		string(body[2]) == "  </testsuite>" {
		return true
	}
	if len(body) == 0 {
		return false
	}
	for len(body) > 0 {
		if !matchLine(body[0], lt(`  <testsuite name="`), hl(hText), lt(`" tests="`), hl(hDigits), lt(`" failures="`), hl(hDigits), lt(`">`)) {
			return false
		}
		n := 1
		for n+2 < len(body) && matchLine(body[n], lt(`    <testcase classname="`), hl(hText), lt(`" name="`), hl(hNamed), lt(`">`)) &&
			junitOutcome(body[n+1]) && string(body[n+2]) == "    </testcase>" {
			n += 3
		}
		if n == 1 || n == len(body) || string(body[n]) != "  </testsuite>" {
			return false
		}
		body = body[n+1:]
	}
	return true
}

// junitOutcome is a case's failure or output: the finding as text.
func junitOutcome(line []byte) bool {
	finding := func(v []byte) bool {
		s := string(v)
		open := strings.LastIndex(s, " [")
		return holds(hText, v) && open > 0 && strings.HasSuffix(s, "]") && ruleID(s[open+2:len(s)-1])
	}
	if matchLine(line, lt(`      <failure type="`), hl(hLevel), lt(`" message="`), hl(hText), lt(`">`), hl(hText), lt(`</failure>`)) {
		v := line[bytes.IndexByte(line, '>')+1 : len(line)-len("</failure>")]
		return finding(v)
	}
	if matchLine(line, lt(`      <system-out>`), hl(hText), lt(`</system-out>`)) {
		return finding(line[len("      <system-out>") : len(line)-len("</system-out>")])
	}
	return false
}
