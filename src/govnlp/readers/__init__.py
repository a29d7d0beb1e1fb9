"""Readers: what a user hands govnlp (a path, bytes, or text) → text lines and where each came from.

The format is chosen by content, not by file extension: ``%PDF`` is a PDF (its text layer, laid
out from the characters' positions; a scan goes to OCR), PNG/JPEG/TIFF/GIF signatures are scans,
markup is a web page, anything else is text in one of the encodings gazettes come in. Every
reader returns a :class:`Source`: the text handed to the parser (one line per printed or block
line), and for paged formats the page and line on that page of each of those lines.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from govnlp.errors import InputError
from govnlp.readers.text import MAX_BYTES, decode_bytes, read_bytes, read_text

__all__ = ["Source", "read_source", "read_text", "decode_bytes", "looks_like_path", "sniff"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PATH_SUFFIXES = (".txt", ".md", ".text", ".pdf", ".html", ".htm", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")


@dataclass
class Source:
    """Text for the parser and its provenance."""

    text: str
    encoding: str
    name: str
    kind: str = "text"                      # text | pdf | html | image
    #: for paged sources, ``(page, line on page)`` of every line of ``text``
    line_pages: list[tuple[int, int]] | None = None
    notes: list[str] = field(default_factory=list)
    #: where the format has a layout (a PDF's positions and sizes, a web page's blocks), what it says of
    #: every line of ``text``: ``(joins, apart)`` — ``joins`` True when the line continues the paragraph
    #: above, False when it begins a block, None when the layout says nothing; ``apart`` when it is set
    #: apart as titles are (centered, larger, bolder, a heading)
    layout: list[tuple[bool | None, bool]] | None = None


def sniff(data: bytes) -> str:
    """``pdf``, ``image``, ``html`` or ``text``, from the bytes alone."""
    from govnlp.readers.html import looks_like_html

    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_IMAGES):
        return "image"
    if looks_like_html(data) or looks_like_html(_utf16_head(data)):
        return "html"
    return "text"


def _utf16_head(data: bytes) -> bytes:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data[:2048].decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            return b""
    return b""


def looks_like_path(s: str) -> bool:
    """A one-line string is a path if it names a file, or has no Chinese and a path's shape.

    A gazette sentence such as ``本条例自2021/10/1起施行`` contains a ``/`` but also Chinese text
    and no file suffix: it is text, not a missing file.
    """
    if "\n" in s or len(s) >= 1024 or not s.strip():
        return False
    try:
        if Path(s).is_file():
            return True
    except (OSError, ValueError):
        return False
    if s.lower().endswith(_PATH_SUFFIXES):
        return True
    return os.sep in s and not _CJK.search(s)


def read_source(source, name: str | None = None) -> Source:
    """The :class:`Source` of a path, bytes or text; InputError says what is wrong."""
    if isinstance(source, str) and not looks_like_path(source):
        return Source(source, "utf-8", name or "<text>")
    if isinstance(source, (str, os.PathLike)):
        data = read_bytes(source)
        label = name or os.fspath(source)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        label = name or "<bytes>"
        if len(data) > MAX_BYTES:
            raise InputError(label, f"is over the {MAX_BYTES}-byte limit")
    else:
        raise InputError(name or "<input>", f"expected a path, bytes or text, not {type(source).__name__}")
    return read_data(data, label)


def read_data(data: bytes, name: str) -> Source:
    if not data:
        raise InputError(name, "file is empty")
    kind = sniff(data)
    if kind == "pdf":
        from govnlp.readers.pdf import read_pdf

        return _paged(read_pdf(data, name), name, "pdf")
    if kind == "image":
        from govnlp.readers.ocr import ocr_image

        return _paged(ocr_image(data, name), name, "image", ["read by OCR (Tesseract)"])
    text, encoding = decode_bytes(data, name)
    if kind == "html":
        from govnlp.readers.html import read_html_layout

        lines, layout = read_html_layout(text, name)
        return Source("\n".join(lines), encoding, name, "html", layout=layout)
    return Source(text, encoding, name)


def _paged(lines, name: str, kind: str, notes: list[str] | None = None) -> Source:
    if not lines:
        raise InputError(name, f"no text found in the {kind}")
    note = list(notes or []) + list(getattr(lines, "notes", ()))      # a PDF's: the pages another reader read
    if kind == "pdf" and any(getattr(line, "ocr", False) for line in lines):
        note.append("read by OCR (Tesseract)")
    layout = [(line.joins, line.apart) for line in lines] if any(
        line.joins is not None for line in lines) else None
    return Source("\n".join(line.text for line in lines), "utf-8", name, kind,
                  [(line.page, line.line) for line in lines], note, layout)
