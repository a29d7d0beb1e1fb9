"""Files in and out: the one JSON Lines reader, atomic writes that honour the umask, checksums."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterator

from govnlp.errors import InputError

__all__ = ["iter_jsonl", "read_jsonl", "atomic_write_bytes", "atomic_write_text", "sha256_file", "remove_file", "umask"]


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, object]]:
    """``(line number, record)`` of each non-blank line; InputError names the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except ValueError as exc:
            raise InputError(str(path), f"line {n} is not JSON ({exc})") from None


def read_jsonl(path: str | Path) -> list:
    """Every record of a JSON Lines file, blank lines skipped."""
    return [rec for _, rec in iter_jsonl(path)]


def umask() -> int:
    """The process umask (read without changing it for longer than a call)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, rename; mode follows the umask (0644 under 022)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def remove_file(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cache_dir() -> Path:
    """govnlp's cache folder for what can be made again (national page texts, ONNX graphs):
    ``GOVNLP_CACHE``, else ``~/.cache/govnlp``."""
    return Path(os.environ.get("GOVNLP_CACHE", Path.home() / ".cache" / "govnlp"))
