"""Check the local cache of national texts against the committed sha1s; list what to re-collect.

Every record of ``data/external`` names its page by url, the search query that found it and the
SHA-1 of the page text as the search tool returned it. A text is usable only when the cached file
hashes to that sha1. For each missing one this prints the url and query to re-collect it with
(search the ``pages`` corpus for the query, take the result with that url, and cache its excerpt
with ``training/collect/cache_page.py``).

    python training/collect/verify_cache.py [--data data] [--cache ~/.cache/govnlp]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from govnlp.doc.io import read_jsonl
from govnlp.evaluation.external import cache_dir, verify_cache

REPO = Path(__file__).resolve().parents[2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO / "data")
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    result = verify_cache(args.data, args.cache)
    missing = set(result["missing"])
    where = {}
    for name in ("documents.jsonl", "review_reports.jsonl"):
        for rec in read_jsonl(args.data / "external" / name):
            if rec["sha1"] in missing:
                where.setdefault(rec["sha1"], {"url": rec["url"], "query": rec["query"]})
    for digest in sorted(missing):
        print(json.dumps({"sha1": digest, **where[digest]}, ensure_ascii=False))
    print(f"{len(result['ok'])} texts verified, {len(missing)} missing "
          f"(cache: {args.cache or cache_dir()})", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
