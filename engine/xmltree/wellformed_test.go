package xmltree

import (
	"strings"
	"testing"
)

// errorCase is an input that must be rejected with exactly this message at
// exactly this line and column.
type errorCase struct {
	name      string
	src       string
	line, col int
	msg       string
}

func runErrorCases(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Parse([]byte(c.src), Limits{})
			if err == nil {
				t.Fatalf("accepted %q (root <%s>), want error %q", c.src, doc.Root.Name, c.msg)
			}
			if doc != nil {
				t.Errorf("a Document was returned with the error")
			}
			if err.Msg != c.msg || int(err.Pos.Line) != c.line || int(err.Pos.Col) != c.col {
				t.Errorf("got   %d:%d %s\nwant  %d:%d %s", err.Pos.Line, err.Pos.Col, err.Msg, c.line, c.col, c.msg)
			}
		})
	}
}

func mustParse(t *testing.T, src string) *Document {
	t.Helper()
	doc, err := Parse([]byte(src), Limits{})
	if err != nil {
		t.Fatalf("Parse(%q): %d:%d %s", src, err.Pos.Line, err.Pos.Col, err.Msg)
	}
	return doc
}

func TestStructureErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"empty file", "", 1, 1, "no root element: a configuration file needs one element such as <configuration>"},
		{"only white space", "  \n ", 2, 2, "no root element: a configuration file needs one element such as <configuration>"},
		{"only a comment", "<!-- x -->\n", 2, 1, "no root element: a configuration file needs one element such as <configuration>"},
		{"two roots", "<a/>\n<b/>", 2, 1, "a second root element <b> after <a> (ended at line 1): a file has exactly one root element"},
		{"two roots with end tag", "<a>\n</a><b>", 2, 5, "a second root element <b> after <a> (ended at line 2): a file has exactly one root element"},
		{"mismatched end tag", "<configuration>\n  <handlers>\n  </system.webServer>", 3, 3, "element <handlers> (opened at line 2) closed by </system.webServer>"},
		{"unclosed root", "<configuration>\n  <a/>\n", 3, 1, "unexpected end of file: <configuration> opened at line 1 is not closed"},
		{"unclosed inner", "<a><b>", 1, 7, "unexpected end of file: <b> opened at line 1 is not closed"},
		{"end tag junk", "<a></a x>", 1, 8, "expected '>' to end </a>, found 'x'"},
		{"end tag without name", "<a></ a>", 1, 6, "expected an element name after '</', found space"},
		{"stray end tag after root", "<a/></a>", 1, 5, "unexpected markup after the root element <a> ended"},
		{"text before root", "x<a/>", 1, 1, "text is not allowed before the root element"},
		{"text after root", "<a/>\n x", 2, 2, "text is not allowed after the root element <a> ended"},
		{"CDATA before root", "<![CDATA[x]]><a/>", 1, 1, "unexpected '<!' before the root element (only comments and <!DOCTYPE> may appear here)"},
		{"CDATA after root", "<a/><![CDATA[x]]>", 1, 5, "unexpected markup after the root element <a> ended"},
		{"unknown <! in content", "<a><!ELEMENT a></a>", 1, 4, "unexpected '<!': expected '<!--' (comment) or '<![CDATA[' (CDATA section)"},
		{"eof in start tag", "<a b='1'", 1, 9, "unexpected end of file inside the start tag of <a> (opened at line 1)"},
		{"eof in value", "<a b='1", 1, 8, "unexpected end of file in the value of attribute 'b' (quote opened at line 1)"},
		{"eof after <", "<a><", 1, 5, "unexpected end of file where an element name after '<' was expected"},
		{"bad self-close", "<a / >", 1, 4, "expected '/>' to end <a>, found '/' followed by space"},
	})
}

func TestNameErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"digit start", "<1a/>", 1, 2, "a name cannot start with '1'"},
		{"dash start", "<-a/>", 1, 2, "a name cannot start with '-'"},
		{"space after <", "< a/>", 1, 2, "white space is not allowed between '<' and the element name"},
		{"not a name char in element", "<a×/>", 1, 3, "character '×' is not allowed in the element name <a>"},
		{"not a name char in attribute", "<a b×='1'/>", 1, 5, "character '×' is not allowed in the attribute name 'b'"},
		{"attribute starting badly", "<a ·='1'/>", 1, 4, "a name cannot start with '·'"},
		{"ascii junk in attributes", "<a %='1'/>", 1, 4, "expected an attribute name, '>' or '/>' in <a>, found '%'"},
		{"missing =", "<a b '1'/>", 1, 6, "expected '=' after attribute name 'b', found '\\''"},
		{"unquoted value", "<a x=1/>", 1, 6, "the value of attribute 'x' must be in quotes, found '1'"},
		{"no space between attributes", "<a x='1'y='2'/>", 1, 9, "expected white space, '>' or '/>' after an attribute value in <a>, found 'y'"},
		{"PI target missing", "<a><? x?></a>", 1, 6, "expected a processing instruction target after '<?'"},
		{"PI target needs space", "<a><?a%b?></a>", 1, 7, "expected white space or '?>' after processing instruction target 'a', found '%'"},
		{"PI target XML reserved", "<a><?XML x?></a>", 1, 6, "processing instruction target 'XML' is reserved"},
	})
	// Valid names from the fifth edition production, including several
	// colons and non-ASCII letters.
	doc := mustParse(t, "<é:b:c attr-ü.x_1='1' _a='2' :b='3'><ab·c/></é:b:c>")
	if doc.Root.Name != "é:b:c" || len(doc.Root.Attrs) != 3 || doc.Root.Attrs[0].Name != "attr-ü.x_1" {
		t.Errorf("names: got <%s> %+v", doc.Root.Name, doc.Root.Attrs)
	}
}

func TestAttributeErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"duplicate attribute", "<a x=\"1\"\n   x=\"2\"/>", 2, 4, "attribute 'x' appears twice (first at line 1, column 4)"},
		{"lt in value", "<a x=\"a<b\"/>", 1, 8, "'<' is not allowed in the value of attribute 'x' (write '&lt;')"},
		{"missing closing quote", "<a x=\"1 />\n<b/>", 2, 1, "'<' is not allowed in an attribute value; is the closing '\"' of attribute 'x' (opened at line 1) missing?"},
	})
}

func TestReferenceErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"undefined entity", "<a>\n&nbsp;</a>", 2, 1, "undefined entity '&nbsp;' (XML predefines only &lt; &gt; &amp; &apos; &quot;)"},
		{"undefined entity in attribute", "<a b='&copy;'/>", 1, 7, "undefined entity '&copy;' (XML predefines only &lt; &gt; &amp; &apos; &quot;)"},
		{"bare ampersand", "<a>fish & chips</a>", 1, 9, "'&' must start an entity or character reference (write '&amp;' for a literal '&')"},
		{"entity without semicolon", "<a>&amp </a>", 1, 4, "entity reference '&amp' is missing its ';' (write '&amp;' for a literal '&')"},
		{"char ref to NUL", "<a>&#0;</a>", 1, 4, "character reference '&#0;' names U+0000, which is not allowed in XML"},
		{"char ref to surrogate", "<a b='&#xD800;'/>", 1, 7, "character reference '&#xD800;' names U+D800, which is not allowed in XML"},
		{"char ref to FFFE", "<a>&#xFFFE;</a>", 1, 4, "character reference '&#xFFFE;' names U+FFFE, which is not allowed in XML"},
		{"char ref too big", "<a>&#x110000;</a>", 1, 4, "character reference '&#x110000;' is beyond U+10FFFF"},
		{"char ref absurdly long", "<a>&#99999999999999999999999999;</a>", 1, 4, "character reference '&#99999999999999999999999999;' is beyond U+10FFFF"},
		{"char ref without digits", "<a>&#;</a>", 1, 4, "character reference '&#' must be followed by decimal digits or 'x' and hex digits, then ';'"},
		{"char ref upper X", "<a>&#X41;</a>", 1, 4, "character reference '&#' must be followed by decimal digits or 'x' and hex digits, then ';'"},
		{"char ref without semicolon", "<a>&#65 </a>", 1, 4, "character reference '&#65' is missing its ';'"},
	})
}

func TestMarkupErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"double dash in comment", "<a><!-- a -- b --></a>", 1, 11, "'--' is not allowed inside a comment"},
		{"comment ending in dash", "<a><!-- a ---></a>", 1, 11, "'--' is not allowed inside a comment"},
		{"unclosed comment", "<a>\n<!-- x\n", 3, 1, "unexpected end of file: comment opened at line 2 is not closed with '-->'"},
		{"unclosed CDATA", "<a><![CDATA[x", 1, 14, "unexpected end of file: CDATA section opened at line 1 is not closed with ']]>'"},
		{"unclosed PI", "<a><?pi x", 1, 10, "unexpected end of file: processing instruction opened at line 1 is not closed with '?>'"},
		{"CDATA end in text", "<a>x]]>y</a>", 1, 5, "']]>' is not allowed in text (write ']]&gt;')"},
	})
	doc := mustParse(t, "<a><![CDATA[<&> ]] ]>]]><!----><?pi?></a>")
	kids := doc.Root.Children
	if len(kids) != 3 || kids[0].Kind != CDataNode || kids[0].Text != "<&> ]] ]>" ||
		kids[1].Kind != CommentNode || kids[1].Text != "" || kids[2].Kind != PINode || kids[2].Name != "pi" || kids[2].Text != "" {
		t.Errorf("children: %+v", kids)
	}
	// "]]>" is allowed inside an attribute value (XML 1.0 AttValue).
	if doc := mustParse(t, "<a b=']]>'/>"); doc.Root.Attrs[0].Value != "]]>" {
		t.Errorf("value %q", doc.Root.Attrs[0].Value)
	}
}

func TestProlog(t *testing.T) {
	src := "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" standalone='yes' ?>\n<!-- one -->\n<?pi data ?>\n<!DOCTYPE configuration PUBLIC \"-//X//Y\" 'c.dtd'>\n<configuration/>\n<!-- two -->\n"
	doc := mustParse(t, src)
	if !doc.HasBOM || doc.Encoding != "UTF-8" || doc.SourceEncoding != "UTF-8" || doc.DeclEnd != strings.Index(src, "?>")+2 {
		t.Errorf("HasBOM %v Encoding %q SourceEncoding %q DeclEnd %d", doc.HasBOM, doc.Encoding, doc.SourceEncoding, doc.DeclEnd)
	}
	if len(doc.Prolog) != 2 || doc.Prolog[0].Text != " one " || doc.Prolog[1].Name != "pi" || doc.Prolog[1].Text != "data " {
		t.Errorf("prolog %+v", doc.Prolog)
	}
	if len(doc.Epilog) != 1 || doc.Epilog[0].Text != " two " {
		t.Errorf("epilog %+v", doc.Epilog)
	}
	mustParse(t, "<!DOCTYPE a><a/>")
	mustParse(t, "<!DOCTYPE a SYSTEM \"a.dtd\" ><a/>")
	mustParse(t, "<?xml version='1.0'?><?xml-stylesheet href='x'?><a/>")

	runErrorCases(t, []errorCase{
		{"decl after space", " <?xml version=\"1.0\"?><a/>", 1, 2, "the XML declaration <?xml ...?> is allowed only at the very start of the file (nothing, not even white space, may come before it)"},
		{"decl after comment", "<!-- c --><?xml version=\"1.0\"?><a/>", 1, 11, "the XML declaration <?xml ...?> is allowed only at the very start of the file (nothing, not even white space, may come before it)"},
		{"decl without version", "<?xml encoding=\"utf-8\"?><a/>", 1, 7, "the XML declaration must begin with version=\"1.0\""},
		{"truncated decl", "<?xml", 1, 6, "unexpected end of file: XML declaration opened at line 1 is not closed with '?>'"},
		{"empty decl", "<?xml ?><a/>", 1, 1, "the XML declaration must begin with version=\"1.0\""},
		{"version 1.1", "<?xml version=\"1.1\"?><a/>", 1, 16, "unsupported XML version '1.1' (only 1.0 is supported)"},
		{"decl order", "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"utf-8\"?><a/>", 1, 38, "'encoding' is repeated or out of order in the XML declaration (the order is version, encoding, standalone)"},
		{"decl unknown", "<?xml version=\"1.0\" foo=\"x\"?><a/>", 1, 21, "unknown 'foo' in the XML declaration (only version, encoding and standalone are allowed)"},
		{"decl standalone value", "<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", 1, 33, "standalone must be \"yes\" or \"no\", not 'maybe'"},
		{"decl no space", "<?xml version=\"1.0\"encoding=\"utf-8\"?><a/>", 1, 20, "expected white space in the XML declaration, found 'e'"},
		{"decl unquoted", "<?xml version=1.0?><a/>", 1, 15, "expected a quoted value for 'version' in the XML declaration, found '1'"},
		{"decl bad encoding name", "<?xml version=\"1.0\" encoding=\"8bit\"?><a/>", 1, 31, "'8bit' is not a valid encoding name"},
		{"doctype internal subset", "<!DOCTYPE a [\n<!ENTITY x \"y\">]><a>&x;</a>", 1, 13, "a <!DOCTYPE> with an internal subset ('[...]') is not supported in configuration files"},
		{"doctype twice", "<!DOCTYPE a><!DOCTYPE a><a/>", 1, 13, "a document may have only one <!DOCTYPE>"},
		{"doctype in content", "<a><!DOCTYPE a></a>", 1, 4, "<!DOCTYPE> is allowed only before the root element"},
		{"doctype without name", "<!DOCTYPE ><a/>", 1, 11, "expected the root element name in <!DOCTYPE>, found '>'"},
		{"doctype bad public id", "<!DOCTYPE a PUBLIC \"a{b\" \"c\"><a/>", 1, 22, "character '{' is not allowed in a public identifier"},
		{"doctype junk", "<!DOCTYPE a junk><a/>", 1, 13, "expected '>' to end <!DOCTYPE>, found 'j'"},
	})
}

func TestCharacterErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"invalid UTF-8", "<a>\n é\xff</a>", 2, 3, "invalid UTF-8 byte 0xFF (the file is not valid UTF-8; save it as UTF-8)"},
		{"control char", "<a>\x01</a>", 1, 4, "control character U+0001 is not allowed in XML"},
		{"NUL in attribute", "<a b='\x00'/>", 1, 7, "control character U+0000 is not allowed in XML"},
		{"U+FFFE", "<a>\uFFFE</a>", 1, 4, "character U+FFFE is not allowed in XML"},
		{"illegal char in comment", "<a><!-- \x0B --></a>", 1, 9, "control character U+000B is not allowed in XML"},
		// An earlier structural error is reported before a later bad character.
		{"structure before bad char", "<a></b>\x01", 1, 4, "element <a> (opened at line 1) closed by </b>"},
		{"bad char ends a name", "<ab\x01/>", 1, 4, "control character U+0001 is not allowed in XML"},
	})
}
