"""Links from key modifications to the enacted articles they landed in.

A review report says what the committee changed in a draft; the regulation printed in the same
issue is the enacted text. For each :class:`~govnlp.doc.model.KeyModification` this component sets
``enacted_document`` (the regulation's title) and ``enacted_articles`` (its article numbers,
``第十条``) from three signals, strongest first:

1. the quoted new wording (``修改为:“…”``, ``增加一条:“…”``) found in an enacted article: character
   3-grams of the quote covered by the article (at least :data:`QUOTE_COVERAGE`);
2. the revised article numbers the report states (``即草案修改稿第十一条``), where the enacted text
   has that article, mapped through the quotes' own findings when the enacted numbering differs
   (a quote of revised 第十条 found in enacted 第十一条 moves the numbers from there on by one);
   the draft's numbers only where a short quote or the topic confirms them;
3. the topic (``关于养老服务``) where neither gives an article: its characters found together in
   one article and no other (at least :data:`TOPIC_COVERAGE`).

A deletion that states no revised article links to nothing (``[]``); so does a general remark
(``其他文字和技术性修改``). An amendment decision (``关于修改«X»的决定``) printed with the regulation
it amends gets one key modification per numbered amendment (``一、将第六条第一款修改为:“…”``),
linked the same way. :func:`link_by_number` is the baseline: article numbers alone.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence

from govnlp.components.base import Component
from govnlp.doc.model import Document, Gazette, KeyModification
from govnlp.labels import REPORT_TYPES
from govnlp.text.compare import comparison_key
from govnlp.text.numerals import CN_DIGITS, cn_to_int
from govnlp.text.view import model_view, view_of

__all__ = ["LinksComponent", "link_modifications", "link_enacted", "enacted_regulation", "link_by_number", "reviewed_title", "enacted_for",
           "amendment_items", "locate"]

#: Share of a quote's character 3-grams an enacted article must contain to be where it landed.
QUOTE_COVERAGE = 0.5
#: Share of a topic's character bigrams one article must contain (and no other come close).
TOPIC_COVERAGE = 0.75
#: A quote shorter than this (comparison-key characters) only confirms an article named by number.
MIN_QUOTE = 12

_BASE = re.compile(rf"第[{CN_DIGITS}\d]+条")
_QUOTE = re.compile(r"“([^”]+)”")
_GENERIC = re.compile(r"其他|文字|技术性|立法技术")
_DRAFT_SUFFIX = re.compile(r"\((?:[^()]*草案[^()]*|[^()]*稿)\)$")
_AMEND_ITEM = re.compile(rf"^\s*([{CN_DIGITS}]+)、(.+)", re.S)
_REF = re.compile(rf"第[{CN_DIGITS}\d]+条(?:第[{CN_DIGITS}\d]+款)?(?:第[(（][{CN_DIGITS}\d]+[)）]项)?")
_HEAD = re.compile(rf"^第[{CN_DIGITS}\d]+条\s*")


def _base(ref: str) -> str | None:
    m = _BASE.match(ref)
    return m.group(0) if m else None


def _grams(s: str, n: int) -> set[str]:
    return {s[i:i + n] for i in range(max(0, len(s) - n + 1))}


def _coverage(part: set[str], whole: str, n: int) -> float:
    return len({g for g in part if g in whole}) / len(part) if part else 0.0


def reviewed_title(title: str) -> str | None:
    """The comparison key of the regulation a report reviews or a decision amends, from its title:
    ``关于«X(草案)»审议结果的报告`` → ``X``; ``关于修改«X»的决定`` → ``X``; ``X修正案(草案)`` → ``X``."""
    key = comparison_key(title)
    m = re.search(r"«(.+)»", key)
    if not m:
        return None
    name = _DRAFT_SUFFIX.sub("", m.group(1))
    name = re.sub(r"修正案$", "", name)
    return name or None


def enacted_for(document: Document, documents: Sequence[Document]) -> Document | None:
    """The regulation of ``documents`` that ``document`` reviews or amends (nearest one if several)."""
    name = reviewed_title(document.title)
    if not name:
        return None
    found = [d for d in documents if d is not document and d.articles and comparison_key(d.title) == name]
    if not found:
        return None
    return min(found, key=lambda d: (d.doc_type not in (None, "regulation"), abs(d.index - document.index)))


class _Enacted:
    """An enacted regulation's articles, keyed for matching."""

    def __init__(self, regulation: Document):
        self.title = regulation.title
        self.numbers = [a.number for a in regulation.articles]
        self.keys = [_HEAD.sub("", comparison_key(view_of(a))) for a in regulation.articles]
        self.by_number = dict(zip(self.numbers, self.keys))

    def quote_articles(self, quote: str) -> list[str]:
        """Articles holding a long quote (each part, where the quote spans several articles)."""
        out: list[str] = []
        for part in re.split(rf"第[{CN_DIGITS}]+条", comparison_key(quote)):
            if len(part) < MIN_QUOTE:
                continue
            grams = _grams(part, 3)
            scored = [(_coverage(grams, key, 3), num) for num, key in zip(self.numbers, self.keys)]
            best, num = max(scored, default=(0.0, None))
            if num is not None and best >= QUOTE_COVERAGE and num not in out:
                out.append(num)
        return out

    def topic_article(self, topic: str) -> list[str]:
        core = comparison_key(topic)
        core = re.sub(r"^关于|的(?:问题|规定|修改)$|问题$", "", core)
        core = re.sub(r"[^\u4e00-\u9fff]", "", core)
        grams = _grams(core, 2)
        if len(grams) < 3:
            return []
        scored = sorted(((_coverage(grams, key, 2), num) for num, key in zip(self.numbers, self.keys)), reverse=True)
        if not scored or scored[0][0] < TOPIC_COVERAGE:
            return []
        if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.1:
            return []      # the topic's words are everywhere: no one article
        return [scored[0][1]]


def _numbered(refs: Sequence[str], enacted: _Enacted, shift=None) -> list[str]:
    out = []
    for ref in refs:
        b = _base(ref)
        if b and shift is not None:
            b = shift(b)
        if b and b in enacted.by_number and b not in out:
            out.append(b)
    return out


def _quoted(mod: KeyModification, enacted: _Enacted) -> tuple[list[str], list[str]]:
    quotes = [q for s in mod.sentences for q in _QUOTE.findall(model_view(s))]
    by_quote: list[str] = []
    for q in quotes:
        by_quote += [a for a in enacted.quote_articles(q) if a not in by_quote]
    short = [comparison_key(q) for q in quotes if 2 <= len(comparison_key(q)) < MIN_QUOTE]
    return by_quote, short


def _anchors(mods: Sequence[KeyModification], quoted: list[list[str]], enacted: _Enacted) -> list[tuple[int, int]]:
    """(revised number, enacted number) pairs where a quote found the article a stated number names:
    how the revised draft's numbering maps onto the enacted one (a final vote may renumber)."""
    index = {num: cn_to_int(num[1:-1]) for num in enacted.numbers}
    out = []
    for mod, by_quote in zip(mods, quoted):
        stated = [cn_to_int(b[1:-1]) for b in (_base(r) for r in mod.revised_articles) if b]
        for art in by_quote:
            if stated and art in index:
                near = min(stated, key=lambda n: abs(n - index[art]))
                out.append((near, index[art]))
    return sorted(set(out))


def _shifter(anchors: list[tuple[int, int]], enacted: _Enacted):
    """Maps a revised-draft article number to the enacted one by the nearest anchor at or before it."""
    if not anchors or all(a == b for a, b in anchors):
        return None

    def shift(number: str) -> str | None:
        n = cn_to_int(number[1:-1])
        before = [a for a in anchors if a[0] <= n]
        rev, ena = before[-1] if before else anchors[0]
        return by_value.get(n + ena - rev)
    by_value = {cn_to_int(num[1:-1]): num for num in enacted.numbers}
    return shift


def _link(mod: KeyModification, enacted: _Enacted, by_quote: list[str], short: list[str], shift) -> list[str]:
    revised = _numbered(mod.revised_articles, enacted, shift)
    draft = _numbered(mod.draft_articles, enacted)
    if by_quote:
        return by_quote + [a for a in revised if a not in by_quote]
    if revised:
        return revised
    if mod.action == "delete" or _GENERIC.search(mod.topic or "") and not mod.draft_articles:
        return []
    confirmed = [a for a in draft if any(q in enacted.by_number[a] for q in short)]
    if confirmed:
        return confirmed
    by_topic = enacted.topic_article(mod.topic or "")
    if by_topic and (not draft or by_topic[0] in draft):
        return by_topic
    return []


def link_modifications(mods: Sequence[KeyModification], regulation: Document) -> None:
    """Set ``enacted_document`` and ``enacted_articles`` of each modification, in place."""
    enacted = _Enacted(regulation)
    found = [_quoted(mod, enacted) for mod in mods]
    shift = _shifter(_anchors(mods, [q for q, _ in found], enacted), enacted)
    for mod, (by_quote, short) in zip(mods, found):
        mod.enacted_document = regulation.title
        mod.enacted_articles = _link(mod, enacted, by_quote, short, shift)


def enacted_regulation(enacted) -> Document:
    """The regulation in ``enacted``: a Document, a Gazette, a path (a LawRefBook file, an issue)
    or a regulation's text; of several documents, the one with most articles."""
    from govnlp.errors import InputError
    from govnlp.parsing import parse, parse_document

    if isinstance(enacted, Document):
        return enacted
    if isinstance(enacted, Gazette):
        docs = enacted.documents
    elif isinstance(enacted, os.PathLike) or (isinstance(enacted, str) and "\n" not in enacted
                                              and len(enacted) < 4096 and Path(enacted).is_file()):
        docs = parse(Path(enacted)).documents
    else:
        try:
            docs = parse(enacted, "<enacted>").documents
        except InputError:
            docs = [parse_document(enacted)]
    with_articles = [d for d in docs if d.articles]
    if not with_articles:
        source = str(enacted) if isinstance(enacted, os.PathLike) or len(str(enacted)) < 200 else "<enacted>"
        raise InputError(source, "no articles (第…条) found: give the enacted regulation's text or file")
    return max(with_articles, key=lambda d: len(d.articles))


def link_enacted(mods: Sequence[KeyModification], enacted) -> Document:
    """Link ``mods`` to the regulation given as ``enacted`` (see :func:`enacted_regulation`)."""
    regulation = enacted_regulation(enacted)
    link_modifications(mods, regulation)
    return regulation


def link_by_number(mod: KeyModification, regulation: Document) -> list[str]:
    """Baseline: the revised article numbers the report states, else the draft's, where the enacted
    regulation has an article of that number."""
    enacted = _Enacted(regulation)
    return _numbered(mod.revised_articles, enacted) or _numbered(mod.draft_articles, enacted)


# ------------------------------------------------------------------ amendment decisions
def amendment_items(decision: Document) -> list[KeyModification]:
    """The numbered amendments of a decision (``一、将第六条第一款修改为:“…”``), one item each; a
    paragraph that continues a quote (it opens with ``“``) belongs to the amendment before it."""
    groups: list[tuple[str, list[str], list[str]]] = []     # (number, views, the paragraphs as printed)
    for p in decision.paragraphs:
        text = view_of(p).strip()
        m = _AMEND_ITEM.match(text)
        if m:
            groups.append((m.group(1), [text], [p.text.strip()]))
        elif groups and groups[-1][0] and text.startswith("“"):
            groups[-1][1].append(text)
            groups[-1][2].append(p.text.strip())
        elif groups:
            groups.append(("", [], []))      # the closing paragraph ends the list
    items = []
    for label, paras, printed in groups:
        if not label:
            continue
        text, quoted = "\n".join(paras), "\n".join(printed)
        bare = _QUOTE.sub("“”", text)
        head, _, after = bare.partition("作为")
        draft, revised = _REF.findall(head), _REF.findall(after)
        topic = re.split(r"[:：]", _AMEND_ITEM.match(text).group(2), maxsplit=1)[0][:60]
        items.append(KeyModification(topic=topic, action=_amend_action(bare), draft_articles=draft,
                                     revised_articles=revised, sentences=[quoted],
                                     spans=[s for s in [locate(decision.text, quoted)] if s]))
    return items


def _amend_action(bare: str) -> str:
    if re.search(r"修改为|改为|替换为", bare):
        return "modify"
    if re.search(r"增加|增写|新增", bare):
        return "modify" if re.search(r"删去|删除", bare) else "add"
    if re.search(r"删去|删除", bare):
        return "modify" if "中的" in bare else "delete"
    return "modify"


def locate(text: str, sentence: str) -> list[int] | None:
    """``[start, end)`` of ``sentence`` in ``text``, compared by the comparison key (so line breaks,
    full- and half-width punctuation do not matter); None when it is not there."""
    keys, where = [], []
    for i, ch in enumerate(text):
        for k in comparison_key(ch):
            keys.append(k)
            where.append(i)
    target = comparison_key(sentence)
    at = "".join(keys).find(target) if target else -1
    if at < 0:
        return None
    return [where[at], where[at + len(target) - 1] + 1]


# ------------------------------------------------------------------ pipeline glue
class LinksComponent(Component):
    """Links the key modifications of reports (and the amendments of decisions) to the enacted
    regulation printed in the same issue."""

    name = "links"
    requires = ("document.doc_type", "document.key_modifications")
    assigns = ("document.key_modifications", "keymod.enacted_document", "keymod.enacted_articles")

    def __call__(self, gazette: Gazette) -> Gazette:
        for doc in gazette.documents:
            if doc.doc_type == "amendment_decision":
                regulation = enacted_for(doc, gazette.documents)
                if regulation is None:
                    continue
                doc.key_modifications = amendment_items(doc)
                link_modifications(doc.key_modifications, regulation)
            elif doc.doc_type in REPORT_TYPES and doc.key_modifications:
                regulation = enacted_for(doc, gazette.documents)
                if regulation is not None:
                    link_modifications(doc.key_modifications, regulation)
        return gazette

    def predict(self, inputs):   # rules only: linking is what __call__ does
        return [self(g) for g in inputs]
