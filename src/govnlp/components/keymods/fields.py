"""Items and their fields: chosen sentences grouped into items, article numbers and action read off them.

``extract_articles`` tells draft from revised article numbers; ``item_action`` reads the action
(GUIDELINES §3) from an item's own words, quoted new wording ignored; ``group_items`` turns the
chosen sentences of a report into ordered :class:`KeyModification` items whose ``sentences`` are
the report's own characters and ``spans`` their offsets in ``Document.text``.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from govnlp.components.keymods.cues import (ADOPT, ACTION_CUE, CONTINUATION, DECISION, OPINION, REF_INLINE,
                                            REF_STANDALONE, SUGGEST, THEREFORE, strip_quotes as _strip_quotes)
from govnlp.components.keymods.segment import NUM as _NUM, Unit
from govnlp.doc.model import KeyModification

__all__ = ["extract_articles", "item_action", "group_items"]

_SUGGEST, _REF_STANDALONE, _REF_INLINE, _CONTINUATION = SUGGEST, REF_STANDALONE, REF_INLINE, CONTINUATION
_DECISION, _THEREFORE, _ACTION_CUE = DECISION, THEREFORE, ACTION_CUE


_ART = re.compile(
    rf"第(?P<a>{_NUM})条(?P<k>第{_NUM}(?:、{_NUM})*款)?(?P<x>第[(（]?{_NUM}[)）]?项)?"
    rf"|(?<=、)第(?P<k2>{_NUM})款|(?<=、)第(?P<x2>[(（]?{_NUM}[)）]?)项")
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
    if re.search(r"未采纳|不予采纳|没有采纳|不作修改|暂不作|暂不(?:增加|规定|修改)|不宜(?:作出|规定|增加|修改)|维持(?:草案|原)|保留(?:草案|原)"
                 r"|规定一致|相一致|是适当的|没有必要", t) and not re.search(r"修改为|改为|增加|删除|删去", t):
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



def group_items(units: list[Unit], chosen) -> list[KeyModification]:
    """Items from the chosen ``(index, unit, score)`` triples of a report, in report order.

    A new item starts at a new topic or paragraph, at each directive of a list, after a sentence
    that closed an item (``即草案修改稿第…条``), and at a committee decision that is not a
    continuation; an adoption ("建议采纳这一意见") joins the opinion it answers.
    """
    groups: list[dict] = []
    for i, u, s in chosen:
        cur = groups[-1] if groups else None
        bare = _strip_quotes(u.text)
        adopts_previous = (cur is not None and cur["paragraph"] == u.paragraph and cur["idx"][-1] == i - 1
                           and bool(ADOPT.search(bare)) and len(bare) < 60)
        starts_new = not adopts_previous and (
            cur is None or cur["topic_id"] != u.topic_id or cur["closed"] or u.directive
            or (not _REF_STANDALONE.match(u.text) and not _CONTINUATION.match(u.text)
                and bool(_DECISION.search(bare) or _THEREFORE.match(bare))
                and not (cur["idx"][-1] == i - 1 and OPINION.search(_strip_quotes(units[i - 1].text))
                         and not _DECISION.search(_strip_quotes(units[i - 1].text))))
            or (re.match(r"^(?:同时|另外)", u.text) and not re.search(r"相应", bare)
                and bool(_ACTION_CUE.search(bare)))
            or cur["paragraph"] != u.paragraph and not _REF_STANDALONE.match(u.text)
        )
        if starts_new:
            first_in_topic = not groups or groups[-1]["topic_id"] != u.topic_id
            groups.append({"topic_id": u.topic_id, "topic": u.topic or "", "idx": [], "units": [],
                           "scores": [], "closed": False, "paragraph": u.paragraph,
                           "first": first_in_topic})
            cur = groups[-1]
        cur["idx"].append(i)
        cur["units"].append(u)
        cur["scores"].append(s)
        if _REF_STANDALONE.match(u.text) or _REF_INLINE.search(bare):
            cur["closed"] = True
    items: list[KeyModification] = []
    last_article = None
    for g in groups:
        draft, revised = [], []
        for u in g["units"]:
            refs = extract_articles(u.text, bare_as="draft")
            if u.directive:
                refs = _inherit_article(u.text, refs, last_article)
            for ref, kind in refs:
                (draft if kind == "draft" else revised).append(ref)
            m = re.search(rf"第{_NUM}条", _strip_quotes(u.text))
            if m:
                last_article = m.group(0)
        if g["first"] and not g["units"][0].directive:
            ctx_draft = []
            for u in units[:g["idx"][0]]:
                if u.topic_id == g["topic_id"] and not u.is_heading:
                    ctx_draft += [r for r, k in extract_articles(u.text, bare_as=None) if k == "draft"]
            draft = _dedup(ctx_draft + draft)
        items.append(KeyModification(
            topic=g["topic"], action="", draft_articles=_dedup(draft), revised_articles=_dedup(revised),
            sentences=[u.source or u.text for u in g["units"]],
            spans=[[u.start, u.end] for u in g["units"] if u.start >= 0],
            score=round(float(np.mean(g["scores"])), 4)))
    _distribute_shared_refs(items, groups)
    for it, g in zip(items, groups):   # the action is read off the normalized view of the sentences
        it.action = item_action([u.text for u in g["units"]], it.revised_articles)
    return items


def _inherit_article(text: str, refs, last_article):
    """A directive naming only 款/项 (删去第四项、第九项中的…) refers to the article named before it."""
    if refs or not last_article:
        return refs
    bare = _strip_quotes(text)
    return [(f"{last_article}第{n}{unit}", "draft")
            for n, unit in re.findall(rf"第([(（]?{_NUM}[)）]?)([款项])", bare)]


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
        last = g["units"][-1].text
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
