"""Agreement of the blind second annotation with the first, per task and per label.

Modality: Cohen's kappa and counts per label on the doubly annotated articles (first annotation
before adjudication). Document type: accuracy and Cohen's kappa. Key modifications: the second
annotator's sentences scored against the first's as a system would be (sentence F1 on the
comparison key) and action agreement on matched items. Texts come from the local cache.

    python training/collect/agreement.py [--data data] [--parts ~/.cache/govnlp/parts] [--json data/agreement.json]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from govnlp.doc.io import read_jsonl
from govnlp.evaluation.external import load_documents
from govnlp.evaluation.gold import score_summaries
from govnlp.labels import MODALITY_LABELS

REPO = Path(__file__).resolve().parents[2]


class _Item:
    """A second-annotator item in the shape score_summaries expects of a prediction."""

    def __init__(self, item: dict):
        self.action = item["action"]
        self.sentences = item["sentences"]
        self.draft_articles = item.get("draft_articles", [])
        self.revised_articles = item.get("revised_articles", [])


def modality(data: Path, parts: Path) -> dict:
    first = {r["id"]: r for f in sorted(parts.glob("M*.modality.jsonl")) for r in read_jsonl(f)}
    second = {r["id"]: r for r in read_jsonl(data / "gold" / "modality.annotator2.jsonl")}
    ids = sorted(second)
    out = {"articles": len(ids), "exact_set_agreement": sum(set(first[i]["labels"]) == set(second[i]["labels"]) for i in ids) / len(ids),
           "per_label": {}}
    for lab in MODALITY_LABELS:
        a = [lab in first[i]["labels"] for i in ids]
        b = [lab in second[i]["labels"] for i in ids]
        out["per_label"][lab] = {"first": sum(a), "second": sum(b), "both": sum(x and y for x, y in zip(a, b)),
                                 "kappa": round(float(cohen_kappa_score(a, b)), 3)}
    out["disagreements"] = [i for i in ids if set(first[i]["labels"]) != set(second[i]["labels"])]
    return out


def doctype(data: Path) -> dict:
    first = {r["id"]: r["doc_type"] for r in read_jsonl(data / "external" / "documents.jsonl")}
    second = {r["id"]: r["doc_type"] for r in read_jsonl(data / "external" / "documents.annotator2.jsonl")}
    ids = sorted(set(second) & set(first))
    a, b = [first[i] for i in ids], [second[i] for i in ids]
    return {"documents": len(ids), "share_of_all": round(len(ids) / len(first), 3),
            "accuracy": sum(x == y for x, y in zip(a, b)) / len(ids), "kappa": round(float(cohen_kappa_score(a, b)), 3),
            "disagreements": [{"id": i, "first": first[i], "second": second[i]} for i in ids if first[i] != second[i]],
            "by_type": dict(Counter(a))}


def keymods(data: Path) -> dict:
    reports = {r["id"]: r for r in load_documents(data / "external" / "review_reports.jsonl").records}
    second = read_jsonl(data / "external" / "review_reports.annotator2.jsonl")
    gold, predicted = [], []
    for r in second:
        if r["id"] not in reports:
            continue
        page = reports[r["id"]]
        text_start = page.get("start", 0)
        full = page["text"]
        items = [{**it, "sentences": [full[s - text_start:e - text_start] for s, e in it["spans"]]} for it in r["items"]]
        gold.append(page)
        predicted.append([_Item(it) for it in items])
    row = score_summaries(gold, [[s for it in p for s in it.sentences] for p in predicted], predicted)
    return {"reports": len(gold), "share_of_all": round(len(gold) / max(1, len(reports)), 3),
            **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO / "data")
    ap.add_argument("--parts", type=Path, default=Path.home() / ".cache" / "govnlp" / "parts")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    result = {"modality": modality(args.data, args.parts), "doctype": doctype(args.data), "keymods": keymods(args.data)}
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
