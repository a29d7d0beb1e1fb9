"""The shared document builder: logical lines → paragraphs, items, chapters, sections, articles.

Every reader's text ends here, whatever its layout: a gazette issue, a LawRefBook regulation or a
bare text. Line numbers given in ``LogicalLine`` are carried onto every unit. The rules read the
normalized view of each paragraph; every unit's text is cut from the source (:meth:`LogicalLine.source`)
and its view kept beside it for the models.
"""
from __future__ import annotations

import re

from govnlp.doc.model import Article, Chapter, Document, Item, Paragraph, Section, Sentence
from govnlp.text.normalize import LogicalLine
from govnlp.text.numerals import CN_DIGITS, cn_to_int
from govnlp.text.sentences import sentence_spans

__all__ = ["build_document", "ARTICLE"]

_NUM = CN_DIGITS
ARTICLE = _ARTICLE = re.compile(rf"^(第([{_NUM}\d]+)条(?:之[{_NUM}]+)?)[\u3000 ]+")
_CHAPTER = re.compile(rf"^(第([{_NUM}\d]+)章)[\u3000 ]*(.{{0,30}})$")
_SECTION = re.compile(rf"^(第([{_NUM}\d]+)节)[\u3000 ]*(.{{0,30}})$")
_ITEM = re.compile(rf"^(（([{_NUM}\d]+)）)")

def _sentences(ll: LogicalLine, text: str, base: int) -> list[Sentence]:
    """Sentences of ``text`` == ``ll.text[base:base+len(text)]`` with their source lines."""
    out = []
    for s, e in sentence_spans(text):
        a, b = ll.span(base + s, base + e)
        out.append(Sentence(ll.source(base + s, base + e), a, b, view=text[s:e]))
    return out


def _paragraph(ll: LogicalLine, base: int = 0) -> Paragraph:
    text = ll.text[base:].strip()
    base += len(ll.text[base:]) - len(ll.text[base:].lstrip())
    return Paragraph(ll.source(base, base + len(text)), ll.start_line, ll.end_line,
                     _sentences(ll, text, base), view=text)


def _item(ll: LogicalLine, m: re.Match) -> Item:
    base = m.end()
    text = ll.text[base:]
    return Item(m.group(1), cn_to_int(m.group(2)), ll.source(base), ll.start_line, ll.end_line,
                _sentences(ll, text, base), view=text)


def _heading(ll: LogicalLine, m: re.Match) -> str:
    """A chapter's or section's title in the source's characters, without its spacing (``总　则``)."""
    return re.sub(r"\s+", "", ll.source(m.start(3), m.end(3)))


def _structure(doc: Document, body: list[LogicalLine], article_re: re.Pattern = _ARTICLE) -> None:
    """Chapters, sections, articles, paragraphs (款) and items (项) of a regulation or decision."""
    chapter: Chapter | None = None
    section: Section | None = None
    article: Article | None = None
    art_lines: list[LogicalLine] = []

    def close_article() -> None:
        if article is not None:
            article.text = "\n".join(ll.source() for ll in art_lines)
            article.view = "\n".join(ll.text for ll in art_lines)

    for ll in body:
        t = ll.text
        m_ch, m_se, m_ar = _CHAPTER.match(t), _SECTION.match(t), article_re.match(t)
        if m_ch and not m_ar:
            close_article()
            article = None
            chapter = Chapter(m_ch.group(1), _heading(ll, m_ch), ll.start_line, ll.end_line)
            doc.chapters.append(chapter)
            section = None
        elif m_se and not m_ar and chapter is not None:
            close_article()
            article = None
            section = Section(m_se.group(1), _heading(ll, m_se), ll.start_line, ll.end_line)
            chapter.sections.append(section)
        elif m_ar:
            close_article()
            number = m_ar.group(1)
            article = Article(number, cn_to_int(m_ar.group(2)), t, ll.start_line, ll.end_line,
                              chapter=chapter.number if chapter else None,
                              section=section.number if section else None)
            art_lines = [ll]
            article.paragraphs.append(_paragraph(ll, m_ar.end()))
            doc.articles.append(article)
            for unit in (chapter, section):
                if unit is not None:
                    unit.end_line = ll.end_line
            holder = section or chapter
            if holder is not None:
                holder.articles.append(article)
        elif article is not None:
            art_lines.append(ll)
            article.end_line = ll.end_line
            for unit in (chapter, section):
                if unit is not None:
                    unit.end_line = ll.end_line
            m_it = _ITEM.match(t)
            if m_it and article.paragraphs:
                article.paragraphs[-1].items.append(_item(ll, m_it))
                article.paragraphs[-1].end_line = ll.end_line
            else:
                article.paragraphs.append(_paragraph(ll))
    close_article()
    # A table of contents lists chapter headings before the text: drop headings without content.
    if doc.chapters:
        doc.chapters = [c for c in doc.chapters if c.articles or c.sections]


def build_document(index: int, title: str, issuer: str, date_line: str, start: int, end: int,
                   body: list[LogicalLine], with_articles: bool,
                   article_re: re.Pattern = _ARTICLE) -> Document:
    """A Document from its header fields and body paragraphs (shared with LawRefBook reading)."""
    doc = Document(index=index, title=title, start_line=start, end_line=end,
                   issuer=issuer, date_line=date_line)
    doc.body = "\n".join(ll.source() for ll in body)
    doc.body_view = "\n".join(ll.text for ll in body)
    doc.paragraphs = [_paragraph(ll) for ll in body]
    if with_articles:
        _structure(doc, body, article_re)
    return doc
