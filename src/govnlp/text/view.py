"""The normalized view models read, kept apart from the source characters users get back.

A page may be in traditional characters, carry ASCII or full-width punctuation, justification
spaces, or a converter site's pinyin glosses inside words (``委員會(huì)``). The models were trained
on simplified text with Chinese punctuation, so they read :func:`model_view` of a text; whatever
govnlp returns to a user is cut from the source text itself.
"""
from __future__ import annotations

import re

from govnlp.text.normalize import normalize_chars
from govnlp.text.script import to_simplified

__all__ = ["model_view", "strip_pinyin_glosses", "view_of", "body_view"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A converter's gloss: one or more toned pinyin syllables in brackets right after a Chinese character.
_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]+(?:\s[a-z{_TONED}]+)*[)）]")


def strip_pinyin_glosses(text: str) -> str:
    """``委員會(huì)`` → ``委員會``: a toned-pinyin gloss is never part of the document."""
    return _GLOSS.sub("", text)


def model_view(text: str) -> str:
    """Simplified characters, Chinese punctuation, no glosses or justification spaces; line by line."""
    text = strip_pinyin_glosses(text)
    return "\n".join(normalize_chars(to_simplified(line).strip()) for line in text.split("\n"))


def view_of(unit) -> str:
    """What the models read of a parsed unit (article, paragraph, item, sentence): the view the parser
    made of it, or, for a unit read back from JSON, the model view of its text."""
    return getattr(unit, "view", "") or model_view(unit.text)


def body_view(document) -> str:
    """What the models read of a document's body: the parser's view, or the model view of ``body``."""
    return getattr(document, "body_view", "") or model_view(document.body)
