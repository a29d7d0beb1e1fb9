"""A PDF's streams measured before any PDF library opens it: how far they decompress, how deep
they nest the graphics state, how large their images say they are.

Why by hand: both PDF libraries govnlp uses decompress a stream whole, in memory, before anything
can look at it (a 1.2 MB Flate stream of spaces costs pdfium 2.3 GB and pdfminer more), and pdfium
does that in native code that cannot be interrupted. Neither has a setting that bounds it. zlib
itself finds where a deflate stream ends, so no PDF object parsing is needed: every ``stream``
keyword is tried, output is counted in chunks and thrown away, and the scan stops at the first
limit passed. ASCII-hex and ASCII-85 layers in front of Flate are undone first (they only shrink
data), so they cannot hide a Flate stream. LZW and run-length streams are not measured.

The same pass follows the ``q``/``Q`` operators (save/restore the graphics state) of every
content stream it sees, compressed or not: each ``q`` copies the state, and ten million nested
ones in a 21 KB file cost pdfium seconds and gigabytes, pdfminer minutes.
"""
from __future__ import annotations

import base64
import re
import time
import zlib
from dataclasses import dataclass
from itertools import accumulate

from govnlp.errors import InputError

__all__ = ["StreamReport", "check_streams"]

_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_WIDTH = re.compile(rb"/Width\s+(\d+)")
_HEIGHT = re.compile(rb"/Height\s+(\d+)")
# a q or Q operator: the letter alone between PDF delimiters (whitespace, ( ) < > [ ] { } / %)
_SAVE_RESTORE = re.compile(rb"(?<![^\x00\t\n\x0c\r ()<>\[\]{}/%])[qQ](?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
_CHUNK = 1 << 16
_OUT_CHUNK = 1 << 20


@dataclass
class StreamReport:
    decompressed: int = 0      # bytes all Flate streams expand to
    largest_image: int = 0     # pixels of the largest image, as its dictionary declares them


class _Nesting:
    """The depth of ``q`` nesting over a sequence of chunks (a ``Q`` at depth 0 is ignored, as readers do)."""

    def __init__(self, limit: int):
        self.depth = 0
        self.limit = limit

    def feed(self, chunk: bytes) -> bool:
        """False once the depth passes the limit."""
        ops = _SAVE_RESTORE.findall(chunk)
        if not ops:
            return True
        saves = ops.count(b"q")
        if self.depth + saves <= self.limit:   # cannot pass the limit here: only the end depth is needed
            steps = [1 if op == b"q" else -1 for op in ops]
            sums = list(accumulate(steps))
            # a walk floored at 0 ends at S_n + max(d0, -min S_k)
            self.depth = sums[-1] + max(self.depth, -min(0, min(sums)))
            return True
        for op in ops:
            self.depth = self.depth + 1 if op == b"q" else max(0, self.depth - 1)
            if self.depth > self.limit:
                return False
        return True


def _a85decode(text: bytes) -> bytes:
    """ASCII-85 decoded with numpy: ``base64.a85decode`` is pure Python and took as long as pdfium
    needs to read the characters of a 133-page issue whose content streams are ASCII-85."""
    import numpy as np

    if b"z" in text or not text:
        return base64.a85decode(text)      # the abbreviation for four zero bytes: rare, left to base64
    pad = -len(text) % 5
    digits = np.frombuffer(text + b"u" * pad, dtype=np.uint8).astype(np.uint64)
    if digits.min() < 33 or digits.max() > 117:
        raise ValueError("not ASCII-85")
    groups = (digits - 33).reshape(-1, 5)
    values = groups[:, 0]
    for k in range(1, 5):
        values = values * 85 + groups[:, k]
    if values.max() > 0xFFFFFFFF:
        raise ValueError("not ASCII-85")
    out = values.astype(">u4").tobytes()
    return out[:len(out) - pad]


def _filters(head: bytes) -> list[bytes]:
    match = _FILTERS.search(head)
    return _NAME.findall(match.group(1)) if match else []


def _undo_ascii(data: bytes, start: int, filters: list[bytes]) -> tuple[bytes | None, list[bytes]]:
    """The bytes under leading ASCII-hex/ASCII-85 layers, and the filters left; None if undecodable."""
    if not filters or filters[0] not in (b"AHx", b"ASCIIHexDecode", b"A85", b"ASCII85Decode"):
        return None, filters
    end = data.find(b"endstream", start)
    raw = data[start:end if end >= 0 else len(data)]
    try:
        while filters and filters[0] in (b"AHx", b"ASCIIHexDecode", b"A85", b"ASCII85Decode"):
            if filters[0] in (b"AHx", b"ASCIIHexDecode"):
                digits = re.sub(rb"\s+", b"", raw).split(b">")[0]
                raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
            else:
                raw = _a85decode(re.sub(rb"\s+", b"", raw).split(b"~>")[0].removeprefix(b"<~"))
            filters = filters[1:]
    except ValueError:
        return None, []
    return raw, filters


def check_streams(data: bytes, source: str, *, stream_limit: int, total_limit: int, nesting_limit: int,
                  deadline: float) -> StreamReport:
    """Measure every stream of ``data``; InputError naming ``source`` and the limit passed."""
    report = StreamReport()
    nesting = _Nesting(nesting_limit)       # over the decompressed streams, in file order

    def too_deep() -> InputError:
        return InputError(source, f"is a PDF that nests the graphics state more than {nesting_limit} deep "
                                  "(q operators); it is refused before reading")

    # content streams stored without compression: the file's bytes outside encoded streams and images
    # (whose bytes are not operators, and could by chance read as thousands of them)
    raw_nesting, position = _Nesting(nesting_limit), 0

    def skip_raw(start: int) -> None:
        nonlocal position
        if not raw_nesting.feed(data[position:start]):
            raise too_deep()
        end = data.find(b"endstream", start)
        position = end if end >= 0 else len(data)

    for match in _STREAM.finditer(data):
        if time.monotonic() > deadline:
            raise InputError(source, "is a PDF whose streams take too long to measure; it is refused")
        start = match.end()
        head = data[max(0, match.start() - 2048):match.start()]
        head = head[head.rfind(b"obj") + 3:] if b"obj" in head else head
        if _IMAGE.search(head):
            skip_raw(start)
            width, height = _WIDTH.search(head), _HEIGHT.search(head)
            if width and height:
                report.largest_image = max(report.largest_image, int(width.group(1)) * int(height.group(1)))
            continue                        # images are only decoded to be drawn (OCR bounds that)
        named = _filters(head)
        if named:
            skip_raw(start)
        unwrapped, filters = _undo_ascii(data, start, named)
        if filters and filters[0] not in (b"FlateDecode", b"Fl"):
            continue                        # another codec (or a /Filter given by reference: zlib is tried)
        view = memoryview(unwrapped if unwrapped is not None else data)[0 if unwrapped is not None else start:]
        inflater = zlib.decompressobj()
        produced, pending, offset = 0, b"", 0
        while not inflater.eof:
            if not pending:
                if offset >= len(view):
                    break
                pending = view[offset:offset + _CHUNK]
                offset += _CHUNK
            try:
                out = inflater.decompress(pending, _OUT_CHUNK)
            except zlib.error:
                break                        # not deflate data, or damaged: the PDF library decides
            pending = inflater.unconsumed_tail
            produced += len(out)
            report.decompressed += len(out)
            if produced > stream_limit:
                raise InputError(source, f"is a PDF with a stream that decompresses to more than {stream_limit} "
                                         "bytes; it is refused before reading")
            if report.decompressed > total_limit:
                raise InputError(source, f"is a PDF whose streams decompress to more than {total_limit} bytes "
                                         "in all; it is refused before reading")
            if not nesting.feed(out):
                raise too_deep()
            if time.monotonic() > deadline:
                raise InputError(source, "is a PDF whose streams take too long to measure; it is refused")
    if position < len(data) and not raw_nesting.feed(data[position:]):
        raise too_deep()
    return report
