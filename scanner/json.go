package scanner

import (
	"bytes"
	"encoding/json"
	"errors"
)

// parseJSON checks a JSON file and finds its comments. Plain JSON has none,
// but JSON-with-comments files (.jsonc, editor and tool configs) do; a
// file that is valid once its comments are blanked is valid.
func parseJSON(f *File) {
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
	if f.Err = jsonError(src); f.Err == nil {
		root, err := parseJSONTree(f.Src)
		f.Root, f.Err = root, err
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
		f := &File{Src: src}
		p := f.Position(start + int(se.Offset))
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
