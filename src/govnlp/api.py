"""One-call helpers for notebooks: classify a document, tag an article, summarize a review report.

Each call reuses one pipeline built from the shipped models (built on first use and kept, because
loading three models per call would dominate the cost); pass ``nlp=`` to use your own.
"""
from __future__ import annotations

from functools import lru_cache

from .doctype import document_text
from .model import Document, KeyModification, Modality
from .parse import parse_document
from .pipeline import Pipeline, load


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    return load()


def classify_document(text: str, nlp: Pipeline | None = None) -> dict:
    """Document type of one gazette document given as text, with or without a title line.

    Returns ``{"doc_type": label, "score": p, "scores": {label: p}}``.
    """
    doc = parse_document(text)
    clf = (nlp or _default_pipeline()).get_pipe("doctype").classifier
    (row,) = clf.predict_proba([document_text("", "", doc.body)])
    best = int(row.argmax())
    return {"doc_type": clf.labels_[best], "score": round(float(row[best]), 4),
            "scores": {lab: round(float(p), 4) for lab, p in zip(clf.labels_, row)}}


def tag_modality(text: str, nlp: Pipeline | None = None) -> Modality:
    """Modality labels, scores and evidence of one article's text."""
    doc = parse_document(text)
    tagger = (nlp or _default_pipeline()).get_pipe("modality").tagger
    if doc.articles and len(doc.articles) == 1:
        return tagger.tag_articles(doc.articles)[0]
    return tagger.tag_texts([doc.body])[0]


def summarize_review(text: str, nlp: Pipeline | None = None) -> list[KeyModification]:
    """Key modifications of one review report (``[]`` when it records no change)."""
    doc: Document = parse_document(text)
    extractor = (nlp or _default_pipeline()).get_pipe("keymods").extractor
    return extractor.predict(doc)
