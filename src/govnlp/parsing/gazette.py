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

import re
from dataclasses import dataclass
from pathlib import Path

from govnlp.errors import InputError
from govnlp.text.numerals import CN_DIGITS
from govnlp.doc.model import Document, Gazette
from govnlp.text.normalize import _TERMINAL, STRUCT, LogicalLine, PhysLine, join_lines, physical_lines
from govnlp.text.noise import split_page_chrome
from govnlp.text.script import is_traditional, to_simplified
from govnlp.parsing.structure import _ARTICLE, _CHAPTER, build_document
from govnlp.parsing.titles import follows_title as _opens_like_a_body

__all__ = ["SAMPLE_PATH", "parse_gazette_text", "parse_document"]

#: The bundled sample issue (Shanxi, 13th standing committee, 31st session, Sept. 2021).
SAMPLE_PATH = Path(__file__).resolve().parents[1] / "data" / "shanxi-13th-sc-31st-session.txt"

_NUM = CN_DIGITS

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
#: a title printed as one block (a web page's paragraph) is not wrapped; the longest in the sample is 102
_MAX_TITLE_BLOCK = 160

_ARTICLE_DOC = re.compile(r"(?:条例|办法|规定|规则|细则|决定|章程|准则)(?:（[^（）]*）)?$")


def _titleish(p: PhysLine) -> bool:
    t = p.text
    return (
        not p.indent
        and len(t) <= (_MAX_TITLE_BLOCK if p.joins is False else _MAX_TITLE_LINE)
        and not _NOT_TITLE_CHARS.search(t)
        and not STRUCT.match(t)
        and not _DATE_ONLY.match(t)
        and not _DATE_PAREN.match(t)
        and not _SPEECH.match(t)
        and not _DOCNUM.search(t)
    )


def _follows_title(p: PhysLine) -> bool:
    """A line that may directly follow a document title. Where the layout says that the line begins a
    block but not whether it is indented (a web page's paragraphs), a block that opens as a body does
    (the title finder's test: a sentence, an issuer, a salutation) follows a title too."""
    t = p.text
    return bool(
        _DATE_PAREN.match(t) or _SPEECH.match(t) or _DOCNUM.search(t) or p.indent
        or (t.endswith("：") and len(t) <= 30 and "，" not in t)
        or _CHAPTER.match(t) or _ARTICLE.match(t)
        or (p.joins is False and not p.apart and (_opens_like_a_body(t) or STRUCT.match(t)))
    )


_PAIRS = (("《", "》"), ("（", "）"), ("〈", "〉"), ("“", "”"))


def _balanced(text: str) -> bool:
    """No bracket or quotation mark closes before it opens: ``审议意见》的函`` is the end of a sentence
    that named a document, not a title."""
    for opening, closing in _PAIRS:
        depth = 0
        for ch in text:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                return False
    return True


def _may_begin(lines: list[PhysLine], i: int) -> bool:
    """Whether a document may begin at line ``i`` as far as the layout says: at a block's first line;
    at a line the layout joins to the one above only where that one ends a sentence or a title (a
    paragraph that ended exactly at the measure looks like one that goes on)."""
    p = lines[i]
    if not p.joins:
        return True
    prev = lines[i - 1].text if i > 0 else ""
    return bool(_TERMINAL.search(prev) or _TITLE_END.search(prev))


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
    # an organ's name on a line of its own, unless the title goes on with the session ("…常务委员会" /
    # "第三十一次会议议程") or is a document word alone ("…第三十一次会议" / "纪要")
    if (len(lines) > 1 and _ORG_END.search(lines[0]) and not _TITLE_END.search(lines[0])
            and not lines[0].startswith("关于") and "《" not in lines[0]
            and not lines[1].startswith("第") and len("".join(lines[1:])) > 2):
        return lines[0], "".join(lines[1:])
    return "", joined


def _match_header(lines: list[PhysLine], i: int) -> _Header | None:
    n = len(lines)
    j = i + 1 if _ATTACH.match(lines[i].text) else i
    if j >= n or not _may_begin(lines, j):
        return None
    # A title the layout sets apart (centered, larger, a heading) needs nothing after it.
    apart = lines[j].apart
    within = lines[j].joins and j > 0 and not _TERMINAL.search(lines[j - 1].text)
    k = j
    while (k < n and k - j < 8 and _titleish(lines[k])
           # in plain text a page start ends a title; where the layout shows blocks, they say where
           and not (k > j and ((lines[k].page_start and lines[k].joins is None) or _ATTACH.match(lines[k].text)))
           # a title that begins on a line the layout joins to one that ends a title, not a sentence,
           # stays in that paragraph ("…院长的决定" / "（草案）" is the end of one, not a title)
           and not (within and k > j and lines[k].joins is False)):
        k += 1
    # Try the longest title first; a trailing organ line may be the issuer printed below it.
    for e in range(k, j, -1):
        if e < k and lines[e].joins:
            continue            # a title does not end inside a paragraph the layout shows going on
        texts = [p.text for p in lines[j:e]]
        joined = "".join(texts)
        if not _TITLE_END.search(joined) or not _balanced(joined):
            continue
        # An announcement's title, or a title set apart by the layout, needs nothing after it
        announcement = bool(_ANNOUNCEMENT.match(joined))
        set_apart = apart and all(p.apart or p.joins for p in lines[j:e])
        # An announcement's title needs nothing after it: its body may begin with short lines that
        # look like titles ("…已由山西省第十三届人民" where the typesetter wrapped a name).
        below = [] if announcement else [p.text for p in lines[e:k]]
        if len(below) > 1 or (below and not _ORG_END.search(below[0])):
            continue
        if not (announcement or set_apart) and (k >= n or not _follows_title(lines[k])):
            continue
        issuer, title = _split_issuer(texts)
        if below:
            issuer = issuer or below[0]
        if len(title) <= 2:       # a document word alone ("报告" wrapped onto a line) is not a title
            continue
        return _Header(i, e if announcement else k, title, issuer)
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


def _segment(lines: list[PhysLine]) -> list[tuple[_Header, int]]:
    headers: list[_Header] = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i].joins is not None:
            # where the source has a layout, every block may open a document, and no line inside one
            starts_here = _may_begin(lines, i)
        else:
            starts_here = (i == 0 or lines[i].page_start or not _titleish(lines[i - 1])
                           or _ATTACH.match(lines[i].text))
        h = _match_header(lines, i) if starts_here else None
        if h is not None:
            headers.append(h)
            i = h.end
        else:
            i += 1
    return [(h, headers[x + 1].start if x + 1 < len(headers) else n) for x, h in enumerate(headers)]


def _printed(header: LogicalLine, part: str) -> str:
    """``part`` of a header's view (its title, its issuer) in the header's printed characters."""
    at = header.text.find(part) if part else -1
    return header.source(at, at + len(part)) if at >= 0 else part


def parse_gazette_text(text: str, source: str = "<text>", encoding: str = "utf-8",
                       layout: list[tuple[bool | None, bool]] | None = None,
                       as_given: str | None = None) -> Gazette:
    """Parse the text of a gazette issue into its documents; ``layout``, where the source has one, says
    of each line whether it continues a paragraph and whether it is set apart (see
    :func:`govnlp.text.normalize.physical_lines`); ``as_given``: the text as given where ``text`` is
    its simplified conversion, line for line (titles, issuers and the units' texts are cut from it)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if as_given is not None and as_given.startswith("\ufeff"):
        as_given = as_given[1:]
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise InputError(source, "contains no Chinese text; not a gazette issue")
    lines = physical_lines(text, layout, as_given)
    segments = _segment(lines)
    if not segments:
        raise InputError(source, "no document title found; not a gazette issue")
    gazette = Gazette(source=source, encoding=encoding)
    raw = text.splitlines()
    for index, (h, stop) in enumerate(segments):
        date_line, k = _take_date_line(lines, h.end, stop)
        date_line = "".join(p.source_text() for p in lines[h.end:k]) if date_line else ""
        body = join_lines(lines[k:stop])
        # A document spans up to the next one, print furniture (page numbers, headers) included.
        end = lines[stop].no - 1 if stop < len(lines) else len(raw)
        while end > lines[stop - 1].no and not raw[end - 1].strip():
            end -= 1
        header = LogicalLine.of(lines[h.start])
        for p in lines[h.start + 1:h.end]:
            header.append(p)
        doc = build_document(index, _printed(header, h.title), _printed(header, h.issuer), date_line,
                             lines[h.start].no, end, body, with_articles=bool(_ARTICLE_DOC.search(h.title)))
        gazette.documents.append(doc)
    return gazette


def parse_document(text: str, title: str = "", source: str = "<text>") -> Document:
    """One Document from a bare text (a web page body, an excerpt with no heading).

    Unlike :func:`parse`, nothing is required to look like a gazette: every logical line becomes a
    body paragraph, and lines that open with ``第…条`` become articles. Web-page chrome lines
    (navigation, 发布日期/来源/浏览, print and share tools, footers) are set aside and traditional
    characters read as simplified; ``document.provenance`` records both. The units' texts are cut
    from ``text`` in its own characters, and line numbers still count its lines.
    """
    if not isinstance(text, str):
        raise InputError(source, f"expected text (str), not {type(text).__name__}")
    if not text.strip():
        raise InputError(source, "empty text")
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise InputError(source, "contains no Chinese text")
    provenance = []
    given = text
    if is_traditional(text):
        text = "\n".join(to_simplified(line) for line in text.split("\n"))
        provenance.append("traditional characters read as simplified (OpenCC t2s); texts keep the source's own")
    raw_lines = text.split("\n")
    _, dropped = split_page_chrome(raw_lines)
    if dropped and len(dropped) < len([x for x in raw_lines if x.strip()]):
        chrome = set(dropped)
        raw_lines = ["" if line in chrome else line for line in raw_lines]   # keep the numbering
        provenance.append("set aside as page chrome: " + " | ".join(x.strip() for x in dropped)[:300])
    text = "\n".join(raw_lines)
    # Web and Markdown texts separate an article number with an ASCII space, which normalization
    # would drop; the gazette's own separator (U+3000) survives it.
    text = re.sub(rf"(?m)^(\s*第[{_NUM}\d]+条(?:之[{_NUM}]+)?)[ \t]+", "\\1\u3000", text)
    lines = physical_lines(text, source=given)
    body = join_lines(lines)
    end = max((p.no for p in lines), default=1)
    with_articles = any(_ARTICLE.match(ll.text) for ll in body)
    doc = build_document(0, title, "", "", lines[0].no if lines else 1, end, body, with_articles=with_articles)
    doc.provenance = provenance
    doc.text = given
    return doc
