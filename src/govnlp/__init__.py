"""govnlp: parse and label the gazettes (公报) of Chinese people's congress standing committees."""
from __future__ import annotations

from .errors import GovNLPError, InputError, ModelError
from .model import Article, Chapter, Document, Gazette, Item, Paragraph, Section, Sentence

from .lawrefbook import parse_lawrefbook
from .parse import SAMPLE_PATH, parse, parse_document
from .pipeline import Pipeline, load
from .api import classify_document, summarize_review, tag_modality
from .evaluation import evaluate

__version__ = "0.1.0"


__all__ = [
    "GovNLPError", "InputError", "ModelError", "Gazette", "Document", "Chapter", "Section",
    "Article", "Paragraph", "Item", "Sentence", "parse", "parse_lawrefbook", "parse_document", "SAMPLE_PATH", "__version__",
    "Pipeline", "load", "classify_document", "tag_modality", "summarize_review", "evaluate",
]
