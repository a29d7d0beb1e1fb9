"""Read a LawRefBook Markdown regulation into the same data model as a gazette (one Document).

LawRefBook files look like::

    # 北京市数字经济促进条例
    2022年11月25日 北京市第十五届人民代表大会常务委员会第四十五次会议通过
    <!-- INFO END -->
    ## 第一章 总 则          (sometimes first a table of contents: all chapter headings)
    第一条 为了……

Each non-blank line is already a paragraph, so no line joining is needed; every line that opens
with ``第…条`` opens an article (the same rule the corpus checks use), and chapter headings
without any article (a table of contents) are dropped.
"""
from __future__ import annotations

import re
from pathlib import Path

from govnlp.errors import InputError
from govnlp.text.numerals import CN_CLASS, CN_DIGITS
from govnlp.doc.model import Gazette
from govnlp.text.normalize import LogicalLine, view_line
from govnlp.parsing.structure import build_document
from govnlp.readers import read_text

__all__ = ["parse_lawrefbook", "parse_lawrefbook_text", "is_lawrefbook_text"]

_INFO_END = "<!-- INFO END -->"
_ARTICLE = re.compile(rf"^(第([{CN_DIGITS}]+)条(?:之{CN_CLASS}+)?)[\u3000 ]*")
_COMMENT = re.compile(r"^<!--.*-->$")
_MARKUP = re.compile(r"\s*#*")


def is_lawrefbook_text(text: str) -> bool:
    """LawRefBook Markdown: an ``<!-- INFO END -->`` marker or a ``# title`` first line."""
    return _INFO_END in text or text.lstrip().startswith("# ")


def parse_lawrefbook_text(text: str, source: str = "<text>", encoding: str = "utf-8",
                          as_given: str | None = None) -> Gazette:
    """Parse LawRefBook Markdown text; ``source`` names it in errors and in the result; ``as_given``:
    the text as given where ``text`` is its simplified conversion, line for line."""
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise InputError(source, "contains no Chinese text; not a regulation")
    lines = text.lstrip("\ufeff").splitlines()
    given = as_given.lstrip("\ufeff").splitlines() if as_given is not None else lines
    if len(given) != len(lines) or any(a.startswith("# ") != b.startswith("# ") for a, b in zip(lines, given)):
        given = lines
    title, title_no = "", 0
    for no, raw in enumerate(lines, 1):
        if raw.startswith("# "):
            title, title_no = given[no - 1][2:].strip(), no
            break
    info_end = next((no for no, raw in enumerate(lines, 1) if raw.strip() == _INFO_END), 0)
    if not title:
        title = Path(source).stem if source.endswith(".md") else ""
    if not title:
        raise InputError(source, "no '# title' line; not a LawRefBook regulation")
    date_line = ""
    body_from = title_no + 1
    if info_end > title_no:
        date_line = " ".join(x.strip() for x in given[title_no:info_end - 1] if x.strip())
        body_from = info_end + 1
    body: list[LogicalLine] = []
    for no in range(body_from, len(lines) + 1):
        line, printed = lines[no - 1], given[no - 1]
        if not line.strip() or _COMMENT.match(line.strip()):
            continue
        k = _MARKUP.match(line).end()       # heading marks are Markdown, not the regulation's text
        text_, at = view_line(line[k:], printed[k:])
        if text_:
            body.append(LogicalLine(text_, [no], [0], sources=[printed], at=[o + k if o >= 0 else -1 for o in at]))
    start = title_no or (body[0].start_line if body else 1)
    end = body[-1].end_line if body else start
    doc = build_document(0, title, "", date_line, start, end, body, with_articles=True,
                         article_re=_ARTICLE)
    return Gazette(source=source, documents=[doc], encoding=encoding)


def parse_lawrefbook(path) -> Gazette:
    """Parse one LawRefBook Markdown file; InputError names the file if it cannot be read."""
    text, encoding = read_text(path)
    return parse_lawrefbook_text(text, str(path), encoding)
