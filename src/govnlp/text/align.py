"""Where a normalized view's characters sit in the source text they were made from.

The models read a view (simplified characters, Chinese punctuation, no justification spaces); users
get the source's own characters back. :func:`align` maps every view character to its offset in the
source, :func:`source_of` cuts the source's characters of a view string (a title, a sentence).
"""
from __future__ import annotations

import unicodedata

__all__ = ["align", "source_of"]

_FOLD = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")", "《": "«", "》": "»",
                       "〈": "‹", "〉": "›", "「": "“", "」": "”", "『": "‘", "』": "’", "．": "."})


def _fold(ch: str) -> str:
    f = unicodedata.normalize("NFKC", ch).translate(_FOLD)
    return f[:1] if f else ch


def _chars(text: str, simplified: str | None = None) -> tuple[str, list[int]]:
    """Folded non-space characters of ``text`` and their offsets (``simplified``: a same-length view)."""
    view = simplified if simplified is not None and len(simplified) == len(text) else text
    out, pos = [], []
    for i, ch in enumerate(view):
        if ch.isspace():
            continue
        out.append(_fold(ch))
        pos.append(i)
    return "".join(out), pos


def _simplified(source: str) -> str:
    """Source text in simplified characters, line by line, same length where t2s keeps it."""
    from govnlp.text.script import is_traditional, to_simplified

    if not is_traditional(source):
        return source
    lines = source.split("\n")
    conv = [to_simplified(line) for line in lines]
    return "\n".join(c if len(c) == len(line) else line for c, line in zip(conv, lines))


def align(view: str, source: str, window: int = 800) -> list[int]:
    """For each character of ``view`` its offset in ``source`` (-1 for whitespace or unmatched).

    Greedy: characters are compared after folding (NFKC, the guideline's punctuation pairs,
    traditional → simplified); where they differ (page furniture in the source, a title line, a
    changed glyph) the next 8 (then 4) view characters are looked up in the source ahead, and failing
    that the two characters are taken to correspond (a one-for-one substitution).
    """
    v, vpos = _chars(view)
    s, spos = _chars(source, _simplified(source))
    out = [-1] * len(view)
    a = b = 0
    while a < len(v) and b < len(s):
        if v[a] == s[b]:
            out[vpos[a]] = spos[b]
            a += 1
            b += 1
            continue
        found = -1
        for w in (8, 4):
            probe = v[a:a + w]
            if len(probe) < min(w, len(v) - a) or not probe:
                continue
            k = s.find(probe, b, b + window + w)
            if k >= 0:
                found = k
                break
        if found >= 0:
            b = found
            continue
        # a view character with no counterpart (or a substituted glyph): map one for one
        out[vpos[a]] = spos[b]
        a += 1
        b += 1
    return out


def source_of(view: str, source: str) -> str | None:
    """The source's own characters of ``view`` (found from the start of ``source``), line breaks
    and the spaces around them dropped; ``None`` when the source does not hold it."""
    offsets = [o for o in align(view, source) if o >= 0]
    if not offsets:
        return None
    cut = source[min(offsets):max(offsets) + 1]
    joined = "".join(part.strip() for part in cut.split("\n"))
    if _chars(joined, _simplified(joined))[0] != _chars(view)[0]:
        return None
    return joined
