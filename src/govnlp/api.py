"""One-call helpers for notebooks: classify a document, tag an article, summarize a review report.

Each returns the data model's own types. The calls share one pipeline built from the shipped models
on first use, under a lock so that threads starting together build it once; pass ``nlp=`` to use
your own.
"""
from __future__ import annotations

import threading

from govnlp.doc.model import Document, KeyModification, Modality
from govnlp.errors import InputError
from govnlp.parsing import not_a_document, parse_document
from govnlp.pipeline import Pipeline, load
from govnlp.text.view import body_view

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
    """One gazette document given as text — a saved web page, an excerpt, a title and body — typed.

    The document's own title is found among the page's navigation, metadata and datelines and
    returned in the page's characters (``title``, ``issuer``); a page without a title is typed from
    its opening. When the page holds more than one document (a promulgation notice and the
    regulation it publishes), the first is returned and ``provenance`` says so; ``govnlp.parse``
    gives each. A fragment (no title and a few characters, as garbled text is) or a text that is no
    people's congress document raises :class:`~govnlp.errors.InputError` saying which.
    """
    from govnlp.components.doctype import page_view

    doc = parse_document(text)
    view, finding = page_view(text)
    problem = not_a_document(text, finding)
    if problem:
        raise InputError("<text>", problem)
    if finding.found:
        doc.title, doc.issuer = finding.title, finding.issuer
    component = (nlp or default_pipeline()).get_pipe("doctype")
    ((doc.doc_type, doc.doc_type_score, _),) = component.predict([view])
    others = _documents_on_page(text)
    if len(others) > 1:
        doc.provenance.append(f"the page holds {len(others)} documents ({' | '.join(others)[:300]}); "
                              "this is the first; govnlp.parse(text) gives each")
    return doc


def _documents_on_page(text: str) -> list[str]:
    """Titles of the documents a page holds when it reads as more than one, else ``[]``."""
    from govnlp.parsing import parse_text

    try:                      # as govnlp.parse reads it: traditional pages converted for the parser
        return [d.title for d in parse_text(text).documents]
    except InputError:
        return []


def tag_modality(text: str, nlp: Pipeline | None = None) -> Modality:
    """Modality labels, scores and evidence of one article's text."""
    doc = parse_document(text)
    tagger = (nlp or default_pipeline()).get_pipe("modality").tagger
    if len(doc.articles) == 1:
        return tagger.tag_articles(doc.articles)[0]
    return tagger.tag_text(doc.body, body_view(doc))


def summarize_review(text: str, nlp: Pipeline | None = None, enacted=None) -> list[KeyModification]:
    """Key modifications of one review report (``[]`` when it records no change).

    ``enacted``: the regulation as enacted (a LawRefBook file or other path, its text, or a parsed
    Document/Gazette): each item then gets ``enacted_document`` and ``enacted_articles``.
    """
    doc = parse_document(text)
    items = (nlp or default_pipeline()).get_pipe("keymods").predict([doc])[0]
    if enacted is not None:
        from govnlp.components.links import link_enacted

        link_enacted(items, enacted)
    return items
