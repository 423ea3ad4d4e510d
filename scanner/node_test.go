package scanner

import (
	"strings"
	"testing"
)

// typeNodes returns the String nodes whose value is want, anywhere in the
// tree, nested documents included.
func typeNodes(f *File, want string) []*Node {
	var out []*Node
	Walk(f.Root, func(n *Node) bool {
		if n.Kind == String && n.Str == want {
			out = append(out, n)
		}
		return true
	})
	return out
}

func TestTreeRangesMapToRawSource(t *testing.T) {
	const typ = "Backdoor:EC2/XORDDOS"
	tests := []struct{ name, path, src string }{
		{"hcl jsonencode", "x.tf", `r "x" { p = jsonencode({ detail = { type = ["` + typ + `"] } }) }`},
		{"hcl escaped", "x.tf", `p = "{\"detail\":{\"type\":[\"` + typ + `\"]}}"`},
		{"hcl unicode escape", "x.tf", `p = "{\"d\\u0065tail\":{\"type\":[\"` + typ + `\"]}}"`},
		{"hcl heredoc", "x.tf", "p = <<EOF\n{\"detail\": {\"type\": [\"" + typ + "\"]}}\nEOF\n"},
		{"hcl indented heredoc", "x.tf", "p = <<-EOF\n    {\n      \"detail\": {\"type\": [\"" + typ + "\"]}\n    }\n  EOF\n"},
		{"json", "x.json", `{"detail": {"type": ["` + typ + `"]}}`},
		{"json escaped", "x.json", `{"EventPattern": "{\"detail\":{\"type\":[\"` + typ + `\"]}}"}`},
		{"json unicode before", "x.json", `{"p": "{\"\u65e5\":1,\"type\":[\"` + typ + `\"]}"}`},
		{"tf json", "x.tf.json", `{"locals": {"p": "{\"type\":[\"` + typ + `\"]}"}}`},
		{"yaml", "x.yaml", "detail:\n  type: [" + typ + "]\n"},
		{"yaml quoted", "x.yaml", "detail:\n  type: [\"" + typ + "\"]\n"},
		{"yaml block", "x.yaml", "EventPattern: |\n  {\"detail\": {\"type\": [\"" + typ + "\"]}}\n"},
		{"yaml folded crlf", "x.yaml", "EventPattern: >-\r\n  {\"detail\":\r\n   {\"type\": [\"" + typ + "\"]}}\r\n"},
		{"yaml escaped", "x.yaml", `p: "{\"type\": [\"` + typ + `\"]}"` + "\n"},
		{"yaml single quoted", "x.yaml", `p: '{"it''s": 1, "type": ["` + typ + `"]}'` + "\n"},
		{"yaml !Sub literal", "x.yaml", "d: !Sub \"" + typ + "\"\n"},
		{"yaml japanese", "x.yaml", "説明: 日本語\ntype: [" + typ + "]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse(tt.path, []byte(tt.src))
			if f.Err != nil {
				t.Fatal(f.Err)
			}
			nodes := typeNodes(f, typ)
			if len(nodes) != 1 {
				t.Fatalf("found %d nodes for the type, want 1", len(nodes))
			}
			r := nodes[0].Range
			if got := tt.src[r.Start:r.End]; got != typ {
				t.Errorf("range %v slices to %q", r, got)
			}
		})
	}
}

func TestTreeShapes(t *testing.T) {
	f := Parse("x.tf", []byte(`
resource "aws_guardduty_filter" "f" {
  finding_criteria {
    criterion {
      field  = "type"
      equals = [var.x, "A:B/C", local.y]
    }
  }
  name = "${var.prefix}-f"
}
`))
	res := f.Root.Get("resource")
	if res == nil || strings.Join(res.Labels, ",") != "aws_guardduty_filter,f" {
		t.Fatalf("resource block: %+v", res)
	}
	crit := res.Get("finding_criteria").Get("criterion")
	if crit.Get("field").Str != "type" {
		t.Errorf("field = %+v", crit.Get("field"))
	}
	eq := crit.Get("equals")
	if eq.Kind != Array || len(eq.Items) != 3 || eq.Items[0].Kind != Dynamic || eq.Items[1].Kind != String || eq.Items[2].Kind != Dynamic {
		t.Errorf("equals = %+v", eq)
	}
	if res.Get("name").Kind != Dynamic {
		t.Errorf("an interpolated string is Dynamic")
	}

	y := Parse("x.yaml", []byte("a: !Ref X\nb: !Sub \"${AWS::Region}\"\nc: {\"Fn::GetAtt\": [R, Arn]}\nd: !GetAtt R.Arn\ne: &x [1]\nf: *x\ng: 3\n"))
	for key, want := range map[string]NodeKind{"a": Dynamic, "b": Dynamic, "c": Dynamic, "d": Dynamic, "e": Array, "f": Dynamic, "g": Scalar} {
		if got := y.Root.Get(key); got == nil || got.Kind != want {
			t.Errorf("%s: got %+v, want kind %d", key, got, want)
		}
	}
	j := Parse("x.json", []byte(`{"a": {"Ref": "X"}, "b": {"Fn::Join": ["", []]}, "c": [1, true, null]}`))
	if j.Root.Get("a").Kind != Dynamic || j.Root.Get("b").Kind != Dynamic || j.Root.Get("c").Items[1].Kind != Scalar {
		t.Errorf("json intrinsics: %+v", j.Root)
	}
}

func TestTreeDepthIsBounded(t *testing.T) {
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	f := Parse("x.json", []byte(deep))
	if f.Err == nil || f.Root != nil {
		t.Errorf("5000-deep JSON: err %v, root %v; want an error and no tree", f.Err, f.Root != nil)
	}
}
