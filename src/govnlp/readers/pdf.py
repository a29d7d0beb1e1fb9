"""PDF gazettes through their text layer, laid out from the characters' positions.

Why pdfminer.six (MIT): it gives every character with its box, and nothing here relies on the
order of the content stream, which in two-column gazettes often interleaves the columns row by
row. PyMuPDF would be faster but is AGPL, which does not fit the project's Apache-2.0.

Per page: the top and bottom rows are print furniture when they are a folio (—44—, 44) or repeat,
digits aside, on many pages (the running head 山西省人民代表大会常务委员会公报 2021年第6号); the
columns are split at the widest vertical band in the middle of the page that no body row crosses;
rows are characters sharing a baseline, read left to right, with justification spaces between
Chinese characters dropped and a word hyphenated across lines rejoined. Reading order is down the
left column, then the right. Every output line keeps its page and its line on that page.

A PDF whose pages have no text layer is a scan: it is read through OCR (:mod:`govnlp.readers.ocr`)
when Tesseract is installed, and otherwise refused with what to install.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from govnlp.errors import InputError

__all__ = ["read_pdf", "PdfLine"]

_FOLIO = re.compile(r"^[\s—－\-–]*[0-9０-９]{1,4}[\s—－\-–]*$")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef《》“”‘’、，。；：！？（）]")
_HYPHENATED = re.compile(r"[A-Za-z]-$")


@dataclass
class PdfLine:
    text: str
    page: int          # 1-based page number
    line: int          # 1-based line on that page, in reading order
    ocr: bool = False  # read from the page image, not its text layer


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def size(self) -> float:
        return max(self.y1 - self.y0, 0.1)


def _chars(layout) -> list[_Char]:
    from pdfminer.layout import LTChar, LTContainer

    out = []
    stack = [layout]
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            text = obj.get_text()
            if text.strip() or text == "\u3000":     # the ideographic space separates 第一条 from its text
                out.append(_Char(text, obj.x0, obj.x1, obj.y0, obj.y1))
        elif isinstance(obj, LTContainer):
            stack.extend(obj)
    return out


def _rows(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped by baseline, top to bottom; within a row, left to right."""
    rows: list[list[_Char]] = []
    for c in sorted(chars, key=lambda c: (-c.y0, c.x0)):
        if rows and abs(rows[-1][0].y0 - c.y0) <= 0.35 * c.size:
            rows[-1].append(c)
        else:
            rows.append([c])
    return [sorted(r, key=lambda c: c.x0) for r in rows]


def _row_text(row: list[_Char]) -> str:
    parts = [row[0].text]
    for prev, c in zip(row, row[1:]):
        gap = c.x0 - prev.x1
        # a gap next to a Latin letter or digit is a space; between two Chinese characters it is justification
        if gap > 0.15 * c.size and not (_CJK.match(prev.text) and _CJK.match(c.text)):
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


def _column_split(rows: list[list[_Char]], width: float) -> float | None:
    """x of the gap between two columns, or None for a single column."""
    if len(rows) < 2:
        return None
    step = 1.0
    bins = int(width / step) + 1
    crossing = [0] * bins
    for row in rows:
        covered = set()
        for c in row:
            covered.update(range(max(0, int(c.x0 / step)), min(bins, int(c.x1 / step) + 1)))
        for b in covered:
            crossing[b] += 1
    lo, hi = int(0.2 * bins), int(0.8 * bins)
    fewest = min(crossing[lo:hi + 1])
    if fewest > max(1, int(0.04 * len(rows))):
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
    chars = [c for row in rows for c in row]
    size = sorted(c.size for c in chars)[len(chars) // 2]
    best, best_span = None, 0.0
    for start, end in runs:
        middle = (start + end) / 2
        left = sum(1 for c in chars if c.x1 <= middle)
        right = sum(1 for c in chars if c.x0 >= middle)
        if end - start >= 0.8 * size and min(left, right) >= 0.1 * (left + right) and end - start > best_span:
            best, best_span = middle, end - start
    return best


def _page_lines(chars: list[_Char], width: float, furniture: set[str]) -> list[str]:
    rows = _rows(chars)
    while rows and (_FOLIO.match(_row_text(rows[0])) or _furniture_key(_row_text(rows[0])) in furniture):
        rows = rows[1:]
    while rows and (_FOLIO.match(_row_text(rows[-1])) or _furniture_key(_row_text(rows[-1])) in furniture):
        rows = rows[:-1]
    split = _column_split(rows, width)
    if split is None:
        columns = [rows]
    else:
        body = [c for row in rows for c in row]
        columns = [_rows([c for c in body if (c.x0 + c.x1) / 2 < split]),
                   _rows([c for c in body if (c.x0 + c.x1) / 2 >= split])]
    lines = []
    for column in columns:
        left = min((r[0].x0 for r in column), default=0.0)
        texts = [_indent(r, left) + _row_text(r) for r in column]
        i = 0
        while i < len(texts):
            t = texts[i]
            if _HYPHENATED.search(t) and i + 1 < len(texts) and re.match(r"[a-z]", texts[i + 1]):
                head, _, rest = texts[i + 1].partition(" ")
                t, texts[i + 1] = t[:-1] + head, rest
                if not texts[i + 1]:
                    texts.pop(i + 1)
            lines.append(t)
            i += 1
    return lines


def read_pdf(data: bytes, source: str) -> list[PdfLine]:
    """The lines of a PDF's text layer in reading order; InputError for what cannot be read."""
    from pdfminer.high_level import extract_pages
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pages = [(p.width, _chars(p)) for p in extract_pages(io.BytesIO(data), laparams=None)]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(source, "is an encrypted PDF; save an unencrypted copy first") from None
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, AssertionError, EOFError) as exc:
        raise InputError(source, f"is a damaged or truncated PDF ({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on damaged files
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise InputError(source, "is an encrypted PDF; save an unencrypted copy first") from None
        raise InputError(source, f"is a damaged or truncated PDF ({type(exc).__name__}: {str(exc)[:80]})") from None
    if not pages:
        raise InputError(source, "is a PDF with no pages")
    if not any(chars for _, chars in pages):
        from govnlp.readers.ocr import ocr_pdf

        return ocr_pdf(data, source, len(pages))
    edges = Counter()
    for _, chars in pages:
        rows = _rows(chars)
        for row in (rows[:1] + rows[-1:]) if rows else []:
            edges[_furniture_key(_row_text(row))] += 1
    furniture = {k for k, n in edges.items() if n >= max(2, 0.3 * len(pages))}
    out = []
    for number, (width, chars) in enumerate(pages, 1):
        for line_no, text in enumerate(_page_lines(chars, width, furniture), 1):
            # a page's first line is marked as text extractions mark it: a leading space (the parser
            # reads a page start as a place where a new document may begin)
            out.append(PdfLine((" " if line_no == 1 else "") + text, number, line_no))
    return out
