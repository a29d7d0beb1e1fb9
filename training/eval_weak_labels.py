"""How well do the labelling functions agree with the seed gold?  (Measurement only.)

Prints modality micro/macro F1 (199 gold articles) and document-type accuracy/macro-F1 (79 gold
documents) for the weak-supervision LFs beside the keyword-rule baseline.  The LFs were written
from the guideline; this script must not be used to tune them on individual gold examples.

    nice -n 10 python training/eval_weak_labels.py [--per-label] [--errors]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from govnlp.doc.io import read_jsonl as _jsonl
from govnlp.evaluation.metrics import multilabel_scores, singlelabel_scores
from govnlp.evaluation.rules import KeywordDocTypeClassifier, KeywordModalityTagger
from govnlp.labels import MODALITY_LABELS
from govnlp.supervision.labeling import label_doc_type, label_modality, read_issue_documents
from govnlp.text.document_input import document_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold" / "seed"
LAWREFBOOK = SHARED / "corpus" / "lawrefbook"
SAMPLE_ISSUE = SHARED / "corpus" / "gazettes" / "shanxi-13th-sc-31st-session.txt"




def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-label", action="store_true")
    ap.add_argument("--models", action="store_true",
                    help="also train the TF-IDF+LogReg baselines on the weak datasets and score them on gold")
    ap.add_argument("--max-files", type=int, default=400, help="LawRefBook files for --models")
    ap.add_argument("--errors", action="store_true", help="print disagreements (for reading, not tuning)")
    args = ap.parse_args(argv)

    arts = _jsonl(GOLD / "modality.jsonl")
    texts = [a["text"] for a in arts]
    gold_m = [a["labels"] for a in arts]
    lf_m = [sorted(label_modality(t)) for t in texts]
    kw_m = KeywordModalityTagger().predict(texts)
    res_m = {"weak LFs": multilabel_scores(gold_m, lf_m, MODALITY_LABELS),
             "keyword rules": multilabel_scores(gold_m, kw_m, MODALITY_LABELS)}

    gold_docs = _jsonl(GOLD / "documents.jsonl")
    docs = read_issue_documents(SAMPLE_ISSUE)
    by_span = {(d["start_line"], d["end_line"]): d for d in docs}
    gold_t, lf_t, kw_t, rows = [], [], [], []
    kw = KeywordDocTypeClassifier()
    for g in gold_docs:
        d = by_span.get((g["start_line"], g["end_line"]),
                        {"title": g["title"], "issuer": g["issuer"], "body": ""})
        gold_t.append(g["doc_type"])
        lf_t.append(label_doc_type(d["title"], d["issuer"], d["body"]))
        kw_t.append(kw.predict([document_text(d["title"], d["issuer"], d["body"])])[0])
        rows.append(g)
    res_t = {"weak LFs": singlelabel_scores(gold_t, lf_t),
             "keyword rules": singlelabel_scores(gold_t, kw_t)}

    print(f"Modality, {len(arts)} gold articles")
    print(f"  {'system':15s} {'micro-F1':>9s} {'macro-F1':>9s}")
    for name, r in res_m.items():
        print(f"  {name:15s} {r['micro_f1']:9.3f} {r['macro_f1']:9.3f}")
    if args.per_label:
        print(f"  {'label':15s} " + "  ".join(f"{n[:12]:>24s}" for n in res_m))
        for lab in MODALITY_LABELS:
            cells = []
            for r in res_m.values():
                pl = r["per_label"][lab]
                cells.append(f"P{pl['precision']:.2f} R{pl['recall']:.2f} F{pl['f1-score']:.2f} n{int(pl['support']):<3d}")
            print(f"  {lab:15s} " + "  ".join(f"{c:>24s}" for c in cells))
    print(f"\nDocument type, {len(gold_docs)} gold documents")
    print(f"  {'system':15s} {'accuracy':>9s} {'macro-F1':>9s}")
    for name, r in res_t.items():
        print(f"  {name:15s} {r['accuracy']:9.3f} {r['macro_f1']:9.3f}")
    if args.models:
        _models(args, texts, gold_m, gold_docs, by_span)
    if args.errors:
        print("\nModality disagreements (LF):")
        for a, p in zip(arts, lf_m):
            if set(p) != set(a["labels"]):
                print(f"  {a['regulation']} {a['article']}: gold={a['labels']} lf={p}")
        print("\nDoc type disagreements (LF):")
        for g, p in zip(rows, lf_t):
            if p != g["doc_type"]:
                print(f"  {g['id']} {g['title'][:50]}: gold={g['doc_type']} lf={p}")
    return {"modality": res_m, "doc_type": res_t}


def _models(args, texts, gold_m, gold_docs, by_span) -> None:
    """TF-IDF + LogReg trained on weak labels only, scored on gold (and bare views of gold docs)."""
    import random

    from govnlp.supervision.labeling import augment_document, build_doctype_dataset, build_modality_dataset

    from govnlp.evaluation.baselines import TfidfLogRegDocType, TfidfLogRegModality

    mds = build_modality_dataset([LAWREFBOOK / "DLC"], max_files=args.max_files)
    mod = TfidfLogRegModality(max_features=100000).fit(mds["text"], mds["labels"])
    r = multilabel_scores(gold_m, mod.predict(texts), MODALITY_LABELS)
    print(f"\nTF-IDF+LogReg modality trained on {len(mds)} weakly labelled LawRefBook articles "
          f"({args.max_files} files): micro-F1 {r['micro_f1']:.3f} macro-F1 {r['macro_f1']:.3f}")
    dds = build_doctype_dataset([SAMPLE_ISSUE], [LAWREFBOOK / "DLC"], amendment_roots=[LAWREFBOOK])
    clf = TfidfLogRegDocType().fit(dds["text"], dds["label"])
    kw = KeywordDocTypeClassifier()
    rng = random.Random(1)
    views: dict[str, tuple[list, list]] = {}
    for g in gold_docs:
        d = by_span.get((g["start_line"], g["end_line"]), {"title": g["title"], "issuer": g["issuer"], "body": ""})
        for variant, text in augment_document(d["title"], d["issuer"], d["body"], rng):
            xs, ys = views.setdefault(variant, ([], []))
            xs.append(text)
            ys.append(g["doc_type"])
    print(f"TF-IDF+LogReg doc type trained on {len(dds)} weak/augmented examples "
          "(note: includes the issue's own documents, labelled by the LFs) — accuracy / macro-F1 on gold views:")
    for variant, (xs, ys) in views.items():
        a = singlelabel_scores(ys, clf.predict(xs))
        k = singlelabel_scores(ys, kw.predict(xs))
        lf = singlelabel_scores(ys, [label_doc_type("", "", x) if variant != "clean" else
                                     label_doc_type(*x.split("\n", 2)[:1], "", x) for x in xs])
        print(f"  {variant:12s} tfidf {a['accuracy']:.3f}/{a['macro_f1']:.3f}   keyword {k['accuracy']:.3f}/"
              f"{k['macro_f1']:.3f}   LF {lf['accuracy']:.3f}/{lf['macro_f1']:.3f}")


if __name__ == "__main__":
    main()
