"""The document-type cue rules of GUIDELINES §1, read off titles and openings.

They are the labelling functions of document type (:func:`govnlp.supervision.labeling.label_doc_type`)
and features of the classifier (:mod:`govnlp.inference.title_opening`): a rule says what a title's
cue words say, the classifier learns from annotated documents how far to trust it. Written from the
guideline's cue column and the sample issue's titles.
"""
from __future__ import annotations

import re

__all__ = ["doc_type_from_title", "doc_type_from_body", "doc_type_cues", "opening_cues", "mask_headnote", "mask_cited_names",
           "issuer_scope"]

_T = {
    "personnel": re.compile(r"任免名单|任命名单|免职名单|任免|罢免|代理.{1,30}的决定|代表资格|"
                            r"人事任免|辞去.{0,30}职务|接受.{0,20}辞职|补选|决定任命|撤销.{0,20}职务"),
    "approval": re.compile(r"关于批准.{0,200}的决定|批准.{2,80}的决定$|关于(?:我国)?加入《.{2,200}的决定$"),
    "review_opinion": re.compile(r"(审议|研究|审查)意见(的报告)?(（书面）|\(书面\))?$|(审议|研究)意见的报告"),
    "review_report": re.compile(r"审议结果的报告|审议结果报告|修改情况的(报告|汇报)|修改意见的报告"),
    "amendment": re.compile(r"^(.{0,40}(常务委员会|人民代表大会))?关于(修改|废止).{0,200}的决定$"),
    "amendment_act": re.compile(r"修正案(?:[（(][一二三四五六七八九十\d]+[)）])?$"),
    "announcement": re.compile(r"公告$|公告\s*[(（]?第.{1,8}号[)）]?$|公告[(（]第.{1,8}号[)）]|^公告|主席令"),
    "draft_explanation": re.compile(r"草案.{0,4}[»》]?.{0,4}的?说明$"),
    "convenes": re.compile(r"关于(?:推迟|延期)?召开.{2,60}会议的(?:决定|通告|公告)$|关于(?:公民)?旁听.{2,60}会议的公告$"),
    "session_record": re.compile(r"会议议程|会议纪要|议程$|纪要$|出席.{0,30}名单|列席.{0,30}名单|日程|"
                                 r"列席人员范围的决定$"),
    "session_rules": re.compile(r"会议(?:表决议案|选举|选举和决定任命)的?办法$"),
    "work_report": re.compile(r"情况的?报告|专项报告|综合报告|总体报告|执法检查|调研报告|工作报告|"
                              r"审议意见|研究意见|研究处理|答复|的函$|自查报告|报告$|说明$"),
    "regulation": re.compile(r"(条例|办法|规定|规则|细则|章程)(（.{1,20}）|\(.{1,20}\))?$"
                             r"|^中华人民共和国[^《》«»]{1,30}法(（.{1,20}）|\(.{1,20}\))?$"),
}
_DRAFT = re.compile(r"草案|修正案")
_APPROVES_REPORT = re.compile(r"批准(?:这个|该|本|此)(?:工作)?报告|批准.{0,30}(?:工作|执行情况的?)报告")
_DRAFT_ONLY = re.compile(r"草案")


def doc_type_from_title(title: str) -> str | None:
    t = re.sub(r"\s+", "", title)
    if not t:
        return None
    if _T["session_rules"].search(t):       # one session's voting or election rules, not a regulation
        return "session_record"
    if _T["personnel"].search(t) and "批准" not in t:
        return "personnel"
    if _T["convenes"].search(t):            # convening, postponing or opening a session, whatever else it names
        return "session_record"
    if t.startswith("关于批准") or _T["approval"].search(t):
        return "approval_decision"
    if _T["review_opinion"].search(t) and _DRAFT.search(t):
        return "review_opinion"
    if _T["review_report"].search(t):
        return "review_report"
    if _T["amendment"].search(t) or _T["amendment_act"].search(t) and not _DRAFT_ONLY.search(t):
        return "amendment_decision"
    if _T["announcement"].search(t):
        return "announcement"
    if _DRAFT.search(t) and _T["draft_explanation"].search(t):
        return "draft_explanation"
    if _T["session_record"].search(t):
        return "session_record"
    if _T["work_report"].search(t):
        return "work_report"
    if not t.startswith("关于") and _T["regulation"].search(t):
        return "regulation"
    return None


def doc_type_from_body(body: str) -> str | None:
    """Body cues of GUIDELINES §1, for texts whose title is missing or not recognizable."""
    b = re.sub(r"\s+", "", body)
    head = b[:600]
    if re.search(r"现予公布", head) and len(b) < 800:
        return "announcement"
    if _APPROVES_REPORT.search(head):       # a resolution on a work report approves the report
        return "work_report"
    if re.search(r"决定[：:]?(?:予以)?批准", head) and len(b) < 1500:
        return "approval_decision"
    if re.search(r"作如下修改|[一二三四五六七八九十]、将第.{1,12}条.{0,20}修改为", b[:3000]) and \
            not re.search(r"法制委员会|审议", head):
        return "amendment_decision"
    if re.search(r"受.{1,40}委托.{0,40}(作|做)(如下)?说明|现就.{0,60}草案.{0,30}(作|做)?(如下)?说明", head):
        return "draft_explanation"
    if re.search(r"任命|免去|罢免|代表资格", head) and len(b) < 3000:
        return "personnel"
    if re.search(r"会议议程|会议纪要|出席会议|会议决定[：:].{0,60}会议于.{0,30}召开", head):
        return "session_record"
    if re.search(r"(审议结果|修改情况|修改意见)的?(报告|汇报)如下", head):
        return "review_report"
    if re.search(r"法制委员会.{0,200}(审议|统一审议)", b[:1500]):
        if re.search(r"草案", b[:1500]):
            return "review_report"
    if re.search(r"第一条", head) and re.search(r"第二条", b[:3000]):
        return "regulation"
    if re.search(r"报告|审议意见|检查|调研", head):
        return "work_report"
    return None


def doc_type_cues(title: str, opening: str) -> dict[str, str | None]:
    """What each GUIDELINES §1 cue rule says of a document: from its title, its opening, and the
    opening's first line read as a title (a page whose title the finder missed)."""
    first = opening.split("\n", 1)[0] if opening else ""
    return {"title": doc_type_from_title(title) if title else None,
            "body": doc_type_from_body(opening) if opening else None,
            "opening_line": doc_type_from_title(first) if first and len(first) <= 120 else None}


# -- the opening's shape ---------------------------------------------------------------------------
# What the first lines of a document do, whatever its title: the head note under a title (adopted,
# amended, approved, delivered at a session), a salutation, an entrusted speaker, a decision's
# operative words. Each document type of GUIDELINES §1 opens in its own way; a cue says which
# moves an opening makes, the classifier learns what they mean together.

#: The head note (题注) under a title: ``（2001年…通过 根据…修正）`` or ``（…在…会议上）``.
_HEADNOTE = re.compile(r"^[（(]\s*(?:\d{4}|[一二〇○零]{4})年[^（）()]{0,400}?[)）]", re.M)
_HEADNOTE_SPEECH = re.compile(r"^[—－-]{2,}.{0,80}会议上|^[（(][^（）()]{0,120}会议上[^（）()]{0,40}[)）]", re.M)
_OPENING_CUES = {
    "salutation": re.compile(r"^[^，。；\n]{0,40}(?:委员|常委会|常务委员会|主席团|代表)[：:]\s*$", re.M),
    "entrusted": re.compile(r"受.{1,40}委托"),
    "explains": re.compile(r"[作做就](?:如下|以下)?(?:几点)?说明|说明如下"),
    "reviewed": re.compile(r"进行了.{0,4}审议|审议了|统一审议|[初再]次审议|[一二三]审|审议.{0,20}草案"),
    "legislative_committee": re.compile(r"(?:法制|法律|宪法和法律)委员会|法工委|法制工作委员会|法规工作委员会"),
    "reports_as_follows": re.compile(r"报告如下|汇报如下|报告[：:]\s*$", re.M),
    "decides_amendment": re.compile(r"决定对.{0,80}作(?:如下|以下)?修改|决定[：:]\s*\n?\s*一、|"
                                    r"[一二三四五六七八九十\d][、.．].{0,6}第.{1,8}条.{0,40}修改为"),
    "decides_repeal": re.compile(r"决定废止|予以废止|决定[：:]\s*\n?\s*一?、?废止"),
    "promulgates": re.compile(r"现予公布|予以公布|现将.{0,60}公布|现予公告"),
    "approves": re.compile(r"决定[：:]?\s*(?:予以)?批准(?!(?:这个|该|本|此)(?:工作)?报告)|予以批准|"
                           r"决定[：:]?\s*(?:中华人民共和国|我国)?加入"),
    "approves_report": _APPROVES_REPORT,
    "submitted_for_approval": re.compile(r"报请.{0,10}批准|现报.{0,30}批准|提请.{0,20}批准"),
    "articles": re.compile(r"(?:^|\n)第[一二1]条|(?:^|\n)第一章"),
    "draft": re.compile(r"草案|修正案|修订草案"),
    "appoints": re.compile(r"任命|免去|免职|辞去|辞职|补选|当选|选举[\s\S]{1,20}为|罢免"),
    "deputies": re.compile(r"代表资格|代表名额|出缺"),
    "agenda": re.compile(r"议程|日程|全体会议|分组审议|举行第.{1,4}次|[开闭]幕会|联组会议|出席.{0,12}人|缺席"),
    "inspection": re.compile(r"执法检查|检查组|实施情况"),
    "work": re.compile(r"工作情况|主要工作|[一二三四五]年来|过去一年|取得.{0,8}成效|存在的问题"),
}


#: A head note's kind, and the words that stand for it in a masked opening.
_HEADNOTE_WORDS = {"speech": "讲话", "amended": "修正", "approved": "批准", "adopted": "通过"}


def _headnote_kind(note: str) -> str:
    return ("speech" if "会议上" in note else "amended" if re.search(r"修正|修订|根据", note)
            else "approved" if "批准" in note else "adopted")


def opening_cues(opening: str) -> list[str]:
    """The moves an opening makes (head note kind, salutation, entrusted speaker, operative words)."""
    cues = []
    head = _HEADNOTE.search(opening[:200])
    if head:
        cues.append("headnote=" + _headnote_kind(head.group()))
    elif _HEADNOTE_SPEECH.search(opening[:200]):
        cues.append("headnote=speech")
    cues += [f"opening={name}" for name, rx in _OPENING_CUES.items() if rx.search(opening)]
    return cues


def mask_headnote(opening: str) -> str:
    """The opening with its head note's words replaced by its kind: the amendment history a
    re-published regulation carries (``根据…《关于修改〈…〉的决定》修正``) says nothing of its type."""
    return _HEADNOTE.sub(lambda m: f"（题注：{_HEADNOTE_WORDS[_headnote_kind(m.group())]}）", opening, count=1)


_CITED = re.compile(r"[《«]([^《》«»]{1,120})[》»]")
_CITED_KIND = re.compile(r"(?:条例|办法|规定|规则|细则|法|决定|决议|公约|条约|协定|议定书|修正案|报告|规划|计划|预算|决算)"
                         r"(?:[（(][^（）()]{0,20}[)）])?$")


def mask_cited_names(text: str) -> str:
    """Names cited in 《》 reduced to their kind (``《…法（草案）》`` → ``《法（草案）》``): what a
    title cites is its topic, the same in every jurisdiction's documents of every type; the kind of
    text it cites and whether it is a draft say what the document does."""
    def kind(m: re.Match) -> str:
        k = _CITED_KIND.search(m.group(1))
        return "《" + (k.group() if k else "") + "》"
    return _CITED.sub(kind, text)



# -- whose document -------------------------------------------------------------------------------
_LOCAL = re.compile(r"[\u4e00-\u9fff]{1,12}(?:省|市|自治区|自治州|州|盟|县|区)(?:第[一二三四五六七八九十]{1,3}届)?"
                    r"(?:人民代表大会|人大)|[省市州县](?:[一二三四五六七八九十]{1,3}届)?人大常委会|主任、各位副主任")
_NATIONAL = re.compile(r"全国人民代表大会|全国人大|委员长|中华人民共和国主席|主席令")


def issuer_scope(title: str, opening: str) -> str | None:
    """``"local"`` (a province's, city's or county's congress), ``"national"`` (the NPC) or None:
    who speaks, read off the title and the opening's head. The two write the same document types in
    different words (委员长 / 主任, 宪法和法律委员会 / 法制委员会)."""
    text = title + "\n" + opening[:300]
    if _LOCAL.search(text):
        return "local"
    if _NATIONAL.search(text):
        return "national"
    return None
