package xmltree

import "github.com/iisconf/iisconf/engine/textfmt"

// parseContent reads the root element starting at i, with everything in
// it, and returns the offset after its end. It is a loop over an explicit
// stack (the Parent chain plus childStarts), never recursion, so nesting
// depth costs heap, bounded by Limits.MaxDepth, not goroutine stack.
func (p *parser) parseContent(i int) (*Node, int, *SyntaxError) {
	root, next, selfClosing, err := p.parseStartTag(i, nil)
	if err != nil {
		return nil, 0, err
	}
	if selfClosing {
		return root, next, nil
	}
	cur := root
	depth := 1
	// childStarts[d] is where the children of the open element at depth
	// d+1 begin in p.childBuf.
	childStarts := []int{len(p.childBuf)}
	i = next
	for {
		if i < p.end && p.src[i] != '<' {
			if i, err = p.parseText(i, cur); err != nil {
				return nil, 0, err
			}
		}
		if i >= p.end {
			return nil, 0, p.eofErr(textfmt.Sprintf("unexpected end of file: <%s> opened at line %d is not closed", cur.Name, cur.Start.Line))
		}
		var child *Node
		switch {
		case p.hasAt(i, "</"):
			if i, err = p.parseEndTag(i, cur); err != nil {
				return nil, 0, err
			}
			base := childStarts[len(childStarts)-1]
			childStarts = childStarts[:len(childStarts)-1]
			if kids := p.childBuf[base:]; len(kids) > 0 {
				cur.Children = p.kids.take(kids)
				clear(kids) // drop references so finished subtrees are not pinned by the buffer
			}
			p.childBuf = p.childBuf[:base]
			if cur == root {
				return root, i, nil
			}
			cur = cur.Parent
			depth--
			continue
		case p.hasAt(i, "<!--"):
			child, i, err = p.parseComment(i)
		case p.hasAt(i, "<![CDATA["):
			child, i, err = p.parseCDATA(i)
		case p.hasAt(i, "<?"):
			child, i, err = p.parsePI(i)
		case p.hasAt(i, "<!DOCTYPE"):
			return nil, 0, p.errAt(i, "<!DOCTYPE> is allowed only before the root element")
		case p.hasAt(i, "<!"):
			return nil, 0, p.errAt(i, "unexpected '<!': expected '<!--' (comment) or '<![CDATA[' (CDATA section)")
		default:
			if depth >= p.lim.MaxDepth {
				return nil, 0, p.errAt(i, textfmt.Sprintf("nesting deeper than %d elements", p.lim.MaxDepth))
			}
			var selfClosing bool
			child, i, selfClosing, err = p.parseStartTag(i, cur)
			if err != nil {
				return nil, 0, err
			}
			p.childBuf = append(p.childBuf, child)
			if !selfClosing {
				cur = child
				depth++
				childStarts = append(childStarts, len(p.childBuf))
			}
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		child.Parent = cur
		p.childBuf = append(p.childBuf, child)
	}
}

// parseEndTag reads "</name S? >" at i, which must close cur.
func (p *parser) parseEndTag(i int, cur *Node) (int, *SyntaxError) {
	nameAt := i + 2
	ne := scanName(p.src, nameAt, p.end)
	if ne == nameAt {
		return 0, p.badName(nameAt, "an element name after '</'")
	}
	if string(p.src[nameAt:ne]) != cur.Name {
		return 0, p.errAt(i, textfmt.Sprintf("element <%s> (opened at line %d) closed by </%s>", cur.Name, cur.Start.Line, p.src[nameAt:ne]))
	}
	k := p.skipSpace(ne)
	if k >= p.end {
		return 0, p.eofErr(textfmt.Sprintf("unexpected end of file inside the end tag </%s>", cur.Name))
	}
	if p.src[k] != '>' {
		return 0, p.errAt(k, textfmt.Sprintf("expected '>' to end </%s>, found %s", cur.Name, p.describeChar(k)))
	}
	cur.EndTagStart = int32(i)
	cur.End = int32(k + 1)
	return k + 1, nil
}
