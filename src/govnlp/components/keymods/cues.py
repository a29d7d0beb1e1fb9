"""Cues: named labelling functions for "this sentence states a change", each with its origin.

Every cue records where it was written from (``origin``), so that a figure is only called held
out on reports none of its cues were read from. The origins used:

* ``GUIDELINES §3`` / ``GUIDELINES §1``: ``shared/annotation/GUIDELINES.md`` (its example sentence,
  the action list, the amendment-decision cue ``一、将第…条修改为``);
* ``sample``: the 15 review reports of the sample issue (Shanxi, 13th SC, 31st session);
* ``train``: external reports marked ``split: train`` in ``data/external/review_reports.jsonl``
  (Henan, Shanghai, Gansu, Sanya, Luoyang at the time of writing);
* ``brief``: the phrasings quoted in the project's own problem statement for this task
  ("宪法和法律委员会经研究,建议增加一款规定", "…研究后采纳了该建议", "在第八条增加一款作为第二款:",
  "删去第三十二条第二款中的…", "将第三十六条修改为:", "草案是可行的…提出以下修改意见:",
  "此外,…还对草案作了一些文字修改").

A cue returns True or False on one sentence (its normalized view, quoted new wording blanked);
:func:`weak_sentence_labels` combines them into 0/1 labels, and :func:`cue_vector` gives the
estimator the raw firings as features.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from govnlp.components.keymods.segment import NUM, Unit, report_units
from govnlp.doc.model import Document
from govnlp.text.numerals import CN_DIGITS

__all__ = ["Cue", "CUES", "weak_sentence_labels", "cue_vector", "strip_quotes", "COMMITTEE", "DECISION",
           "SUGGEST", "THEREFORE", "REF_STANDALONE", "REF_INLINE", "CONTINUATION", "GENERIC", "OPINION",
           "ADOPT", "ACTION_CUE"]

COMMITTEE = r"(?:法制委员会|宪法和法律委员会|法律委员会|法制工作委员会|法案委员会|委员会|我委|我们)"
OPINION = re.compile(r"(?:有的|有些|一些|部分|还有的|不少)[^,，.。:：]{0,24}(?:提出|认为|建议|指出)"
                     r"|(?:专家|代表|委员(?!会)|部门|单位|同志)[^,，.。:：]{0,6}(?:提出|认为|指出)")
ACTION_CUE = re.compile(
    r"修改|删除|删去|增加|增设|新增|增写|补充|整合|合并|作出[^,，.。]{0,8}规定|予以规定|明确|调整|完善"
    r"|修改为|改为|修正为|不作修改|未采纳|不予采纳|暂不|不宜|维持|保留|分列|拆分|移至|单列|[一二三四五六七八九十]是规定")
DECISION = re.compile(rf"{COMMITTEE}[^“”]{{0,60}}?(?:建议|决定|采纳|研究|认为)")
# 建议 as a verb ("建议将…", "建议删除…"), not the noun in "修改建议均已被采纳"
SUGGEST = re.compile(r"建议(?=[将删增在对作从按根把本草,，:：修明规调合整予不暂取补采])")
THEREFORE = re.compile(r"^(?:为此|因此|鉴于此|鉴于上述情况|据此|综上|根据[^,，。]{0,20}意见)[,，]?[^“”]{0,20}建议")
REF_STANDALONE = re.compile(r"^[(（](?:见)?(?:草案修改稿|修改稿|草案[二三四]次审议稿|修改后的草案)第")
REF_INLINE = re.compile(r"即(?:草案修改稿|修改稿|草案[二三四]次审议稿|修改后的草案)第|[(（](?:草案修改稿|修改稿)第[^)）]{1,20}[)）]")
CONTINUATION = re.compile(rf"^(?:{NUM}是|其[{CN_DIGITS}]|第{NUM}款为|同时[,，]?|另外[,，]|并[^,，]{{0,4}}|[(（]{NUM}[)）])")
GENERIC = re.compile(r"^(?:此外|另外|还有)[,，]")
ADOPT = re.compile(r"采纳了?(?:这一|该|上述|此|这个|以上|这些)?(?:意见|建议)|(?:同意|赞同)(?:这一|该|上述)(?:意见|建议)")
APPROVAL = re.compile(r"提请[^.。]{0,30}审议|予以批准|审议并通过|表决通过|建议通过|予以通过"
                      r"|建议[^.。“”,，]{0,20}(?:会议|常委会)[^.。“”,，]{0,10}(?:通过|批准)")
ASSESSMENT = re.compile(r"(?:是|基本|总体|比较)可行的?|比较成熟|基本成熟|提出(?:以下|如下)(?:修改)?(?:意见|建议)[:：]?$"
                        r"|不存在与上位法相抵触|没有与[^,，。]{0,12}相抵触|不抵触")
TEXTUAL_ONLY = re.compile(r"文字修改|技术性修改|文字表述|个别文字|规范内容、立法技术|文字和技术")
REVISION_VERB = re.compile(r"修改为|改为|修正为|删除|删去|增加|增写|增设|合并|调整|移至|修改")


def strip_quotes(s: str) -> str:
    """The sentence with quoted new wording blanked (“…” → “”): cues read the report's own words."""
    return re.sub(r"“[^”]*”?|「[^」]*」?", "“”", s)


@dataclass(frozen=True)
class Cue:
    name: str
    origin: str
    doc: str
    fires: Callable[[str], bool]


def _generic_residue(b: str) -> bool:
    """此外/另外, the committee made (作了/进行了) further edits: a change recorded, not an opinion."""
    return bool(GENERIC.match(b) and re.search(r"(?:作了?|作出了?|进行了?|作相应|作必要)[^,，。]{0,40}(?:修改|调整)", b)
                and not re.search(r"提出[^。]{0,20}(?:意见|建议)", b))


def _bare_adoption(b: str) -> bool:
    """An answer that does not itself say what it changes, so the opinion before it does:
    "…经研究,建议采纳这一意见。", "因此,建议修改为:“…”"."""
    m = ADOPT.search(b)
    if m and m.start() < 40 and not re.search(r"修改为|改为|增加|删除|删去|[将把]", b[m.end():]):
        return True
    return bool(re.match(rf"^(?:因此|为此|据此)?[,，]?(?:{COMMITTEE}[^“”]{{0,20}})?建议(?:修改为|改为)", b))


RECORDED_CHANGE = re.compile(rf"(?:将|把)(?:草案|原案|这一规定|该条|本条)?(?:第{NUM}[条款项])?[^。]{{0,30}}(?:修改|修正|改)为"
                             rf"|(?:审议稿|草案|修改稿)(?:第{NUM}条[^。“”]{{0,20}})?[^。“”]{{0,20}}又?(?:修改|修正)为")
EFFECTIVE_DATE = re.compile(r"建议[^。]{0,40}自[^。]{0,20}起施行")


def _committee_keeps(b: str) -> bool:
    d = DECISION.search(b)
    return bool(d and re.search(r"规定一致|相一致|符合[^。]{0,80}规定|是适当的|没有必要|不必(?:作|修改|规定)", b[d.start():])
                and not ASSESSMENT.search(b) and not APPROVAL.search(b))


def _committee_proposes(b: str) -> bool:
    d = DECISION.search(b)
    return bool(d and (SUGGEST.search(b, d.start()) or REVISION_VERB.search(b, d.start())))


CUES: tuple[Cue, ...] = (
    Cue("committee_proposes", "GUIDELINES §3; sample",
        "the committee, after study, proposes a change (法制委员会经过认真研究,建议将该条修改为…)",
        _committee_proposes),
    Cue("suggest_verb", "sample", "建议 as a verb: 建议将/删除/增加…", lambda b: bool(SUGGEST.search(b))),
    Cue("revision_verb", "GUIDELINES §3", "a verb of the actions: 修改为, 删除, 增加, 合并, 调整…",
        lambda b: bool(REVISION_VERB.search(b))),
    Cue("therefore_proposes", "sample", "为此/因此/根据…意见, 建议…", lambda b: bool(THEREFORE.match(b))),
    Cue("revised_reference", "sample", "即草案修改稿第…条 / (修改稿第…条): where the change landed",
        lambda b: bool(REF_INLINE.search(b) or REF_STANDALONE.match(b))),
    Cue("directive", "GUIDELINES §1 (一、将第…条修改为); brief",
        "a directive of a list: 第…条中的“…”修改为“…” / 删去… / 在第…条增加一款",
        lambda b: False),   # set from the unit's structure (segment.is_directive), not from the words
    Cue("adopts_proposal", "brief", "the committee adopts the opinion: 采纳了该建议, 建议采纳这一意见",
        lambda b: bool(ADOPT.search(b))),
    Cue("keeps_draft", "GUIDELINES §3 (keep)", "a suggestion considered and not adopted: 建议不作修改, 维持",
        lambda b: bool(re.search(r"不作修改|未采纳|不予采纳|暂不作|不宜(?:作出|规定|增加|修改)|维持(?:草案|原)", b))),
    Cue("recorded_change", "GUIDELINES §3 (changes a report records)",
        "a change recorded without 建议: 将草案第十八条…修正为…, 三次审议稿第…条将这一规定修改为",
        lambda b: bool(RECORDED_CHANGE.search(b))),
    Cue("effective_date", "GUIDELINES §3", "a proposed date of entry into force: 建议…自…起施行",
        lambda b: bool(EFFECTIVE_DATE.search(b))),
    Cue("committee_keeps", "train (Sanya)", "the committee finds the draft's provision consistent or proper: 经审议后认为,…一致",
        lambda b: _committee_keeps(b)),
    Cue("opinion", "sample", "an opinion of members: 有的常委委员提出…", lambda b: bool(OPINION.search(b))),
    Cue("opinion_then_committee", "sample; brief", "an opinion answered by the committee in the same sentence",
        lambda b: bool((o := OPINION.search(b)) and (d := DECISION.search(b)) and d.start() > o.start())),
    Cue("generic_residue", "GUIDELINES §3; sample", "此外,…还对草案作了一些文字修改 (kept as an item of its own)",
        lambda b: _generic_residue(b)),
    Cue("bare_proposal", "GUIDELINES §3; train", "a proposal with no member as its subject: …,建议删除相应内容",
        lambda b: bool(SUGGEST.search(b) and not OPINION.search(b) and REVISION_VERB.search(b, SUGGEST.search(b).start()))),
    Cue("textual_only", "GUIDELINES §3; brief", "a remark on wording or technique only: 文字修改, 技术性修改",
        lambda b: bool(TEXTUAL_ONLY.search(b))),
    Cue("approval", "sample", "a procedural recommendation: 提请…审议, 予以批准, 建议通过",
        lambda b: bool(APPROVAL.search(b))),
    Cue("assessment", "brief; sample", "a general assessment: 草案是可行的, 提出以下修改意见:, 不抵触",
        lambda b: bool(ASSESSMENT.search(b))),
    Cue("continuation", "sample", "二是…, 同时…, 第二款为…: a sentence continuing a change",
        lambda b: bool(CONTINUATION.match(b))),
    Cue("quotes_new_wording", "GUIDELINES §3", "quotes new wording: 修改为:“…”", lambda b: "“”" in b),
    Cue("article_reference", "GUIDELINES §3", "names an article: 第…条",
        lambda b: bool(re.search(rf"第{NUM}[条款项]", b))),
)
CUE_NAMES = [c.name for c in CUES]


def cue_vector(unit: Unit) -> list[int]:
    """Which cues fire on one sentence, in :data:`CUES` order."""
    b = strip_quotes(unit.text)
    return [int(unit.directive) if c.name == "directive" else int(c.fires(b)) for c in CUES]


def _sentence_lf(u: Unit, prev: Unit | None, prev_positive: bool, nxt: Unit | None) -> int:
    """The cues combined for one sentence; 1 = states a change."""
    if u.is_heading or u.region != "body":
        return 0
    s = u.text
    b = strip_quotes(s)
    if u.directive:
        return 1
    if ASSESSMENT.search(b) and not re.search(r"修改为|删除|删去|增加", b):
        return 0
    if APPROVAL.search(b) and not re.search(r"修改为|删除|增加", b):
        return 0
    if REF_STANDALONE.match(s):
        return 1
    if _generic_residue(b):
        return 1
    # an opinion answered "采纳这一意见" in the next sentence states the change itself
    if nxt is not None and nxt.paragraph == u.paragraph and OPINION.search(b) and not DECISION.search(b) \
            and _bare_adoption(strip_quotes(nxt.text)):
        return 1
    if ADOPT.search(b) and (DECISION.search(b) or re.search(r"^[^“”]{0,30}建议采纳", b)):
        return 1
    opinion = OPINION.search(b)
    decision = DECISION.search(b)
    if opinion and not (decision and decision.start() > opinion.start()):
        if not (re.search(r"因此[,，]?建议|为此[,，]?建议", b)):
            return 0
    if REF_INLINE.search(b):
        return 1
    if _committee_keeps(b) and not opinion:
        return 1
    if EFFECTIVE_DATE.search(b) and not opinion:
        return 1
    if RECORDED_CHANGE.search(b) and not opinion and not SUGGEST.search(b):
        return 1
    if decision and (SUGGEST.search(b, decision.start()) or (
            re.search(r"修改为|改为", b[decision.start():]) and ACTION_CUE.search(b[decision.start():]))):
        return 1
    if THEREFORE.match(b) and ACTION_CUE.search(b):
        return 1
    if re.search(r"(?:因此|为此)[,，]?建议", b) and ACTION_CUE.search(b):
        return 1
    if prev_positive and CONTINUATION.match(s):
        return 1
    sg = SUGGEST.search(b)
    if sg and not opinion and re.search(r"修改为|改为|删除|删去|增加|增写|合并", b[sg.start():]) \
            and not APPROVAL.search(b):
        return 1
    return 0


def weak_sentence_labels(document_sentences: Sequence[Unit] | Document) -> list[int]:
    """Weak 0/1 labels (states a change) for a report's sentences, from structure and cue phrases.

    Accepts a Document (structure is computed) or the :func:`report_units` of one.  Headings get 0.
    """
    units = report_units(document_sentences) if isinstance(document_sentences, Document) else list(document_sentences)
    labels: list[int] = []
    prev_pos, prev_para = False, -1
    for i, u in enumerate(units):
        if u.paragraph != prev_para:
            prev_pos, prev_para = False, u.paragraph
        nxt = units[i + 1] if i + 1 < len(units) else None
        y = _sentence_lf(u, units[i - 1] if i else None, prev_pos, nxt)
        labels.append(y)
        prev_pos = bool(y) or (prev_pos and u.is_heading)
    return labels
