// Package docs holds gdlint's documentation that the binary carries: one
// page a rule, docs/rules/ID.md, the only source of a rule's documentation
// for `gdlint explain` and for SARIF's rule help. It knows Markdown pages
// and nothing about what the rules do.
package docs

import (
	"embed"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

//go:embed rules/*.md
var ruleFiles embed.FS

// Page is one rule's documentation.
type Page struct {
	Title    string // the heading: "GDL001 retired-finding-type"
	Summary  string // the first paragraph, as one line of plain text
	Markdown string // everything after the heading
	Text     string // Markdown as plain text, for a terminal
}

// Rule returns the page of rule id. Every rule has one (the package's test
// checks it); an unknown id gets an empty page.
func Rule(id string) Page {
	raw, err := ruleFiles.ReadFile("rules/" + id + ".md")
	if err != nil {
		return Page{}
	}
	return parse(string(raw))
}

// RuleURL is where a rule's page is read on the web, as the running
// version has it: at the release's tag (vX.Y.Z), at the commit of a
// pseudo-version (go install …@COMMIT), else on main.
func RuleURL(id, version string) string {
	ref := "main"
	switch {
	case module.IsPseudoVersion(version):
		if rev, err := module.PseudoVersionRev(version); err == nil {
			ref = rev
		}
	case semver.IsValid(version) && semver.Canonical(version) == version:
		ref = version
	}
	return "https://github.com/gdlint/gdlint/blob/" + ref + "/docs/rules/" + id + ".md"
}

func parse(raw string) Page {
	raw = strings.ReplaceAll(raw, "\r\n", "\n")
	head, body, _ := strings.Cut(raw, "\n")
	p := Page{Title: strings.TrimSpace(strings.TrimPrefix(head, "# "))}
	p.Markdown = strings.TrimSpace(body)
	first, _, _ := strings.Cut(p.Markdown, "\n\n")
	p.Summary = strings.Join(strings.Fields(toText(first)), " ")
	p.Text = toText(p.Markdown)
	return p
}

// toText renders Markdown for a terminal: "## Why" becomes "Why:", fenced
// code is indented four spaces, code spans lose their backticks, and the
// rest stays as written. It runs for every rule's page in every SARIF log,
// so it writes into one buffer of the page's size, line by line, with no
// slice of lines and no copy of a line.
func toText(md string) string {
	var b strings.Builder
	b.Grow(len(md) + len(md)/8)
	inFence := false
	for rest := md; ; {
		line, more, found := strings.Cut(rest, "\n")
		switch {
		case strings.HasPrefix(line, "```"):
			inFence = !inFence
		case inFence:
			if line != "" {
				b.WriteString("    ")
			}
			b.WriteString(line)
			b.WriteByte('\n')
		case strings.HasPrefix(line, "## "):
			b.WriteString(line[len("## "):])
			b.WriteString(":\n")
		default:
			for {
				before, after, tick := strings.Cut(line, "`")
				b.WriteString(before)
				if !tick {
					break
				}
				line = after
			}
			b.WriteByte('\n')
		}
		if !found {
			break
		}
		rest = more
	}
	return strings.TrimRight(b.String(), "\n")
}
