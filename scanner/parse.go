package scanner

import (
	"bytes"
	"fmt"
)

// MaxTreeValues bounds the value tree of one file. A tree costs about a
// hundred bytes a value (the libraries' own syntax trees more), and a
// value can be two bytes of input ("1,"), so the bound is on values, not
// bytes: a file that may hold more is read as text. Real configuration is
// far below it (CloudFormation caps a template at 1 MB, about 50,000
// values).
const MaxTreeValues = 200_000

// ErrTooManyValues is the Err of a file read as text because its tree
// would pass MaxTreeValues.
var ErrTooManyValues = fmt.Errorf("more than %d values", MaxTreeValues)

// mayExceedTree reports whether src may hold more than MaxTreeValues
// values. Every value but the first follows a ',' or a line break, or
// opens a container: counting those bounds the values from above, in four
// vectorised passes.
func mayExceedTree(src []byte) bool {
	if len(src) < 2*MaxTreeValues {
		return false
	}
	n := 0
	for _, c := range []byte{',', '\n', '{', '['} {
		if n += bytes.Count(src, []byte{c}); n > MaxTreeValues {
			return true
		}
	}
	return false
}

// SyntaxError is a parse failure at a position (1-based line and column).
type SyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// Parse reads src as the format its path names. It never fails: a file
// that does not parse gets Err set and keeps whatever structure was found,
// so callers can still scan it as text.
func Parse(path string, src []byte) *File {
	return ParseAs(path, src, Detect(path))
}

// Options changes how files are read. The zero value is the default.
type Options struct {
	// NoFastReaders reads every HCL and YAML file with hcl and yaml.v3,
	// never with the fast readers that stand in front of them. The result
	// is the same (the differential tests hold them to it) but slower; it
	// is there for triage, when a fast reader is suspected.
	NoFastReaders bool
}

// ParseAs reads src as the given format.
func ParseAs(path string, src []byte, format Format) *File {
	return ParseWith(path, src, format, Options{})
}

// ParseWith reads src as the given format, with options.
func ParseWith(path string, src []byte, format Format, opts Options) (f *File) {
	f = &File{Path: path, Src: src, Format: format}
	// A parser bug must cost one file, not the run: keep the file as
	// text and say what happened.
	defer func() {
		if r := recover(); r != nil {
			f.Comments, f.Strings, f.Root = nil, nil, nil
			f.Err = fmt.Errorf("internal parser error (please report it): %v", r)
		}
	}()
	if format == Template {
		format = YAML
		if looksLikeJSON(src) {
			format = JSON
		}
		f.Format = format
	}
	if (format == JSON || format == Unknown) && IsTerraformPlan(src) {
		format, f.Format = JSON, JSON // a plan, whatever its name
	}
	if format == HCL || format == TerraformJSON || format == JSON || format == YAML {
		if mayExceedTree(src) {
			if format == JSON && IsTerraformPlan(src) && readLargePlan(f) {
				return f
			}
			f.Err = ErrTooManyValues
			if format == HCL {
				hclComments(f) // hcl's comments: a '#' in a heredoc is none
			} else {
				lex(f, map[Format]lexSpec{TerraformJSON: jsonSpec, JSON: jsonSpec, YAML: yamlSpec}[format])
			}
			f.normalize()
			return f
		}
	}
	switch format {
	case HCL:
		parseHCL(f, opts)
	case TerraformJSON:
		parseTerraformJSON(f)
	case JSON:
		parseJSON(f)
		if f.Err == nil && IsTerraformPlan(src) {
			f.Plan = readPlan(f)
		} else if f.Err == nil {
			readCDK(f)
		}
	case YAML:
		parseYAML(f, opts)
	case Markdown, Text: // Format.IsProse
		f.Prose = true
	case Shell:
		lexShell(f)
	default:
		if spec, ok := codeSpecs[format]; ok {
			lex(f, spec)
		}
		// TextConfig and Unknown: no comments; every reference is config.
	}
	f.normalize()
	return f
}
