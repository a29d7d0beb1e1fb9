"""The gold figures with the models run at fp32 and at int8, side by side in one run.

A task model runs at int8 on the CPU (ONNX Runtime's dynamic quantization; declared in its settings
by ``training/set_cpu_precision.py``) only if none of its figures falls more than 0.005 below fp32's;
the verdict per task is printed last. Figures:

* national dev split (the choice): document type accuracy (39 documents), modality micro/macro-F1
  (浙江, 260 articles);
* national test split: document type (127), key modifications (15 NPC reports), modality (山东 +
  national laws, 520 articles);
* the sample issue's seed gold (79 documents, 199 articles, 15 reports); the shipped doctype and
  keymods models were trained on it, so these say how far int8 moves the labels, not how good
  they are.

Besides the figures, the share of identical labels (fp32 vs int8) on each set.

    python benchmarks/bench_precision.py [--json OUT]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from _report import write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import govnlp  # noqa: E402
import govnlp.doc.io  # noqa: E402
from govnlp.evaluation.external import load_documents, load_modality_gold  # noqa: E402
from govnlp.evaluation.gold import evaluate, score_summaries  # noqa: E402
from govnlp.evaluation.metrics import multilabel_scores  # noqa: E402
from govnlp.labels import MODALITY_LABELS  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SHARED = REPO.parent / "shared"
LAWREFBOOK = SHARED / "corpus" / "lawrefbook"
TOLERANCE = 0.005
TASK_FIGURES = {"doctype": "document type", "modality": "modality", "keymods": "key modifications"}


def figures(nlp) -> tuple[dict, dict]:
    """(figures, raw predictions) of one pipeline."""
    out, raw = {}, {}
    for split in ("dev", "test"):
        docs = load_documents(DATA / "external" / "documents.jsonl", splits={split}).records
        pred = [govnlp.classify_document(r["text"], nlp=nlp).doc_type for r in docs]
        out[f"national {split}: document type accuracy (n={len(docs)})"] = \
            sum(p == r["doc_type"] for p, r in zip(pred, docs)) / max(1, len(docs))
        raw[f"doctype {split}"] = pred
        rows = load_modality_gold(DATA / "gold" / "modality.jsonl", LAWREFBOOK, splits={split})
        tags = [m.labels for m in nlp.get_pipe("modality").tagger.tag_texts([r["text"] for r in rows])]
        s = multilabel_scores([r["labels"] for r in rows], tags, labels=list(MODALITY_LABELS))
        out[f"national {split}: modality micro-F1 (n={len(rows)})"] = s["micro_f1"]
        out[f"national {split}: modality macro-F1 (n={len(rows)})"] = s["macro_f1"]
        raw[f"modality {split}"] = tags
    reports = load_documents(DATA / "external" / "review_reports.jsonl", splits={"test"}).records
    items = [govnlp.summarize_review(r["text"], nlp=nlp) for r in reports]
    s = score_summaries(reports, [[x for it in its for x in it.sentences] for its in items], items)
    out[f"national test: key modifications sentence F1 (n={len(reports)} reports)"] = s["F1"]
    raw["keymods test"] = [[x for it in its for x in it.sentences] for its in items]
    if (SHARED / "gold" / "seed").is_dir():
        seed = evaluate(SHARED / "gold" / "seed", issue=govnlp.SAMPLE_PATH, nlp=nlp)
        out["seed gold: document type accuracy (n=79)"] = seed.tables["doctype"]["govnlp pipeline"]["accuracy"]
        out["seed gold: modality micro-F1 (n=199)"] = seed.tables["modality"]["govnlp pipeline"]["micro_f1"]
        out["seed gold: modality macro-F1 (n=199)"] = seed.tables["modality"]["govnlp pipeline"]["macro_f1"]
        out["seed gold: key modifications sentence F1 (n=15)"] = \
            seed.tables["keymods"]["govnlp pipeline (end to end)"]["F1"]
        gold = [r["text"] for r in govnlp.doc.io.read_jsonl(SHARED / "gold" / "seed" / "modality.jsonl")]
        raw["seed gold modality (gold article texts)"] = [m.labels for m in nlp.get_pipe("modality").tagger.tag_texts(gold)]
        g = nlp(govnlp.SAMPLE_PATH)
        raw["sample doctype"] = [d.doc_type for d in g.documents]
        raw["sample modality"] = [a.modality.labels for a in g.articles]
        raw["sample keymods"] = [[s for it in d.key_modifications or [] for s in it.sentences] for d in g.documents]
    return out, raw


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(2)
    start = time.time()
    results, raws = {}, {}
    for precision in ("fp32", "int8"):
        results[precision], raws[precision] = figures(govnlp.load(device="cpu", precision=precision))
    rows = []
    for name in results["fp32"]:
        a, b = results["fp32"][name], results["int8"][name]
        rows.append((name, a, b, b - a))
    w = max(len(r[0]) for r in rows)
    print(f"{'gold figure':<{w}}  {'fp32':>7}  {'int8':>7}  {'int8-fp32':>9}")
    for name, a, b, d in rows:
        print(f"{name:<{w}}  {a:>7.3f}  {b:>7.3f}  {d:>+9.3f}")
    verdicts = {}
    for task, words in TASK_FIGURES.items():
        diffs = [d for name, _, _, d in rows if words in name]
        drop, change = -min(diffs), max(abs(d) for d in diffs)
        verdicts[task] = {"largest_drop": drop, "largest_change": change, "int8_kept": drop <= TOLERANCE}
        print(f"{task}: int8 {'kept' if drop <= TOLERANCE else 'NOT kept'} (largest drop {max(drop, 0):.3f}, "
              f"largest change {change:.3f}; tolerance {TOLERANCE} below fp32)")
    agreement = {}
    for key in raws["fp32"]:
        a, b = raws["fp32"][key], raws["int8"][key]
        agreement[key] = (sum(x == y for x, y in zip(a, b)), len(a))
        print(f"identical labels, {key}: {agreement[key][0]}/{agreement[key][1]}")
    print(f"{time.time() - start:.0f} s")
    result = {"figures": results, "verdicts": verdicts, "tolerance": TOLERANCE,
              "identical_labels": agreement}
    write_json(result, args.json)
    return result


if __name__ == "__main__":
    main()
