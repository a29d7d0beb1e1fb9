"""Key-modification evaluation, leave-one-report-out over the seed gold (GUIDELINES §3, issue 4).

    nice -n 10 python training/eval_keymods.py [--gazette PATH] [--gold PATH] [--json OUT]

Systems, same reports, same run:
  rules         weak labelling functions alone (no training, no gold)
  lr-weak       TF-IDF char n-grams + LR trained on weak labels of all reports (no gold)
  lr-gold-loo   same scorer trained on the gold sentences of the other 14 reports
  lead-k        first k body sentences, k = mean gold sentence count of the other reports
  textrank-k    jieba-token TextRank over body sentences, top k in report order
Metrics: sentence P/R/F1 (micro over reports, comparison key), char ROUGE-1/2/L F1 (macro over
reports; both empty = 1), action accuracy and draft/revised article exact match over gold items
matched to a predicted item (the predicted item sharing most sentences).
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

from govnlp.evaluation import score_summaries, summary_length_baselines
from govnlp.keymods import KeyModificationExtractor, document_from_lines

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")
GAZETTE = SHARED / "corpus/gazettes/shanxi-13th-sc-31st-session.txt"
GOLD = SHARED / "gold/seed/key_modifications.jsonl"


def load_reports(gazette: Path, gold_path: Path):
    """(gold records, Documents): the parser's documents when it works, else the line stand-in."""
    gold = [json.loads(l) for l in gold_path.read_text(encoding="utf-8").splitlines() if l.strip()]
    lines = gazette.read_text(encoding="utf-8").split("\n")
    docs, source = None, "stand-in"
    try:
        from govnlp.parse import parse  # noqa: F401

        gz = parse(str(gazette))
        found = []
        for g in gold:
            best = max(gz.documents, key=lambda d: min(d.end_line, g["end_line"]) - max(d.start_line, g["start_line"]))
            overlap = min(best.end_line, g["end_line"]) - max(best.start_line, g["start_line"])
            if overlap < 0.8 * (g["end_line"] - g["start_line"]) or not best.paragraphs:
                raise ValueError(f"parser has no document matching {g['title']}")
            found.append(best)
        docs, source = found, "govnlp.parse"
    except Exception as exc:  # parser not there yet / not matching: fall back, loudly
        warnings.warn(f"using the line stand-in instead of govnlp.parse ({type(exc).__name__}: {exc})")
    if docs is None:
        docs = [document_from_lines(lines[g["start_line"] - 1:g["end_line"]], g["start_line"], g["title"], i)
                for i, g in enumerate(gold)]
    return gold, docs, source


def evaluate(gold, docs, extra=None, views=None):
    """Score every system; ``extra`` maps a system name to ``predict(i, doc) -> items of report i``.

    ``views`` maps a view name to (gold, docs) of the same reports seen differently (e.g. the
    national-style stress view); the ``extra`` systems are also scored there, with the models of
    the same fold.  Scoring is :func:`govnlp.evaluation.score_summaries`, as in ``govnlp evaluate``.
    """
    extra = extra or {}
    views = {"": (gold, docs), **(views or {})}
    preds = {(v, name): [] for v in views for name in extra}
    preds.update({("", name): [] for name in ("rules", "lr-weak", "lr-gold-loo")})
    rules = KeyModificationExtractor()
    lr_weak = KeyModificationExtractor().fit(docs)
    for i, d in enumerate(docs):
        others = [j for j in range(len(docs)) if j != i]
        lr_gold = KeyModificationExtractor().fit([docs[j] for j in others], [gold[j]["items"] for j in others])
        for name, fn in extra.items():
            predictor = fn(i)   # trained once per fold, used on every view
            for v, (_, vdocs) in views.items():
                preds[(v, name)].append(predictor(vdocs[i]))
        for name, model in (("rules", rules), ("lr-weak", lr_weak), ("lr-gold-loo", lr_gold)):
            preds[("", name)].append(model.predict(d))
    table = {}
    for (v, name), items in preds.items():
        vgold = views[v][0]
        table[f"{name} [{v}]" if v else name] = score_summaries(
            vgold, [[s for it in its for s in it.sentences] for its in items], items)
    for name, summaries in summary_length_baselines(gold, docs).items():
        table[name] = score_summaries(gold, summaries)
    return table


def print_table(table, source, n):
    cols = ["P", "R", "F1", "rouge1", "rouge2", "rougeL", "action", "draft", "revised", "matched"]
    print(f"key modifications, {n} reports, documents from {source}; sentence P/R/F1 micro, ROUGE macro")
    print(f"{'system':<22}" + "".join(f"{c:>9}" for c in cols))
    for name, row in table.items():
        cells = []
        for c in cols:
            v = row.get(c, "n/a")
            cells.append(f"{v:>9.3f}" if isinstance(v, float) else f"{v:>9}")
        print(f"{name:<22}" + "".join(cells))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gazette", type=Path, default=GAZETTE)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    gold, docs, source = load_reports(args.gazette, args.gold)
    table = evaluate(gold, docs)
    print_table(table, source, len(gold))
    # baselines are usually quoted on reports that have changes; show that view too
    keep = [i for i, g in enumerate(gold) if g["items"]]
    sub = evaluate([gold[i] for i in keep], [docs[i] for i in keep])
    print()
    print_table(sub, source + ", only reports with items (LOO within them)", len(keep))
    if args.json:
        args.json.write_text(json.dumps(table, ensure_ascii=False, indent=2), encoding="utf-8")
    return table


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
