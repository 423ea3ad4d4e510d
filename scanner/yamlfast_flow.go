package scanner

// Flow collections: [a, b] and {k: v}, over one line or several.

// flow reads a flow sequence or mapping. It may span lines, as JSON
// written as YAML and Prettier's output do, when every line it continues
// on is indented past indent (the column of its key or dash) and holds no
// comment; a plain scalar in it ends on its line. indent is -1 for a
// collection at the top of a document.
func (r *yamlReader) flow(tag string, indent int) *Node {
	r.enter()
	defer r.leave()
	n, closing := r.node(Node{Kind: Array}), byte(']')
	if r.src[r.pos] == '{' {
		n.Kind, closing = Object, '}'
	}
	fields, items, keys := len(r.fields), len(r.items), map[string]bool(nil)
	r.pos++
	r.flowSpace(indent)
	for empty := r.at(r.pos) == closing; !empty; {
		if n.Kind == Object {
			key, ok := r.key(true)
			if !ok {
				r.giveUp()
			}
			r.pos++ // ':'
			if c := r.at(r.pos); c != ' ' && c != '\n' {
				r.giveUp() // "a:b" is one scalar, "{a:1}" a key with no value
			}
			r.flowSpace(indent)
			r.addField(fields, &keys, key, r.flowValue(indent))
		} else {
			v := r.flowValue(indent)
			r.items = append(r.items, v)
		}
		r.flowSpace(indent)
		if r.at(r.pos) == closing {
			break
		}
		switch n := r.at(r.pos + 1); {
		case r.at(r.pos) != ',':
			r.giveUp() // no separator
		case n != ' ' && n != '\n' && n != '\'' && n != '"' && n != '!' && n != '[' && n != '{':
			// A separator without a space, but before a quote, a tag or
			// a flow collection ("[a,'b']", "[a,!Ref b]", "[[a],[b]]").
			r.giveUp()
		}
		r.pos++
		r.flowSpace(indent)
		if r.at(r.pos) == closing {
			break // a trailing comma
		}
	}
	r.pos++
	switch r.at(r.pos) {
	case ' ', '\n', 0, ',', ']', '}':
	default:
		r.giveUp()
	}
	n.Fields, n.Items = r.takeFields(fields), r.takeItems(items)
	return r.collection(n, tag)
}

// flowSpace moves past spaces inside a flow collection, and past line
// breaks to lines indented past indent (blank lines too); a comment, or a
// line that is not indented past indent and column 0, gives up.
func (r *yamlReader) flowSpace(indent int) {
	for {
		r.spaces()
		switch r.at(r.pos) {
		case '#':
			r.giveUp()
		case '\n':
			r.pos++
			start := r.pos
			r.spaces()
			if col := r.pos - start; r.at(r.pos) != '\n' && (col <= indent || col == 0) {
				r.giveUp()
			}
			continue
		}
		return
	}
}

// flowValue reads a value inside a flow collection ('-': plainStart
// decides, in inline).
func (r *yamlReader) flowValue(indent int) *Node {
	switch r.at(r.pos) {
	case '#', '\n', 0, ',', ']', '}', '?', ':':
		r.giveUp()
	}
	return r.inline(indent, true, false)
}
