package scanner

import (
	"sort"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// hclBody converts an HCL body: attributes and blocks become fields in
// source order; a block's value is its body, with its labels.
func (f *File) hclBody(b *hclsyntax.Body, depth int) *Node {
	n := &Node{Kind: Object, Range: byteRange(b.SrcRange)}
	if depth > maxDepth {
		return &Node{Kind: Dynamic, Range: n.Range}
	}
	for _, a := range b.Attributes {
		n.Fields = append(n.Fields, Field{Key: a.Name, KeyRange: byteRange(a.NameRange), Value: f.hclExpr(a.Expr, depth+1)})
	}
	for _, blk := range b.Blocks {
		v := f.hclBody(blk.Body, depth+1)
		v.Labels = blk.Labels
		n.Fields = append(n.Fields, Field{Key: blk.Type, KeyRange: byteRange(blk.TypeRange), Value: v})
	}
	sort.SliceStable(n.Fields, func(i, j int) bool { return n.Fields[i].KeyRange.Start < n.Fields[j].KeyRange.Start })
	return n
}

// hclExpr converts an expression. What only deployment can know
// (references, interpolation, function calls other than jsonencode and
// yamlencode) becomes Dynamic.
func (f *File) hclExpr(e hclsyntax.Expression, depth int) *Node {
	n := f.hclValue(e, depth)
	if n.Full == (Range{}) {
		n.Full = byteRange(e.Range()) // hcl's ranges are exact
	}
	return n
}

func (f *File) hclValue(e hclsyntax.Expression, depth int) *Node {
	r := byteRange(e.Range())
	dynamic := &Node{Kind: Dynamic, Str: string(f.Src[r.Start:r.End]), Range: r}
	if depth > maxDepth {
		return dynamic
	}
	switch e := e.(type) {
	case *hclsyntax.TemplateExpr:
		return f.hclTemplate(e, dynamic)
	case *hclsyntax.LiteralValueExpr:
		if e.Val.Type() == cty.String && e.Val.IsKnown() && !e.Val.IsNull() {
			return &Node{Kind: String, Str: e.Val.AsString(), Range: r, Full: r}
		}
		return &Node{Kind: Scalar, Str: string(f.Src[r.Start:r.End]), Range: r}
	case *hclsyntax.TupleConsExpr:
		n := &Node{Kind: Array, Range: r}
		for _, it := range e.Exprs {
			n.Items = append(n.Items, f.hclExpr(it, depth+1))
		}
		return n
	case *hclsyntax.ObjectConsExpr:
		n := &Node{Kind: Object, Range: r}
		for _, it := range e.Items {
			key, kr, ok := f.hclKey(it.KeyExpr)
			if !ok {
				continue
			}
			n.Fields = append(n.Fields, Field{Key: key, KeyRange: kr, Value: f.hclExpr(it.ValueExpr, depth+1)})
		}
		return n
	case *hclsyntax.FunctionCallExpr:
		if (e.Name == "jsonencode" || e.Name == "yamlencode") && len(e.Args) == 1 {
			return f.hclExpr(e.Args[0], depth+1)
		}
	case *hclsyntax.ParenthesesExpr:
		return f.hclExpr(e.Expression, depth+1)
	}
	return dynamic
}

// hclTemplate converts a quoted string or heredoc. One without
// interpolation is a String whose Range is its raw content; a JSON
// document inside it is parsed with offsets mapped back to the file.
func (f *File) hclTemplate(e *hclsyntax.TemplateExpr, dynamic *Node) *Node {
	var s string
	for _, p := range e.Parts {
		lit, ok := p.(*hclsyntax.LiteralValueExpr)
		if !ok || lit.Val.Type() != cty.String || lit.Val.IsNull() {
			return dynamic
		}
		s += lit.Val.AsString()
	}
	r := dynamic.Range
	quoted := f.Src[r.Start] == '"'
	switch {
	case quoted:
		r = Range{r.Start + 1, r.End - 1}
	case len(e.Parts) > 0:
		r = Range{e.Parts[0].Range().Start.Byte, e.Parts[len(e.Parts)-1].Range().End.Byte}
	}
	return f.hclString(s, r, dynamic.Range, quoted)
}

// hclString makes the node of a string without interpolation: s is its
// value, r its raw content and full its whole source, quotes or heredoc
// markers included.
func (f *File) hclString(s string, r, full Range, quoted bool) *Node {
	n := &Node{Kind: String, Str: s, Range: r, Full: full}
	if r.End > r.Start && mayHoldDoc(f.Src[r.Start:r.End]) {
		var d *decoded
		if quoted {
			d = unescape(f.Src, r, true)
		}
		if d == nil {
			d = identity(f.Src, r)
		}
		n.Doc = nestedDoc(d)
	}
	return n
}

// hclKey reads an object key: a bare name (detail-type) or a literal string.
func (f *File) hclKey(e hclsyntax.Expression) (string, Range, bool) {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if k.ForceNonLiteral {
			return "", Range{}, false
		}
		if t, ok := k.Wrapped.(*hclsyntax.ScopeTraversalExpr); ok && len(t.Traversal) == 1 {
			return t.Traversal.RootName(), byteRange(t.SrcRange), true
		}
		e = k.Wrapped
	}
	if n := f.hclExpr(e, maxDepth); n.Kind == String {
		return n.Str, n.Range, true
	}
	return "", Range{}, false
}
