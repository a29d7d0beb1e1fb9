"""One-call helpers for notebooks: classify a document, tag an article, summarize a review report.

Each returns the data model's own types. The calls share one pipeline built from the shipped models
on first use, under a lock so that threads starting together build it once; pass ``nlp=`` to use
your own.
"""
from __future__ import annotations

import threading

from govnlp.doc.model import Document, KeyModification, Modality
from govnlp.parsing import parse_document
from govnlp.pipeline import Pipeline, load
from govnlp.text.document_input import document_text

_LOCK = threading.Lock()
_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The shared pipeline of the shipped models, built once per process."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = load()
        return _DEFAULT


def classify_document(text: str, nlp: Pipeline | None = None) -> Document:
    """One gazette document given as text, with or without a title line, typed.

    Returns the parsed :class:`Document` with ``doc_type`` and ``doc_type_score`` set.
    """
    doc = parse_document(text)
    component = (nlp or default_pipeline()).get_pipe("doctype")
    ((doc.doc_type, doc.doc_type_score, _),) = component.predict([document_text("", "", doc.body)])
    return doc


def tag_modality(text: str, nlp: Pipeline | None = None) -> Modality:
    """Modality labels, scores and evidence of one article's text."""
    doc = parse_document(text)
    tagger = (nlp or default_pipeline()).get_pipe("modality").tagger
    if len(doc.articles) == 1:
        return tagger.tag_articles(doc.articles)[0]
    return tagger.tag_texts([doc.body])[0]


def summarize_review(text: str, nlp: Pipeline | None = None) -> list[KeyModification]:
    """Key modifications of one review report (``[]`` when it records no change)."""
    doc = parse_document(text)
    return (nlp or default_pipeline()).get_pipe("keymods").predict([doc])[0]
