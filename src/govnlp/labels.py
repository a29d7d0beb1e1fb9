"""The label sets of GUIDELINES.md, and the task names: the one place they are spelled out."""
from __future__ import annotations

#: GUIDELINES §1, in table order.
DOC_TYPES = (
    "announcement", "regulation", "amendment_decision", "draft_explanation", "review_report",
    "review_opinion", "approval_decision", "personnel", "work_report", "session_record",
)
#: GUIDELINES §2, in table order; ``declarative`` only when no other label applies.
MODALITY_LABELS = (
    "obligation", "prohibition", "permission", "encouragement", "liability", "definition", "declarative",
)
#: GUIDELINES §3 actions of a key-modification item.
ACTIONS = ("modify", "delete", "add", "merge", "restructure", "keep")
#: Document types whose key modifications are extracted.
REPORT_TYPES = ("review_report", "review_opinion")
#: The pipeline's model-backed tasks, in pipeline order.
TASKS = ("doctype", "modality", "keymods")
