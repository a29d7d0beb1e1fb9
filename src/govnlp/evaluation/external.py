"""National material: annotations committed under ``data/``, texts re-collected into a local cache.

The documents and review reports of other provinces, cities and the NPC come from stored web pages
that are not ours to redistribute, so only their annotations and provenance are committed
(``data/external/*.jsonl``: url, query, sha1, labels, character spans). The texts live in
``$GOVNLP_CACHE/external/<sha1>.txt`` (default ``~/.cache/govnlp``); a text whose file is missing or
no longer hashes to its sha1 is skipped and counted, never guessed. Modality gold of LawRefBook
articles (``data/gold/modality.jsonl``) is read from the LawRefBook corpus the caller names.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from govnlp.doc.io import cache_dir, read_jsonl
from govnlp.errors import InputError
from govnlp.text.view import view_of

__all__ = ["cache_dir", "ExternalDocuments", "load_documents", "load_reports", "load_modality_gold",
           "verify_cache"]


@dataclass
class ExternalDocuments:
    """Records with their ``text`` (the page from the record's ``start``), and what was missing."""

    records: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _page(cache: Path, digest: str) -> str | None:
    path = cache / "external" / f"{digest}.txt"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    return text if hashlib.sha1(text.encode("utf-8")).hexdigest() == digest else None


def load_documents(path: str | Path, cache: str | Path | None = None, splits=None) -> ExternalDocuments:
    """The records of ``documents.jsonl`` (or ``review_reports.jsonl``) whose text is in the cache.

    A review report's items gain ``sentences``: the text of their spans.
    """
    cache = Path(cache) if cache is not None else cache_dir()
    out = ExternalDocuments()
    pages: dict[str, str | None] = {}
    for rec in read_jsonl(path):
        if splits is not None and rec.get("split") not in splits:
            continue
        if rec["sha1"] not in pages:
            pages[rec["sha1"]] = _page(cache, rec["sha1"])
        page = pages[rec["sha1"]]
        if page is None:
            out.missing.append(rec["id"])
            continue
        rec = {**rec, "text": page[rec.get("start", 0):]}
        if "items" in rec:
            rec["items"] = [{**it, "sentences": [page[s:e] for s, e in it["spans"]]} for it in rec["items"]]
        out.records.append(rec)
    return out


def load_reports(path: str | Path, cache: str | Path | None = None, splits=None) -> ExternalDocuments:
    return load_documents(path, cache, splits)


def load_modality_gold(path: str | Path, lawrefbook: str | Path, splits=None) -> list[dict]:
    """Gold articles with their ``text`` read from LawRefBook (``source`` = ``lawrefbook:<path>``)."""
    from govnlp.parsing import parse_lawrefbook

    lawrefbook = Path(lawrefbook)
    if not lawrefbook.is_dir():
        raise InputError(str(lawrefbook), "LawRefBook corpus folder not found")
    articles: dict[str, dict[str, str]] = {}
    rows = []
    for rec in read_jsonl(path):
        if splits is not None and rec.get("split") not in splits:
            continue
        source = rec["source"].removeprefix("lawrefbook:")
        if source not in articles:
            doc = parse_lawrefbook(lawrefbook / source).documents[0]
            articles[source] = {a.number: view_of(a) for a in doc.articles}
        text = articles[source].get(rec["article"])
        if text is None:
            raise InputError(str(path), f"{rec['id']}: {rec['article']} not found in {source}")
        rows.append({**rec, "text": text})
    return rows


def verify_cache(data_dir: str | Path, cache: str | Path | None = None) -> dict[str, list[str]]:
    """``{"ok": [...], "missing": [...]}`` page sha1s of every committed record, checked against the cache."""
    cache = Path(cache) if cache is not None else cache_dir()
    wanted = set()
    for name in ("documents.jsonl", "review_reports.jsonl"):
        path = Path(data_dir) / "external" / name
        if path.is_file():
            wanted.update(rec["sha1"] for rec in read_jsonl(path))
    ok = sorted(d for d in wanted if _page(cache, d) is not None)
    return {"ok": ok, "missing": sorted(wanted - set(ok))}
