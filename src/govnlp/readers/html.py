"""Web pages of gazettes: the main text, one line per block, navigation and footer dropped.

Why selectolax (MIT; its Lexbor backend, a maintained HTML5 parser) plus rules rather than a
main-text extractor such as trafilatura: those keep the one longest article of a page and drop short
blocks, while a gazette page often holds a whole issue whose titles, dates and signatures are short
blocks that the parser needs. The rules: drop ``script, style, nav, header, footer, aside, form``
and elements whose id or class names navigation, menus, breadcrumbs, sharing or footers; then
every block element (p, div, h1–h6, li, td, …) and every ``<br>`` ends a line, inline elements do
not; tables are read row by row, cell by cell. A heading line is marked as a page start is in text
extractions, with a leading space: the parser reads it as a place where a new document may begin.
What the markup says is kept beside the lines (:func:`read_html_layout`): a line after a ``<br>``
continues its block's paragraph, any other begins a block; a line inside a heading, ``<strong>``,
``<b>`` or a centered block is set apart, a title candidate.
"""
from __future__ import annotations

import re

from govnlp.errors import InputError

__all__ = ["read_html", "read_html_layout", "looks_like_html"]

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
              "template", "svg", "button", "select")
_DROP_NAMES = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|share|toolbar|sidebar|"
                         r"copyright|pager|pagination|related)(?:$|[\s_-])", re.I)
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "section",
          "article", "main", "blockquote", "pre", "dd", "dt", "dl", "td", "th", "hr", "center", "body"}
_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p)\b", re.I | re.S)


def looks_like_html(data: bytes) -> bool:
    return bool(_SNIFF.match(data[:2048].lstrip(b"\xef\xbb\xbf")))


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

#: Deepest nesting of elements read. Lexbor's parse time grows with the square of the depth (100,000
#: nested ``<div>`` take 30 s); a gazette page nests a few dozen deep.
MAX_DEPTH = 5000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*?(/?)>")
# elements that never hold others, or that the parser closes when a sibling opens: no deeper
_FLAT = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
         "p", "li", "dt", "dd", "tr", "td", "th", "option", "!doctype"}


def _too_deep(text: str) -> bool:
    """Whether the tags open more than :data:`MAX_DEPTH` elements at once, counted before parsing: an
    estimate from the tags alone (the parser itself is what the limit protects)."""
    if text.count("<") <= MAX_DEPTH:
        return False
    depth = 0
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _FLAT or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return False


_APART_INLINE = {"strong", "b"}
_CENTERED = re.compile(r"text-align\s*:\s*center", re.I)


def _sets_apart(node) -> bool:
    """An element whose text is set apart as titles are: a heading, bold, or a centered block."""
    tag = node.tag
    if tag in _HEADINGS or tag in _APART_INLINE or tag == "center":
        return True
    attrs = node.attributes
    return (attrs.get("align") or "").strip().lower() == "center" or bool(_CENTERED.search(attrs.get("style") or ""))


class _Lines:
    """Lines as they are made: the text of the line being read, in pieces each marked apart or not, and
    whether it follows a ``<br>`` inside a block (it continues that block's paragraph)."""

    def __init__(self):
        self.out: list[str] = []
        self.layout: list[tuple[bool, bool]] = []
        self.buf: list[tuple[str, bool]] = []
        self.after_br = False

    def flush(self, heading: bool = False) -> None:
        # collapse markup whitespace, but keep the ideographic spaces that indent a paragraph
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(t for t, _ in self.buf)).strip(" ")
        if text:
            apart = all(a for t, a in self.buf if t.strip(" \t\r\n\u00a0\u3000"))
            self.out.append(" " + text if heading else text)
            self.layout.append((self.after_br, apart))
        self.buf.clear()


def _walk(root, lines: _Lines) -> None:
    """The text of ``root`` in document order, a line ending at each block element's start and end and
    at each ``<br>``; each line marked as continuing its block (after a ``<br>``) and as set apart (all
    its text inside headings, ``<strong>``/``<b>`` or centered blocks).

    With an explicit stack, not recursion: a page of 100,000 nested ``<div>`` is as deep as it is long."""
    stack = [(root, False)]
    apart = 0
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving:
            if _sets_apart(node):
                apart -= 1
            if tag in _BLOCK:
                lines.flush(heading=tag in _HEADINGS)
                lines.after_br = False
            continue
        if tag == "-text":
            lines.buf.append((node.text_content or "", apart > 0))
            continue
        if tag == "br":
            lines.flush()
            lines.after_br = True
            continue
        if tag in _BLOCK:
            lines.flush()
            lines.after_br = False
        if tag in _BLOCK or _sets_apart(node):
            if _sets_apart(node):
                apart += 1
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))


def read_html(text: str, source: str) -> list[str]:
    """The page's text lines (decoded HTML in, lines out); InputError when no text remains."""
    return read_html_layout(text, source)[0]


def read_html_layout(text: str, source: str) -> tuple[list[str], list[tuple[bool, bool]]]:
    """The page's text lines and what its markup says of each: ``(joins, apart)``, ``joins`` when the
    line follows a ``<br>`` in its block, ``apart`` when it is a heading, bold or centered."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    if _too_deep(text):
        raise InputError(source, f"is a web page that nests elements more than {MAX_DEPTH} deep; it is refused")
    tree = HTMLParser(text)
    for node in tree.css(", ".join(_DROP_TAGS)):
        node.decompose()
    for node in tree.css("[id], [class]"):
        names = " ".join(filter(None, (node.attributes.get("id"), node.attributes.get("class"))))
        if _DROP_NAMES.search(names):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        raise InputError(source, "is an HTML page without a body")
    lines = _Lines()
    _walk(root, lines)
    if not lines.out:
        raise InputError(source, "is an HTML page with no text outside navigation and scripts")
    layout = lines.layout
    if _printed_lines(lines.out, layout):
        layout = [(None, apart) for _, apart in layout]
    return lines.out, layout


_ENDS = re.compile(r"[。！？；：.!?;:”’」』》）)]\s*$")


def _printed_lines(texts: list[str], layout: list[tuple[bool, bool]]) -> bool:
    """Whether the page's blocks are printed lines rather than paragraphs (a converter gives each line of
    a PDF its own ``<p>``): most long blocks then end in the middle of a sentence. Their block
    boundaries say nothing of where paragraphs end."""
    last = [i for i in range(len(texts)) if i + 1 == len(texts) or not layout[i + 1][0]]     # a block's last line
    ends = [bool(_ENDS.search(texts[i])) for i in last if not layout[i][1] and len(texts[i].strip()) >= 15]
    return len(ends) >= 10 and sum(not e for e in ends) > len(ends) / 2
