"""Parse a gazette issue (公报) into Gazette → Document → Chapter → Article → Paragraph → Item → Sentence.

Segmentation works on normalized printed lines (see :mod:`govnlp.normalize`).  A document opens
with a *header*: an optional attachment marker (``附件１``), an optional issuer, and a title of one
or more short lines without sentence punctuation whose text ends with a document word (条例, 报告,
说明, 决定, 名单, 纪要, 函, …).  A header is only accepted when what follows it is what follows
titles in gazettes: a date line ``（…通过）``, a speech line ``———…会议上``, a salutation
``…委员：``, a document number ``…〔2021〕16号``, an indented first paragraph, a chapter or
article; an announcement title ``…公告（第…号）`` needs nothing after it.  Nothing specific to
one issue (titles, line numbers) is used.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Article, Chapter, Document, Gazette, Item, Paragraph, Section, Sentence
from .normalize import STRUCT, LogicalLine, PhysLine, join_lines, physical_lines
from .reading import decode_bytes, read_text
from .sentences import sentence_spans

__all__ = ["SAMPLE_PATH", "parse", "parse_text", "cn_to_int", "build_document"]

#: The bundled sample issue (Shanxi, 13th standing committee, 31st session, Sept. 2021).
SAMPLE_PATH = Path(__file__).resolve().parent / "data" / "shanxi-13th-sc-31st-session.txt"

_NUM = "一二三四五六七八九十百千零〇两"
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}

_TITLE_END = re.compile(
    r"(?:条例|办法|规定|规则|细则|报告|汇报|说明|决定|决议|名单|议程|纪要|函|意见|答复|公告|通知|批复|章程)"
    r"(?:（[^（）]*(?:号|草案|稿)）)?$"
)
_ANNOUNCEMENT = re.compile(r"^(.+?)公告（第.+号）$")
_ORG_END = re.compile(r"(?:委员会|常委会|政府|办公厅|办公室|厅|工委|检查组|会议|局|法院|检察院|代表团)$")
_DATE_PAREN = re.compile(r"^（\d{4}年")
_SPEECH = re.compile(r"^—{2,}")
_DOCNUM = re.compile(r"〔\d{4}〕\d+号$")
_DATE_ONLY = re.compile(r"^\d{4}年\d{1,2}月(?:\d{1,2}[日月])?$")
_ATTACH = re.compile(r"^附件\s*\d*$")
_NOT_TITLE_CHARS = re.compile(r"[，。；：！？,;:!?]")
_MAX_TITLE_LINE = 28

_ARTICLE = re.compile(rf"^(第([{_NUM}\d]+)条(?:之[{_NUM}]+)?)[\u3000 ]+")
_CHAPTER = re.compile(rf"^(第([{_NUM}\d]+)章)[\u3000 ]*(.{{0,30}})$")
_SECTION = re.compile(rf"^(第([{_NUM}\d]+)节)[\u3000 ]*(.{{0,30}})$")
_ITEM = re.compile(rf"^(（([{_NUM}\d]+)）)")
_ARTICLE_DOC = re.compile(r"(?:条例|办法|规定|规则|细则|决定|章程|准则)(?:（[^（）]*）)?$")


def cn_to_int(numeral: str) -> int:
    """Integer value of a Chinese (or Arabic) numeral as used in 第…条: 二十三 → 23."""
    if numeral.isdigit():
        return int(numeral)
    total, cur = 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            cur = _DIGITS[ch]
        elif ch in _UNITS:
            total += (cur or 1) * _UNITS[ch]
            cur = 0
    return total + cur


def _titleish(p: PhysLine) -> bool:
    t = p.text
    return (
        not p.indent
        and len(t) <= _MAX_TITLE_LINE
        and not _NOT_TITLE_CHARS.search(t)
        and not STRUCT.match(t)
        and not _DATE_ONLY.match(t)
        and not _DATE_PAREN.match(t)
        and not _SPEECH.match(t)
        and not _DOCNUM.search(t)
    )


def _follows_title(p: PhysLine) -> bool:
    """A line that may directly follow a document title."""
    t = p.text
    return bool(
        _DATE_PAREN.match(t) or _SPEECH.match(t) or _DOCNUM.search(t) or p.indent
        or (t.endswith("：") and len(t) <= 30 and "，" not in t)
        or _CHAPTER.match(t) or _ARTICLE.match(t)
    )


@dataclass
class _Header:
    start: int          # index of the first header line
    end: int            # index after the header (title, issuer below)
    title: str
    issuer: str


def _split_issuer(lines: list[str]) -> tuple[str, str]:
    """Split header lines into (issuer, title): the issuer is an organ name before the title."""
    joined = "".join(lines)
    m = _ANNOUNCEMENT.match(joined)
    if m:
        return m.group(1), joined
    idx = joined.find("关于")
    if idx > 0 and (_ORG_END.search(joined[:idx]) or idx <= 25):
        return joined[:idx], joined[idx:]
    if (len(lines) > 1 and _ORG_END.search(lines[0]) and not _TITLE_END.search(lines[0])
            and not lines[0].startswith("关于") and "《" not in lines[0]):
        return lines[0], "".join(lines[1:])
    return "", joined


def _match_header(lines: list[PhysLine], i: int) -> _Header | None:
    n = len(lines)
    j = i + 1 if _ATTACH.match(lines[i].text) else i
    k = j
    while (k < n and k - j < 8 and _titleish(lines[k])
           and not (k > j and (lines[k].page_start or _ATTACH.match(lines[k].text)))):
        k += 1
    # Try the longest title first; a trailing organ line may be the issuer printed below it.
    for e in range(k, j, -1):
        texts = [p.text for p in lines[j:e]]
        joined = "".join(texts)
        if not _TITLE_END.search(joined):
            continue
        below = [p.text for p in lines[e:k]]
        if len(below) > 1 or (below and not _ORG_END.search(below[0])):
            continue
        announcement = bool(_ANNOUNCEMENT.match(joined))
        if not announcement and (k >= n or not _follows_title(lines[k])):
            continue
        issuer, title = _split_issuer(texts)
        if below:
            issuer = issuer or below[0]
        if len(title) < 2:
            continue
        return _Header(i, k, title, issuer)
    return None


def _take_date_line(lines: list[PhysLine], k: int, stop: int) -> tuple[str, int]:
    """The ``（…通过）`` or ``———…会议上`` line(s) at ``k``, and the index after them."""
    if k >= stop:
        return "", k
    t = lines[k].text
    if _DATE_PAREN.match(t):
        e = k
        while e < stop and e - k < 10 and not lines[e].text.endswith("）"):
            e += 1
        e = min(e + 1, stop)
        return "".join(p.text for p in lines[k:e]), e
    if _SPEECH.match(t):
        e = k
        while e < stop and e - k < 4 and not lines[e].text.endswith("上"):
            e += 1
        e = min(e + 1, stop)
        return "".join(p.text for p in lines[k:e]), e
    return "", k


def _sentences(ll: LogicalLine, text: str, base: int) -> list[Sentence]:
    """Sentences of ``text`` == ``ll.text[base:base+len(text)]`` with their source lines."""
    out = []
    for s, e in sentence_spans(text):
        a, b = ll.span(base + s, base + e)
        out.append(Sentence(text[s:e], a, b))
    return out


def _paragraph(ll: LogicalLine, base: int = 0) -> Paragraph:
    text = ll.text[base:].strip()
    base += len(ll.text[base:]) - len(ll.text[base:].lstrip())
    return Paragraph(text, ll.start_line, ll.end_line, _sentences(ll, text, base))


def _item(ll: LogicalLine, m: re.Match) -> Item:
    base = m.end()
    text = ll.text[base:]
    return Item(m.group(1), cn_to_int(m.group(2)), text, ll.start_line, ll.end_line,
                _sentences(ll, text, base))


def _structure(doc: Document, body: list[LogicalLine], article_re: re.Pattern = _ARTICLE) -> None:
    """Chapters, sections, articles, paragraphs (款) and items (项) of a regulation or decision."""
    chapter: Chapter | None = None
    section: Section | None = None
    article: Article | None = None
    art_lines: list[str] = []

    def close_article() -> None:
        if article is not None:
            article.text = "\n".join(art_lines)

    for ll in body:
        t = ll.text
        m_ch, m_se, m_ar = _CHAPTER.match(t), _SECTION.match(t), article_re.match(t)
        if m_ch and not m_ar:
            close_article()
            article = None
            chapter = Chapter(m_ch.group(1), m_ch.group(3).replace("\u3000", "").strip(),
                              ll.start_line, ll.end_line)
            doc.chapters.append(chapter)
            section = None
        elif m_se and not m_ar and chapter is not None:
            close_article()
            article = None
            section = Section(m_se.group(1), m_se.group(3).replace("\u3000", "").strip(),
                              ll.start_line, ll.end_line)
            chapter.sections.append(section)
        elif m_ar:
            close_article()
            number = m_ar.group(1)
            article = Article(number, cn_to_int(m_ar.group(2)), t, ll.start_line, ll.end_line,
                              chapter=chapter.number if chapter else None,
                              section=section.number if section else None)
            art_lines = [t]
            article.paragraphs.append(_paragraph(ll, m_ar.end()))
            doc.articles.append(article)
            for unit in (chapter, section):
                if unit is not None:
                    unit.end_line = ll.end_line
            holder = section or chapter
            if holder is not None:
                holder.articles.append(article)
        elif article is not None:
            art_lines.append(t)
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
    doc.body = "\n".join(ll.text for ll in body)
    doc.paragraphs = [_paragraph(ll) for ll in body]
    if with_articles:
        _structure(doc, body, article_re)
    return doc


def _segment(lines: list[PhysLine]) -> list[tuple[_Header, int]]:
    headers: list[_Header] = []
    i, n = 0, len(lines)
    while i < n:
        starts_here = (i == 0 or lines[i].page_start or not _titleish(lines[i - 1])
                       or _ATTACH.match(lines[i].text))
        h = _match_header(lines, i) if starts_here else None
        if h is not None:
            headers.append(h)
            i = h.end
        else:
            i += 1
    return [(h, headers[x + 1].start if x + 1 < len(headers) else n) for x, h in enumerate(headers)]


def _source_of(path_or_text) -> tuple[str, str, str]:
    """(text, encoding, source) from a path, bytes or text."""
    if isinstance(path_or_text, os.PathLike):
        text, enc = read_text(path_or_text)
        return text, enc, os.fspath(path_or_text)
    if isinstance(path_or_text, (bytes, bytearray)):
        text, enc = decode_bytes(bytes(path_or_text), "<bytes>")
        return text, enc, "<bytes>"
    if not isinstance(path_or_text, str):
        raise InputError(repr(type(path_or_text).__name__), "expected a path, bytes or text")
    s = path_or_text
    if "\n" not in s and len(s) < 1024 and s.strip():
        try:
            exists = Path(s).is_file()
        except (OSError, ValueError):
            exists = False
        if exists or s.endswith((".txt", ".md")) or os.sep in s:
            text, enc = read_text(s)
            return text, enc, s
    return s, "utf-8", "<text>"


def parse_text(text: str, source: str = "<text>", encoding: str = "utf-8") -> Gazette:
    """Parse the text of a gazette issue (see :func:`parse`)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "<!-- INFO END -->" in text or text.lstrip().startswith("# "):
        from .lawrefbook import parse_lawrefbook_text
        return parse_lawrefbook_text(text, source, encoding)
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise InputError(source, "contains no Chinese text; not a gazette issue")
    lines = physical_lines(text)
    segments = _segment(lines)
    if not segments:
        raise InputError(source, "no document title found; not a gazette issue")
    gazette = Gazette(source=source, encoding=encoding)
    raw = text.splitlines()
    for index, (h, stop) in enumerate(segments):
        date_line, k = _take_date_line(lines, h.end, stop)
        body = join_lines(lines[k:stop])
        # A document spans up to the next one, print furniture (page numbers, headers) included.
        end = lines[stop].no - 1 if stop < len(lines) else len(raw)
        while end > lines[stop - 1].no and not raw[end - 1].strip():
            end -= 1
        doc = build_document(index, h.title, h.issuer, date_line, lines[h.start].no, end, body,
                             with_articles=bool(_ARTICLE_DOC.search(h.title)))
        gazette.documents.append(doc)
    return gazette


def parse(path_or_text, source: str | None = None) -> Gazette:
    """Parse a gazette issue from a path, bytes or its text.

    Raises :class:`~govnlp.errors.InputError` (naming the file) for unreadable, empty, binary
    or non-gazette input, and for nothing else.
    """
    text, enc, src = _source_of(path_or_text)
    return parse_text(text, source or src, enc)


# ``govnlp.parse`` is this function at package level; keep ``govnlp.parse.SAMPLE_PATH`` working.
parse.SAMPLE_PATH = SAMPLE_PATH  # type: ignore[attr-defined]


def parse_document(text: str, title: str = "", source: str = "<text>") -> Document:
    """One Document from a bare text (a web page body, an excerpt with no heading).

    Unlike :func:`parse`, nothing is required to look like a gazette: every logical line becomes a
    body paragraph, and lines that open with ``第…条`` become articles.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "empty text")
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise InputError(source, "contains no Chinese text")
    # Web and Markdown texts separate an article number with an ASCII space, which normalization
    # would drop; the gazette's own separator (U+3000) survives it.
    text = re.sub(rf"(?m)^(\s*第[{_NUM}\d]+条(?:之[{_NUM}]+)?)[ \t]+", "\\1\u3000", text)
    lines = physical_lines(text)
    body = join_lines(lines)
    end = max((p.no for p in lines), default=1)
    with_articles = any(_ARTICLE.match(ll.text) for ll in body)
    return build_document(0, title, "", "", lines[0].no if lines else 1, end, body, with_articles=with_articles)
