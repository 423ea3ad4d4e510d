package report

import (
	"bytes"
	"encoding/json"

	"github.com/gdlint/gdlint/internal/textsafe"
)

// Every SARIF log holds the tool (every rule, with its help: about 25 KB)
// and the invocation, even when it holds no result. encoding/json, which
// writes them as marshal does, first builds by reflection an encoder for
// each type they hold, a cost paid at every run, which was most of
// writing a clean run's log. These types are encoded here by hand instead,
// each member byte for byte what marshal writes (TestSARIFEncodingIsMarshal
// holds them to it): the fields in their order, omitempty, nil slices as
// null. The strings still go through encoding/json, and the whole value
// through textsafe.JSONSafe, as in marshal.

// sarifEncoder writes JSON to b, its strings encoded by enc straight
// into b.
type sarifEncoder struct {
	b   bytes.Buffer
	enc *json.Encoder
}

func newSARIFEncoder() *sarifEncoder {
	e := &sarifEncoder{}
	e.enc = json.NewEncoder(&e.b)
	e.enc.SetEscapeHTML(false)
	return e
}

// done is the value encoded, as marshal would have returned it.
func (e *sarifEncoder) done() []byte { return textsafe.JSONSafe(e.b.Bytes()) }

func (e *sarifEncoder) raw(s string) { e.b.WriteString(s) }

// string writes s as encoding/json writes a string (marshal's options):
// Encode writes it and a newline, which is taken back.
func (e *sarifEncoder) string(s string) {
	_ = e.enc.Encode(s) // a string always encodes
	e.b.Truncate(e.b.Len() - 1)
}

// field appends `,"key":` (the comma unless first) and then the string v.
func (e *sarifEncoder) field(key string, v string, first bool) {
	e.key(key, first)
	e.string(v)
}

func (e *sarifEncoder) key(key string, first bool) {
	if !first {
		e.raw(",")
	}
	e.string(key)
	e.raw(":")
}

func (e *sarifEncoder) strings(v []string) {
	if v == nil {
		e.raw("null")
		return
	}
	e.raw("[")
	for i, s := range v {
		if i > 0 {
			e.raw(",")
		}
		e.string(s)
	}
	e.raw("]")
}

func (e *sarifEncoder) message(m sarifMessage) {
	e.raw("{")
	e.field("text", m.Text, true)
	if m.Markdown != "" {
		e.field("markdown", m.Markdown, false)
	}
	e.raw("}")
}

func (e *sarifEncoder) tool(t sarifTool) {
	d := t.Driver
	size := 1024
	for _, r := range d.Rules {
		size += 512 + len(r.Help.Text) + len(r.Help.Markdown)
	}
	e.b.Grow(size + size/8) // the help's escapes (a newline is two bytes)
	e.raw(`{"driver":{`)
	e.field("name", d.Name, true)
	if d.FullName != "" {
		e.field("fullName", d.FullName, false)
	}
	e.field("version", d.Version, false)
	e.field("semanticVersion", d.SemanticVersion, false)
	e.field("informationUri", d.InformationURI, false)
	e.key("rules", false)
	if d.Rules == nil {
		e.raw("null")
	} else {
		e.raw("[")
		for i, r := range d.Rules {
			if i > 0 {
				e.raw(",")
			}
			e.rule(r)
		}
		e.raw("]")
	}
	e.raw("}}")
}

func (e *sarifEncoder) rule(r sarifRule) {
	e.raw("{")
	e.field("id", r.ID, true)
	e.field("name", r.Name, false)
	e.key("shortDescription", false)
	e.message(r.ShortDescription)
	e.key("fullDescription", false)
	e.message(r.FullDescription)
	e.key("help", false)
	e.message(r.Help)
	e.field("helpUri", r.HelpURI, false)
	e.key("defaultConfiguration", false)
	e.raw("{")
	e.field("level", r.DefaultConfiguration.Level, true)
	e.raw("}")
	e.key("properties", false)
	e.raw("{")
	e.key("tags", true)
	e.strings(r.Properties.Tags)
	e.field("precision", r.Properties.Precision, false)
	if r.Properties.SecuritySeverity != "" {
		e.field("security-severity", r.Properties.SecuritySeverity, false)
	}
	e.raw("}}")
}

// invocations encodes []sarifInvocation{inv}. A notification's location
// is a file (artifactLocation); one with more (a region, a logical
// location), which invocation never writes, is left to marshal.
func (e *sarifEncoder) invocations(inv sarifInvocation) {
	e.raw(`[{"executionSuccessful":`)
	if inv.ExecutionSuccessful {
		e.raw("true")
	} else {
		e.raw("false")
	}
	if len(inv.ToolExecutionNotifications) > 0 {
		e.key("toolExecutionNotifications", false)
		e.raw("[")
		for i, n := range inv.ToolExecutionNotifications {
			if i > 0 {
				e.raw(",")
			}
			e.raw("{")
			e.field("level", n.Level, true)
			e.key("message", false)
			e.message(n.Message)
			if len(n.Locations) > 0 {
				e.key("locations", false)
				e.raw("[")
				for j, l := range n.Locations {
					if j > 0 {
						e.raw(",")
					}
					e.raw(`{"physicalLocation":{"artifactLocation":`)
					e.artifactLocation(l.PhysicalLocation.ArtifactLocation)
					e.raw("}}")
				}
				e.raw("]")
			}
			e.raw("}")
		}
		e.raw("]")
	}
	e.raw("}]")
}

// fileLocationsOnly reports whether every notification's location is a
// file alone, which invocations encodes.
func fileLocationsOnly(inv sarifInvocation) bool {
	for _, n := range inv.ToolExecutionNotifications {
		for _, l := range n.Locations {
			if l.PhysicalLocation.Region != nil || l.LogicalLocations != nil {
				return false
			}
		}
	}
	return true
}

func (e *sarifEncoder) artifactLocation(a sarifArtifactLocation) {
	e.raw("{")
	e.field("uri", a.URI, true)
	if a.URIBaseID != "" {
		e.field("uriBaseId", a.URIBaseID, false)
	}
	e.raw("}")
}

// baseIDs encodes originalUriBaseIds: one base, %SRCROOT%.
func (e *sarifEncoder) baseIDs(id string, a sarifArtifactLocation) {
	e.raw("{")
	e.key(id, true)
	e.artifactLocation(a)
	e.raw("}")
}

// encodeSARIF encodes one value with a fresh sarifEncoder.
func encodeSARIF(f func(*sarifEncoder)) []byte {
	e := newSARIFEncoder()
	f(e)
	return e.done()
}
