"""Stage: document type (GUIDELINES §1) from title + issuer + the beginning of the body.

The classifier sees one string built by :func:`document_text`, so the same model serves a parsed
document (title known) and a bare text whose title the parser could not recognise: for the latter
the first characters of the text stand in for all three fields.
"""
from __future__ import annotations

import re

from .classifier import BertTextClassifier
from .model import Gazette

DOC_TYPES = (
    "announcement", "regulation", "amendment_decision", "draft_explanation", "review_report",
    "review_opinion", "approval_decision", "personnel", "work_report", "session_record",
)
BODY_CHARS = 400


def document_text(title: str, issuer: str = "", body: str = "", body_chars: int = BODY_CHARS) -> str:
    """Title + issuer + beginning of the body, blank lines dropped: training and inference agree."""
    body = re.sub(r"\n\s*\n", "\n", body or "").strip()
    return "\n".join(x for x in (title, issuer, body[:body_chars]) if x)


class DocTypeComponent:
    """Pipeline component: sets ``doc.doc_type`` and ``doc.doc_type_score`` on every document."""

    name = "doctype"

    def __init__(self, classifier: BertTextClassifier):
        self.classifier = classifier

    def __call__(self, gazette: Gazette) -> Gazette:
        docs = gazette.documents
        texts = [document_text(d.title, d.issuer, d.body) for d in docs]
        probs = self.classifier.predict_proba(texts)
        for doc, row in zip(docs, probs):
            best = int(row.argmax())
            doc.doc_type = self.classifier.labels_[best]
            doc.doc_type_score = round(float(row[best]), 4)
        return gazette
