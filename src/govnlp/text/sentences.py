"""Sentence splitting per GUIDELINES §3.

A sentence ends at 。！？ (ASCII ``. ! ?`` in raw extractions, except a ``.`` inside a number) and at
；/; when the ``；`` closes a listed item (``（一）…；``).  Closing quotes and brackets stay with the
sentence they close.  A quoted passage ``“…。…。”`` is kept whole: it is what a report proposes
as new wording, and splitting inside it would cut the proposal from the sentence that introduces
it.  If quotes are unbalanced in a paragraph the quote rule is dropped for that paragraph.
"""
from __future__ import annotations

import re

from govnlp.text.numerals import CN_CLASS, CN_DIGITS

__all__ = ["split_sentences", "sentence_spans"]

_END = set("。！？!?")
_SEMI = set("；;")
_CLOSE = set("”’」』）)》〉\"'")
_OPEN_Q = set("“「『")
_CLOSE_Q = set("”」』")
# An item opens with (一) / （一） / 一、 / 一是 / 1. / 1、 / ① / 其一， / 第一，.
_ITEM = re.compile(
    rf"^\s*(?:[（(][{CN_DIGITS}\d]+[)）]|{CN_CLASS}+[、是]|\d+[.．、](?!\d)|[①-⑳]"
    rf"|其{CN_CLASS}+[，,、]|第{CN_CLASS}+[，,、])"
)
_DIGIT = set("0123456789０１２３４５６７８９")


def _is_end(text: str, i: int) -> bool:
    ch = text[i]
    if ch in _END:
        return True
    if ch == ".":  # a raw '.' ends a sentence unless it is a decimal point
        before = i > 0 and text[i - 1] in _DIGIT
        after = i + 1 < len(text) and text[i + 1] in _DIGIT
        return not (before and after)
    return False


def sentence_spans(text: str, quotes: bool = True) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text`` (whitespace around them excluded)."""
    spans: list[tuple[int, int]] = []
    start, depth, n = 0, 0, len(text)
    item_open = bool(_ITEM.match(text))
    i = 0
    while i < n:
        ch = text[i]
        if quotes and ch in _OPEN_Q:
            depth += 1
        elif quotes and ch in _CLOSE_Q and depth:
            depth -= 1
        cut = False
        if quotes and ch in _CLOSE_Q and depth == 0 and i > 0 and _is_end(text, i - 1):
            cut = True  # “…。” closes a sentence together with its quotation
        elif depth == 0:
            if _is_end(text, i):
                cut = True
            elif ch in _SEMI:
                rest = text[i + 1:].lstrip()
                cut = item_open or bool(_ITEM.match(rest))
        if cut:
            j = i + 1
            while j < n and text[j] in _CLOSE:
                j += 1
            spans.append((start, j))
            start = j
            item_open = bool(_ITEM.match(text[j:]))
            i = j
            continue
        i += 1
    if quotes and depth:
        return sentence_spans(text, quotes=False)
    spans.append((start, n))
    out = []
    for s, e in spans:
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs > ls:
            out.append((s + ls, s + rs))
    return out


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, in order, each with its closing punctuation and quotes."""
    return [text[s:e] for s, e in sentence_spans(text)]
