package scanner

import (
	"bytes"
	"encoding/json"
	"errors"
)

// parseJSON builds a JSON file's tree in one pass, which also checks it and
// records its comments: plain JSON has none, but JSON-with-comments files
// (.jsonc, editor and tool configs) do. Only a file that does not parse is
// read again, by the comment lexer and by encoding/json for a positioned
// error.
func parseJSON(f *File) {
	p := &jsonParser{src: f.Src, file: f.Src, comments: &f.Comments}
	root, err := p.document()
	if err == nil {
		f.Root = root
		return
	}
	f.Comments = nil
	lex(f, jsonSpec)
	src := f.Src
	if len(f.Comments) > 0 {
		src = bytes.Clone(src)
		for _, c := range f.Comments {
			for i := c.Start; i < c.End; i++ {
				if src[i] != '\n' {
					src[i] = ' '
				}
			}
		}
	}
	f.Err = err
	if jerr := jsonError(src); jerr != nil {
		f.Err = jerr // positioned, in encoding/json's words
	}
}

// jsonError returns nil for valid JSON (a BOM allowed), else a positioned error.
func jsonError(src []byte) error {
	start := 0
	if hasBOM(src) {
		start = 3
	}
	if json.Valid(src[start:]) {
		return nil
	}
	var v any
	err := json.Unmarshal(src[start:], &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the offending one included: the
		// error is at the byte before it.
		f := &File{Src: src}
		p := f.Position(start + max(0, int(se.Offset)-1))
		return &SyntaxError{Line: p.Line, Column: p.Column, Msg: se.Error()}
	}
	if err == nil {
		err = errors.New("invalid JSON")
	}
	return err
}

// looksLikeJSON reports whether the first meaningful byte opens a JSON
// object or array, which tells JSON from YAML in a .template file.
func looksLikeJSON(src []byte) bool {
	if hasBOM(src) {
		src = src[3:]
	}
	src = bytes.TrimLeft(src, " \t\r\n")
	return len(src) > 0 && (src[0] == '{' || src[0] == '[')
}
