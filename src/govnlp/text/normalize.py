"""Undo the artifacts of PDF text extraction while keeping every character's source line.

Gazettes reach users as ``pdftotext`` output: each printed line is followed by a blank line, a
line starting with an ASCII space opens a new page, page numbers (``—４４—``) and running headers
(``山西省人民代表大会常务委员会公报２０２１<PUA>６``) sit inside documents, punctuation is printed
ASCII or as «» ‹›, digits are full-width and a private-use glyph stands for a decimal point.

Everything downstream works on :class:`PhysLine` (one printed line, normalized, with its 1-based
line number) and :class:`LogicalLine` (wrapped lines joined back into a paragraph, with the
offsets at which each source line starts so that any substring maps back to source lines). Both
remember, for every character of the normalized view, its offset in the printed line it came from,
so that any part of the view is cut back out of the source in the source's own characters
(:meth:`LogicalLine.source`).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from govnlp.text.numerals import CN_CLASS, CN_DIGITS

__all__ = [
    "PhysLine", "LogicalLine", "normalize_chars", "normalize_with_offsets", "view_line", "physical_lines", "join_lines",
    "normalize_gazette_text", "is_artifact",
]

_FW_DIGITS = {ord("０") + i: ord("0") + i for i in range(10)}
_PUNCT = {
    ord(","): "，", ord(":"): "：", ord(";"): "；", ord("("): "（", ord(")"): "）",
    ord("!"): "！", ord("?"): "？", ord("«"): "《", ord("»"): "》", ord("‹"): "〈", ord("›"): "〉",
}
_TABLE = str.maketrans({**_FW_DIGITS, **_PUNCT})
# Private-use areas (BMP, planes 15 and 16) hold the PDF's decimal-point / middle-dot glyph; some
# extractions drop the plane bits and print it as U+10170, which no gazette uses otherwise.
_PUA = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\U00010170]")
# An ASCII '.' is a decimal point only between digits (ASCII or full-width); otherwise a 。.
_DOT = re.compile(r"(?<![0-9０-９])\.|\.(?![0-9０-９])")
# Justification spaces between CJK characters / full-width punctuation carry no meaning.
_CJK = r"[\u3001-\u303f\u4e00-\u9fff\uff00-\uffef《》〈〉“”‘’、]"
_JUSTIFY = re.compile(rf"(?<={_CJK}) +(?={_CJK})")
# ':' between digits is a time (9:30), not a colon.
_TIME_COLON = re.compile(r"(?<=\d)：(?=\d)")

_PAGE_NUMBER = re.compile(r"^[\s\u3000]*—\s*[0-9０-９]+\s*—[\s\u3000]*$")
_RUNNING_HEADER = re.compile(r"^[\s\u3000]*\S{2,30}公报\s*[0-9０-９]{4}\S{0,3}[\s\u3000]*$")

# Lines starting with one of these open a new paragraph whatever the previous line was.
STRUCT = re.compile(
    rf"^(?:第[{CN_DIGITS}\d]+[章节条](?:[\u3000 ]|$|之{CN_CLASS}+[\u3000 ])"
    rf"|（{CN_CLASS}+）|{CN_CLASS}+、|\d+[.．、](?!\d)|附件\s*\d*$|附件[：:]"
    r"|[（(]\d{4}年)"
)
_TERMINAL = re.compile(r"[。！？；：][”’）》」』]*$")
_CLOSER_PUNCT = "。！？；："


def _restore(line: str) -> str:
    """Chinese punctuation and ASCII digits, one character for one: offsets are unchanged."""
    line = _DOT.sub("。", line)
    line = _PUA.sub(".", line)
    line = line.translate(_TABLE)
    return _TIME_COLON.sub(":", line)


def normalize_chars(line: str) -> str:
    """Restore Chinese punctuation and ASCII digits in one printed line (no joining)."""
    return _JUSTIFY.sub("", _restore(line))


def normalize_with_offsets(line: str, base: int = 0) -> tuple[str, list[int]]:
    """:func:`normalize_chars` of ``line`` and, for each of its characters, ``base`` + its offset in
    ``line`` (normalization only replaces characters one for one and drops justification spaces)."""
    restored = _restore(line)
    at = list(range(base, base + len(line)))
    spaces = [m.span() for m in _JUSTIFY.finditer(restored)]
    for a, b in reversed(spaces):
        del at[a:b]
    return (_JUSTIFY.sub("", restored) if spaces else restored), at


def view_line(line: str, source: str | None = None) -> tuple[str, list[int]]:
    """The normalized text of one printed line (stripped) and, for each of its characters, its offset
    in ``source``: the line as printed, of which ``line`` is a same-line view (simplified characters)
    or the line itself; -1 where a character has no counterpart there."""
    lead = len(line) - len(line.lstrip())
    text, at = normalize_with_offsets(line.strip(), lead)
    if source is not None and source != line and len(source) != len(line):
        from govnlp.text.align import align   # a conversion that changed the line's length

        where = align(line, source)
        at = [where[k] for k in at]
    return text, at


def is_artifact(raw: str) -> bool:
    """True for a page number or a running header: print furniture, not text."""
    return bool(_PAGE_NUMBER.match(raw) or _RUNNING_HEADER.match(raw))


@dataclass
class PhysLine:
    """One printed line: ``no`` is its 1-based line number in the source file."""

    no: int
    text: str
    page_start: bool = False
    indent: bool = False
    #: from the source's layout, where it has one: True when the line continues the paragraph above,
    #: False when it begins a block, None when nothing is known (plain text)
    joins: bool | None = None
    #: set apart as titles are (centered, larger, bolder, a heading): a title candidate
    apart: bool = False
    #: the line as printed, and for each character of ``text`` its offset there (-1: none)
    source: str = ""
    at: list[int] = field(default_factory=list)

    def source_text(self) -> str:
        """The printed line's own characters of :attr:`text`."""
        return _cut(self.source, self.at, 0, len(self.at)) if self.at else self.text


def _cut(source: str, at: list[int], a: int, b: int) -> str:
    """``source`` from the first to the last of the offsets ``at[a:b]`` (spaces inside kept); offsets
    rise along a line, and -1 (no counterpart) is passed over."""
    if a >= b:
        return ""
    first, last = at[a], at[b - 1]
    if first < 0 or last < 0:
        where = [o for o in at[a:b] if o >= 0]
        if not where:
            return ""
        first, last = where[0], where[-1]
    return source[first:last + 1]


@dataclass
class LogicalLine:
    """Printed lines joined into one paragraph; ``offsets[i]`` is where ``lines[i]`` starts.

    ``sources[i]`` is printed line ``i`` as printed and ``at[k]`` the offset there of ``text[k]``:
    where they are given, :meth:`source` cuts any part of the view out of the source."""

    text: str
    lines: list[int] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    indent: bool = False
    sources: list[str] = field(default_factory=list)
    at: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, line: PhysLine) -> "LogicalLine":
        """A paragraph of one printed line."""
        return cls(line.text, [line.no], [0], line.indent, [line.source], list(line.at))

    def append(self, line: PhysLine) -> None:
        """Join the next printed line of the paragraph."""
        self.offsets.append(len(self.text))
        self.lines.append(line.no)
        self.text += line.text
        self.sources.append(line.source)
        self.at.extend(line.at)

    def source(self, start: int = 0, end: int | None = None) -> str:
        """The source's own characters of ``text[start:end]``: each printed line's part as printed,
        the lines joined without their breaks (the view itself where no source is known)."""
        end = len(self.text) if end is None else end
        if len(self.at) != len(self.text):
            return self.text[start:end]
        parts = []
        i = max(bisect.bisect_right(self.offsets, start) - 1, 0)
        while i < len(self.offsets) and self.offsets[i] < end:
            stop = self.offsets[i + 1] if i + 1 < len(self.offsets) else len(self.text)
            parts.append(_cut(self.sources[i], self.at, max(start, self.offsets[i]), min(end, stop)))
            i += 1
        return "".join(parts)

    @property
    def start_line(self) -> int:
        return self.lines[0]

    @property
    def end_line(self) -> int:
        return self.lines[-1]

    def line_at(self, pos: int) -> int:
        """Source line of character ``pos`` of :attr:`text`."""
        i = bisect.bisect_right(self.offsets, max(pos, 0)) - 1
        return self.lines[max(i, 0)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source line span of ``text[start:end]``."""
        return self.line_at(start), self.line_at(max(start, end - 1))


def physical_lines(text: str, layout: list[tuple[bool | None, bool]] | None = None,
                   source: str | None = None) -> list[PhysLine]:
    """Non-blank, non-artifact printed lines, normalized, with their source line numbers; ``layout``
    (one ``(joins, apart)`` a line of ``text``, see :class:`PhysLine`) where the source has one.
    ``source``: the text as given where ``text`` is a line-for-line view of it (simplified
    characters); each line remembers its characters there."""
    out: list[PhysLine] = []
    raws = text.splitlines()
    sources = source.splitlines() if source is not None else raws
    if len(sources) < len(raws):        # (more where the view blanked the source's last lines)
        sources = raws
    if layout is not None and len(layout) != len(raws):
        layout = None
    for no, raw in enumerate(raws, 1):
        if not raw.strip() or is_artifact(raw):
            continue
        indent = raw.strip(" \t\r\f\v").startswith("\u3000\u3000")
        norm, at = view_line(raw, sources[no - 1])
        if norm:
            joins, apart = layout[no - 1] if layout is not None else (None, False)
            out.append(PhysLine(no, norm, raw.startswith(" "), indent, joins, apart, sources[no - 1], at))
    return out


def _widths(lines: list[PhysLine], radius: int = 10) -> list[float]:
    """Typical printed width around each line (upper quartile of its neighbours' lengths)."""
    lens = [len(p.text) for p in lines]
    out = []
    for i in range(len(lens)):
        win = sorted(lens[max(0, i - radius): i + radius + 1])
        out.append(win[(3 * len(win)) // 4])
    return out


def breaks_after(prev: PhysLine, nxt: PhysLine, width: float) -> bool:
    """Whether a paragraph ends between two consecutive printed lines: where the source has a layout,
    what it says; in plain text, from the lines' text and width."""
    if nxt.joins is not None:
        return not nxt.joins
    if nxt.indent or STRUCT.match(nxt.text):
        return True
    if _TERMINAL.search(prev.text):
        return True
    return len(prev.text) < 0.7 * width


def join_lines(lines: list[PhysLine]) -> list[LogicalLine]:
    """Join wrapped printed lines into paragraphs, remembering where each line starts."""
    out: list[LogicalLine] = []
    if not lines:
        return out
    widths = _widths(lines)
    cur = LogicalLine.of(lines[0])
    for i in range(1, len(lines)):
        prev, nxt = lines[i - 1], lines[i]
        if breaks_after(prev, nxt, widths[i - 1]):
            out.append(cur)
            cur = LogicalLine.of(nxt)
        else:
            cur.append(nxt)
    out.append(cur)
    return out


def normalize_gazette_text(text: str) -> str:
    """Normalized text, one logical paragraph per line (what language models should read)."""
    return "\n".join(ll.text for ll in join_lines(physical_lines(text)))
