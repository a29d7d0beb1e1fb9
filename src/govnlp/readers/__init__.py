"""Readers: what a user hands govnlp (a path, bytes, or text) → decoded text and where it came from.

Today every reader produces plain text (:mod:`govnlp.readers.text` decodes any of the encodings
gazettes are distributed in); formats with a layout of their own plug in here, chosen by content.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from govnlp.errors import InputError
from govnlp.readers.text import decode_bytes, read_text

__all__ = ["read_source", "read_text", "decode_bytes", "looks_like_path"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PATH_SUFFIXES = (".txt", ".md", ".text")


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
    if s.endswith(_PATH_SUFFIXES):
        return True
    return os.sep in s and not _CJK.search(s)


def read_source(source, name: str | None = None) -> tuple[str, str, str]:
    """``(text, encoding, source name)`` of a path, bytes or text; InputError says what is wrong."""
    if isinstance(source, os.PathLike):
        text, enc = read_text(source)
        return text, enc, name or os.fspath(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        text, enc = decode_bytes(bytes(source), name or "<bytes>")
        return text, enc, name or "<bytes>"
    if not isinstance(source, str):
        raise InputError(name or "<input>", f"expected a path, bytes or text, not {type(source).__name__}")
    if looks_like_path(source):
        text, enc = read_text(source)
        return text, enc, name or source
    return source, "utf-8", name or "<text>"
