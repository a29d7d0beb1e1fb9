"""Add a later round of annotation parts to the committed national material, keeping what is there.

``build_external.py`` rebuilds ``data/`` from every part; the parts of earlier rounds live only on the
machines that collected them, so a later round is *added*: its records are checked and turned into
spans exactly as ``build_external.build_documents`` does, pages already committed are skipped, a
page annotated by two collectors of the round keeps the first as the annotation and the second as a
blind second annotation (``*.annotator2.jsonl``), existing jurisdictions keep their split and a new
jurisdiction goes to ``train`` (the dev and test splits stay the ones the recipes were chosen and
reported on); ``--split unseen`` keeps a whole round out of every training set. ``--adjudicate ID=LABEL`` records the decision where the two annotators' types differ.

    python training/collect/add_parts.py PART.jsonl [PART.jsonl ...] [--adjudicate xID=review_report]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_external import CACHE, REPO, build_documents, write_jsonl  # noqa: E402

from govnlp.doc.io import read_jsonl  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("parts", nargs="+", type=Path)
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--data", type=Path, default=REPO / "data")
    ap.add_argument("--adjudicate", action="append", default=[], help="ID=LABEL: the decided document type")
    ap.add_argument("--split", default=None, help="put every record of these parts in this split (e.g. "
                    "'unseen': a round collected after the models were fixed, measured and never trained on)")
    args = ap.parse_args()
    ext = args.data / "external"
    docs_old, reps_old = read_jsonl(ext / "documents.jsonl"), read_jsonl(ext / "review_reports.jsonl")
    splits = json.loads((args.data / "splits.json").read_text(encoding="utf-8"))
    committed = {d["sha1"] for d in docs_old}
    decided = dict(a.split("=", 1) for a in args.adjudicate)

    new_docs, new_reps, second_docs, second_reps, problems = [], [], [], [], Counter()
    seen: set[tuple[str, int]] = set()
    for part in args.parts:
        with tempfile.TemporaryDirectory() as tmp:
            # build_documents reads R*.reports / D*.documents parts from a folder: one part at a time
            kind = "R" if part.name.endswith(".reports.jsonl") else "D"
            shutil.copy(part, Path(tmp) / f"{kind}{part.name}")
            docs, reps, info = build_documents(Path(tmp), args.cache)
        problems.update(info["problems"])
        for rec in docs + reps:
            rec["collector"] = part.name.split(".")[0]
        rep_ids = {r["id"] for r in reps}
        for d in docs:
            if d["sha1"] in committed:
                problems["page already committed"] += 1
                continue
            second = (d["sha1"], d["start"]) in seen       # one page may hold two documents
            seen.add((d["sha1"], d["start"]))
            d["split"] = args.split or splits["documents"].setdefault(d["jurisdiction"], "train")
            if d["id"] in decided and not second:
                d = {**d, "doc_type": decided[d["id"]], "adjudicated": True}
            (second_docs if second else new_docs).append(d)
            if d["id"] in rep_ids:
                rep = next(r for r in reps if r["id"] == d["id"])
                rep = {**rep, "split": d["split"], "doc_type": d["doc_type"]}
                if d.get("adjudicated"):
                    rep["adjudicated"] = True
                (second_reps if second else new_reps).append(rep)
    write_jsonl(ext / "documents.jsonl", docs_old + new_docs)
    write_jsonl(ext / "review_reports.jsonl", reps_old + new_reps)
    for name, rows in (("documents", second_docs), ("review_reports", second_reps)):
        path = ext / f"{name}.annotator2.jsonl"
        old = read_jsonl(path) if path.is_file() else []
        write_jsonl(path, old + rows)
    (args.data / "splits.json").write_text(json.dumps(splits, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"documents added": len(new_docs), "reports added": len(new_reps),
                      "items added": sum(len(r["items"]) for r in new_reps),
                      "second annotations": len(second_docs), "skipped": dict(problems)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
