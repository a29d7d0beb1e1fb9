"""Parsing: decoded text → documents, chapters, articles, paragraphs, items and sentences.

:func:`parse` is the entry point: it reads any source (:mod:`govnlp.readers`) and hands the text to
the parser for its kind, a gazette issue or a LawRefBook regulation; both build their documents
with :mod:`govnlp.parsing.structure`.
"""
from __future__ import annotations

import re

from govnlp.doc.model import Document, Gazette
from govnlp.errors import InputError
from govnlp.parsing.gazette import SAMPLE_PATH, parse_document, parse_gazette_text
from govnlp.parsing.lawrefbook import is_lawrefbook_text, parse_lawrefbook, parse_lawrefbook_text
from govnlp.readers import read_source
from govnlp.parsing.titles import TitleFinding, find_title
from govnlp.text.align import source_of
from govnlp.text.script import is_traditional, to_simplified
from govnlp.text.view import model_view

__all__ = ["parse", "parse_text", "parse_document", "parse_page", "not_a_document", "parse_lawrefbook", "attach_pages",
           "SAMPLE_PATH"]


def parse_text(text: str, source: str = "<text>", encoding: str = "utf-8",
               layout: list[tuple[bool | None, bool]] | None = None) -> Gazette:
    """Parse decoded text: a LawRefBook regulation if it is one, else a gazette issue. ``layout``: what
    the source's layout says of each line (:attr:`govnlp.readers.Source.layout`), where it has one."""
    if text.startswith("\ufeff"):
        text = text[1:]
    notes = []
    given = text
    source_lines = text.split("\n")
    if is_traditional(text):
        # the parser reads simplified characters; every unit's text is cut from the lines as given
        text = "\n".join(to_simplified(line) for line in text.split("\n"))
        notes.append("traditional characters read as simplified (OpenCC t2s); texts keep the source's own")
    if is_lawrefbook_text(text):
        gazette = parse_lawrefbook_text(text, source, encoding, as_given=given)
    else:
        try:
            gazette = parse_gazette_text(text, source, encoding, layout=layout, as_given=given)
        except InputError as exc:
            page = parse_page("\n".join(source_lines), source)
            if page is None:
                raise exc from None
            # the title finder's title and issuer, in the page's own characters as printed
            page.title = source_of(page.title, page.text) or page.title if page.title else ""
            page.issuer = source_of(page.issuer, page.text) or page.issuer if page.issuer else ""
            gazette = Gazette(source=source, encoding=encoding, documents=[page])
            notes.append("read as a page holding one document: no gazette headings")
    gazette.notes.extend(notes)
    # the parsers cut titles, issuers and units from the source; each document keeps its lines
    for doc in gazette.documents:
        if not doc.text:
            doc.text = "\n".join(source_lines[doc.start_line - 1:doc.end_line])
    return gazette


#: A page without a title holds a document only when it says something of a people's congress, at
#: some length: a fragment of a sentence is not a document.
_MIN_PAGE_CHARS = 40
#: A page that holds a people's-congress document says so somewhere.
_CONGRESS = re.compile(r"人民代表大会|人大|常务委员会|常委会|各位委员|各位代表|草案|条例|现予公布|第[一二三四五六七八九十]+条")


def not_a_document(text: str, finding: TitleFinding | None = None) -> str:
    """Why a page holds no document, ``""`` when it holds one: a page with a title holds one; a page
    without needs some length and a word of a people's congress. ``finding``: the page's title
    finding, where the caller has it."""
    if (finding if finding is not None else find_title(text)).found:
        return ""
    view = model_view(text[:5000])
    chars = len(re.sub(r"\s", "", view))
    if chars < _MIN_PAGE_CHARS:
        problem = (f"a fragment, not a document: no title and {chars} characters of text "
                   f"(a document without a title has {_MIN_PAGE_CHARS} or more)")
        if "\ufffd" in text:
            problem += "; it holds replacement characters (\ufffd), as text decoded with the wrong encoding does"
        return problem
    if not _CONGRESS.search(view):
        return ("not a people's congress document: no title, and no word of a congress, its standing "
                "committee, a draft or an article")
    return ""


def parse_page(text: str, source: str = "<text>") -> Document | None:
    """A page saved from a website that holds one document without gazette headings: the document,
    its title found among the page's navigation and metadata; ``None`` when the page holds none
    (:func:`not_a_document`)."""
    finding = find_title(text)
    if not_a_document(text, finding):
        return None
    try:
        doc = parse_document(text, source=source)
    except InputError:
        return None
    if finding.found:
        doc.title, doc.issuer = finding.title, finding.issuer
    return doc


def parse(path_or_text, source: str | None = None) -> Gazette:
    """Parse a gazette issue from a path, bytes or its text.

    Raises :class:`~govnlp.errors.InputError` (naming the file) for unreadable, empty, binary
    or non-gazette input, and for nothing else.
    """
    src = read_source(path_or_text, source)
    gazette = parse_text(src.text, src.name, src.encoding, layout=src.layout)
    gazette.format = src.kind
    gazette.notes[:0] = src.notes
    if src.line_pages:
        gazette.line_pages = [list(x) for x in src.line_pages]
        attach_pages(gazette)
    return gazette


def attach_pages(gazette: Gazette) -> None:
    """Set ``start_page``/``end_page`` on every unit from its line numbers and ``gazette.line_pages``."""
    def mark(unit) -> None:
        first, last = gazette.page_of_line(unit.start_line), gazette.page_of_line(unit.end_line)
        unit.start_page = first[0] if first else None
        unit.end_page = last[0] if last else None

    for doc in gazette.documents:
        mark(doc)
        for chapter in doc.chapters:
            mark(chapter)
            for section in chapter.sections:
                mark(section)
        paragraphs = list(doc.paragraphs)
        for article in doc.articles:
            mark(article)
            paragraphs.extend(article.paragraphs)
        for para in paragraphs:
            mark(para)
            for unit in [*para.sentences, *para.items, *(s for it in para.items for s in it.sentences)]:
                mark(unit)
