"""The benchmarks' figures as JSON, written one way: UTF-8, Chinese as is, one final newline."""
from __future__ import annotations

import json
from pathlib import Path


def write_json(figures, path=None, indent: int = 1, echo: bool = False) -> None:
    """Write ``figures`` to ``path`` (the script's ``--json``; nothing when it is not given), its
    folder made; ``echo`` also prints them, for scripts whose figures are their output."""
    text = json.dumps(figures, ensure_ascii=False, indent=indent) + "\n"
    if echo:
        print(text, end="")
    if path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
