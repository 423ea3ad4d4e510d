package rules

import (
	"bytes"
	"slices"
	"strings"

	"github.com/gdlint/gdlint/scanner"
)

// conditionWords are what every GuardDuty condition gdlint reads is written
// with, unless its pattern names a known type (which the matcher sees):
// each reader's words (conditionReaders), in table order.
var (
	conditionWords = readerWords()
	directiveWords = lazyWords(func() wordSet { return newWordSet(directiveWord) })
	// eventWords are what GDL005 and GDL006 report on: a dead source or
	// detail-type (rules/data/events.json), or a spelling of detail-type
	// a pattern is recognised by.
	eventWords = lazyWords(func() wordSet { return newWordSet(eventPatternWords()...) })
	// consolidationWords are what GDL007 and GDL008 report on: a
	// standard's name as GeneratorIds write it (from
	// rules/data/consolidation.json), a security control ID field, and
	// ProductFields, on whose line or in whose value a removed key is read.
	consolidationWords = lazyWords(func() wordSet { return newWordSet(consolidationSignalWords()...) })
	// controlSignals are the context GDL009 reads a control in
	// (controlWords); a file must also hold a retired control's ID
	// (retiredControlIDs), which the pre-filter looks for first.
	controlSignals = lazyWords(func() wordSet { return newWordSet(controlWords...) })
	// signals finds any of them in one pass: most files hold none.
	// GDL009 is there by its IDs, not its context words, which are common.
	signals = lazyWords(func() wordSet { return newWordSet(signalWords()...) })
)

// signalWords are the words of every rule's pre-filter (signals).
func signalWords() []string {
	return append(append(append(append(slices.Clone(conditionWords), directiveWord), eventPatternWords()...), consolidationSignalWords()...), retiredControlWords()...)
}

func consolidationSignalWords() []string {
	words := slices.Clone(consolidationStandards)
	// "roductFields" is ProductFields and productFields (Java's
	// productFields()); "ecurityControlId" is SecurityControlId and
	// ComplianceSecurityControlId. Case-blind spellings (PRODUCTFIELDS)
	// are not looked for.
	return append(words, "roductFields", "product_fields", "ecurityControlId", "compliance_security_control_id")
}

// retiredControlWords are the retired controls' IDs, sorted.
func retiredControlWords() []string {
	var ids []string
	for _, p := range retiredControlIDs.passes {
		for _, w := range p.words {
			ids = append(ids, string(w.word))
		}
	}
	slices.Sort(ids)
	return ids
}

func eventPatternWords() []string {
	words := slices.Clone(detailTypeSpellings)
	for _, e := range BuiltinDeadEvents() {
		words = append(words, e.Value)
		words = append(words, e.Clients...) // GDL005 reads a retired service's calls where code names its client
	}
	return words
}

func readerWords() []string {
	var words []string
	for _, r := range conditionReaders {
		for _, w := range r.words {
			if !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
	}
	return words
}

// mayProduce reports whether a file that names no known type may still
// produce a finding: an ignore directive (GDL000), or a GuardDuty
// condition (one of conditionWords) with a value that has a finding
// type's shape (GDL002) or an operator that matches by pattern (GDL003 and
// GDL004). A file that mentions GuardDuty in prose or in a logsource, with
// no type and no operator, is not parsed. An escape that may stand for a
// letter can hide a condition word ("aws.gu\u0061rdduty"): such a file is
// looked at as if it held one (hasTypeShape takes an escape that can
// spell a type's character). A file
// with one of eventWords may hold an EventBridge pattern GDL005 or GDL006
// reports on, one with consolidationWords a Security Hub identifier
// GDL007 or GDL008 reports on, and one with a retired control's ID and one
// of controlWords a Security Hub control GDL009 reports on. format is the
// file's: in documentation (Format.IsProse) no escape is decoded
// (mayHideWord), and where a format's operators can be written is its
// operatorScope.
func mayProduce(src []byte, format scanner.Format) bool {
	prose := format.IsProse()
	if !signals.in(src) && !mayHideWord(src, prose) {
		return false
	}
	// The word sets first, hasTypeShape (a walk of every ':') last: when
	// one of them holds, it is not needed.
	if directiveWords.in(src) || eventWords.in(src) || consolidationWords.in(src) || mayHoldControl(src, prose) {
		return true
	}
	scope := operatorScope(format, src)
	if scope == noConditions {
		// GDL002 to GDL004, the rules of conditions, are all that is left,
		// and a file with no value tree has no condition; an escape may
		// still hide one of the words above.
		return mayHideWord(src, prose)
	}
	return valueOperators.in(src) || scope == anyToken && keyOperators.in(src) ||
		scope == keyPosition && keyOperators.inWhere(src, mayBeKey) || hasTypeShape(src, prose)
}

// opScope is where a file's conditions may write a keyed operator.
type opScope uint8

const (
	// noConditions: the format's parse builds no value tree
	// (scanner.ParseWith: prose, code, shell, text configs), so no
	// condition is read from it.
	noConditions opScope = iota
	// keyPosition: JSON and YAML, where a key is followed by its ':' or
	// marked as one before it (mayBeKey).
	keyPosition
	// anyToken: anywhere as a token: HCL, where a block's type is a key
	// with its labels between it and its body.
	anyToken
)

// operatorScope returns where a keyed operator may be written in src, a
// file of format: as scanner.ParseWith reads it, which reads a Terraform
// plan as JSON whatever its name.
func operatorScope(format scanner.Format, src []byte) opScope {
	switch format {
	case scanner.JSON, scanner.TerraformJSON, scanner.YAML, scanner.Template:
		return keyPosition
	case scanner.HCL:
		return anyToken
	case scanner.Unknown:
		if scanner.IsTerraformPlan(src) {
			return keyPosition
		}
	}
	return noConditions
}

// mayBeKey reports whether the token src[start:end] may be a key of JSON
// or YAML: unless what follows it, past quotes, escapes (a pattern in a
// string: \"prefix\"\n:) and white space, line breaks included, is a
// letter, a digit, '.', '(' or '<', and nothing before it makes it a YAML
// key (keyMarked). No key is followed by one of those (its ':' comes
// first), and prose is: "a prefix of the bucket", "matches.", "wildcard
// (*)", "the prefix <bucket>-<account>".
// Anything else (a ':', a comment, a bracket, the end) may follow a key.
func mayBeKey(src []byte, start, end int) bool {
	for i := end; i < len(src); {
		switch c := src[i]; {
		case c == '"' || c == '\'' || c == '`' || isYAMLSpace(c):
			i++
		case c == '\\':
			if i+1 < len(src) && src[i+1] == 'u' {
				i += 6 // \u000a; one that may spell a letter makes mayHideWord hold
			} else {
				i += 2
			}
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '(' || c == '<':
			return keyMarked(src, start)
		default:
			return true
		}
	}
	return true
}

// keyMarked reports whether what comes before src[start:] may make the
// scalar there a YAML key with no ':' after it: an anchor ("- &op prefix",
// whose alias "*op" can be a key elsewhere), an explicit key's '?' ("?
// prefix", with its ':' after a comment or none), or a block scalar's
// header ("? |-" and the scalar on the next line), each perhaps with a
// tag ("&op !!str prefix") and quotes between.
func keyMarked(src []byte, start int) bool {
	i := start
	for {
		for i > 0 && (src[i-1] == '"' || src[i-1] == '\'' || isYAMLSpace(src[i-1])) {
			i--
		}
		j := i // the run of bytes before the scalar, up to white space
		for j > 0 && !isYAMLSpace(src[j-1]) {
			j--
		}
		run := bytes.TrimLeft(src[j:i], "[{,") // a flow collection's: "[&op prefix]"
		if len(run) == 0 {
			return false
		}
		switch run[0] {
		case '&', '?', '|', '>':
			return true
		case '!': // a tag: what is before it
			i = j
			continue
		}
		return false
	}
}

func isYAMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// mayHideWord reports whether src holds an escape that JSON, HCL or YAML
// decodes to a printable ASCII character (\u0061, \x61, \U00000061), or a
// backslash that ends a line (YAML's escaped line break, which joins
// "aws.gu\" and "ardduty"). In prose (Markdown, plain text; prose true)
// nothing decodes a line break: there it is a shell command's
// continuation, which fills runbooks, and hides no word from the rules,
// which read prose as written.
func mayHideWord(src []byte, prose bool) bool {
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\\')
		if i < 0 {
			return false
		}
		at := off + i
		rest := src[at+1:]
		switch {
		case !prose && len(rest) > 0 && (rest[0] == '\n' || rest[0] == '\r'):
			return true
		case hexPrintable(rest, 'u', 2), hexPrintable(rest, 'x', 0), hexPrintable(rest, 'U', 6):
			return true
		case len(rest) > 0 && rest[0] == '/' && endsWithSlashStem(src[:at]):
			return true // "cis-aws-foundations-benchmark\/v\/1.2.0\/1.1": JSON's "\/"
		}
		off = at + 1
		if len(rest) > 0 && rest[0] == '\\' {
			off++ // an escaped backslash escapes nothing after it
		}
	}
}

// slashStems are what the pre-filter's words with a '/' hold before it
// ("cis-aws-foundations-benchmark" of "cis-aws-foundations-benchmark/v/",
// "security-control" of "security-control/"): JSON may write the slash
// "\/", which hides the word from the pre-filter, and mayHideWord says
// so when a "\/" follows one of them.
var slashStems = func() [][]byte {
	var stems [][]byte
	for _, w := range append(append(consolidationSignalWords(), retiredControlWords()...), controlWords...) {
		if i := strings.IndexByte(w, '/'); i > 0 && !slices.ContainsFunc(stems, func(s []byte) bool { return string(s) == w[:i] }) {
			stems = append(stems, []byte(w[:i]))
		}
	}
	return stems
}()

func endsWithSlashStem(b []byte) bool {
	for _, s := range slashStems {
		if bytes.HasSuffix(b, s) {
			return true
		}
	}
	return false
}

// hexPrintable reports whether b is letter, then zeros zeros, then two hex
// digits of a printable ASCII character (0x20 to 0x7e).
func hexPrintable(b []byte, letter byte, zeros int) bool {
	if len(b) < 1+zeros+2 || b[0] != letter {
		return false
	}
	for _, c := range b[1 : 1+zeros] {
		if c != '0' {
			return false
		}
	}
	hi, lo := b[1+zeros], b[2+zeros]
	return '2' <= hi && hi <= '7' && isHex(lo) && !(hi == '7' && (lo == 'f' || lo == 'F'))
}

// keyOperators and valueOperators are the spellings of every operator
// that matches types by pattern, as whole tokens, from the condition
// readers' tables: those written as keys (EventBridge's, GuardDuty's
// Matches and NotMatches) and those written as values (Security Hub's
// comparisons other than equality).
var (
	keyOperators   = lazyWords(func() wordSet { return newTokenSet(operatorSpellings(true)...) })
	valueOperators = lazyWords(func() wordSet { return newTokenSet(operatorSpellings(false)...) })
)

// patternOperatorSpellings are the spellings of both.
func patternOperatorSpellings() []string {
	words := append(operatorSpellings(true), operatorSpellings(false)...)
	slices.Sort(words)
	return slices.Compact(words)
}

// operatorSpellings are the pattern operators of the readers whose
// operators are keys (keyed true) or values.
func operatorSpellings(keyed bool) []string {
	var words []string
	for _, r := range conditionReaders {
		if r.keyed == keyed {
			words = append(words, r.operators...)
		}
	}
	slices.Sort(words)
	return slices.Compact(words)
}

// hasTypeShape reports whether src holds a token with a finding type's
// shape (ValidTypeName), or a part of one after '/' or ':', read with
// "\/" (JSON's and YAML's escape of '/') as the '/' it decodes to; or an
// escape that may decode to a character of one: a hex escape of a
// printable character or an escaped line break (mayHideWord). Other
// escapes decode to what no type holds (a quote, a backslash, a control
// character, a space), so a file of regular expressions (a CloudFormation
// template's AllowedPattern, "key\/[a-f0-9]{8}") is not parsed for its
// backslashes alone.
func hasTypeShape(src []byte, prose bool) bool {
	if mayHideWord(src, prose) {
		return true
	}
	for pos := 0; pos < len(src); {
		i := bytes.IndexByte(src[pos:], ':')
		if i < 0 {
			return false
		}
		colon := pos + i
		start, end := colon, colon+1
		escaped := false // the token holds "\/"
		for start > 0 {
			if typeChar[src[start-1]] {
				start--
			} else if src[start-1] == '\\' && src[start] == '/' {
				start, escaped = start-1, true
			} else {
				break
			}
		}
		for end < len(src) {
			if typeChar[src[end]] {
				end++
			} else if src[end] == '\\' && end+1 < len(src) && src[end+1] == '/' {
				end, escaped = end+2, true
			} else {
				break
			}
		}
		pos = end
		for s := start; s < colon; s++ {
			if s > start && src[s-1] != '/' && src[s-1] != ':' {
				continue
			}
			tok := strings.TrimRight(string(src[s:end]), ".:!")
			if escaped {
				tok = strings.ReplaceAll(tok, `\/`, "/")
			}
			if ValidTypeName(tok) {
				return true
			}
			if t, ok := asffToType(tok, true); ok && ValidTypeName(t) { // Security Hub's spelling
				return true
			}
		}
	}
	return false
}
