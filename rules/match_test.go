package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func findTypes(src string) []string {
	var out []string
	for _, m := range Builtin().Matcher().FindAll(nil, []byte(src)) {
		out = append(out, src[m.Start:m.End]+"="+m.Retired.Type)
	}
	return out
}

func TestMatcher(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{`"UnauthorizedAccess:EC2/TorIPCaller"`, []string{"UnauthorizedAccess:EC2/TorIPCaller=UnauthorizedAccess:EC2/TorIPCaller"}},
		{`see UnauthorizedAccess:EC2/TorIPCaller.`, []string{"UnauthorizedAccess:EC2/TorIPCaller=UnauthorizedAccess:EC2/TorIPCaller"}},
		{`Exfiltration:S3/ObjectRead.Unusual...`, []string{"Exfiltration:S3/ObjectRead.Unusual=Exfiltration:S3/ObjectRead.Unusual"}},
		{"Backdoor:EC2/XORDDOS\n", []string{"Backdoor:EC2/XORDDOS=Backdoor:EC2/XORDDOS"}},
		{`[Backdoor:EC2/XORDDOS,CryptoCurrency:EC2/BitcoinTool.A]`, []string{
			"Backdoor:EC2/XORDDOS=Backdoor:EC2/XORDDOS", "CryptoCurrency:EC2/BitcoinTool.A=CryptoCurrency:EC2/BitcoinTool.A"}},
		// Security Hub spellings, with '-' and with '.'.
		{`TTPs/Discovery/Recon:IAMUser-UserPermissions`, []string{"Recon:IAMUser-UserPermissions=Recon:IAMUser/UserPermissions"}},
		{`Software and Configuration Checks/PrivilegeEscalation:IAMUser.AdministrativePermissions`, []string{
			"PrivilegeEscalation:IAMUser.AdministrativePermissions=PrivilegeEscalation:IAMUser/AdministrativePermissions"}},
		// A query's field:value.
		{`type:Backdoor:EC2/XORDDOS`, []string{"Backdoor:EC2/XORDDOS=Backdoor:EC2/XORDDOS"}},
		// Escaped JSON: the backslash ends the token.
		{`"[\"Backdoor:EC2/XORDDOS\"]"`, []string{"Backdoor:EC2/XORDDOS=Backdoor:EC2/XORDDOS"}},
		// An escaped slash, as PHP's json_encode writes it, is a slash; an
		// escaped backslash before one is not.
		{`["Backdoor:EC2\/XORDDOS", "TTPs\/Discovery\/Recon:IAMUser-UserPermissions"]`, []string{
			`Backdoor:EC2\/XORDDOS=Backdoor:EC2/XORDDOS`, "Recon:IAMUser-UserPermissions=Recon:IAMUser/UserPermissions"}},
		{`"\nBackdoor:EC2\/XORDDOS." type:Recon:IAMUser\/UserPermissions`, []string{
			`Backdoor:EC2\/XORDDOS=Backdoor:EC2/XORDDOS`, `Recon:IAMUser\/UserPermissions=Recon:IAMUser/UserPermissions`}},
		{`Backdoor:EC2\\/XORDDOS Backdoor:EC2\/XORDDOSX Backdoor:EC2\/\/XORDDOS UnauthorizedAccess:IAMUser\/ConsoleLoginSuccess.B`, nil},
		// Near misses: active types that extend or resemble retired ones.
		{`UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B`, nil},
		{`Recon:IAMUser/TorIPCaller UnauthorizedAccess:IAMUser/TorIPCaller`, nil},
		{`UnauthorizedAccess:RDS/TorIPCaller`, nil},
		{`CryptoCurrency:EC2/BitcoinTool.B!DNS CryptoCurrency:EC2/BitcoinTool.B`, nil},
		{`Backdoor:EC2/XORDDOSX xBackdoor:EC2/XORDDOS Backdoor:EC2/XORDDOS-1 Backdoor:EC2/XORDDOS!DNS`, nil},
		{`CryptoCurrency:EC2/BitcoinTool.A.B`, nil},
		{`backdoor:ec2/xorddos`, nil}, // case matters: EventBridge matching is case-sensitive
		{`Recon:IAMUser-UserPermissionsX`, nil},
		{`UnauthorizedAccess:IAMUser/ConsoleLogin`, []string{"UnauthorizedAccess:IAMUser/ConsoleLogin=UnauthorizedAccess:IAMUser/ConsoleLogin"}},
		{``, nil},
		{`:::://///`, nil},
	}
	for _, tt := range tests {
		got := findTypes(tt.src)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("FindAll(%q)\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

// Every retired type and each of its Security Hub spellings is found when
// written alone, between any two non-type bytes.
func TestMatcherFindsEverySpelling(t *testing.T) {
	for _, r := range Builtin().RetiredTypes() {
		for _, s := range append([]string{r.Type}, SecurityHubSpellings(r.Type)...) {
			for _, wrap := range [][2]string{{"", ""}, {`"`, `"`}, {"# ", "."}, {"x=", ";"}, {"日本語", "。"}} {
				got := findTypes(wrap[0] + s + wrap[1])
				if len(got) != 1 || got[0] != s+"="+r.Type {
					t.Errorf("%q: got %q", wrap[0]+s+wrap[1], got)
				}
			}
		}
	}
}

func FuzzMatcher(f *testing.F) {
	f.Add([]byte(`"UnauthorizedAccess:EC2/TorIPCaller", UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B`))
	f.Add([]byte(`TTPs/Discovery/Recon:IAMUser-UserPermissions.`))
	f.Add([]byte(`:/.!&-`))
	m := Builtin().Matcher()
	every := *m
	every.everyColon = true
	f.Add([]byte(`key: Recon:IAMUser/TorIPCaller: x:Backdoor:EC2/XORDDOS:`))
	f.Add([]byte(`["Backdoor:EC2\/XORDDOS", "TTPs\/Recon:IAMUser-UserPermissions", "a:b\\/c\/"]`))
	f.Fuzz(func(t *testing.T, src []byte) {
		got, gotActive := m.find(nil, src)
		want, wantActive := every.find(nil, src)
		if !slices.Equal(got, want) || gotActive != wantActive {
			t.Fatalf("skipping bare colons: %v %v, scanning every colon: %v %v", got, gotActive, want, wantActive)
		}
		prev := 0
		for _, mt := range m.FindAll(nil, src) {
			if mt.Start < prev || mt.End <= mt.Start || mt.End > len(src) {
				t.Fatalf("bad range [%d,%d) after %d in %d bytes", mt.Start, mt.End, prev, len(src))
			}
			prev = mt.End
			got := strings.ReplaceAll(string(src[mt.Start:mt.End]), `\/`, "/")
			ok := got == mt.Retired.Type
			for _, s := range SecurityHubSpellings(mt.Retired.Type) {
				ok = ok || got == s
			}
			if !ok {
				t.Fatalf("range slices to %q, not a spelling of %s", got, mt.Retired.Type)
			}
			// Whole tokens: the byte after is not a type byte (trailing
			// dots and colons are punctuation only when no other type byte
			// follows them), and the byte before is not one either, unless
			// it is '/' or ':' or ends a backslash escape.
			if mt.End < len(src) && typeChar[src[mt.End]] {
				rest := mt.End
				for rest < len(src) && (src[rest] == '.' || src[rest] == ':' || src[rest] == '!') {
					rest++
				}
				if rest < len(src) && typeChar[src[rest]] {
					t.Fatalf("match %q is followed by type bytes", got)
				}
			}
			if b := mt.Start - 1; b >= 0 && typeChar[src[b]] && src[b] != '/' && src[b] != ':' && !escapeBefore(src, mt.Start) {
				t.Fatalf("match %q is glued to %q", got, src[b])
			}
		}
	})
}

// escapeBefore reports whether src[:i] ends with an unescaped backslash
// escape, by a regexp rather than the matcher's own code.
func escapeBefore(src []byte, i int) bool {
	m := escapeTailRE.FindSubmatch(src[:i])
	return m != nil && len(m[1])%2 == 1
}

var escapeTailRE = regexp.MustCompile(`(\\+)(?:[ntrbfv]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})$`)

// A type after an escape sequence is a whole token; after a literal letter,
// or a backslash that is itself escaped, it is not. A colon after a type is
// punctuation.
func TestMatchAfterEscapesAndBeforeColons(t *testing.T) {
	m := Builtin().Matcher()
	const typ = "Recon:IAMUser/NetworkPermissions"
	for src, want := range map[string]bool{
		`"channel.\n` + typ + `"`:     true,
		`"a\t` + typ + `\r"`:          true,
		`\r\n` + typ:                  true,
		`"\u000a` + typ + `"`:         true,
		`"\U0000000a` + typ + `"`:     true,
		`'\x0a` + typ + `'`:           true,
		`\b` + typ + `\b`:             true,
		`"\\n` + typ + `"`:            false, // an escaped backslash, then the letter n
		`n` + typ:                     false,
		`\q` + typ:                    false,
		`\u00` + typ:                  false,
		typ + `: isolate`:             true,
		`# see ` + typ + `: retired`:  true,
		`Retired: ` + typ + `: gone.`: true,
		typ + `:1`:                    false,
		typ + `::x`:                   false,
		`x` + typ + `:`:               false,
	} {
		got := m.FindAll(nil, []byte(src))
		if (len(got) == 1) != want || len(got) == 1 && src[got[0].Start:got[0].End] != typ {
			t.Errorf("%s: got %v, want a match: %v", src, got, want)
		}
	}
}

func BenchmarkMatcher(b *testing.B) {
	line := "resource \"aws_s3_bucket\" \"b\" { bucket = \"my-bucket\" tags = { Name: \"x\", Env: \"prod\" } }\n"
	src := []byte(strings.Repeat(line, 20000) + `"Backdoor:EC2/XORDDOS"`)
	m := Builtin().Matcher()
	b.SetBytes(int64(len(src)))
	var buf []Match
	for b.Loop() {
		buf = m.FindAll(buf[:0], src)
	}
}

// BenchmarkMatcherLargeCatalog is BenchmarkMatcher's input with 100,000
// custom retired types added to the catalog (none of them in the input):
// a large table must not slow matching much.
func BenchmarkMatcherLargeCatalog(b *testing.B) {
	line := "resource \"aws_s3_bucket\" \"b\" { bucket = \"my-bucket\" tags = { Name: \"x\", Env: \"prod\" } }\n"
	src := []byte(strings.Repeat(line+"Recon:IAMUser/NetworkPermissions Custom:EC2/Other\n", 20000))
	for _, n := range []int{0, 100_000} {
		retired := append([]Retired(nil), BuiltinRetired()...)
		for i := range n {
			retired = append(retired, Retired{Type: fmt.Sprintf("Custom:EC2/Retired%d", i)})
		}
		c, err := NewCatalog(retired, BuiltinActive())
		if err != nil {
			b.Fatal(err)
		}
		m := c.Matcher()
		b.Run(fmt.Sprintf("custom=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			var buf []Match
			for b.Loop() {
				buf = m.FindAll(buf[:0], src)
			}
		})
	}
}
