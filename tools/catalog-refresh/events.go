package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// events.json is kept by hand (AWS publishes no list of retired
// detail-types), but what AWS does publish about each entry is checked
// here: the end-of-support date of a retired service, the notice that one
// is discontinued, and the events that carry what gdlint tells users to
// write instead. A date the pages give is refreshed; anything else the
// pages contradict is a warning for the maintainer, never a deletion.

// eventPage is one of AWS's pages events.json is checked against: its
// local name (under -pages) and where it is published.
type eventPage struct{ name, url string }

var eventPages = []eventPage{
	{"inspector-migration.md", "https://docs.aws.amazon.com/inspector/v1/userguide/inspector-migration.md"},
	{"eventbridge-integration.md", "https://docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.md"},
	{"API_S3Resource.md", "https://docs.aws.amazon.com/macie/1.0/APIReference/API_S3Resource.md"},
	{"findings-publish-event-schemas.md", "https://docs.aws.amazon.com/macie/latest/user/findings-publish-event-schemas.md"},
	{"securityhub-cwe-event-formats.md", "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-event-formats.md"},
}

// eventCheck says which pages speak for one events.json entry: the page
// whose events show what is sent instead (carriers), and either the page
// that dates the service's end (endedBy, with the service's name as the
// page writes it) or the page whose notice says it is gone.
type eventCheck struct {
	carriers string
	endedBy  string
	subject  string
	notice   string
	noticeRE *regexp.Regexp
}

var eventChecks = map[string]eventCheck{
	"source\x00aws.inspector":              {carriers: "eventbridge-integration.md", endedBy: "inspector-migration.md", subject: "Amazon Inspector Classic"},
	"detail-type\x00Macie Alert":           {carriers: "findings-publish-event-schemas.md", notice: "API_S3Resource.md", noticeRE: regexp.MustCompile(`(?i)Macie Classic has been discontinued`)},
	"detail-type\x00Security Hub Findings": {carriers: "securityhub-cwe-event-formats.md"},
}

// readEventPages reads the pages events.json is checked against.
func readEventPages(s source) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range eventPages {
		base, _ := strings.CutSuffix(p.url, p.name)
		md, err := source{base: base, dir: s.dir}.read(p.name)
		if err != nil {
			return nil, err
		}
		out[p.name] = md
	}
	return out, nil
}

// eventFieldRE finds a source or detail-type an example event on a page
// carries: "detail-type": "Macie Finding".
var eventFieldRE = regexp.MustCompile(`"(source|detail-type)"\s*:\s*"([^"<>*` + "`" + `]+)"`)

// carried is every field\x00value the page's example events carry.
func carried(md string) map[string]bool {
	out := map[string]bool{}
	for _, m := range eventFieldRE.FindAllStringSubmatch(md, -1) {
		out[m[1]+"\x00"+m[2]] = true
	}
	return out
}

var (
	endSupportRE = regexp.MustCompile(`(?i)\bend (?:of )?support\b`)
	longDateRE   = regexp.MustCompile(`(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}`)
)

// endOfSupport is the date the page gives for the end of subject: each
// sentence that names subject and an end of support with a date. Two
// different dates are an error for the maintainer, not a guess.
func endOfSupport(md, subject string) (string, error) {
	var dates []string
	for _, line := range strings.Split(md, "\n") {
		for _, s := range sentenceRE.Split(plain(line), -1) {
			if !strings.Contains(s, subject) || !endSupportRE.MatchString(s) {
				continue
			}
			for _, d := range longDateRE.FindAllString(s, -1) {
				t, err := time.Parse("January 2, 2006", d)
				if err == nil && !slices.Contains(dates, t.Format(time.DateOnly)) {
					dates = append(dates, t.Format(time.DateOnly))
				}
			}
		}
	}
	switch len(dates) {
	case 0:
		return "", fmt.Errorf("no sentence dates the end of support for %s", subject)
	case 1:
		return dates[0], nil
	}
	return "", fmt.Errorf("the page gives %s more than one end of support: %s", subject, strings.Join(dates, ", "))
}

// refreshEvents checks events.json against the pages: it writes the end
// dates they give and warns of what they no longer show.
func refreshEvents(cur []byte, pages map[string]string) ([]byte, []string, error) {
	var top object
	if err := json.Unmarshal(cur, &top); err != nil {
		return nil, nil, fmt.Errorf("events.json: %w", err)
	}
	var entries []*object
	if err := json.Unmarshal(top.vals["entries"], &entries); err != nil {
		return nil, nil, fmt.Errorf("events.json entries: %w", err)
	}
	var warnings []string
	for _, e := range entries {
		field, value := e.str("field"), e.str("value")
		c, ok := eventChecks[field+"\x00"+value]
		if !ok {
			warnings = append(warnings, fmt.Sprintf("events.json: no page checks %s %q", field, value))
			continue
		}
		warnings = append(warnings, checkEntry(e, c, pages)...)
	}
	top.vals["entries"] = encode(entries)
	return encode(top), warnings, nil
}

// checkEntry checks one entry against its pages and sets its retired date
// from the page that dates it.
func checkEntry(e *object, c eventCheck, pages map[string]string) []string {
	field, value := e.str("field"), e.str("value")
	var warnings []string
	shown := carried(pages[c.carriers])
	if len(shown) == 0 {
		return []string{fmt.Sprintf("%s shows no example event: has its layout changed? (%s %q not checked)", c.carriers, field, value)}
	}
	if shown[field+"\x00"+value] {
		warnings = append(warnings, fmt.Sprintf("%s shows an event with %s %q, which events.json says no event carries", c.carriers, field, value))
	}
	var instead []string
	_ = json.Unmarshal(e.vals["instead"], &instead)
	for _, v := range instead {
		if !shown[field+"\x00"+v] {
			warnings = append(warnings, fmt.Sprintf("%s shows no event with %s %q, which events.json offers instead of %q", c.carriers, field, v, value))
		}
	}
	if c.endedBy != "" {
		date, err := endOfSupport(pages[c.endedBy], c.subject)
		if err != nil {
			return append(warnings, c.endedBy+": "+err.Error()+": the retired date of "+value+" is kept")
		}
		e.setStr("retired", date)
	}
	if c.notice != "" && !c.noticeRE.MatchString(pages[c.notice]) {
		warnings = append(warnings, fmt.Sprintf("%s no longer says %q: is %s still discontinued?", c.notice, c.noticeRE.String(), value))
	}
	return warnings
}
