package scanner

import "fmt"

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

// ParseAs reads src as the given format.
func ParseAs(path string, src []byte, format Format) (f *File) {
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
	switch format {
	case HCL:
		parseHCL(f)
	case TerraformJSON:
		parseTerraformJSON(f)
	case JSON:
		parseJSON(f)
	case YAML:
		parseYAML(f)
	case Markdown, Text:
		f.Prose = true
	default:
		if spec, ok := codeSpecs[format]; ok {
			lex(f, spec)
		}
		// TextConfig and Unknown: no comments; every reference is config.
	}
	f.normalize()
	return f
}
