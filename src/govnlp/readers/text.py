"""Read a gazette or regulation file whatever its encoding, or say precisely why not.

Accepted: UTF-8 with or without BOM, UTF-16 (BOM, or BOM-less detected by decoding to mostly
CJK text), GB18030/GBK and Big5 (the one of the two whose characters are the common ones wins:
Big5 bytes also decode as GB18030, into rare characters). NUL bytes are dropped with a warning.
Refused with :class:`~govnlp.errors.InputError`: missing files, directories, anything that is not a
regular file (a FIFO or a device would never end), files over :data:`MAX_BYTES` (reading stops
there, so memory stays bounded), empty or whitespace-only files, binary files (PDF, images,
archives) and undecodable text.
"""
from __future__ import annotations

import os
import re
import stat
import warnings
from pathlib import Path

from govnlp.errors import InputError

__all__ = ["MAX_BYTES", "read_bytes", "read_text", "decode_bytes"]

#: Largest file read (64 MiB): a full gazette issue is about 1 MB of text.
MAX_BYTES = 64 * 1024 * 1024

_MAGIC = [
    (b"%PDF", "is a PDF, not text; read it with govnlp.parse(path)"),
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
        candidates = ["utf-8", "utf-16-le", "utf-16-be", _gb_or_big5(data)]
    for enc in candidates:
        try:
            text = _decode(data, enc)
        except UnicodeDecodeError:
            continue
        if enc.startswith("utf-16") and not enc == "utf-16" and _cjk_ratio(text) < 0.3:
            continue  # BOM-less UTF-16 only when it decodes to mostly Chinese
        nuls = text.count("\x00")
        if nuls and not enc.startswith("utf-16") and nuls <= len(text) // 10:
            # stray NULs in a text file (a damaged copy): they would end up inside titles
            warnings.warn(f"{source}: dropped {nuls} NUL byte(s)", stacklevel=2)
            text = text.replace("\x00", "")
        if enc in ("gb18030", "big5") and _cjk_ratio(text) < 0.1:
            continue
        if not _plausible(text):
            continue
        if not text.strip():
            raise InputError(source, "contains only whitespace")
        return text, enc
    if b"\x00" in data or _CONTROL.search(data.decode("latin-1")):
        raise InputError(source, "is a binary file (control characters), not text")
    raise InputError(source, "cannot be decoded as UTF-8, UTF-16, GB18030 or Big5 text")


def _common_share(text: str, encoding: str) -> float:
    """Share of the Chinese characters that are common ones of ``encoding``'s own table: GB2312
    for GB18030, Big5 level 1 (常用字) for Big5. Bytes of the other encoding decode into rare ones."""
    chars = _CJK.findall(text)
    if not chars:
        return 0.0
    if encoding == "gb18030":
        def common(c: str) -> bool:
            try:
                c.encode("gb2312")
                return True
            except UnicodeEncodeError:
                return False
    else:
        def common(c: str) -> bool:
            try:
                return 0xA440 <= int.from_bytes(c.encode("big5"), "big") <= 0xC67E
            except UnicodeEncodeError:
                return False
    return sum(map(common, chars)) / len(chars)


def _gb_or_big5(data: bytes) -> str:
    """GB18030 or Big5, whichever decodes a sample into more of its common characters."""
    sample = data[:20000]
    scores = {enc: _common_share(sample.decode(enc, errors="replace"), enc) for enc in ("gb18030", "big5")}
    return "big5" if scores["big5"] > scores["gb18030"] + 0.05 else "gb18030"


def read_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file, at most :data:`MAX_BYTES`; InputError names the file and the problem."""
    p = Path(path)
    source = str(path)
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(source, "is a directory, not a file")
        if not stat.S_ISREG(mode):
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) \
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
            raise InputError(source, f"is {kind}, not a regular file; save the issue to a file first")
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise InputError(source, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if len(data) > MAX_BYTES:
        raise InputError(source, f"is over the {MAX_BYTES}-byte limit")
    return data


def read_text(path: str | os.PathLike) -> tuple[str, str]:
    """Text and detected encoding of ``path``; InputError names the file and the problem."""
    return decode_bytes(read_bytes(path), str(path))
