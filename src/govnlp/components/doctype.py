"""Stage: document type (GUIDELINES §1) from what the document says: its title and its opening.

Every classifier reads the same pair, built here in the model view (simplified characters, Chinese
punctuation): the title, and the opening that follows it (date line and first sentences). A parsed
document supplies both; a bare page goes through the title finder
(:func:`govnlp.parsing.titles.find_title`) first, so navigation, metadata and datelines around the
document never reach the model, and a page without a title is typed from its opening.
"""
from __future__ import annotations

from typing import Sequence

from govnlp.components.base import Component
from govnlp.doc.model import Document, Gazette
from govnlp.inference.title_opening import TitleOpeningClassifier
from govnlp.parsing.titles import TitleFinding, read_page
from govnlp.text.document_input import document_text
from govnlp.text.view import body_view, model_view

__all__ = ["DocTypeComponent", "document_view", "page_view", "OPENING_CHARS"]

#: Characters of the opening a view carries: the most any classifier reads (each reads its own
#: ``opening_chars`` of it; an encoder its first :data:`ENCODER_OPENING_CHARS`).
OPENING_CHARS = 1200
ENCODER_OPENING_CHARS = 300


def document_view(doc: Document) -> tuple[str, str]:
    """``(title, opening)`` of a parsed document, in the model view."""
    opening = "\n".join(x for x in (doc.date_line, body_view(doc)) if x)
    return model_view(doc.title).strip(), model_view(opening)[:OPENING_CHARS]


def page_view(text: str) -> tuple[tuple[str, str], TitleFinding]:
    """``((title, opening), finding)`` of a page that holds one document, in the model view."""
    finding, opening = read_page(text, OPENING_CHARS)
    return (finding.title_view, opening), finding


class DocTypeComponent(Component):
    """Sets ``doc_type`` and ``doc_type_score`` (the winning probability) on every document.

    ``classifier`` is a :class:`~govnlp.inference.title_opening.TitleOpeningClassifier` (shipped)
    or a fine-tuned :class:`~govnlp.inference.classifier.BertTextClassifier` (``govnlp train
    doctype``); both read ``(title, opening)``.
    """

    name = "doctype"
    requires = ("document.title", "document.issuer", "document.body")
    assigns = ("document.doc_type", "document.doc_type_score")

    def __init__(self, classifier):
        self.classifier = classifier

    def predict(self, views: Sequence[tuple[str, str]]) -> list[tuple[str, float, dict[str, float]]]:
        """``(label, probability, {label: probability})`` for each ``(title, opening)`` view."""
        views = [tuple(v) if not isinstance(v, str) else ("", v) for v in views]
        if isinstance(self.classifier, TitleOpeningClassifier):
            rows = self.classifier.predict_proba(views)
        else:                                               # an encoder reads one string
            rows = self.classifier.predict_proba([document_text(t, "", o[:ENCODER_OPENING_CHARS]) for t, o in views])
        labels = list(getattr(self.classifier, "classes_", None) or self.classifier.labels_)
        out = []
        for row in rows:
            best = int(row.argmax())
            out.append((labels[best], float(row[best]), {lab: float(p) for lab, p in zip(labels, row)}))
        return out

    def __call__(self, gazette: Gazette) -> Gazette:
        docs = gazette.documents
        for doc, (label, score, _) in zip(docs, self.predict([document_view(d) for d in docs])):
            doc.doc_type, doc.doc_type_score = label, score
        return gazette
