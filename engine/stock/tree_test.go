package stock

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
)

// node is a minimal element tree for the tests. It is built with
// encoding/xml because engine/xmltree.Parse is being written concurrently;
// switch parseTree to xmltree.Parse(b, xmltree.Limits{}) when it lands.
type node struct {
	Name     string
	Attrs    []xml.Attr
	Children []*node
	Line     int
}

func (n *node) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

func (n *node) child(name string) *node {
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// parseTree returns the document element, or an error naming the line.
func parseTree(b []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var stack []*node
	var root *node
	line := func() int { return 1 + bytes.Count(b[:d.InputOffset()], []byte("\n")) }
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line(), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{Name: t.Name.Local, Attrs: t.Attr, Line: line()}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("line %d: second root element", n.Line)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && len(bytes.TrimSpace(t)) > 0 {
				return nil, fmt.Errorf("line %d: unexpected text in <%s>", line(), stack[len(stack)-1].Name)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}
