"""The document-type cue rules of GUIDELINES §1, read off titles and openings.

They are the labelling functions of document type (:func:`govnlp.supervision.labeling.label_doc_type`)
and features of the classifier (:mod:`govnlp.inference.title_opening`): a rule says what a title's
cue words say, the classifier learns from annotated documents how far to trust it. Written from the
guideline's cue column and the sample issue's titles.
"""
from __future__ import annotations

import re

__all__ = ["doc_type_from_title", "doc_type_from_body", "doc_type_cues"]

_T = {
    "personnel": re.compile(r"任免名单|任命名单|免职名单|任免|罢免|代理.{1,30}的决定|代表资格|"
                            r"人事任免|辞去.{0,30}职务|接受.{0,20}辞职|补选|决定任命|撤销.{0,20}职务"),
    "approval": re.compile(r"关于批准.{0,200}的决定|批准.{2,80}的决定$"),
    "review_opinion": re.compile(r"(审议|研究)意见的报告"),
    "review_report": re.compile(r"审议结果的报告|审议结果报告|修改情况的(报告|汇报)|修改意见的报告"),
    "amendment": re.compile(r"^(.{0,40}(常务委员会|人民代表大会))?关于(修改|废止).{0,200}的决定$"),
    "announcement": re.compile(r"公告$|公告[(（]第.{1,8}号[)）]|^公告"),
    "draft_explanation": re.compile(r"草案.{0,4}[»》]?.{0,4}的?说明$"),
    "session_record": re.compile(r"会议议程|会议纪要|议程$|纪要$|出席.{0,30}名单|列席.{0,30}名单|日程"),
    "work_report": re.compile(r"情况的?报告|专项报告|综合报告|总体报告|执法检查|调研报告|工作报告|"
                              r"审议意见|研究意见|研究处理|答复|的函$|自查报告|报告$|说明$"),
    "regulation": re.compile(r"(条例|办法|规定|规则|细则|章程)(（.{1,20}）|\(.{1,20}\))?$"),
}
_DRAFT = re.compile(r"草案|修正案")


def doc_type_from_title(title: str) -> str | None:
    t = re.sub(r"\s+", "", title)
    if not t:
        return None
    if _T["personnel"].search(t) and "批准" not in t:
        return "personnel"
    if t.startswith("关于批准") or _T["approval"].search(t):
        return "approval_decision"
    if _T["review_opinion"].search(t) and _DRAFT.search(t):
        return "review_opinion"
    if _T["review_report"].search(t):
        return "review_report"
    if _T["amendment"].search(t):
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
    if re.search(r"决定予以批准|决定批准", head) and len(b) < 1500:
        return "approval_decision"
    if re.search(r"作如下修改|[一二三四五六七八九十]、将第.{1,12}条.{0,20}修改为", b[:3000]) and \
            not re.search(r"法制委员会|审议", head):
        return "amendment_decision"
    if re.search(r"受.{1,40}委托.{0,40}(作|做)(如下)?说明|现就.{0,60}草案.{0,30}(作|做)?(如下)?说明", head):
        return "draft_explanation"
    if re.search(r"任命|免去|罢免|代表资格", head) and len(b) < 3000:
        return "personnel"
    if re.search(r"会议议程|会议纪要|出席会议", head):
        return "session_record"
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
