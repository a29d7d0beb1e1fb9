"""`govnlp label` on a folder of saved congress web pages, one document each, as a user would run it.

Every annotated national page (``data/external/documents.jsonl``, the first document of each page)
is written to a folder as the ``.txt`` a user saves from a browser; the folder is labelled with the
local engine, and the type of each page's first document is scored against the annotation, beside
``govnlp.classify_document`` on the same text (a page it refuses is scored wrong). Figures per
split: only the held-out round ``unseen4`` is held out from the shipped document-type model
(``test`` only from the models behind its figures; the earlier rounds ``unseen``, ``unseen2`` and
``unseen3`` are training material now: see models/doctype/README.md).

    python benchmarks/bench_label_pages.py [--json benchmarks/results/bench_label_pages.json]
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _report import write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import govnlp  # noqa: E402
from govnlp.evaluation.external import load_documents  # noqa: E402
from govnlp.evaluation.metrics import singlelabel_scores  # noqa: E402
from govnlp.runners.local import label_batch  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    records = [r for r in load_documents(REPO / "data" / "external" / "documents.jsonl").records if r["start"] == 0]
    start = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "pages", Path(tmp) / "out"
        folder.mkdir()
        for r in records:
            (folder / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
        report = label_batch([str(folder)], out, progress=False)
        first = {}
        for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            name = Path(row["source"]).stem
            first.setdefault(name, row)          # rows come in document order
        failed = [e["file"] for e in report.failed]
    label_seconds = time.time() - start
    nlp = govnlp.load(disable=["modality", "keymods", "links"])
    classified = [_classify(r["text"], nlp) for r in records]
    result = {"pages": len(records), "labelled": len(first), "failed": len(failed),
              "label seconds (whole folder, models loaded once)": round(label_seconds, 1)}
    splits = defaultdict(list)
    for i, r in enumerate(records):
        splits["all"].append(i)
        splits[f"split={r['split']}"].append(i)
    for name, idx in sorted(splits.items()):
        gold = [records[i]["doc_type"] for i in idx]
        via_label = [first.get(records[i]["id"], {}).get("doc_type") for i in idx]
        s_label = singlelabel_scores(gold, via_label)
        s_classify = singlelabel_scores(gold, [classified[i] for i in idx])
        result[name] = {"n": len(idx),
                        "govnlp label: first document's type": round(s_label["accuracy"], 3),
                        "classify_document": round(s_classify["accuracy"], 3)}
    write_json(result, args.json, echo=True)
    return result


def _classify(text: str, nlp) -> str | None:
    try:
        return govnlp.classify_document(text, nlp=nlp).doc_type
    except govnlp.InputError:
        return None


if __name__ == "__main__":
    main()
