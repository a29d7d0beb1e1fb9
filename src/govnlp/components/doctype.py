"""Stage: document type (GUIDELINES §1) from title + issuer + the beginning of the body.

The classifier sees one string built by :func:`document_text`, so the same model serves a parsed
document (title known) and a bare text whose title the parser could not recognise: for the latter
the first characters of the text stand in for all three fields.
"""
from __future__ import annotations

from typing import Sequence

from govnlp.components.base import Component
from govnlp.doc.model import Gazette
from govnlp.inference.classifier import BertTextClassifier
from govnlp.text.document_input import document_text


class DocTypeComponent(Component):
    """Sets ``doc_type`` and ``doc_type_score`` (the winning probability) on every document."""

    name = "doctype"
    requires = ("document.title", "document.issuer", "document.body")
    assigns = ("document.doc_type", "document.doc_type_score")

    def __init__(self, classifier: BertTextClassifier):
        self.classifier = classifier

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float, dict[str, float]]]:
        """``(label, probability, {label: probability})`` for each classifier input text."""
        labels = self.classifier.labels_
        out = []
        for row in self.classifier.predict_proba(list(texts)):
            best = int(row.argmax())
            out.append((labels[best], float(row[best]), {lab: float(p) for lab, p in zip(labels, row)}))
        return out

    def __call__(self, gazette: Gazette) -> Gazette:
        docs = gazette.documents
        for doc, (label, score, _) in zip(docs, self.predict([document_text(d.title, d.issuer, d.body)
                                                               for d in docs])):
            doc.doc_type, doc.doc_type_score = label, score
        return gazette
