"""JSON Lines in and out: the one reader every gold file, table and training script goes through."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from govnlp.errors import InputError

__all__ = ["iter_jsonl", "read_jsonl"]


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
