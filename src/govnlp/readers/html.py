"""Web pages of gazettes: the main text, one line per block, navigation and footer dropped.

Why selectolax (MIT; its Lexbor backend, a maintained HTML5 parser) plus rules rather than a
main-text extractor such as trafilatura: those keep the one longest article of a page and drop short
blocks, while a gazette page often holds a whole issue whose titles, dates and signatures are short
blocks that the parser needs. The rules: drop ``script, style, nav, header, footer, aside, form``
and elements whose id or class names navigation, menus, breadcrumbs, sharing or footers; then
every block element (p, div, h1–h6, li, tr, br, …) ends a line, inline elements do not. A heading
line is marked as a page start is in text extractions, with a leading space: the parser reads it as
a place where a new document may begin.
"""
from __future__ import annotations

import re

from govnlp.errors import InputError

__all__ = ["read_html", "looks_like_html"]

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


def _walk(node, out: list[str], buf: list[str]) -> None:
    tag = node.tag
    if tag == "-text":
        buf.append(node.text_content or "")
        return
    if tag in _BLOCK:
        _flush(out, buf)
    for child in node.iter(include_text=True):
        _walk(child, out, buf)
    if tag in _BLOCK:
        _flush(out, buf, heading=tag in _HEADINGS)


def _flush(out: list[str], buf: list[str], heading: bool = False) -> None:
    # collapse markup whitespace, but keep the ideographic spaces that indent a paragraph
    text = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(buf)).strip(" ")
    buf.clear()
    if text:
        out.append(" " + text if heading else text)


def read_html(text: str, source: str) -> list[str]:
    """The page's text lines (decoded HTML in, lines out); InputError when no text remains."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

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
    lines: list[str] = []
    _walk(root, lines, [])
    if not lines:
        raise InputError(source, "is an HTML page with no text outside navigation and scripts")
    return lines
