"""govnlp: parse and label the gazettes (公报) of Chinese people's congress standing committees.

The data's path, one subpackage per stage: ``readers`` (bytes → text) → ``text`` (normalization,
sentences) → ``parsing`` (text → the ``doc`` data model) → ``components`` (document type,
modality, key modifications, on models from ``inference``) → ``pipeline`` / ``api`` → ``runners``
(many issues, tables). ``supervision``, ``training`` and ``evaluation`` build and measure the
models; nothing upstream imports them.
"""
from __future__ import annotations

from govnlp.errors import GovNLPError, InputError, ModelError
from govnlp.doc.model import (Article, Chapter, Document, Gazette, Item, KeyModification, Modality,
                              Paragraph, Section, Sentence)
from govnlp.parsing import SAMPLE_PATH, parse, parse_document, parse_lawrefbook, parse_text
from govnlp.pipeline import Pipeline, load
from govnlp.api import classify_document, summarize_review, tag_modality
from govnlp.evaluation.gold import evaluate

__version__ = "0.2.0"

__all__ = [
    "GovNLPError", "InputError", "ModelError", "Gazette", "Document", "Chapter", "Section",
    "Article", "Paragraph", "Item", "Sentence", "Modality", "KeyModification",
    "parse", "parse_text", "parse_lawrefbook", "parse_document", "SAMPLE_PATH", "__version__",
    "Pipeline", "load", "classify_document", "tag_modality", "summarize_review", "evaluate",
]
