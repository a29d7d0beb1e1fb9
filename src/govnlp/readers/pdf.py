"""PDF gazettes through their text layer, laid out from the characters' positions.

Two readers give the characters with their boxes; the layout below is the same for both, and
nothing in it relies on the order of the content stream, which in two-column gazettes often
interleaves the columns row by row:

* ``pdfium`` (default): pypdfium2 (Apache-2.0/BSD), Google's PDF engine in native code, about
  a tenth of pdfminer's time on an issue (``benchmarks/bench_readers.py``);
* ``pdfminer``: pdfminer.six (MIT), pure Python, the alternative (``reader="pdfminer"`` or
  ``GOVNLP_PDF_READER=pdfminer``). Its layout analysis is not run: the characters are all it gives.

PyMuPDF would also be fast but is AGPL, which does not fit the project's Apache-2.0.

Per page: the top and bottom rows are print furniture when they are a folio (—44—, 44) or repeat,
digits aside, on many pages (the running head 山西省人民代表大会常务委员会公报 2021年第6号); the
columns are split at the widest vertical band in the middle of the page that no body row crosses;
rows are characters sharing a baseline, read left to right, with justification spaces between
Chinese characters dropped and a word hyphenated across lines rejoined. Reading order is down the
left column, then the right. Every output line keeps its page and its line on that page, and what
the layout says of it (:class:`PdfLine`: it continues the paragraph above when that line filled the
column's measure; it is set apart when centered and short or larger than the body), where the file
is typeset with justified lines and indented paragraphs.

Limits (each refused with an :class:`~govnlp.errors.InputError` naming the file and the limit):
:data:`MAX_PAGES` pages, pages up to :data:`MAX_PAGE_POINTS` points a side, :data:`MAX_OBJECTS`
drawing objects and :data:`MAX_CHARS` characters a page, streams that decompress to at most
:data:`MAX_STREAM_BYTES` each and :data:`MAX_DECOMPRESSED_BYTES` in all, graphics states nested at
most :data:`MAX_NESTING` deep, and :data:`MAX_SECONDS` of reading. A gazette page holds a few
thousand characters; the limits are there so that a small hostile file ends in seconds.

A PDF whose pages have no text layer is a scan: it is read through OCR (:mod:`govnlp.readers.ocr`)
when Tesseract is installed, and otherwise refused with what to install.
"""
from __future__ import annotations

import io
import itertools
import logging
import math
import os
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from govnlp.errors import InputError

__all__ = ["read_pdf", "text_layer", "Scan", "PdfLine", "PdfText", "READERS", "MAX_PAGES", "MAX_PAGE_POINTS", "MAX_OBJECTS", "MAX_CHARS",
           "MAX_STREAM_BYTES", "MAX_DECOMPRESSED_BYTES", "MAX_NESTING", "MAX_SECONDS"]

READERS = ("pdfium", "pdfminer")
MAX_PAGES = 5000
#: 200 inches, the largest page the PDF format itself allows (without a user unit)
MAX_PAGE_POINTS = 14400
MAX_OBJECTS = 200_000
MAX_CHARS = 50_000
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_NESTING = 1000
MAX_SECONDS = 60.0

_FOLIO = re.compile(r"^[\s—－\-–]*[0-9０-９]{1,4}[\s—－\-–]*$")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef《》“”‘’、，。；：！？（）]")
_HYPHENATED = re.compile(r"[A-Za-z]-$")


@dataclass
class PdfLine:
    text: str
    page: int          # 1-based page number
    line: int          # 1-based line on that page, in reading order
    ocr: bool = False  # read from the page image, not its text layer
    #: what the layout says of the line: True when it continues the paragraph above (that line filled
    #: the column's measure and this one is not indented), False when it begins a block, None: unknown
    joins: bool | None = None
    #: set apart as titles are: a short centered line, or one set larger than the body
    apart: bool = False


class PdfText(list):
    """The lines of a PDF's text layer (:class:`PdfLine`), and ``notes`` for the user on how it was read:
    the pages, or the file, that pdfminer.six read in place of PDFium, and why."""

    def __init__(self, lines=(), notes=()):
        super().__init__(lines)
        self.notes: list[str] = list(notes)


@dataclass
class _RowLayout:
    """A row's place in its column: indented by about two characters, reaching the column's right edge,
    set apart (centered and short, or larger than the body)."""

    indented: bool = False
    fills: bool = False
    apart: bool = False


class _Char:
    """A character and its box; ``order`` is its place among the characters drawn on the page, and
    ``spaced`` says that the one drawn just before it was a space."""

    __slots__ = ("text", "x0", "x1", "y0", "y1", "size", "order", "spaced", "turn")

    def __init__(self, text: str, x0: float, x1: float, y0: float, y1: float, order: int = -2, spaced: bool = False,
                 turn: int = 0):
        self.text, self.x0, self.x1, self.y0, self.y1 = text, x0, x1, y0, y1
        self.size = max(y1 - y0, 0.1)
        self.order, self.spaced = order, spaced
        self.turn = turn        # quarter turns (0-3, counterclockwise) of the direction its text runs in


_X0, _Y0 = attrgetter("x0"), attrgetter("y0")


def _kept(text: str) -> bool:
    return bool(text.strip()) or text == "\u3000"     # the ideographic space separates 第一条 from its text


class _Reading:
    """What one file may still cost: the deadline, and the errors that name the file and the limit."""

    def __init__(self, source: str):
        self.source = source
        self.deadline = time.monotonic() + MAX_SECONDS

    def tick(self, page: int) -> None:
        if time.monotonic() > self.deadline:
            raise InputError(self.source, f"is a PDF still being read after {MAX_SECONDS:.0f} s (at page {page}); "
                                          "it is refused")

    def page_size(self, page: int, width: float, height: float) -> None:
        if abs(width) > MAX_PAGE_POINTS or abs(height) > MAX_PAGE_POINTS:
            raise InputError(self.source, f"is a PDF whose page {page} is {width:g} × {height:g} points, over "
                                          f"the limit of {MAX_PAGE_POINTS} points a side")

    def too_many(self, page: int, what: str, limit: int) -> InputError:
        return InputError(self.source, f"is a PDF whose page {page} holds more than {limit} {what}, over the "
                                       "limit; it is refused")


# ------------------------------------------------------------------ characters: pdfium
def _pdfium_pages(data: bytes, reading: _Reading) -> tuple[list[tuple[float, list[_Char]]], int, dict[int, int]] | str:
    """The characters of each page, and the pages whose text page leaves out text objects that may hold
    characters (page number: how many); or why pdfminer reads the file instead: PDFium cannot open it
    (damaged beyond its repair), or its text page drops text set at a quarter turn."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise InputError(reading.source, "is an encrypted PDF; save an unencrypted copy first") from None
        return "PDFium could not open the file"     # pdfminer tries it and says what is wrong
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise InputError(reading.source, f"is a PDF of {count} pages, over the limit of {MAX_PAGES}")
        pages, skipped = [], {}
        for index in range(count):
            number = index + 1
            reading.tick(number)
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                raise InputError(reading.source, f"is a damaged PDF (page {number} cannot be loaded)") from None
            try:
                width, height = page.get_size()
                reading.page_size(number, width, height)
                if raw.FPDFPage_CountObjects(page.raw) > MAX_OBJECTS:
                    raise reading.too_many(number, "drawing objects", MAX_OBJECTS)
                turned, unmeasured = _survey(page.raw, raw)
                if turned:
                    return "PDFium leaves out Chinese text set at a quarter turn"
                if unmeasured:
                    skipped[number] = unmeasured
                textpage = page.get_textpage()
                try:
                    n = textpage.count_chars()
                    if n > MAX_CHARS:
                        raise reading.too_many(number, "characters", MAX_CHARS)
                    chars = []
                    if n > 0:
                        # the page's text at once: one call, not one a character (pypdfium2 sizes the buffer)
                        text = textpage.get_text_range(errors="replace")
                        handle = textpage.raw
                        if len(text) != n or raw.FPDFText_GetTextIndexFromCharIndex(handle, n - 1) != n - 1:
                            # characters the text leaves out or adds: one a character instead
                            text = "".join(chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(n))
                        chars = _pdfium_boxes(textpage.raw, text, raw.FPDFText_GetLooseCharBox)
                finally:
                    textpage.close()
            finally:
                page.close()
            pages.append((width, chars))
        return pages, count, skipped
    finally:
        pdf.close()


def _survey(page, raw) -> tuple[bool, int]:
    """What the text objects of the page, and of the forms on it, say before its text is read, in one
    pass over them:

    * whether one runs in another direction than left to right: PDFium's text page drops Chinese text
      set at a quarter turn (a landscape table on a portrait page) without a sign; pdfminer gives its
      characters, and the layout turns them upright;
    * how many the text page will leave out though they may hold characters. PDFium's text page skips
      a text object whose box has no width, and the box is made of the glyphs' outlines: a string of
      one character in a font that is not embedded and whose glyph PDFium has no outline for (a CID
      font with a predefined CMap, ``STSong-Light`` with ``UniGB-UCS2-H`` as reportlab and iText
      write: a line holding a lone 。 or 责) has none. A box without width in an embedded font is a
      blank (a space) and is not counted.

    At most :data:`MAX_OBJECTS` objects are looked at (forms drawing forms are bounded by the other
    limits); the few objects without width ask their font whether it is embedded."""
    import ctypes

    matrix = raw.FS_MATRIX()
    where = ctypes.byref(matrix)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    is_embedded = getattr(raw, "FPDFFont_GetIsEmbedded", None)
    unmeasured, budget, embedded = 0, MAX_OBJECTS, {}
    stack = [(raw.FPDFPage_CountObjects(page), lambda i: raw.FPDFPage_GetObject(page, i), 0.0)]
    while stack:
        n, get, base = stack.pop()
        for i in range(n):
            budget -= 1
            if budget < 0:
                return False, unmeasured
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                if raw.FPDFPageObj_GetMatrix(obj, where):
                    angle = base + math.degrees(math.atan2(matrix.b, matrix.a))
                    if abs((angle + 180) % 360 - 180) > 45:
                        return True, unmeasured
                if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top) and abs(right.value - left.value) < 0.01:
                    font = raw.FPDFTextObj_GetFont(obj)
                    key = ctypes.cast(font, ctypes.c_void_p).value or 0
                    if key not in embedded:
                        embedded[key] = bool(font) and is_embedded is not None and bool(is_embedded(font))
                    if not embedded[key]:
                        unmeasured += 1
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                angle = base
                if raw.FPDFPageObj_GetMatrix(obj, where):
                    angle += math.degrees(math.atan2(matrix.b, matrix.a))
                stack.append((raw.FPDFFormObj_CountObjects(obj), lambda k, form=obj: raw.FPDFFormObj_GetObject(form, k),
                              angle))
    return False, unmeasured


def _pdfium_boxes(textpage, text: str, loose_box) -> list[_Char]:
    """Each kept character with its loose box (the font's ascent to descent, so that all characters of
    a row share a bottom, as in pdfminer). The boxes are written into one array by a prototype that
    takes plain addresses: a third of the time of pypdfium2's checked calls and one ctypes structure
    read a character, which took longer than the rest of reading a page."""
    import ctypes

    keep = [i for i, ch in enumerate(text) if _kept(ch)]
    if not keep:
        return []
    call = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)(
        ctypes.cast(loose_box, ctypes.c_void_p).value)
    handle = ctypes.cast(textpage, ctypes.c_void_p).value
    boxes = (ctypes.c_float * (4 * len(keep)))()           # left, top, right, bottom (FS_RECTF)
    base = ctypes.addressof(boxes)
    found = [call(handle, i, base + 16 * k) for k, i in enumerate(keep)]
    v = boxes[:]
    return [_Char(text[i], v[4 * k], v[4 * k + 2], v[4 * k + 3], v[4 * k + 1], i, i > 0 and text[i - 1] == " ")
            for k, i in enumerate(keep) if found[k]]


# ------------------------------------------------------------------ characters: pdfminer
class _Quiet(logging.Filter):
    """pdfminer logs warnings about the files it reads (``The PDF <_io.BytesIO object at 0x…> contains a
    metadata field…``) to the root handler, that is to stderr; while govnlp reads they are dropped."""

    active = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(self.active, "on", False)


_QUIET = _Quiet()


def _pdfminer_pages(data: bytes, reading: _Reading,
                    only: list[int] | None = None) -> tuple[list[tuple[float, list[_Char]]], int]:
    """The characters of each page (``only``: of those pages, by number, in order; characters it cannot
    map are then left to the caller to weigh)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class Collector(PDFPageAggregator):
        """The page's characters, counted as they are drawn, as are its other objects; no layout analysis
        (``laparams=None``)."""

        number = 0
        drawn = 0
        objects = 0

        def _count(self) -> None:
            self.objects += 1
            if self.objects > MAX_OBJECTS:
                raise reading.too_many(self.number, "drawing objects", MAX_OBJECTS)
            if not self.objects % 1000:
                reading.tick(self.number)

        def render_char(self, *args, **kwargs):
            self.drawn += 1
            if self.drawn > MAX_CHARS:
                raise reading.too_many(self.number, "characters", MAX_CHARS)
            self._count()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args, **kwargs):
            self._count()
            return super().paint_path(*args, **kwargs)

        def render_image(self, *args, **kwargs):
            self._count()
            return super().render_image(*args, **kwargs)

    # a logger's filters see only its own records, not its children's: each of pdfminer's modules
    for name in [n for n in logging.root.manager.loggerDict if n == "pdfminer" or n.startswith("pdfminer.")]:
        logger = logging.getLogger(name)
        if _QUIET not in logger.filters:
            logger.addFilter(_QUIET)
    _QUIET.active.on = True
    try:
        manager = PDFResourceManager()
        device = Collector(manager, laparams=None)
        interpreter = PDFPageInterpreter(manager, device)
        pages = []
        wanted = sorted(set(only)) if only else None
        numbers = iter(wanted) if wanted else itertools.count(1)
        for number, page in zip(numbers, PDFPage.get_pages(io.BytesIO(data),
                                                           pagenos={n - 1 for n in wanted} if wanted else None)):
            if number > MAX_PAGES:
                raise InputError(reading.source, f"is a PDF of more than {MAX_PAGES} pages, over the limit")
            reading.tick(number)
            x0, y0, x1, y1 = page.mediabox
            reading.page_size(number, x1 - x0, y1 - y0)
            device.number, device.drawn, device.objects = number, 0, 0
            interpreter.process_page(page)
            chars, stack, order, previous = [], [iter([device.get_result()])], 0, ""
            while stack:                    # the page's objects in drawing order
                obj = next(stack[-1], None)
                if obj is None:
                    stack.pop()
                elif isinstance(obj, LTChar):
                    text = obj.get_text()
                    if _kept(text):
                        a, b = obj.matrix[0], obj.matrix[1]
                        turn = round(math.degrees(math.atan2(b, a)) / 90) % 4 if (a or b) else 0
                        chars.append(_Char(text, obj.x0, obj.x1, obj.y0, obj.y1, order, previous == " ", turn))
                    order, previous = order + 1, text
                elif isinstance(obj, LTContainer):
                    stack.append(iter(obj))
            pages.append((abs(x1 - x0), chars))
        unmapped = sum(c.text.startswith("(cid:") for _, chars in pages for c in chars)
        if unmapped and not wanted and unmapped >= 0.5 * sum(len(chars) for _, chars in pages):
            # e.g. an encrypted file whose fonts name their character collection in encrypted strings
            # that pdfminer does not decrypt
            raise InputError(reading.source, "is a PDF whose characters pdfminer cannot map to text (cid:N); read "
                                             "it with the pdfium reader")
        return pages, len(pages)
    finally:
        _QUIET.active.on = False


def _rows(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped by baseline, top to bottom; within a row, left to right."""
    rows: list[list[_Char]] = []
    ordered = sorted(chars, key=_X0)
    ordered.sort(key=_Y0, reverse=True)     # stable: by baseline down the page, then left to right
    for c in ordered:
        if rows and abs(rows[-1][0].y0 - c.y0) <= 0.35 * c.size:
            rows[-1].append(c)
        else:
            rows.append([c])
    for r in rows:
        r.sort(key=_X0)
    return rows


def _row_text(row: list[_Char]) -> str:
    parts = [row[0].text]
    for prev, c in zip(row, row[1:]):
        # a gap (or a space drawn between the two) next to a Latin letter or digit is a space; between two
        # Chinese characters it is justification. Boxes alone are not enough: pdfium's boxes are as wide
        # as the glyph of the font it draws with, which may cover the space after a digit. A space drawn
        # beside an ideographic space is kept, as text extractions keep it.
        spaced = c.spaced and c.order == prev.order + 2
        if (spaced and "\u3000" in (prev.text, c.text)) or (
                (spaced or c.x0 - prev.x1 > 0.15 * c.size) and not (_CJK.match(prev.text) and _CJK.match(c.text))):
            parts.append(" ")
        parts.append(c.text)
    return "".join(parts)


def _indent(row: list[_Char], left: float) -> str:
    """An indented first line of a paragraph, as the ideographic spaces a text extraction prints."""
    if row[0].text == "\u3000":
        return ""
    steps = round((row[0].x0 - left) / row[0].size)
    return "\u3000" * steps if 1 <= steps <= 4 else ""


def _furniture_key(text: str) -> str:
    return re.sub(r"[0-9０-９一二三四五六七八九十〇]+", "#", re.sub(r"\s+", "", text))


def _crossings(rows: list[list[_Char]], width: float) -> tuple[list[int], float]:
    """How many rows cross each vertical band of the page (one band a point wide, at most 2,000)."""
    step = max(1.0, width / 2000)
    bins = int(width / step) + 1
    starts = [0] * (bins + 1)
    inverse, last = 1.0 / step, bins - 1
    for row in rows:
        # the row's characters (left to right) merged into the spans they cover: a row counts once a band
        span_start, span_end = -1, -2
        for c in row:
            lo, hi = int(c.x0 * inverse), int(c.x1 * inverse)
            if lo < 0:
                lo = 0
            if hi > last:
                hi = last
            if lo > hi:
                continue
            if lo <= span_end + 1:
                if hi > span_end:
                    span_end = hi
                continue
            if span_start >= 0:
                starts[span_start] += 1
                starts[span_end + 1] -= 1
            span_start, span_end = lo, hi
        if span_start >= 0:
            starts[span_start] += 1
            starts[span_end + 1] -= 1
    crossing, running = [], 0
    for delta in starts[:bins]:
        running += delta
        crossing.append(running)
    return crossing, step


def _gutter(crossing: list[int], step: float, left: float, right: float, rows: int,
            chars: list[_Char]) -> float | None:
    """x of the gap between two columns of the band ``left`` .. ``right`` (``rows`` rows and ``chars``
    characters lie in it), or None for one column."""
    first, end = int(left / step), min(len(crossing), int(right / step) + 1)
    bins = end - first
    if rows < 2 or bins < 5 or not chars:
        return None
    lo, hi = first + int(0.2 * bins), first + int(0.8 * bins)
    fewest = min(crossing[lo:hi + 1])
    if fewest > max(1, int(0.04 * rows)):
        return None
    # the gutter: a run of bins crossed by the fewest rows (a band that only a few long lines reach
    # is not empty; the gutter is) with text on both sides; the widest such run
    runs, run_start = [], None
    for b in range(lo, hi + 2):
        empty = b <= hi and crossing[b] == fewest
        if empty and run_start is None:
            run_start = b
        elif not empty and run_start is not None:
            runs.append((run_start * step, b * step))
            run_start = None
    size = sorted(c.size for c in chars)[len(chars) // 2]
    best, best_span = None, 0.0
    for start, stop in runs:
        if stop - start < 0.8 * size or stop - start <= best_span:
            continue
        middle = (start + stop) / 2
        before = sum(1 for c in chars if c.x1 <= middle)
        after = sum(1 for c in chars if c.x0 >= middle)
        if min(before, after) >= 0.1 * (before + after):
            best, best_span = middle, stop - start
    return best


def _columns(rows: list[list[_Char]], width: float) -> list[list[list[_Char]]]:
    """The rows of each column, left to right: a page is split at its gutter, and each side again
    (three or four columns), at most twice. The bands' counts are the page's, made once."""
    if len(rows) < 2 or width <= 0:
        return [rows]
    crossing, step = _crossings(rows, width)
    chars = [c for row in rows for c in row]
    extents = [(row[0].x0, max(c.x1 for c in row)) for row in rows]

    def split(left: float, right: float, depth: int) -> list[float]:
        inside = [c for c in chars if left <= (c.x0 + c.x1) / 2 < right]
        n_rows = len(rows) if depth == 0 else sum(1 for x0, x1 in extents if x0 < right and x1 > left)
        at = _gutter(crossing, step, left, right, n_rows, inside) if depth < 2 else None
        if at is None:
            return []
        return split(left, at, depth + 1) + [at] + split(at, right, depth + 1)

    cuts = split(0.0, width + step, 0)
    if not cuts:
        return [rows]
    bounds = [float("-inf"), *cuts, float("inf")]
    return [_rows([c for c in chars if lo <= (c.x0 + c.x1) / 2 < hi]) for lo, hi in zip(bounds, bounds[1:])]


def _median_size(chars: list[_Char]) -> float:
    sizes = sorted(c.size for c in chars)
    return sizes[len(sizes) // 2] if sizes else 1.0


def _row_layouts(column: list[list[_Char]], body: float) -> list[_RowLayout]:
    """Where each row of a column sits in it. The column's measure is from its leftmost to its rightmost
    character; ``body`` is the size of the page's body text.

    A row that reaches the right edge (within three quarters of a character: a line ending in a
    half-width digit leaves half a character) and starts at the left edge or an indent fills the measure;
    a row indented by one and a half to two and a half characters opens a paragraph; a row set in
    larger characters than the body, or centered with a character or more on each side, is set apart
    (an indented paragraph of one line that happens to leave two characters on the right is not: it
    has sentence punctuation)."""
    if not column:
        return []
    left = min(r[0].x0 for r in column)
    right = max(max(c.x1 for c in r) for r in column)
    out = []
    for row in column:
        x0, x1 = row[0].x0, max(c.x1 for c in row)
        size = _median_size(row)
        lm, rm = x0 - left, right - x1
        larger = size > 1.15 * body
        two = abs(lm - 2 * body) <= 0.5 * body
        centered = lm >= 0.8 * body and rm >= 0.8 * body and abs(lm - rm) <= 0.75 * body and not (
            two and any(c.text in "，。；：、" for c in row))
        apart = larger or centered
        out.append(_RowLayout(indented=two and not apart, fills=rm <= 0.75 * body and lm <= 2.5 * body,
                              apart=apart))
    return out


def _page_lines(rows: list[list[_Char]], width: float, furniture: set[str]) -> list[tuple[str, _RowLayout]]:
    while rows and (_FOLIO.match(_row_text(rows[0])) or _furniture_key(_row_text(rows[0])) in furniture):
        rows = rows[1:]
    while rows and (_FOLIO.match(_row_text(rows[-1])) or _furniture_key(_row_text(rows[-1])) in furniture):
        rows = rows[:-1]
    columns = _columns(rows, width)
    body = _median_size([c for row in rows for c in row])
    lines = []
    for column in columns:
        left = min((r[0].x0 for r in column), default=0.0)
        layouts = _row_layouts(column, body)
        texts = [("" if lay.apart else _indent(r, left)) + _row_text(r) for r, lay in zip(column, layouts)]
        i = 0
        while i < len(texts):
            t = texts[i]
            if _HYPHENATED.search(t) and i + 1 < len(texts) and re.match(r"[a-z]", texts[i + 1]):
                head, _, rest = texts[i + 1].partition(" ")
                t, texts[i + 1] = t[:-1] + head, rest
                if not texts[i + 1]:
                    texts.pop(i + 1)
                    layouts.pop(i + 1)
            lines.append((t, layouts[i]))
            i += 1
    return lines


def _default_reader() -> str:
    wanted = os.environ.get("GOVNLP_PDF_READER", "").strip().lower()
    if wanted:
        if wanted not in READERS:
            raise InputError("GOVNLP_PDF_READER", f"is {wanted!r}; choose one of {', '.join(READERS)}")
        return wanted
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return "pdfminer"
    return "pdfium"


@dataclass
class Scan:
    """A PDF without a text layer: what OCR needs to know before it renders the pages."""

    pages: int
    largest_image: int


def read_pdf(data: bytes, source: str, reader: str | None = None, isolated: bool | None = None) -> list[PdfLine]:
    """The lines of a PDF's text layer in reading order (a scan: its pages read by OCR); InputError
    for what cannot be read.

    ``reader``: ``"pdfium"`` (default when pypdfium2 is installed) or ``"pdfminer"``. With PDFium, a
    page whose text layer lacks characters that pdfminer reads is read with pdfminer, as is a file
    PDFium cannot open or whose text is set at a quarter turn; the lines' ``notes`` (a
    :class:`PdfText`) say so. ``isolated`` (default: yes, unless ``GOVNLP_PDF_ISOLATION=0``): read in a
    helper process capped in memory and time (:mod:`govnlp.readers.pdfworker`), so that what native
    code does on a hostile file ends there.
    """
    reader = reader or _default_reader()
    if reader not in READERS:
        raise ValueError(f"reader must be one of {READERS}, not {reader!r}")
    if isolated is None:
        isolated = os.environ.get("GOVNLP_PDF_ISOLATION", "1").strip() not in ("0", "no", "false")
    if isolated:
        from govnlp.readers.pdfworker import read_isolated

        result = read_isolated(data, source, reader)
    else:
        result = text_layer(data, source, reader)
    if isinstance(result, Scan):
        from govnlp.readers.ocr import ocr_pdf

        return ocr_pdf(data, source, result.pages, largest_image=result.largest_image)
    return result


def text_layer(data: bytes, source: str, reader: str) -> PdfText | Scan:
    """The lines of the text layer, or :class:`Scan` when no page has one; in this process."""
    from govnlp.readers.pdfcheck import check_streams

    reading = _Reading(source)
    streams = check_streams(data, source, stream_limit=MAX_STREAM_BYTES, total_limit=MAX_DECOMPRESSED_BYTES,
                            nesting_limit=MAX_NESTING, deadline=reading.deadline)
    pages, count, notes = _read_chars(data, reading, reader)
    if not pages:
        raise InputError(source, "is a PDF with no pages")
    if not any(chars for _, chars in pages):
        return Scan(count, streams.largest_image)
    edges = Counter()
    page_frames = [[(w, _rows(c)) for w, c in _frames(width, chars)] for width, chars in pages]
    for frames in page_frames:
        rows = frames[0][1] if frames else []
        for row in rows[:1] + rows[1:][-1:]:      # a page of one row counts it once
            edges[_furniture_key(_row_text(row))] += 1
    furniture = {k for k, n in edges.items() if n >= max(2, 0.3 * len(pages))}
    out = []
    previous: _RowLayout | None = None
    pages_lines = []
    for number, frames in enumerate(page_frames, 1):
        reading.tick(number)
        pages_lines.append([line for width, rows in frames for line in _page_lines(rows, width, furniture)])
    typeset = _typeset([lay for texts in pages_lines for _, lay in texts])
    for number, texts in enumerate(pages_lines, 1):
        for line_no, (text, lay) in enumerate(texts, 1):
            # a page's first line is marked as text extractions mark it: a leading space (the parser
            # reads a page start as a place where a new document may begin). A line continues the
            # paragraph above when that one filled its measure (across columns and pages too) and this
            # one is neither indented nor set apart.
            joins = bool(previous and previous.fills and not previous.apart and not lay.indented and not lay.apart) \
                if typeset else None
            out.append(PdfLine((" " if line_no == 1 else "") + text, number, line_no, joins=joins, apart=lay.apart))
            previous = lay
    return PdfText(out, notes)


def _typeset(layouts: list[_RowLayout]) -> bool:
    """Whether the lines are set as a typesetter sets paragraphs: lines justified to the measure (at
    least a third of the body's lines fill it) and paragraphs opened by an indent (at least one line in
    fifty). Otherwise (ragged lines, no indents: a converter's output, lines drawn as they were
    extracted) where a line ends says nothing of where a paragraph ends, and the parser reads the text."""
    body = [lay for lay in layouts if not lay.apart]
    if len(body) < 10:
        return False
    return (sum(lay.fills for lay in body) >= len(body) / 3
            and sum(lay.indented for lay in body) >= len(body) / 50)


def _frames(width: float, chars: list[_Char]) -> list[tuple[float, list[_Char]]]:
    """The page's characters by the direction their text runs in, text running left to right first,
    each group turned upright (a table set at a quarter turn is read as if the page were turned)."""
    if all(c.turn == 0 for c in chars):
        return [(width, chars)]
    frames = []
    for turn in sorted({c.turn for c in chars}):
        group = [c for c in chars if c.turn == turn]
        if turn:
            group = [_turned(c, turn) for c in group]
            left = min(c.x0 for c in group)
            for c in group:
                c.x0, c.x1 = c.x0 - left, c.x1 - left
        frames.append((max(c.x1 for c in group) if turn else width, group))
    return frames


def _turned(c: _Char, turn: int) -> _Char:
    """``c`` in the frame turned ``turn`` quarter turns clockwise, in which its text runs left to right."""
    corners = [(c.x0, c.y0), (c.x1, c.y1)]
    if turn == 1:        # text running up the page
        points = [(y, -x) for x, y in corners]
    elif turn == 2:      # upside down
        points = [(-x, -y) for x, y in corners]
    else:                # text running down the page
        points = [(-y, x) for x, y in corners]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return _Char(c.text, min(xs), max(xs), min(ys), max(ys), c.order, c.spaced, 0)


def _read_chars(data: bytes, reading: _Reading, reader: str) -> tuple[list[tuple[float, list[_Char]]], int, list[str]]:
    """The characters of each page, the number of pages, and notes on the pages another reader read."""
    if reader == "pdfium":
        read = _pdfium_pages(data, reading)
        if not isinstance(read, str):
            pages, count, skipped = read
            return pages, count, _read_again(data, reading, pages, skipped)
        pages, count = _pdfminer_file(data, reading)
        return pages, count, [f"read with pdfminer.six: {read}"]
    return (*_pdfminer_file(data, reading), [])


def _read_again(data: bytes, reading: _Reading, pages: list[tuple[float, list[_Char]]],
                skipped: dict[int, int]) -> list[str]:
    """The pages whose text objects PDFium's text page left out (see :func:`_survey`) read with pdfminer:
    where pdfminer reads more characters, its page replaces PDFium's (in ``pages``); where it reads no
    more, the objects were blanks and PDFium's page stays. The notes say which pages pdfminer read, or
    which may lack characters when pdfminer cannot read them."""
    if not skipped:
        return []
    numbers = sorted(skipped)
    try:
        again, _ = _pdfminer_file(data, reading, numbers)
        problem = ""
    except InputError as exc:
        if time.monotonic() > reading.deadline:
            raise
        again, problem = [], exc.problem
    replaced, gained = [], 0
    for number, (width, chars) in zip(numbers, again):
        more = _inked(chars) - _inked(pages[number - 1][1])
        if more > 0:
            pages[number - 1] = (width, chars)
            replaced.append(number)
            gained += more
    notes = []
    if replaced:
        notes.append(f"{_page_list(replaced)} read with pdfminer.six: PDFium's text layer lacked {gained} "
                     f"character{'s' if gained > 1 else ''} there (text in a font that is not embedded, drawn "
                     "without a width)")
    unchecked = numbers[len(again):]
    if unchecked:
        objects = sum(skipped[n] for n in unchecked)
        notes.append(f"{_page_list(unchecked)} may lack characters: PDFium's text layer left out {objects} "
                     f"text object{'s' if objects > 1 else ''} there, and pdfminer.six could not read "
                     f"{'them' if len(unchecked) > 1 else 'it'}{f' (the file {problem})' if problem else ''}")
    return notes


def _inked(chars: list[_Char]) -> int:
    """Characters other than blanks and those the reader could not map to text (pdfminer's ``(cid:N)``)."""
    return sum(1 for c in chars if c.text.strip() and not c.text.startswith("(cid:"))


def _page_list(numbers: list[int]) -> str:
    """``page 3``, ``pages 3, 7``, ``pages 1-4, 9``."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    listed = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)
    return f"page{'s' if len(numbers) > 1 else ''} {listed}"


def _pdfminer_file(data: bytes, reading: _Reading, only: list[int] | None = None):
    """:func:`_pdfminer_pages`, with what pdfminer raises on a damaged or encrypted file said as an
    :class:`~govnlp.errors.InputError`."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    source = reading.source
    try:
        return _pdfminer_pages(data, reading, only)
    except InputError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(source, "is an encrypted PDF; save an unencrypted copy first") from None
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, AssertionError, EOFError) as exc:
        raise InputError(source, f"is a damaged or truncated PDF ({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on damaged files
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise InputError(source, "is an encrypted PDF; save an unencrypted copy first") from None
        raise InputError(source, f"is a damaged or truncated PDF ({type(exc).__name__}: {str(exc)[:80]})") from None
