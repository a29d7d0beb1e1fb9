"""Flat tables and the versioned JSON schema of govnlp's output.

One function turns the nested output (``Gazette.to_dict()`` or a JSON file written by
``govnlp label``) into three flat tables, so ``to_pandas``, the batch writer and users reading old
results all agree on the columns.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any

SCHEMA_FILE = "gazette.schema.json"


def gazette_tables(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    source = data.get("source", "")
    docs, arts, mods = [], [], []
    for d in data.get("documents", []):
        docs.append({
            "source": source, "doc_index": d["index"], "title": d["title"], "issuer": d.get("issuer", ""),
            "doc_type": d.get("doc_type"), "doc_type_score": d.get("doc_type_score"),
            "start_line": d["start_line"], "end_line": d["end_line"], "n_articles": len(d.get("articles", [])),
        })
        for a in d.get("articles", []):
            m = a.get("modality") or {}
            arts.append({
                "source": source, "doc_index": d["index"], "document": d["title"], "chapter": a.get("chapter"),
                "article": a["number"], "article_index": a["index"], "text": a["text"],
                "labels": m.get("labels"), "evidence": m.get("evidence") if m else None,
                "start_line": a["start_line"], "end_line": a["end_line"],
            })
        for i, k in enumerate(d.get("key_modifications") or []):
            mods.append({
                "source": source, "doc_index": d["index"], "document": d["title"], "item": i + 1,
                "topic": k["topic"], "action": k["action"], "draft_articles": k.get("draft_articles", []),
                "revised_articles": k.get("revised_articles", []), "sentences": k.get("sentences", []),
            })
    return {"documents": docs, "articles": arts, "modifications": mods}


def output_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every ``Gazette.to_json()`` output validates against."""
    text = resources.files("govnlp.doc").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)
