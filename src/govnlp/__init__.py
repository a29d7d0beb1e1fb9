"""govnlp: parse and label the gazettes (公报) of Chinese people's congress standing committees."""
from __future__ import annotations

from .errors import GovNLPError, InputError, ModelError
from .model import Article, Chapter, Document, Gazette, Item, Paragraph, Section, Sentence

__version__ = "0.1.0"


def parse(path_or_text, source=None):
    """Parse a gazette issue (path, bytes or text) into a :class:`Gazette`; see :mod:`govnlp.parse`."""
    from .parse import parse as _parse
    return _parse(path_or_text, source)


def parse_lawrefbook(path):
    """Read one LawRefBook Markdown regulation into a :class:`Gazette` of one Document."""
    from .lawrefbook import parse_lawrefbook as _p
    return _p(path)


__all__ = [
    "GovNLPError", "InputError", "ModelError", "Gazette", "Document", "Chapter", "Section",
    "Article", "Paragraph", "Item", "Sentence", "parse", "parse_lawrefbook", "__version__",
]
