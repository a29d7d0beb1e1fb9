"""Keyword-rule baselines: the naive cue-list approach read straight off the GUIDELINES tables.

They are deliberately simple (first/any cue match, no clause structure) so that the learned
models have an honest floor to beat.  scikit-learn style: plain
constructor, ``fit`` is a no-op, ``predict`` works on raw texts.
"""
from __future__ import annotations

from typing import Iterable, Sequence

# GUIDELINES §1 "typical cues" column, in table order.
DOC_TYPE_CUES: dict[str, tuple[str, ...]] = {
    "announcement": ("公告", "现予公布"),
    "regulation": ("条例", "办法", "规定", "第一条"),
    "amendment_decision": ("关于修改", "关于废止", "修改为"),
    "draft_explanation": ("的说明", "作如下说明"),
    "review_report": ("审议结果的报告", "修改情况的报告", "修改情况的汇报", "修改意见的报告"),
    "review_opinion": ("审议意见的报告", "研究意见的报告"),
    "approval_decision": ("关于批准",),
    "personnel": ("任免名单", "代理", "罢免", "代表资格的报告", "人事任免议案的审查报告"),
    "work_report": ("情况的报告", "专项报告", "综合报告", "执法检查", "调研报告", "审议意见",
                    "研究处理情况报告", "答复情况的说明"),
    "session_record": ("会议议程", "会议纪要", "出席"),
}

# GUIDELINES §2 "cues" column.
MODALITY_CUES: dict[str, tuple[str, ...]] = {
    "obligation": ("应当", "必须", "应", "须", "负责", "按照各自职责", "有义务"),
    "prohibition": ("不得", "禁止", "严禁", "不准"),
    "permission": ("可以", "有权", "享有", "方可"),
    "encouragement": ("鼓励", "支持", "提倡", "倡导"),
    "liability": ("责令改正", "罚款", "处分", "刑事责任"),
    "definition": ("所称", "是指", "下列用语的含义"),
}


class KeywordDocTypeClassifier:
    """Document type = the type whose cue list has the most hits in the title (then the text).

    Ties go to the type listed first in the guideline table; texts with no hit get ``default``.
    The title, when the input has one, is its first non-empty line.
    """

    def __init__(self, default: str = "work_report", title_weight: float = 3.0):
        self.default = default
        self.title_weight = title_weight

    def fit(self, X: Iterable[str] | None = None, y: Iterable[str] | None = None):
        return self

    def _score(self, text: str) -> str:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        title = lines[0] if lines else ""
        best, best_score = self.default, 0.0
        for label, cues in DOC_TYPE_CUES.items():
            score = sum(self.title_weight * (c in title) + (c in text) for c in cues)
            if score > best_score:
                best, best_score = label, score
        return best

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self._score(t) for t in texts]


class KeywordModalityTagger:
    """Modality labels = every label with a cue word anywhere in the article; else declarative."""

    def __init__(self, cues: dict[str, tuple[str, ...]] | None = None):
        self.cues = cues

    def fit(self, X: Iterable[str] | None = None, y=None):
        return self

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        cues = self.cues if self.cues is not None else MODALITY_CUES
        out = []
        for t in texts:
            labels = [lab for lab, cs in cues.items() if any(c in t for c in cs)]
            out.append(labels or ["declarative"])
        return out
