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
            "start_page": d.get("start_page"), "end_page": d.get("end_page"),
        })
        for a in d.get("articles", []):
            m = a.get("modality") or {}
            arts.append({
                "source": source, "doc_index": d["index"], "document": d["title"], "chapter": a.get("chapter"),
                "article": a["number"], "article_index": a["index"], "text": a["text"],
                "labels": m.get("labels"), "evidence": m.get("evidence") if m else None,
                "start_line": a["start_line"], "end_line": a["end_line"],
                "start_page": a.get("start_page"), "end_page": a.get("end_page"),
            })
        for i, k in enumerate(d.get("key_modifications") or []):
            mods.append({
                "source": source, "doc_index": d["index"], "document": d["title"], "item": i + 1,
                "topic": k["topic"], "action": k["action"], "draft_articles": k.get("draft_articles", []),
                "revised_articles": k.get("revised_articles", []), "sentences": k.get("sentences", []),
                "enacted_document": k.get("enacted_document"), "enacted_articles": k.get("enacted_articles", []),
            })
    return {"documents": docs, "articles": arts, "modifications": mods}


def arrow_schemas():
    """Fixed Parquet schemas of the three tables, so that tables can be written issue by issue
    (a schema inferred per batch would change with each issue's contents). ``evidence`` is a struct
    with one field per modality label."""
    import pyarrow as pa

    from govnlp.labels import MODALITY_LABELS

    text, integer, strings = pa.string(), pa.int64(), pa.list_(pa.string())
    return {
        "documents": pa.schema([("source", text), ("doc_index", integer), ("title", text), ("issuer", text),
                                ("doc_type", text), ("doc_type_score", pa.float64()), ("start_line", integer),
                                ("end_line", integer), ("n_articles", integer), ("start_page", integer),
                                ("end_page", integer)]),
        "articles": pa.schema([("source", text), ("doc_index", integer), ("document", text), ("chapter", text),
                               ("article", text), ("article_index", integer), ("text", text), ("labels", strings),
                               ("evidence", pa.struct([(lab, text) for lab in MODALITY_LABELS])),
                               ("start_line", integer), ("end_line", integer), ("start_page", integer),
                               ("end_page", integer)]),
        "modifications": pa.schema([("source", text), ("doc_index", integer), ("document", text), ("item", integer),
                                    ("topic", text), ("action", text), ("draft_articles", strings),
                                    ("revised_articles", strings), ("sentences", strings),
                                    ("enacted_document", text), ("enacted_articles", strings)]),
    }


def output_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every ``Gazette.to_json()`` output validates against."""
    text = resources.files("govnlp.doc").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)
