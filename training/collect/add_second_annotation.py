"""Add a blind second annotation of committed records and refresh the agreement figures.

The second annotator reads the cached pages (never the first annotation) and writes
``X*.documents.jsonl`` (``id, doc_type, title, note``) and ``X*.reports.jsonl`` (``id, doc_type, items``
with verbatim ``sentences``, ``truncated``, ``no_change``). Sentences become spans of the cached text,
as for first annotations, so no page text is committed; records go to ``*.annotator2.jsonl``; the
document-type and key-modification agreement of ``data/agreement.json`` is recomputed over every
doubly annotated record (the modality figures, whose first annotations are kept only as parts, stay).

    python training/collect/add_second_annotation.py ~/.cache/govnlp/parts/X3.documents.jsonl ~/.cache/govnlp/parts/X3.reports.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agreement import doctype, keymods  # noqa: E402
from build_external import CACHE, REPO, item_with_spans, page_text, write_jsonl  # noqa: E402

from govnlp.doc.io import read_jsonl  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("parts", nargs="+", type=Path)
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--data", type=Path, default=REPO / "data")
    args = ap.parse_args()
    ext = args.data / "external"
    first = {r["id"]: r for r in read_jsonl(ext / "documents.jsonl")}
    docs2, reps2, skipped = [], [], []
    for part in args.parts:
        for r in read_jsonl(part):
            base = first.get(r["id"])
            if base is None:
                skipped.append(f"{r['id']}: not a committed record")
                continue
            record = {"id": r["id"], "doc_type": r["doc_type"], "collector": part.name.split(".")[0]}
            if r.get("note"):
                record["note"] = r["note"][:200]
            docs2.append(record)
            if "items" not in r:
                continue
            text = page_text(args.cache, base["sha1"])
            items = []
            for it in r["items"]:
                item = item_with_spans(it, text, base.get("start", 0))
                if item is None:
                    skipped.append(f"{r['id']}: a sentence is not in the page")
                else:
                    items.append(item)
            reps2.append({"id": r["id"], "items": items, "truncated": bool(r.get("truncated")),
                          "no_change": bool(r.get("no_change")), "collector": record["collector"]})
    for name, rows in (("documents", docs2), ("review_reports", reps2)):
        path = ext / f"{name}.annotator2.jsonl"
        old = read_jsonl(path) if path.is_file() else []
        ids = {r["id"] for r in rows}
        write_jsonl(path, [r for r in old if r["id"] not in ids] + rows)
    agreement_path = args.data / "agreement.json"
    agreement = json.loads(agreement_path.read_text(encoding="utf-8")) if agreement_path.is_file() else {}
    agreement.update({"doctype": doctype(args.data), "keymods": keymods(args.data)})
    agreement_path.write_text(json.dumps(agreement, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"documents": len(docs2), "reports": len(reps2), "skipped": skipped,
                      "doctype": {k: agreement["doctype"][k] for k in ("documents", "accuracy", "kappa")},
                      "keymods": {k: agreement["keymods"].get(k) for k in ("reports", "F1", "rougeL", "matched", "action")}},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
