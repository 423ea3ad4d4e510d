package rules

import (
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// Many stars cost the product of the lengths, not a backtracking search:
// this pattern took exponential time before.
func TestGlobManyStars(t *testing.T) {
	g := parseGlob(strings.Repeat("*a", 40)+"*b", true)
	if g.match(strings.Repeat("a", 80)) {
		t.Error("matched without the b")
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern  string
		question bool
		s        string
		want     bool
	}{
		{"Recon:IAMUser/*Permissions", false, "Recon:IAMUser/UserPermissions", true},
		{"Recon:IAMUser/*Permissions", false, "Recon:IAMUser/TorIPCaller", false},
		{"*", false, "", true},
		{"a*b*c", false, "aXbYc", true},
		{"a*b*c", false, "aXbY", false},
		{`a\*b`, false, "a*b", true},
		{`a\*b`, false, "aXb", false},
		{`a\\*`, false, `a\xyz`, true},
		{"a?c", false, "abc", false}, // '?' is literal in EventBridge wildcards
		{"a?c", false, "a?c", true},
		{"a?c", true, "abc", true}, // and a wildcard in GuardDuty Matches,
		{"a?c", true, "ac", true},  // for at most one character (AWS's words)
		{"a?c", true, "abbc", false},
		{"Recon:IAMUser/*Permissions?", true, "Recon:IAMUser/UserPermissions", true},
		{"??", true, "", true},
		{"a**b", false, "ab", true},
	}
	for _, tt := range tests {
		if got := parseGlob(tt.pattern, tt.question).match(tt.s); got != tt.want {
			t.Errorf("glob(%q, question=%v).match(%q) = %v, want %v", tt.pattern, tt.question, tt.s, got, tt.want)
		}
	}
}

func TestAsffToType(t *testing.T) {
	tests := []struct {
		in, want string
		whole    bool
		ok       bool
	}{
		{"TTPs/Discovery/Recon:IAMUser-UserPermissions", "Recon:IAMUser/UserPermissions", true, true},
		{"Software and Configuration Checks/PrivilegeEscalation:IAMUser.AdministrativePermissions", "PrivilegeEscalation:IAMUser/AdministrativePermissions", true, true},
		{"Unusual Behaviors/User/UnauthorizedAccess:IAMUser-ConsoleLoginSuccess.B", "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B", true, true},
		{"TTPs/Discovery/Recon:IAMUser/UserPermissions", "Recon:IAMUser/UserPermissions", true, true},
		{"TTPs/Discovery/Recon:IAMUser-", "Recon:IAMUser/", false, true},
		{"TTPs/Discovery/Recon:IAM", "Recon:IAM", false, true},
		{"TTPs/Discovery/Recon:IAM", "", true, false},
		{"Software and Configuration Checks/Vulnerabilities/CVE", "", true, false},
	}
	for _, tt := range tests {
		got, ok := asffToType(tt.in, tt.whole)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("asffToType(%q, %v) = %q, %v; want %q, %v", tt.in, tt.whole, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEval(t *testing.T) {
	c := Builtin()
	str := func(s string) *scanner.Node { return &scanner.Node{Kind: scanner.String, Str: s} }
	tests := []struct {
		name          string
		o             Operand
		retired, live int
		unknown       bool
	}{
		{"prefix only retired", Operand{Op: OpPrefix, Node: str("UnauthorizedAccess:EC2/TorIP")}, 1, 0, false},
		{"prefix also active", Operand{Op: OpPrefix, Node: str("UnauthorizedAccess:EC2/Tor")}, 1, 2, false},
		{"ConsoleLogin prefix reaches ConsoleLoginSuccess.B", Operand{Op: OpPrefix, Node: str("UnauthorizedAccess:IAMUser/ConsoleLogin")}, 1, 1, false},
		{"exact retired", Operand{Op: OpEquals, Node: str("Backdoor:EC2/XORDDOS")}, 1, 0, false},
		{"case matters", Operand{Op: OpEquals, Node: str("backdoor:ec2/xorddos")}, 0, 0, false},
		{"unless ignored", Operand{Op: OpEquals, IgnoreCase: true, Node: str("backdoor:ec2/xorddos")}, 1, 0, false},
		{"suffix", Operand{Op: OpSuffix, Node: str("/XORDDOS")}, 1, 0, false},
		{"wildcard", Operand{Op: OpWildcard, Node: str("Recon:IAMUser/*Permissions")}, 3, 0, false},
		{"filter matches", Operand{Op: OpMatches, Node: str("Recon:IAMUser/Tor??Caller")}, 0, 1, false},
		{"dynamic", Operand{Op: OpEquals, Node: &scanner.Node{Kind: scanner.Dynamic}}, 0, 0, true},
		{"interpolated", Operand{Op: OpEquals, Node: str("${var.x}")}, 0, 0, true},
		{"asff equals", Operand{Op: OpEquals, ASFF: true, Node: str("TTPs/Discovery/Recon:IAMUser-UserPermissions")}, 1, 0, false},
		{"asff prefix of a category", Operand{Op: OpPrefix, ASFF: true, Node: str("TTPs/Discovery/")}, 0, 0, true},
		{"asff contains, no colon", Operand{Op: OpContains, ASFF: true, Node: str("XORDDOS")}, 1, 0, false},
		{"asff contains, another product", Operand{Op: OpContains, ASFF: true, Node: str("CVE-2024")}, 0, 0, true},
	}
	for _, tt := range tests {
		rs, live, unknown := c.Eval(tt.o)
		if len(rs) != tt.retired || live != tt.live || unknown != tt.unknown {
			t.Errorf("%s: got %d retired, %d active, unknown %v; want %d, %d, %v", tt.name, len(rs), live, unknown, tt.retired, tt.live, tt.unknown)
		}
	}
}

func TestSuggest(t *testing.T) {
	c := Builtin()
	for in, want := range map[string]string{
		"UnauthorizedAccess:EC2/TorIpCaller": "UnauthorizedAccess:EC2/TorIPCaller", // case first
		"Recon:IAMUser/MaliciousIPCalller":   "Recon:IAMUser/MaliciousIPCaller",    // one edit
		"Recon:IAMUser/TorIPCaler":           "Recon:IAMUser/TorIPCaller",
	} {
		if got, ok := c.Suggest(in); !ok || got != want {
			t.Errorf("Suggest(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := c.Suggest("Completely:Different/Thing"); ok {
		t.Errorf("Suggest of something far from every type = %q", got)
	}
}

func TestContainsWord(t *testing.T) {
	for _, tc := range []struct {
		s, w string
		want bool
	}{
		{"Backdoor:EC2/XORDDOS", "XORDDOS", true},
		{"Backdoor:EC2/XORDDOS", "XORDD", false},
		{"Backdoor:EC2/XORDDOS", "EC2", true},
		{"Backdoor:EC2/XORDDOS", "EC", false},
		{"Recon:IAMUser-UserPermissions", "UserPermissions", true},
		{"Recon:IAMUser-UserPermissions", "User", false},
		{"a", "", false},
	} {
		if got := containsWord(tc.s, tc.w); got != tc.want {
			t.Errorf("containsWord(%q, %q) = %v", tc.s, tc.w, got)
		}
	}
}
