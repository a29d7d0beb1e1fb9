"""Key modifications of review reports (GUIDELINES §3): an extractive, structure-first summarizer.

Review reports (`review_report`, `review_opinion`) are written to a fixed rhetorical pattern:
an intro narrating the procedure ("…现将审议结果报告如下"), optionally an overall section
("一、总体修改情况"), then topics ("(一)关于…", "一、关于…", "有的常委委员提出…") each giving
an opinion and the committee's answer ("法制委员会经过认真研究,建议将该条修改为…",
"宪法和法律委员会经研究,建议…"), and a closing ("以上报告…请一并予以审议").  So the summary
is built in three steps:

1. structure: sentences are split the guideline's way (quote-aware, `;` only when it closes a
   listed item) and placed in their section/topic;
2. selection: a pluggable sentence scorer (``predict_proba(list[str]) -> (n, 2)``) decides
   which sentences state a change, inside the region where changes can be stated; the default
   scorer is TF-IDF char n-grams + logistic regression trained on :func:`weak_sentence_labels`
   (labelling functions written from the guideline, no gold needed) or on gold when given;
3. fields: selected sentences are grouped into items, and action / draft / revised article
   numbers are read off them and their topic context by rules.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from govnlp.components.base import Component
from govnlp.doc.model import Document, KeyModification, Paragraph
from govnlp.labels import REPORT_TYPES
from govnlp.text.compare import comparison_key
from govnlp.text.numerals import CN_DIGITS
from govnlp.text.sentences import split_sentences

__all__ = [
    "KeyModificationExtractor", "KeyModsComponent", "load_extractor", "weak_sentence_labels",
    "report_units", "extract_articles", "item_action",
]

_CN = CN_DIGITS
_NUM = f"[{_CN}\\d０-９]+"

# ----------------------------------------------------------------------------- report structure
@dataclass
class Unit:
    """One sentence of a report with the structure around it."""

    text: str
    paragraph: int
    topic: str | None          # current topic heading/lead (None outside topics)
    topic_id: int              # increments per topic; -1 outside topics
    region: str                # intro | overview | body | closing
    is_heading: bool = False
    prev_in_para: list[str] = field(default_factory=list)


_COMMITTEE = r"(?:法制委员会|宪法和法律委员会|法律委员会|法制工作委员会|委员会|我委|我们)"
_OPINION = re.compile(r"(?:有的|有些|一些|部分|还有的|不少)[^,，.。:：]{0,24}(?:提出|认为|建议|指出)")
_INTRO_END = re.compile(r"(?:报告|汇报|说明)如下|报告以下|作如下(?:报告|汇报)")
_CLOSING = re.compile(r"^(?:以上|上述)(?:报告|汇报|意见)|请一并(?:予以)?审议|请予审议|已经?按照上述(?:建议|意见)"
                      r"|^(?:草案修改稿|修改稿)?已按照上述")
_OVERVIEW = re.compile(r"总体|总的|基本情况|必要性|过程|工作情况|指导思想|修改原则")
_SECTION = re.compile(rf"^\s*{_NUM}、(?P<t>.*)$")
_SUBTOPIC = re.compile(rf"^\s*[(（]{_NUM}[)）](?P<t>.*)$")
_ABOUT = re.compile(r"^关于[^,，.。;；:：]{2,60}$")
_APPROVAL = re.compile(r"提请[^.。]{0,30}审议|予以批准|审议并通过|表决通过|建议通过|予以通过")
_SALUTATION = re.compile(r"(?:委员|代表|同志们)[:：]$")
_GENERIC = re.compile(r"^(?:此外|另外|还有)[,，]")
GENERIC_TOPIC = "其他文字和技术性修改"


def _is_heading(text: str) -> bool:
    t = text.strip()
    return len(t) <= 60 and not re.search(r"[.。;；!！?？]$", t) and not re.search(r"[,，.。]", t[:-1] or "x")


def report_units(document: Document) -> list[Unit]:
    """The report's sentences in order, each placed in its region and topic.

    Topics come from headings (`(一)关于…`, `一、关于…`, a bare `关于…的问题` line) or, in
    reports without headings (national style), from paragraphs opening with an opinion cue
    (`有的常委委员提出…`).
    """
    paragraphs = document.paragraphs or [
        Paragraph(text=t, start_line=document.start_line, end_line=document.end_line)
        for t in document.body.split("\n") if t.strip()]
    has_intro_end = any(_INTRO_END.search(p.text) for p in paragraphs)
    region = "intro" if has_intro_end else "body"
    topic: str | None = None
    topic_id = -1
    units: list[Unit] = []
    for pi, p in enumerate(paragraphs):
        text = p.text.strip()
        sents = split_sentences(text)
        if region == "intro":
            for s in sents:
                units.append(Unit(s, pi, None, -1, "intro"))
            if _INTRO_END.search(text):
                region = "body"
            continue
        if _is_heading(text):
            m = _SECTION.match(text)
            sm = _SUBTOPIC.match(text)
            title = (m.group("t") if m else sm.group("t") if sm else text).strip()
            if m and not title.startswith("关于") and _OVERVIEW.search(title):
                region, topic = "overview", None
            elif m and not title.startswith("关于"):
                region, topic = "body", None       # container section: 主要修改情况 …
            elif m or sm or _ABOUT.match(text):
                region = "body" if region != "closing" else region
                topic, topic_id = title, topic_id + 1
            units.append(Unit(text, pi, topic, topic_id, region, is_heading=True))
            continue
        if region == "overview":
            # an overview section ends only at the next heading; its sentences are never changes
            for s in sents:
                units.append(Unit(s, pi, None, -1, "overview"))
            continue
        if _SALUTATION.search(text):          # title / salutation line of a report without intro marker
            for s in sents:
                units.append(Unit(s, pi, None, -1, "intro"))
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
        for s in sents:
            r = region
            if r != "closing" and _CLOSING.search(s):
                r = "closing"
            units.append(Unit(s, pi, topic if r == "body" else None,
                              topic_id if r == "body" else -1, r, prev_in_para=list(prev)))
            prev.append(s)
    return units


def _para_opens_topic(first: str, text: str) -> bool:
    """National style: a paragraph opening with an enumerated opinion starts a topic."""
    return bool(re.match(rf"^(?:{_NUM}、|[(（]{_NUM}[)）])", first)) or (
        bool(_OPINION.match(first)) and bool(re.search(_COMMITTEE, text)))


def _lead_topic(first: str) -> str:
    m = re.search(r"关于[^,，.。:：;；]{2,40}", first)
    if m:
        return m.group(0)
    return re.split(r"[,，.。:：;；]", re.sub(rf"^(?:{_NUM}、|[(（]{_NUM}[)）])", "", first))[0][:40]


# ----------------------------------------------------------------------------- weak labels
_ACTION_CUE = re.compile(
    r"修改|删除|删去|增加|增设|新增|增写|补充|整合|合并|作出[^,，.。]{0,8}规定|予以规定|明确|调整|完善"
    r"|修改为|改为|不作修改|未采纳|不予采纳|暂不|不宜|维持|保留|分列|拆分|移至|单列|[一二三四五六七八九十]是规定")
_DECISION = re.compile(rf"{_COMMITTEE}[^“”]{{0,60}}?(?:建议|决定|采纳|研究|认为)")
# 建议 as a verb ("建议将…", "建议删除…"), not the noun in "修改建议均已被采纳"
_SUGGEST = re.compile(r"建议(?=[将删增在对作从按根把本草,，:：修明规调合整予不暂暂取补])")
_THEREFORE = re.compile(r"^(?:为此|因此|鉴于此|鉴于上述情况|据此|综上)[,，]?[^“”]{0,20}建议")
_REF_STANDALONE = re.compile(r"^[(（](?:见)?(?:草案修改稿|修改稿|草案[二三]次审议稿|修改后的草案)第")
_REF_INLINE = re.compile(r"即(?:草案修改稿|修改稿|草案[二三]次审议稿|修改后的草案)第")
_CONTINUATION = re.compile(rf"^(?:{_NUM}是|其[{_CN}]|第{_NUM}款为|同时[,，]?|另外[,，]|并[^,，]{{0,4}}|[(（]{_NUM}[)）])")


def _strip_quotes(s: str) -> str:
    return re.sub(r"“[^”]*”?|「[^」]*」?", "“”", s)


def _sentence_lf(u: Unit, prev_positive: bool) -> int:
    """Labelling functions for one sentence; 1 = states a change."""
    if u.is_heading or u.region != "body":
        return 0
    s = u.text
    bare = _strip_quotes(s)
    if _APPROVAL.search(bare) and not re.search(r"修改为|删除|增加", bare):
        return 0
    if _REF_STANDALONE.match(s):
        return 1
    if _GENERIC.match(s) and re.search(r"修改|调整", bare) and re.search(_COMMITTEE, bare):
        return 1
    opinion = _OPINION.search(bare)
    decision = _DECISION.search(bare)
    if opinion and not (decision and decision.start() > opinion.start()):
        return 0
    if _REF_INLINE.search(bare):
        return 1
    if decision and (_SUGGEST.search(bare, decision.start()) or (
            re.search(r"修改为|改为", bare[decision.start():]) and _ACTION_CUE.search(bare[decision.start():]))):
        return 1
    if _THEREFORE.match(bare) and _ACTION_CUE.search(bare):
        return 1
    if prev_positive and _CONTINUATION.match(s):
        return 1
    return 0


def weak_sentence_labels(document_sentences: Sequence[Unit] | Document) -> list[int]:
    """Weak 0/1 labels (states a change) for a report's sentences, from structure and cue phrases.

    Accepts a Document (structure is computed) or the :func:`report_units` of one.  Headings get 0.
    """
    units = report_units(document_sentences) if isinstance(document_sentences, Document) else list(document_sentences)
    labels: list[int] = []
    prev_pos, prev_para = False, -1
    for u in units:
        if u.paragraph != prev_para:
            prev_pos, prev_para = False, u.paragraph
        y = _sentence_lf(u, prev_pos)
        labels.append(y)
        prev_pos = bool(y) or (prev_pos and u.is_heading)
    return labels


# ----------------------------------------------------------------------------- articles
_ART = re.compile(
    rf"第(?P<a>{_NUM})条(?P<k>第{_NUM}(?:、{_NUM})*款)?(?P<x>第[(（]{_NUM}[)）]项)?"
    rf"|(?<=、)第(?P<k2>{_NUM})款|(?<=、)第(?P<x2>[(（]{_NUM}[)）])项")
_REVISED_PREFIX = re.compile(r"(?:草案修改稿|修改稿|草案[二三]次审议稿|修改后的草案|作为|现)$")
_DRAFT_PREFIX = re.compile(r"(?:草案初审稿|原草案|草案|初审稿|修订草案|修正案草案|修正草案|条例)$")
_OTHER_LAW = re.compile(r"[»》›〉]$|本条例$|本法$")


def extract_articles(text: str, bare_as: str | None = "draft") -> list[tuple[str, str]]:
    """Article references as written, each tagged `draft` or `revised` (or dropped).

    `草案修改稿第…` is revised, `草案(初审稿)第…` draft; references inside quotes (the new
    article's text) and to other laws («…»第…条) are dropped; `、第(四)项` / `第一、二款` inherit
    the article before them; a bare `第七条` gets ``bare_as`` (None drops it).
    """
    s = _strip_quotes(text)
    out: list[tuple[str, str]] = []
    last_art, last_kind, last_end = None, None, -10
    for m in _ART.finditer(s):
        before = s[max(0, m.start() - 12):m.start()]
        enum_cont = m.start() - last_end <= 1 and s[m.start() - 1:m.start()] in "、和及" if last_end >= 0 else False
        if m.group("a"):
            art = f"第{m.group('a')}条"
            if _OTHER_LAW.search(before):
                last_end = -10
                continue
            if _REVISED_PREFIX.search(before):
                kind = "revised"
            elif _DRAFT_PREFIX.search(before):
                kind = "draft"
            elif enum_cont and last_kind:
                kind = last_kind
            else:
                kind = bare_as
            last_art, last_kind, last_end = art, kind, m.end()
            if kind is None:
                continue
            if m.group("k"):
                for k in re.findall(_NUM, m.group("k")):
                    out.append((f"{art}第{k}款", kind))
            elif m.group("x"):
                out.append((art + m.group("x"), kind))
            else:
                out.append((art, kind))
        elif last_art and last_kind and enum_cont:
            if m.group("k2"):
                out.append((f"{last_art}第{m.group('k2')}款", last_kind))
            else:
                out.append((f"{last_art}第{m.group('x2')}项", last_kind))
            last_end = m.end()
    seen, uniq = set(), []
    for ref in out:
        if ref not in seen:
            seen.add(ref)
            uniq.append(ref)
    return uniq


# ----------------------------------------------------------------------------- action
def item_action(sentences: Sequence[str], revised: Sequence[str] = ()) -> str:
    """Action of one item from its sentences (quoted new text ignored), by cue priority."""
    parts = []
    for sent in sentences:
        b = _strip_quotes(sent)
        ms = list(_SUGGEST.finditer(b))
        parts.append(b[ms[-1].start():] if ms else b)   # what is proposed, not the reasoning
    # "草案修改稿第…条" names a location, it is not the verb 修改
    t = re.sub(r"草案修改稿|修改稿|修改后的草案", "稿", "".join(parts))
    if re.search(r"未采纳|不予采纳|没有采纳|不作修改|暂不作|暂不(?:增加|规定|修改)|不宜(?:作出|规定|增加|修改)|维持(?:草案|原)|保留(?:草案|原)", t):
        return "keep"
    if re.search(r"整合|合并|归并", t):
        return "merge"
    if re.search(r"修改为|修改成|改为|修改如下", t):
        return "modify"
    add = re.search(r"增加|增设|新增|增写|补充|作出[^,，.。]{0,8}规定|予以规定|(?:^|[:：;；,，])[一二三四五六七八九十]是规定", t)
    delete = re.search(r"删除|删去|取消", t)
    if add and delete:
        return "modify"
    if add:
        return "add"
    if delete:
        return "modify" if revised else "delete"
    if re.search(r"修改|明确|完善|调整[^,，.。]{0,6}表述", t):
        return "modify"
    if re.search(r"调整[^,，.。]{0,10}(?:顺序|章节|结构|位置)|移至|分列|拆分|单列一章", t):
        return "restructure"
    return "add" if revised else "modify"


def _previous_labels(units: Sequence[Unit], labels: Sequence[int]) -> list[int]:
    """For each unit, the label of the unit before it in the same paragraph (0 at a paragraph's start)."""
    out, prev, last_para = [], 0, -1
    for u, y in zip(units, labels):
        if u.paragraph != last_para:
            prev, last_para = 0, u.paragraph
        out.append(prev)
        prev = int(y)
    return out


# ----------------------------------------------------------------------------- the estimator
def _default_scorer():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=1),
        LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000),
    )


def _scorer_text(u: Unit, prev_label: int) -> str:
    """What the sentence scorer sees: the sentence, prefixed with a tag for what came before.

    Why: continuation sentences ("二是…", "第二款为:…") state a change only after a decision
    sentence; a text-only scorer (TF-IDF or BERT) can learn that from the tag.
    """
    return ("【续】" if prev_label else "【首】") + u.text


class KeyModificationExtractor:
    """Extractive key-modification summarizer with scikit-learn manners (``fit``/``predict``).

    ``sentence_scorer``: any object with ``predict_proba(list[str]) -> (n, 2)``; if it also has
    ``fit(texts, y)`` it is trained in :meth:`fit`.  ``None`` → TF-IDF char n-grams + logistic
    regression.  Before ``fit`` (and with no scorer given) the weak labels decide alone.
    """

    def __init__(self, sentence_scorer=None, threshold: float = 0.5):
        self.sentence_scorer = sentence_scorer
        self.threshold = threshold

    # -- training
    def _training_pairs(self, document: Document, gold: Sequence[dict | KeyModification] | None):
        units = report_units(document)
        weak = weak_sentence_labels(units)
        if gold is None:
            y = weak
        else:
            keys = {comparison_key(s) for it in gold
                    for s in (it["sentences"] if isinstance(it, dict) else it.sentences)}
            y = [int(not u.is_heading and comparison_key(u.text) in keys) for u in units]
        texts, labels = [], []
        prev = 0
        last_para = -1
        for u, yi in zip(units, y):
            if u.paragraph != last_para:
                prev, last_para = 0, u.paragraph
            if u.region == "body" and not u.is_heading:
                texts.append(_scorer_text(u, prev))
                labels.append(int(yi))
            prev = int(yi)
        return texts, labels

    def fit(self, documents: Iterable[Document], gold_items: Iterable | None = None):
        """Train the sentence scorer on body sentences of ``documents``.

        ``gold_items`` (one list of items per document, or None per document / overall) gives
        the sentence labels where present; otherwise the weak labels are used.
        """
        documents = list(documents)
        golds = list(gold_items) if gold_items is not None else [None] * len(documents)
        texts, labels = [], []
        for doc, gold in zip(documents, golds):
            t, y = self._training_pairs(doc, gold)
            texts += t
            labels += y
        scorer = self.sentence_scorer if self.sentence_scorer is not None else _default_scorer()
        if hasattr(scorer, "fit") and len(set(labels)) == 2:
            scorer.fit(texts, labels)
        self.scorer_ = scorer
        self.n_train_sentences_ = len(texts)
        return self

    # -- inference
    def select(self, document: Document) -> tuple[list[Unit], list[float]]:
        """Score every sentence; units outside the report body score 0."""
        return self.select_many([document])[0]

    def select_many(self, documents: Sequence[Document]) -> list[tuple[list[Unit], list[float]]]:
        """:meth:`select` for several reports, with the scorer called twice in all, not twice per report:
        fewer, fuller batches."""
        scorer = getattr(self, "scorer_", None) or self.sentence_scorer
        unit_lists = [report_units(doc) for doc in documents]
        weak_lists = [weak_sentence_labels(units) for units in unit_lists]
        if scorer is None or not hasattr(scorer, "predict_proba"):
            return [(units, [float(w) for w in weak]) for units, weak in zip(unit_lists, weak_lists)]
        # The continuation tag says what the sentence before decided: the weak labels in a first
        # pass, the scorer's own first-pass decisions in the second (two calls in all; the second
        # scores only the sentences whose tag changed).
        body_lists = [[i for i, u in enumerate(units) if u.region == "body" and not u.is_heading]
                      for units in unit_lists]
        first_texts = []
        for units, weak, body in zip(unit_lists, weak_lists, body_lists):
            ctx = _previous_labels(units, weak)
            first_texts += [_scorer_text(units[i], ctx[i]) for i in body]
        p1 = self._positive(scorer, first_texts)
        known = dict(zip(first_texts, p1))   # a sentence whose tag did not change keeps its score
        second_texts, pos = [], 0
        for units, body in zip(unit_lists, body_lists):
            first = dict(zip(body, p1[pos:pos + len(body)]))
            pos += len(body)
            decided = [int(first.get(i, 0.0) >= self.threshold) for i in range(len(units))]
            ctx = _previous_labels(units, decided)
            second_texts += [_scorer_text(units[i], ctx[i]) for i in body]
        changed = list(dict.fromkeys(t for t in second_texts if t not in known))
        known.update(zip(changed, self._positive(scorer, changed)))
        p2 = [known[t] for t in second_texts]
        out, pos = [], 0
        for units, body in zip(unit_lists, body_lists):
            scores = [0.0] * len(units)
            for i, p in zip(body, p2[pos:pos + len(body)]):
                scores[i] = float(p)
            pos += len(body)
            out.append((units, scores))
        return out

    @staticmethod
    def _positive(scorer, texts: list[str]) -> np.ndarray:
        return np.asarray(scorer.predict_proba(texts))[:, 1] if texts else np.zeros(0)

    def predict(self, document: Document) -> list[KeyModification]:
        """The ordered key-modification items of one report ([] when it records no change)."""
        return self.predict_many([document])[0]

    def predict_many(self, documents: Sequence[Document]) -> list[list[KeyModification]]:
        return [self._items(units, scores) for units, scores in self.select_many(documents)]

    def _items(self, units: list[Unit], scores: list[float]) -> list[KeyModification]:
        chosen = [(i, u, s) for i, (u, s) in enumerate(zip(units, scores)) if s >= self.threshold]
        items = self._group(units, chosen)
        if all(it.topic == GENERIC_TOPIC for it in items):
            return []     # only "其他文字修改" remarks: no concrete change
        return items

    # -- items and fields
    def _group(self, units: list[Unit], chosen) -> list[KeyModification]:
        groups: list[dict] = []
        for i, u, s in chosen:
            cur = groups[-1] if groups else None
            bare = _strip_quotes(u.text)
            starts_new = (
                cur is None or cur["topic_id"] != u.topic_id or cur["closed"]
                or (not _REF_STANDALONE.match(u.text) and not _CONTINUATION.match(u.text)
                    and bool(_DECISION.search(bare) or _THEREFORE.match(bare)))
                or (re.match(r"^(?:同时|另外)", u.text) and not re.search(r"相应", bare)
                    and bool(_ACTION_CUE.search(bare)))
                or cur["paragraph"] != u.paragraph and not _REF_STANDALONE.match(u.text)
            )
            if starts_new:
                first_in_topic = not groups or groups[-1]["topic_id"] != u.topic_id
                groups.append({"topic_id": u.topic_id, "topic": u.topic or "", "idx": [], "sents": [],
                               "scores": [], "closed": False, "paragraph": u.paragraph,
                               "first": first_in_topic})
                cur = groups[-1]
            cur["idx"].append(i)
            cur["sents"].append(u.text)
            cur["scores"].append(s)
            if _REF_STANDALONE.match(u.text) or _REF_INLINE.search(bare):
                cur["closed"] = True
        items: list[KeyModification] = []
        for g in groups:
            draft, revised = [], []
            for sent in g["sents"]:
                for ref, kind in extract_articles(sent, bare_as="draft"):
                    (draft if kind == "draft" else revised).append(ref)
            if g["first"]:
                ctx_draft = []
                for u in units[:g["idx"][0]]:
                    if u.topic_id == g["topic_id"] and not u.is_heading:
                        ctx_draft += [r for r, k in extract_articles(u.text, bare_as=None) if k == "draft"]
                draft = _dedup(ctx_draft + draft)
            items.append(KeyModification(topic=g["topic"], action="", draft_articles=_dedup(draft),
                                         revised_articles=_dedup(revised), sentences=list(g["sents"]),
                                         score=round(float(np.mean(g["scores"])), 4)))
        _distribute_shared_refs(items, groups)
        for it in items:
            it.action = item_action(it.sentences, it.revised_articles)
        return items


def _dedup(xs):
    seen, out = set(), []
    for x in xs:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def _distribute_shared_refs(items: list[KeyModification], groups: list[dict]) -> None:
    """`(草案修改稿第十二条、第十三条)` after two changes of one topic: one article each, in order."""
    for gi, (it, g) in enumerate(zip(items, groups)):
        last = it.sentences[-1]
        if not _REF_STANDALONE.match(last):
            continue
        pending = [gi]
        j = gi - 1
        while j >= 0 and groups[j]["topic_id"] == g["topic_id"] and not items[j].revised_articles \
                and not groups[j]["closed"]:
            pending.insert(0, j)
            j -= 1
        refs = [r for r, k in extract_articles(last) if k == "revised"]
        if len(pending) > 1 and len(refs) == len(pending):
            for k, r in zip(pending, refs):
                items[k].revised_articles = [r]


# ----------------------------------------------------------------------------- pipeline glue
class KeyModsComponent(Component):
    """Sets ``key_modifications`` on the documents typed as review reports or opinions."""

    name = "keymods"
    requires = ("document.doc_type", "document.paragraphs")
    assigns = ("document.key_modifications",)

    def __init__(self, extractor: KeyModificationExtractor):
        self.extractor = extractor

    def predict(self, documents: Sequence[Document]) -> list[list[KeyModification]]:
        return self.extractor.predict_many(list(documents))

    def __call__(self, gazette):
        reports = [doc for doc in gazette.documents if doc.doc_type in REPORT_TYPES]
        for doc, items in zip(reports, self.predict(reports)):
            doc.key_modifications = items
        return gazette


def load_extractor(path: str | os.PathLike | None = None, device: str = "auto",
                   precision: str = "fp32") -> KeyModificationExtractor:
    """An extractor whose scorer is the classifier saved at ``path`` (a BertTextClassifier dir).

    Without a loadable classifier the weak labelling functions select sentences on their own.
    """
    ext = KeyModificationExtractor()
    if path is not None:  # a given directory must load: a damaged model is an error, not a fallback
        from govnlp.inference.classifier import BertTextClassifier

        ext.sentence_scorer = BertTextClassifier.load(path, device, precision)
        ext.scorer_ = ext.sentence_scorer
        cfg = json.loads((Path(path) / "govnlp_classifier.json").read_text(encoding="utf-8"))
        ext.threshold = float(cfg.get("threshold", ext.threshold))
    return ext
