"""The shipped models on national material, beside rules and simple baselines, in one run.

Documents of other provinces, cities and the NPC as published on the web (``data/external``), their
review reports, and LawRefBook articles of six jurisdictions with modality gold (``data/gold``).
Each task is printed per split, then by jurisdiction level (NPC / province / city) and by shape
(web page, gazette text, excerpt, traditional characters). Texts come from the local cache
(``python training/collect/verify_cache.py`` says what is missing; missing texts are skipped and
counted). TF-IDF+LR is trained on the train split of the same material; nothing is tuned here.

    python benchmarks/eval_external.py [--splits dev test] [--json OUT] [--doctype DIR] [--modality DIR]
"""
from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from pathlib import Path

from _report import write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import govnlp  # noqa: E402
from govnlp.evaluation.baselines import TfidfLogRegDocType, TfidfLogRegModality  # noqa: E402
from govnlp.evaluation.external import load_documents, load_modality_gold  # noqa: E402
from govnlp.evaluation.gold import Evaluation, score_summaries, summary_length_baselines  # noqa: E402
from govnlp.evaluation.metrics import multilabel_scores, singlelabel_scores  # noqa: E402
from govnlp.evaluation.rules import KeywordDocTypeClassifier, KeywordModalityTagger  # noqa: E402
from govnlp.labels import MODALITY_LABELS  # noqa: E402
from govnlp.supervision.labeling import label_doc_type, weak_modality_labels  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
LAWREFBOOK = REPO.parent / "shared" / "corpus" / "lawrefbook"
LEVELS = {"national": "NPC", "province": "province", "city": "city"}


def _title_and_body(text: str) -> tuple[str, str]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return (lines[0], "\n".join(lines[1:])) if lines else ("", "")


def _groups(records: list[dict]) -> dict[str, list[int]]:
    out = defaultdict(list)
    for i, r in enumerate(records):
        out["all"].append(i)
        out[f"level={LEVELS.get(r['level'], r['level'])}"].append(i)
        out[f"shape={r['shape']}"].append(i)
    return dict(out)


def doctype(nlp, splits) -> tuple[dict, list[str]]:
    train = load_documents(DATA / "external" / "documents.jsonl", splits={"train"})
    if not train.records:
        raise SystemExit("eval_external.py: no national text in the cache; "
                         "`python training/collect/verify_cache.py` lists what to re-collect")
    tfidf = TfidfLogRegDocType().fit([r["text"] for r in train.records], [r["doc_type"] for r in train.records])
    tables, notes = {}, []
    for split in splits:
        docs = load_documents(DATA / "external" / "documents.jsonl", splits={split})
        notes.append(f"doctype {split}: {len(docs.records)} documents, {len(docs.missing)} texts missing from the cache")
        gold = [r["doc_type"] for r in docs.records]
        predictions = {
            "govnlp (doctype model)": [govnlp.classify_document(r["text"], nlp=nlp).doc_type for r in docs.records],
            "title/keyword rules": KeywordDocTypeClassifier().predict([r["text"] for r in docs.records]),
            "labelling functions": [label_doc_type(*_title_and_body(r["text"])[:1], "", _title_and_body(r["text"])[1])
                                    or "work_report" for r in docs.records],
            "TF-IDF+LR (national train split)": tfidf.predict([r["text"] for r in docs.records]),
        }
        for group, idx in _groups(docs.records).items():
            table = {}
            for name, pred in predictions.items():
                s = singlelabel_scores([gold[i] for i in idx], [pred[i] for i in idx])
                table[name] = {"n": len(idx), "accuracy": s["accuracy"], "macro_f1": s["macro_f1"]}
            tables[f"document type [{split}] {group}"] = table
    return tables, notes


def keymods(nlp, splits) -> tuple[dict, list[str]]:
    tables, notes = {}, []
    for split in splits:
        reports = load_documents(DATA / "external" / "review_reports.jsonl", splits={split})
        recs = reports.records
        notes.append(f"keymods {split}: {len(recs)} reports ({sum(len(r['items']) for r in recs)} items), "
                     f"{len(reports.missing)} texts missing")
        if not recs:
            continue
        docs = [govnlp.parse_document(r["text"]) for r in recs]
        predicted = [govnlp.summarize_review(r["text"], nlp=nlp) for r in recs]
        baselines = summary_length_baselines(recs, docs)
        groups = {"all": list(range(len(recs))),
                  "NPC": [i for i, r in enumerate(recs) if r["level"] == "national"],
                  "province and city": [i for i, r in enumerate(recs) if r["level"] != "national"]}
        for group, idx in groups.items():
            if not idx:
                continue
            gold = [recs[i] for i in idx]
            table = {"govnlp (keymods model)": score_summaries(
                gold, [[s for it in predicted[i] for s in it.sentences] for i in idx], [predicted[i] for i in idx])}
            for name, summaries in baselines.items():
                table[name] = score_summaries(gold, [summaries[i] for i in idx])
            for row in table.values():
                row["n"] = len(idx)
            tables[f"key modifications [{split}] {group}"] = table
    return tables, notes


def modality(nlp, splits) -> tuple[dict, list[str]]:
    gold_path = DATA / "gold" / "modality.jsonl"
    train = load_modality_gold(gold_path, LAWREFBOOK, splits={"train"})
    tfidf = TfidfLogRegModality().fit([r["text"] for r in train], [r["labels"] for r in train])
    tagger = nlp.get_pipe("modality").tagger
    tables, notes = {}, []
    for split in splits:
        rows = load_modality_gold(gold_path, LAWREFBOOK, splits={split})
        notes.append(f"modality {split}: {len(rows)} articles")
        texts = [r["text"] for r in rows]
        predictions = {
            "govnlp (modality model)": [m.labels for m in tagger.tag_texts(texts)],
            "keyword rules": KeywordModalityTagger().predict(texts),
            "labelling functions": [weak_modality_labels(t) for t in texts],
            "TF-IDF+LR (gold train split)": tfidf.predict(texts),
        }
        groups = {"all": list(range(len(rows)))}
        for j in sorted({r["jurisdiction"] for r in rows}):
            groups[f"jurisdiction={j}"] = [i for i, r in enumerate(rows) if r["jurisdiction"] == j]
        for group, idx in groups.items():
            table = {}
            for name, pred in predictions.items():
                s = multilabel_scores([rows[i]["labels"] for i in idx], [pred[i] for i in idx], labels=list(MODALITY_LABELS))
                table[name] = {"n": len(idx), "micro_f1": s["micro_f1"], "macro_f1": s["macro_f1"]}
            tables[f"modality [{split}] {group}"] = table
    return tables, notes


def main(argv=None) -> Evaluation:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--splits", nargs="+", default=["dev", "test"])
    ap.add_argument("--tasks", nargs="+", default=["doctype", "keymods", "modality"])
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--doctype", type=Path, default=None, help="a document-type model folder (default: shipped)")
    ap.add_argument("--modality", type=Path, default=None, help="a modality model folder (default: shipped)")
    args = ap.parse_args(argv)
    start = time.time()
    nlp = govnlp.load(doctype=args.doctype, modality=args.modality)
    result = Evaluation()
    for task in args.tasks:
        tables, notes = {"doctype": doctype, "keymods": keymods, "modality": modality}[task](nlp, args.splits)
        result.tables.update(tables)
        result.notes[task] = notes
    print(result.format())
    print("\n" + "\n".join(n for notes in result.notes.values() for n in notes))
    print(f"{time.time() - start:.0f} s")
    if args.json:
        write_json(result.to_dict(), args.json)
    return result


if __name__ == "__main__":
    main()
