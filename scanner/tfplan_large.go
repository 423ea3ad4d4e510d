package scanner

// readLargePlan reads a plan whose whole tree would pass MaxTreeValues, a
// member at a time: the values it does not need (variables,
// planned_values, prior_state...) are skipped without building them, each
// resource change is built alone and dropped once its planned value is
// taken, and planned values are kept as trees while their nodes fit in
// MaxTreeValues. Past that, a planned value is still read as text, with
// its address (Plan.Untreed). It reports false, leaving f as it was, for
// anything it cannot read; the caller then scans the file as text.
func readLargePlan(f *File) bool {
	p := &jsonParser{src: f.Src, file: f.Src}
	plan, kept, ok := p.largePlan(f)
	if !ok || plan.FormatVersion == "" {
		f.Root, f.Only, f.Deployed = nil, nil, nil
		return false
	}
	f.Root, f.Plan = kept, plan
	return true
}

func (p *jsonParser) largePlan(f *File) (*Plan, *Node, bool) {
	if hasBOM(p.src) {
		p.pos = 3
	}
	p.space()
	if p.pos >= len(p.src) || p.src[p.pos] != '{' {
		return nil, nil, false
	}
	p.pos++
	plan := &Plan{ModuleSources: map[string]string{}}
	kept := &Node{Kind: Array, Range: Range{0, len(p.src)}, Full: Range{0, len(p.src)}}
	budget, changes := MaxTreeValues, false
	f.Only = []Range{}
	for {
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return nil, nil, false
		}
		k, err := p.string()
		if err != nil {
			return nil, nil, false
		}
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, nil, false
		}
		p.pos++
		p.space()
		end := skipJSON(p.src, p.pos)
		if end < 0 {
			return nil, nil, false
		}
		switch k.Str {
		case "format_version":
			v, err := p.value()
			if err != nil {
				return nil, nil, false
			}
			plan.FormatVersion = str(v)
		case "resource_changes":
			if changes = true; !p.largeChanges(f, plan, kept, &budget) {
				return nil, nil, false
			}
		case "configuration":
			if mayExceedTree(p.src[p.pos:end]) {
				p.pos = end // sources are not placed; the findings stay on the plan
				break
			}
			v, err := p.value()
			if err != nil {
				return nil, nil, false
			}
			moduleSources(v.Get("root_module"), "", plan.ModuleSources)
		default:
			p.pos = end
		}
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		break
	}
	if p.pos >= len(p.src) || p.src[p.pos] != '}' {
		return nil, nil, false
	}
	p.pos++
	p.space()
	return plan, kept, changes && p.pos == len(p.src)
}

// largeChanges reads resource_changes one item at a time.
func (p *jsonParser) largeChanges(f *File, plan *Plan, kept *Node, budget *int) bool {
	if p.pos >= len(p.src) || p.src[p.pos] != '[' {
		return false
	}
	p.pos++
	for first := true; ; first = false {
		p.space()
		if first && p.pos < len(p.src) && p.src[p.pos] == ']' {
			break
		}
		start := p.pos
		end := skipJSON(p.src, start)
		if end < 0 {
			return false
		}
		if mayExceedTree(p.src[start:end]) {
			// One change too large for a tree: all of its text is read
			// (before included), as it would be without a plan.
			f.Only = append(f.Only, Range{start, end})
			plan.Untreed++
			p.pos = end
		} else {
			rc, err := p.value()
			if err != nil {
				return false
			}
			plan.readChange(f, rc, kept, budget)
		}
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		break
	}
	if p.pos >= len(p.src) || p.src[p.pos] != ']' {
		return false
	}
	p.pos++
	return true
}

// skipJSON returns the end of the JSON value that starts at i, without
// building it, or -1 when it does not end well. It checks only what it must
// to find the end: brackets and strings.
func skipJSON(src []byte, i int) int {
	depth := 0
	for i < len(src) {
		switch c := src[i]; c {
		case '"':
			end := jsonDQ.skip(src, i+1)
			if end > len(src) || end-i < 2 || src[end-1] != '"' {
				return -1
			}
			if i = end; depth == 0 {
				return i
			}
			continue
		case '{', '[':
			if depth++; depth > maxDepth {
				return -1
			}
		case '}', ']':
			if depth == 0 {
				return i // the end of a scalar
			}
			if depth--; depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\r', '\n':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	if depth == 0 {
		return i
	}
	return -1
}
