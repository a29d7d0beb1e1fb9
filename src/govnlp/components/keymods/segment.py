"""A review report cut into its parts: regions, topics (items), and sentences with source offsets.

Review reports follow a fixed rhetorical pattern: an intro narrating the procedure
("…现将审议结果报告如下"), optionally an overall section ("一、总体修改情况"), then topics
("(一)关于…", "一、关于…", a bare "关于…的问题" line, or in national style a paragraph opening
"有的常委委员提出…") or a directive list ("1.第二十五条中的“…”修改为“…”;删去…"), and a closing
("以上报告…请审议").

Two texts are involved. ``Document.text`` is the report as given: its characters and punctuation
are what a user quotes and what :attr:`Unit.source` returns. The cues and models read the
paragraphs' normalized view (:func:`govnlp.text.view.view_of`: simplified characters, full-width
punctuation, wrapped lines joined), :attr:`Unit.text`. :func:`align` maps the view back onto the
source, so every unit knows its ``[start, end)`` in ``Document.text``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from govnlp.doc.model import Document
from govnlp.text.align import align
from govnlp.text.numerals import CN_DIGITS
from govnlp.text.sentences import sentence_spans
from govnlp.text.view import body_view, view_of

__all__ = ["Unit", "report_units", "align", "source_text", "GENERIC_TOPIC", "NUM"]

NUM = f"[{CN_DIGITS}\\d０-９]+"
GENERIC_TOPIC = "其他文字和技术性修改"


@dataclass
class Unit:
    """One sentence of a report (normalized view) with its place in the report and in the source."""

    text: str                  # normalized view: what cues and models read
    paragraph: int
    topic: str | None          # current topic heading/lead (None outside topics)
    topic_id: int              # increments per topic; -1 outside topics
    region: str                # intro | overview | body | closing
    is_heading: bool = False
    prev_in_para: list[str] = field(default_factory=list)
    start: int = -1            # [start, end) in Document.text (-1: not found in the source)
    end: int = -1
    source: str = ""           # Document.text[start:end]: the report's own characters
    directive: bool = False    # a directive of a list ("第八条修改为…", "删去…")


def source_text(document: Document) -> str:
    """The text offsets refer to: ``Document.text`` when present, else the body."""
    return document.text or document.body or "\n".join(p.text for p in document.paragraphs)


# ----------------------------------------------------------------------------- structure
_COMMITTEE = r"(?:法制委员会|宪法和法律委员会|法律委员会|法制工作委员会|法案委员会|委员会|我委|我们)"
_OPINION = re.compile(r"(?:有的|有些|一些|部分|还有的|不少)[^,，.。:：]{0,24}(?:提出|认为|建议|指出)")
_INTRO_END = re.compile(r"(?:报告|汇报|说明)如下|报告以下|作如下(?:报告|汇报)|向[^。，,]{0,10}作一?(?:汇报|报告)[:：]")
_CLOSING = re.compile(r"^(?:以上|上述)(?:报告|汇报|意见)|请一并(?:予以)?审议|请予审议|已经?按照上述(?:建议|意见)"
                      r"|^(?:草案修改稿|修改稿)?已按照上述")
_OVERVIEW = re.compile(r"总体|总的|基本情况|必要性|过程|工作情况|指导思想|修改原则")
_SECTION = re.compile(rf"^\s*{NUM}、(?P<t>.*)$")
_SUBTOPIC = re.compile(rf"^\s*[(（]{NUM}[)）](?P<t>.*)$")
_ABOUT = re.compile(r"^关于[^,，.。;；:：]{2,60}$")
_SALUTATION = re.compile(r"(?:委员|代表|同志们)[:：]$")
_GENERIC = re.compile(r"^(?:此外|另外|还有)[,，]")
# A directive of a list: "1.第二十五条中的…修改为…", "删去第九项.", "在第八条增加一款作为第二款:", "将第三十六条修改为:"
_DIRECTIVE = re.compile(
    rf"^(?:{NUM}[.．、。]|[(（]{NUM}[)）])?\s*(?:"
    rf"第{NUM}[款项](?:中的[“「]|修改为|删去|删除)|"
    rf"(?:将|把)?(?:《[^》]{{1,30}}》|草案|条例)?(?:中的)?第{NUM}条[^“”,，。]{{0,20}}?(?:中的[“「][^”」]*[”」])?(?:修改为|改为|删去|删除|调整为)"
    rf"|(?:删去|删除)(?:第{NUM}|[“「])"
    rf"|在第{NUM}[条章节][^,，。]{{0,20}}?(?:增加|增写|后增加)"
    rf"|增加(?:一|{NUM})[条款项](?:,|，)?(?:作为第|[:：])"
    rf"|《[^》]{{1,30}}》中的[“「])")


def _is_heading(text: str) -> bool:
    t = text.strip()
    return len(t) <= 60 and not re.search(r"[.。;；!！?？]$", t) and not re.search(r"[,，.。]", t[:-1] or "x")


def _para_opens_topic(first: str, text: str) -> bool:
    """National style: a paragraph opening with an enumerated opinion starts a topic."""
    return bool(re.match(rf"^(?:{NUM}、|[(（]{NUM}[)）])", first)) or (
        bool(_OPINION.match(first)) and bool(re.search(_COMMITTEE, text)))


def _lead_topic(first: str) -> str:
    m = re.search(r"关于[^,，.。:：;；]{2,40}", first)
    if m:
        return m.group(0)
    return re.split(r"[,，.。:：;；]", re.sub(rf"^(?:{NUM}、|[(（]{NUM}[)）]|{NUM}[.．])", "", first))[0][:40]


def is_directive(text: str) -> bool:
    return bool(_DIRECTIVE.match(text.strip()))


_MARKER_ONLY = re.compile(rf"^\s*(?:{NUM}[。.．、]?|[(（]{NUM}[)）])\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEAD_MARK = re.compile(rf"^\s*(?:{NUM}[、.．。]|[(（]{NUM}[)）])\s*")


def _semicolon_cuts(text: str, s: int, e: int) -> list[int]:
    """Offsets after a ；/; (outside quotes) that is followed by another directive of a list."""
    cuts, depth = [], 0
    for k in range(s, e):
        ch = text[k]
        if ch in "“「":
            depth += 1
        elif ch in "”」" and depth:
            depth -= 1
        elif ch in "；;" and depth == 0 and k + 1 < e and is_directive(text[k + 1:e]):
            cuts.append(k + 1)
    return cuts


def sentence_spans_of(text: str) -> list[tuple[int, int]]:
    """GUIDELINES §3 sentences of one paragraph, adjusted for how reports print lists.

    A bare enumeration mark split off by normalization (``1。`` from ``1.``) joins the sentence it
    numbers (a ``(修改稿第…条)`` after a closing quote is a sentence of its own, as the guideline's
    rule reads, though some annotators attach it to the sentence before); a directive line holding several directives (``…修改为“…”;删去…``) gives one sentence each.
    """
    spans = list(sentence_spans(text))
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(spans):
        s, e = spans[k]
        if _MARKER_ONLY.match(text[s:e]) and k + 1 < len(spans):
            spans[k + 1] = (s, spans[k + 1][1])
            k += 1
            continue
        if is_directive(text[s:e]):
            cuts = _semicolon_cuts(text, s, e)
            for c in cuts:
                out.append((s, c))
                s = c
        out.append((s, e))
        k += 1
    return out


def _paragraph_views(document: Document) -> list[str]:
    """What the cues read of each paragraph of the report."""
    if document.paragraphs:
        return [view_of(p) for p in document.paragraphs]
    return [t for t in body_view(document).split("\n") if t.strip()]


def report_units(document: Document) -> list[Unit]:
    """The report's sentences in order, each placed in its region and topic, with source offsets.

    Topics come from headings (`(一)关于…`, `一、关于…`, a bare `关于…的问题` line), from
    paragraphs opening with an opinion cue (`有的常委委员提出…`, national style) or, in a directive
    list, from each directive (one directive, one topic).
    """
    paragraphs = _paragraph_views(document)
    source = source_text(document)
    view = "\n".join(paragraphs)
    mapping = align(view, source)
    para_starts, pos = [], 0
    for p in paragraphs:
        para_starts.append(pos)
        pos += len(p) + 1

    has_intro_end = any(_INTRO_END.search(p) for p in paragraphs)
    region = "intro" if has_intro_end else "body"
    topic: str | None = None
    topic_id = -1
    units: list[Unit] = []

    def add(pi: int, s: int, e: int, **kw) -> Unit:
        if not kw.get("directive") and not kw.get("is_heading"):
            # a topic's number (一、 (二) 1.) is a heading, not the sentence; a directive's number is its own
            m = _LEAD_MARK.match(paragraphs[pi][s:e])
            if m and s + m.end() < e:
                s += m.end()
        text = paragraphs[pi][s:e]
        offs = [mapping[para_starts[pi] + k] for k in range(s, e)]
        offs = [o for o in offs if o >= 0]
        start, end = (offs[0], offs[-1] + 1) if offs else (-1, -1)
        u = Unit(text=text, paragraph=pi, start=start, end=end,
                 source=source[start:end] if offs else "", **kw)
        units.append(u)
        return u

    for pi, text in enumerate(paragraphs):
        spans = sentence_spans_of(text)
        sents = [text[s:e] for s, e in spans]
        if region == "intro":
            for s, e in spans:
                add(pi, s, e, topic=None, topic_id=-1, region="intro")
            if _INTRO_END.search(text):
                region = "body"
            continue
        stripped = text.strip()
        if _is_heading(stripped) and not is_directive(stripped):
            lead = len(text) - len(text.lstrip())
            m = _SECTION.match(stripped)
            sm = _SUBTOPIC.match(stripped)
            title = (m.group("t") if m else sm.group("t") if sm else stripped).strip()
            if m and not title.startswith("关于") and _OVERVIEW.search(title):
                region, topic = "overview", None
            elif m and not title.startswith("关于"):
                region, topic = "body", None       # container section: 主要修改情况 …
            elif m or sm or _ABOUT.match(stripped):
                region = "body" if region != "closing" else region
                topic, topic_id = title, topic_id + 1
            add(pi, lead, lead + len(stripped), topic=topic, topic_id=topic_id, region=region, is_heading=True)
            continue
        if region == "overview":
            # an overview section ends only at the next heading; its sentences are never changes
            for s, e in spans:
                add(pi, s, e, topic=None, topic_id=-1, region="overview")
            continue
        if _SALUTATION.search(stripped):      # title / salutation line of a report without intro marker
            for s, e in spans:
                add(pi, s, e, topic=None, topic_id=-1, region="intro")
            continue
        first = sents[0] if sents else ""
        if _CLOSING.search(first) and region == "body":
            region = "closing"
        if region == "body":
            if _GENERIC.match(first) and re.search(r"修改|调整", text):
                topic, topic_id = GENERIC_TOPIC, topic_id + 1
            elif topic is None or topic == GENERIC_TOPIC or _para_opens_topic(first, text):
                if _para_opens_topic(first, text) or topic is None:
                    topic, topic_id = _lead_topic(first), topic_id + 1
        prev: list[str] = []
        for (s, e), sent in zip(spans, sents):
            r = region
            if r != "closing" and _CLOSING.search(sent):
                r = "closing"
            directive = r == "body" and is_directive(sent)
            if directive:
                topic, topic_id = _lead_topic(sent), topic_id + 1
            add(pi, s, e, topic=topic if r == "body" else None, topic_id=topic_id if r == "body" else -1,
                region=r, prev_in_para=list(prev), directive=directive)
            prev.append(sent)
    return units
