"""Read a gazette or regulation file whatever its encoding, or say precisely why not.

Accepted: UTF-8 with or without BOM, UTF-16 (BOM, or BOM-less detected by decoding to mostly
CJK text), GB18030/GBK.  Refused with :class:`~govnlp.errors.InputError`: missing files,
directories, files over :data:`MAX_BYTES` (checked before reading, so memory stays bounded),
empty or whitespace-only files, binary files (PDF, images, archives) and undecodable text.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import InputError

__all__ = ["MAX_BYTES", "read_text", "decode_bytes"]

#: Largest file read (64 MiB): a full gazette issue is about 1 MB of text.
MAX_BYTES = 64 * 1024 * 1024

_MAGIC = [
    (b"%PDF", "is a PDF; extract its text first, e.g. `pdftotext -layout FILE.pdf FILE.txt`"),
    (b"\x89PNG", "is a PNG image, not text"),
    (b"\xff\xd8\xff", "is a JPEG image, not text"),
    (b"GIF8", "is a GIF image, not text"),
    (b"PK\x03\x04", "is a ZIP archive (or .docx/.xlsx); save or extract it as plain text first"),
    (b"\x7fELF", "is an executable, not text"),
    (b"\xd0\xcf\x11\xe0", "is an old Office document; save it as plain text first"),
]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _plausible(text: str) -> bool:
    """Decoded text looks like text: few control characters."""
    return len(_CONTROL.findall(text)) <= max(2, len(text) // 1000)


def _cjk_ratio(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    return len(_CJK.findall(text)) / max(1, len(visible))


_CUT_REASONS = {"unexpected end of data", "truncated data", "incomplete multibyte sequence"}


def _decode(data: bytes, enc: str) -> str:
    """Decode; a file cut off mid-character (an interrupted copy) loses only that last character."""
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        if exc.reason not in _CUT_REASONS or exc.end != len(exc.object):
            raise
        return bytes(exc.object[:exc.start]).decode(enc)


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode file contents; returns ``(text, encoding)`` or raises InputError."""
    if not data:
        raise InputError(source, "file is empty")
    for magic, problem in _MAGIC:
        if data.startswith(magic):
            raise InputError(source, problem)
    candidates: list[str]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        # BOM-less UTF-16 of odd length is a file cut off mid-character: tried too.
        candidates = ["utf-8", "utf-16-le", "utf-16-be", "gb18030"]
    for enc in candidates:
        try:
            text = _decode(data, enc)
        except UnicodeDecodeError:
            continue
        if enc.startswith("utf-16") and not enc == "utf-16" and _cjk_ratio(text) < 0.3:
            continue  # BOM-less UTF-16 only when it decodes to mostly Chinese
        if enc == "gb18030" and _cjk_ratio(text) < 0.1:
            continue
        if not _plausible(text):
            continue
        if not text.strip():
            raise InputError(source, "contains only whitespace")
        return text, enc
    if b"\x00" in data or _CONTROL.search(data.decode("latin-1")):
        raise InputError(source, "is a binary file (control characters), not text")
    raise InputError(source, "cannot be decoded as UTF-8, UTF-16 or GB18030 text")


def read_text(path: str | os.PathLike) -> tuple[str, str]:
    """Text and detected encoding of ``path``; InputError names the file and the problem."""
    p = Path(path)
    source = str(path)
    try:
        if p.is_dir():
            raise InputError(source, "is a directory, not a file")
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise InputError(source, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if size > MAX_BYTES:
        raise InputError(source, f"is {size} bytes, over the {MAX_BYTES}-byte limit")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    return decode_bytes(data, source)
