"""Task models for the whole country: trained on the train jurisdictions of ``data/``, chosen on dev.

Modality
  stage 1  weak labels (labelling functions) of LawRefBook articles of the *train* jurisdictions
           only (上海, 北京, 河南): the dev (浙江) and test (山东, national laws) jurisdictions never
           reach training, not even through weak labels;
  stage 2  candidates fine-tuned from stage 1 on gold: the national train split (780 articles) with
           and without the sample's 199 gold articles;
  choice   the candidate (stage 1 alone included) with the best dev micro-F1 (浙江, 260 articles).
Document type
  candidates fine-tuned from govbert-mini on the national train split (its documents in the shapes
  they were collected in, plus clean/web/excerpt/traditional views of each) with and without the
  sample's documents and the synthesized ones; chosen on the dev split.

The test split is not read here. ``benchmarks/eval_external.py --models DIR`` reports it, once,
for the chosen models.

    python training/train_national.py --tasks modality doctype --out models-national/
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from govnlp.components.modality import ModalityTagger
from govnlp.evaluation.external import load_documents, load_modality_gold
from govnlp.evaluation.metrics import multilabel_scores, singlelabel_scores
from govnlp.inference.classifier import BertTextClassifier
from govnlp.labels import DOC_TYPES, MODALITY_LABELS
from govnlp.supervision.labeling import augment_document, build_modality_dataset
from govnlp.text.document_input import document_text
from govnlp.training.tasks import TASK_SETTINGS, gold_stage_modality, held_out

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LAWREFBOOK = SHARED / "corpus" / "lawrefbook"
DATA = REPO / "data"
TRAIN_PROVINCES = ("上海", "北京", "河南")


def _brief(s: dict) -> dict:
    return {k: round(v, 4) for k, v in s.items() if k in ("micro_f1", "macro_f1", "accuracy")}


def modality(args, report: dict) -> None:
    stage1_dir = args.work / "modality-stage1"
    weak = build_modality_dataset([LAWREFBOOK / "DLC" / f"{p}地方法规" for p in TRAIN_PROVINCES], seed=args.seed)
    rows = [{"text": t, "labels": l, "group": s} for t, l, s in zip(weak["text"], weak["labels"], weak["source"])]
    train = [r for r in rows if not held_out(r["group"])]
    random.Random(args.seed).shuffle(train)
    train = train[:args.modality_weak]
    t0 = time.time()
    if (stage1_dir / "config.json").is_file() and args.reuse:
        stage1 = BertTextClassifier.load(stage1_dir)
    else:
        stage1 = BertTextClassifier(base_model=REPO / "models" / "govbert-mini", labels=list(MODALITY_LABELS),
                                    epochs=args.modality_epochs, seed=args.seed, **TASK_SETTINGS["modality"])
        stage1.fit([r["text"] for r in train], [r["labels"] for r in train]).save(stage1_dir)
    report["modality"] = {"stage1": {"weak_articles": len(train), "provinces": list(TRAIN_PROVINCES),
                                     "seconds": round(time.time() - t0)}}
    gold_train = load_modality_gold(DATA / "gold" / "modality.jsonl", LAWREFBOOK, splits={"train"})
    seed_gold = []
    seed_path = SHARED / "gold" / "seed" / "modality.jsonl"
    if seed_path.is_file():
        seed_gold = [{"text": r["text"], "labels": r["labels"]} for r in map(json.loads, seed_path.read_text().splitlines())]
    dev = load_modality_gold(DATA / "gold" / "modality.jsonl", LAWREFBOOK, splits={"dev"})

    def score(clf) -> dict:
        preds = ModalityTagger(clf).tag_texts([r["text"] for r in dev])
        return _brief(multilabel_scores([r["labels"] for r in dev], [m.labels for m in preds], labels=list(MODALITY_LABELS)))

    candidates = {"stage 1 only": (stage1, score(stage1))}
    stage2 = {"national": ("stage 2: national gold", gold_train),
              "national+sample": ("stage 2: national + sample gold", gold_train + seed_gold)}
    for name, gold in (stage2[k] for k in args.stage2):
        t0 = time.time()
        clf = gold_stage_modality(stage1_dir, gold, train, seed=args.seed)
        candidates[name] = (clf, score(clf))
        report["modality"].setdefault("stage2_seconds", {})[name] = round(time.time() - t0)
    report["modality"]["dev"] = {name: s for name, (_, s) in candidates.items()}
    best = max(candidates, key=lambda n: (candidates[n][1]["micro_f1"], candidates[n][1]["macro_f1"]))
    report["modality"]["chosen"] = best
    candidates[best][0].save(args.out / "modality")


def doctype(args, report: dict) -> None:
    from govnlp.parsing import parse
    from govnlp.supervision.labeling import build_doctype_dataset

    rng = random.Random(args.seed)
    national = load_documents(DATA / "external" / "documents.jsonl", splits={"train"}).records
    dev = load_documents(DATA / "external" / "documents.jsonl", splits={"dev"}).records
    nat_rows = []
    for r in national:
        nat_rows.append((r["text"][:600], r["doc_type"]))
        lines = [ln for ln in r["text"].splitlines() if ln.strip()]
        title, body = (lines[0], "\n".join(lines[1:])) if lines else ("", "")
        for _, text in augment_document(title, "", body, rng):
            nat_rows.append((text, r["doc_type"]))
    sample_rows = []
    seed_docs = SHARED / "gold" / "seed" / "documents.jsonl"
    if seed_docs.is_file():
        gold = {(d["start_line"], d["end_line"]): d["doc_type"] for d in map(json.loads, seed_docs.read_text().splitlines())}
        issue = parse(SHARED / "corpus" / "gazettes" / "shanxi-13th-sc-31st-session.txt")
        for d in issue.documents:
            label = gold.get((d.start_line, d.end_line))
            if label:
                for _, text in augment_document(d.title, d.issuer, d.body, rng):
                    sample_rows.append((text, label))
    synth = build_doctype_dataset([], [LAWREFBOOK / "DLC" / f"{p}地方法规" for p in TRAIN_PROVINCES],
                                  amendment_roots=[LAWREFBOOK / "DLC" / f"{p}地方法规" for p in TRAIN_PROVINCES],
                                  n_synth_files=40, min_per_type=40, seed=args.seed)
    synth_rows = list(zip(synth["text"], synth["label"]))

    def fit(rows):
        rows = rows[:]
        rng.shuffle(rows)
        clf = BertTextClassifier(base_model=REPO / "models" / "govbert-mini", labels=list(DOC_TYPES),
                                 epochs=args.doctype_epochs, seed=args.seed, **TASK_SETTINGS["doctype"])
        return clf.fit([t for t, _ in rows], [y for _, y in rows])

    def score(clf) -> dict:
        pred = clf.predict([document_text("", "", r["text"]) for r in dev])
        return _brief(singlelabel_scores([r["doc_type"] for r in dev], pred))

    candidates = {}
    for name, rows in (("national", nat_rows), ("national + sample + synthesized", nat_rows + sample_rows + synth_rows)):
        t0 = time.time()
        clf = fit(rows)
        candidates[name] = (clf, score(clf))
        report.setdefault("doctype", {}).setdefault("train", {})[name] = {"examples": len(rows), "seconds": round(time.time() - t0)}
    report["doctype"]["dev"] = {name: s for name, (_, s) in candidates.items()}
    best = max(candidates, key=lambda n: (candidates[n][1]["accuracy"], candidates[n][1]["macro_f1"]))
    report["doctype"]["chosen"] = best
    candidates[best][0].save(args.out / "doctype")


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", nargs="+", default=["modality", "doctype"])
    ap.add_argument("--out", type=Path, default=REPO / "models-national")
    ap.add_argument("--work", type=Path, default=REPO / "models" / ".national-work")
    ap.add_argument("--modality-weak", type=int, default=8000)
    ap.add_argument("--modality-epochs", type=float, default=1.5)
    ap.add_argument("--doctype-epochs", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--reuse", action="store_true", help="reuse a stage-1 modality model in --work")
    ap.add_argument("--stage2", nargs="+", default=["national", "national+sample"],
                    choices=["national", "national+sample"], help="the stage-2 modality candidates to train")
    args = ap.parse_args(argv)
    report: dict = {}
    for task in args.tasks:
        {"modality": modality, "doctype": doctype}[task](args, report)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "national_training_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        print(json.dumps(report, ensure_ascii=False), flush=True)
    return report


if __name__ == "__main__":
    main()
