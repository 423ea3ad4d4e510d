package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyEventPages puts the event pages of testdata/pages into dir.
func copyEventPages(t *testing.T, dir string) {
	t.Helper()
	for _, p := range eventPages {
		b, err := os.ReadFile(filepath.Join("testdata/pages", p.name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p.name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeEventPages writes into dir the event pages as AWS would publish
// what events.json in data says: an example event for each value it
// offers instead, the end-of-support sentence for each dated entry, the
// discontinued notice for each undated one.
func writeEventPages(t *testing.T, data, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "events.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Entries []struct {
			Field, Value, Retired string
			Instead               []string
		}
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	pages := map[string]*strings.Builder{}
	for _, p := range eventPages {
		pages[p.name] = &strings.Builder{}
	}
	for _, e := range f.Entries {
		c, ok := eventChecks[e.Field+"\x00"+e.Value]
		if !ok {
			t.Fatalf("events.json: no page checks %s %q", e.Field, e.Value)
		}
		for _, v := range e.Instead {
			fmt.Fprintf(pages[c.carriers], "```\n{\n    \"version\": \"0\",\n    %q: %q,\n    \"detail\": {}\n}\n```\n\n", e.Field, v)
		}
		if c.endedBy != "" {
			fmt.Fprintf(pages[c.endedBy], "# End of support\n\nWe decided to end support for %s, effective %s.\n", c.subject, long(t, e.Retired))
		}
		if c.notice != "" {
			pages[c.notice].WriteString("Amazon Macie Classic has been discontinued and is no longer available.\n")
		}
	}
	for name, b := range pages {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func long(t *testing.T, date string) string {
	t.Helper()
	var y, m, d int
	if _, err := fmt.Sscanf(date, "%d-%d-%d", &y, &m, &d); err != nil {
		t.Fatalf("date %q: %v", date, err)
	}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	return fmt.Sprintf("%s %d, %d", months[m-1], d, y)
}

// The pages in AWS's structure (testdata/pages: the Inspector Classic end
// of support page, Inspector's and Macie's event schemas, the Macie
// Classic API reference's notice, Security Hub's event formats) confirm
// the shipped entries: the Inspector date comes from the page, with no
// warning.
func TestEventPages(t *testing.T) {
	pages, err := readEventPages(source{dir: "testdata/pages"})
	if err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile("testdata/data/events.json")
	if err != nil {
		t.Fatal(err)
	}
	got, warnings, err := refreshEvents(cur, pages)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("err %v, warnings %q", err, warnings)
	}
	if !strings.Contains(string(got), `"retired": "2026-05-20"`) {
		t.Errorf("the Inspector Classic date was not taken from the page:\n%s", got)
	}
}

// What the pages contradict is a warning, and nothing is dropped: a value
// offered instead that no event on the page carries, a dead value an
// event on the page does carry, a notice gone, a page with no events, two
// end dates (the entry's date is kept), an entry no page checks.
func TestEventPagesContradict(t *testing.T) {
	base, err := readEventPages(source{dir: "testdata/pages"})
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := os.ReadFile("../../rules/data/events.json")
	for _, c := range []struct {
		page, md, want string
	}{
		{"eventbridge-integration.md", `{"source": "aws.inspector", "detail-type": "Inspector2 Finding"}`, `shows an event with source "aws.inspector"`},
		{"eventbridge-integration.md", `{"source": "aws.inspector3"}`, `shows no event with source "aws.inspector2"`},
		{"securityhub-cwe-event-formats.md", `{"detail-type": "Security Hub Findings - Imported", "detail-type": "Security Hub Insight Results"}`, `shows no event with detail-type "Security Hub Findings - Custom Action"`},
		{"findings-publish-event-schemas.md", "<html>moved</html>", "shows no example event"},
		{"API_S3Resource.md", "# S3Resource\n\nContains information about the S3 resource.\n", "still discontinued"},
		{"inspector-migration.md", "We end support for Amazon Inspector Classic on May 20, 2026. We end support for Amazon Inspector Classic on June 1, 2026.", "more than one end of support: 2026-05-20, 2026-06-01: the retired date of aws.inspector is kept"},
		{"inspector-migration.md", "Amazon Inspector is great.", "no sentence dates the end of support"},
	} {
		pages := map[string]string{}
		for k, v := range base {
			pages[k] = v
		}
		pages[c.page] = c.md
		got, warnings, err := refreshEvents(cur, pages)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(warnings, "\n"), c.want) {
			t.Errorf("%s %q: warnings %q, want %q", c.page, c.md, warnings, c.want)
		}
		var f struct {
			Entries []struct{ Value, Retired string }
		}
		if err := json.Unmarshal(got, &f); err != nil || len(f.Entries) != 3 {
			t.Fatalf("%s: %d entries, err %v", c.page, len(f.Entries), err)
		}
		for _, e := range f.Entries {
			if e.Value == "aws.inspector" && e.Retired != "2026-05-20" {
				t.Errorf("%s: the Inspector date became %q", c.page, e.Retired)
			}
		}
	}
	extra := strings.Replace(string(cur), `"entries": [`, `"entries": [{"field": "source", "value": "aws.example", "instead": ["x"]},`, 1)
	if _, warnings, _ := refreshEvents([]byte(extra), base); !strings.Contains(strings.Join(warnings, "\n"), `no page checks source "aws.example"`) {
		t.Errorf("an unchecked entry: %q", warnings)
	}
}
