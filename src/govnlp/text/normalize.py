"""Undo the artifacts of PDF text extraction while keeping every character's source line.

Gazettes reach users as ``pdftotext`` output: each printed line is followed by a blank line, a
line starting with an ASCII space opens a new page, page numbers (``—４４—``) and running headers
(``山西省人民代表大会常务委员会公报２０２１<PUA>６``) sit inside documents, punctuation is printed
ASCII or as «» ‹›, digits are full-width and a private-use glyph stands for a decimal point.

Everything downstream works on :class:`PhysLine` (one printed line, normalized, with its 1-based
line number) and :class:`LogicalLine` (wrapped lines joined back into a paragraph, with the
offsets at which each source line starts so that any substring maps back to source lines).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from govnlp.text.numerals import CN_CLASS, CN_DIGITS

__all__ = [
    "PhysLine", "LogicalLine", "normalize_chars", "physical_lines", "join_lines",
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


def normalize_chars(line: str) -> str:
    """Restore Chinese punctuation and ASCII digits in one printed line (no joining)."""
    line = _DOT.sub("。", line)
    line = _PUA.sub(".", line)
    line = line.translate(_TABLE)
    # ':' between digits is a time (9:30), not a colon.
    line = re.sub(r"(?<=\d)：(?=\d)", ":", line)
    return _JUSTIFY.sub("", line)


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


@dataclass
class LogicalLine:
    """Printed lines joined into one paragraph; ``offsets[i]`` is where ``lines[i]`` starts."""

    text: str
    lines: list[int] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    indent: bool = False

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


def physical_lines(text: str, layout: list[tuple[bool | None, bool]] | None = None) -> list[PhysLine]:
    """Non-blank, non-artifact printed lines, normalized, with their source line numbers; ``layout``
    (one ``(joins, apart)`` a line of ``text``, see :class:`PhysLine`) where the source has one."""
    out: list[PhysLine] = []
    raws = text.splitlines()
    if layout is not None and len(layout) != len(raws):
        layout = None
    for no, raw in enumerate(raws, 1):
        if not raw.strip() or is_artifact(raw):
            continue
        body = raw.strip(" \t\r\f\v")
        indent = body.startswith("\u3000\u3000")
        norm = normalize_chars(body.strip().strip("\u3000").strip())
        if norm:
            joins, apart = layout[no - 1] if layout is not None else (None, False)
            out.append(PhysLine(no, norm, raw.startswith(" "), indent, joins, apart))
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
    cur = LogicalLine(lines[0].text, [lines[0].no], [0], lines[0].indent)
    for i in range(1, len(lines)):
        prev, nxt = lines[i - 1], lines[i]
        if breaks_after(prev, nxt, widths[i - 1]):
            out.append(cur)
            cur = LogicalLine(nxt.text, [nxt.no], [0], nxt.indent)
        else:
            cur.offsets.append(len(cur.text))
            cur.lines.append(nxt.no)
            cur.text += nxt.text
    out.append(cur)
    return out


def normalize_gazette_text(text: str) -> str:
    """Normalized text, one logical paragraph per line (what language models should read)."""
    return "\n".join(ll.text for ll in join_lines(physical_lines(text)))
