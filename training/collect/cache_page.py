"""Cache the text of one stored web page outside git, refusing reserved pages.

The text must be exactly what the search tool returned (its ``excerpt`` field): pass it on stdin as
the JSON string literal, quotes and escapes included, so that nothing is retyped. The page is kept
at ``$GOVNLP_CACHE/external/<sha1>.txt`` (default ``~/.cache/govnlp``); only its sha1 and the
annotations are ever committed.

    python training/collect/cache_page.py --url URL --query QUERY < excerpt.json

Prints ``{"sha1": ..., "chars": ..., "url": ...}``; exits 3 without writing when the url or the text
is reserved for held-out evaluation (``../shared/reserved/sha1.txt``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

RESERVED = Path(__file__).resolve().parents[3] / "shared" / "reserved" / "sha1.txt"


def cache_dir() -> Path:
    return Path(os.environ.get("GOVNLP_CACHE", Path.home() / ".cache" / "govnlp")) / "external"


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def reserved_hashes(path: Path = RESERVED) -> set[str]:
    if not path.exists():
        sys.exit(f"{path}: reserved list not found; cannot check pages")
    return {line.strip() for line in path.read_text().splitlines() if line.strip()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--query", required=True)
    args = ap.parse_args()
    raw = sys.stdin.read().strip()
    try:
        text = json.loads(raw)
    except ValueError as exc:
        sys.exit(f"stdin: not a JSON string literal ({exc})")
    if not isinstance(text, str) or not text:
        sys.exit("stdin: expected a non-empty JSON string")
    digest = sha1(text)
    reserved = reserved_hashes()
    if sha1(args.url.strip()) in reserved or digest in reserved:
        print(json.dumps({"reserved": True, "url": args.url}, ensure_ascii=False))
        sys.exit(3)
    out = cache_dir() / f"{digest}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(json.dumps({"sha1": digest, "chars": len(text), "url": args.url}, ensure_ascii=False))


if __name__ == "__main__":
    main()
