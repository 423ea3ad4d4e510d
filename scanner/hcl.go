package scanner

import (
	"errors"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

// parseHCL reads a native-syntax HCL file: with readHCL when the file is
// in its plain subset, else with hcl. When it parses, the string
// ranges come from the syntax tree: every template (quoted string or
// heredoc) and every block label. When it does not, the comments come from
// real comment tokens of hcl's lexer, which is total, so a '#' inside a
// string or heredoc is never taken for a comment. Lexing only on failure
// saves a second pass over every valid file.
func parseHCL(f *File, opts Options) {
	if !opts.NoFastReaders && readHCL(f) {
		return
	}
	parseHCLWithHCL(f)
}

// parseHCLWithHCL is parseHCL without the fast reader: hcl's own parser.
func parseHCLWithHCL(f *File) {
	if err := hclGuard(f.Src); err != nil {
		// hcl's parser recurses once per level, and a stack overflow is
		// fatal in Go: a deeply nested file is read as text only, its
		// comments found without hcl.
		f.Err = err
		hclComments(f)
		return
	}
	file, diags := hclsyntax.ParseConfig(f.Src, f.Path, hcl.InitialPos)
	if !diags.HasErrors() {
		if body, ok := file.Body.(*hclsyntax.Body); ok {
			f.Strings = []Range{}
			hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
				switch n := n.(type) {
				case *hclsyntax.TemplateExpr:
					f.addString(byteRange(n.SrcRange))
				case *hclsyntax.Block:
					for _, r := range n.LabelRanges {
						f.addString(byteRange(r))
					}
				}
				return nil
			})
			f.Root = f.hclBody(body, 0)
			return
		}
	}
	f.Err = diagError(diags)
	tokens, _ := hclsyntax.LexConfig(f.Src, f.Path, hcl.InitialPos)
	commentsFrom(f, tokens)
}

func commentsFrom(f *File, tokens hclsyntax.Tokens) {
	for _, t := range tokens {
		if t.Type == hclsyntax.TokenComment {
			f.addComment(byteRange(t.Range))
		}
	}
}

func byteRange(r hcl.Range) Range { return Range{r.Start.Byte, r.End.Byte} }

// parseTerraformJSON checks a .tf.json file with hcl's JSON parser and
// builds its tree. JSON has no comments.
func parseTerraformJSON(f *File) {
	// gdlint's own parser first: it stops at maxDepth, where hcl's JSON
	// parser would recurse as deep as the input goes.
	root, err := parseJSONTree(f.Src)
	if err != nil {
		f.Err = err
		if jerr := jsonError(f.Src); jerr != nil {
			f.Err = jerr // a positioned syntax error reads better
		}
		return
	}
	if _, diags := hcljson.Parse(f.Src, f.Path); diags.HasErrors() {
		f.Err = diagError(diags)
		return
	}
	f.Root = root
}

// diagError turns the first error of hcl diagnostics into an error that
// names its position.
func diagError(diags hcl.Diagnostics) error {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		if d.Subject != nil {
			return &SyntaxError{Line: d.Subject.Start.Line, Column: d.Subject.Start.Column, Msg: msg}
		}
		return errors.New(msg)
	}
	return errors.New(diags.Error())
}
