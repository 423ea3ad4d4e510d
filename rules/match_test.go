package rules

import (
	"fmt"
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
	f.Fuzz(func(t *testing.T, src []byte) {
		prev := 0
		for _, mt := range m.FindAll(nil, src) {
			if mt.Start < prev || mt.End <= mt.Start || mt.End > len(src) {
				t.Fatalf("bad range [%d,%d) after %d in %d bytes", mt.Start, mt.End, prev, len(src))
			}
			prev = mt.End
			got := string(src[mt.Start:mt.End])
			ok := got == mt.Retired.Type
			for _, s := range SecurityHubSpellings(mt.Retired.Type) {
				ok = ok || got == s
			}
			if !ok {
				t.Fatalf("range slices to %q, not a spelling of %s", got, mt.Retired.Type)
			}
			// Whole tokens: the byte after is not a type byte (a trailing
			// dot is punctuation only when no type byte follows it), and
			// the byte before is not one either, unless it is '/' or ':'.
			if mt.End < len(src) && typeChar[src[mt.End]] {
				rest := mt.End
				for rest < len(src) && src[rest] == '.' {
					rest++
				}
				if rest < len(src) && typeChar[src[rest]] {
					t.Fatalf("match %q is followed by type bytes", got)
				}
			}
			if mt.Start > 0 && typeChar[src[mt.Start-1]] && src[mt.Start-1] != '/' && src[mt.Start-1] != ':' {
				t.Fatalf("match %q is glued to %q", got, src[mt.Start-1])
			}
		}
	})
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
