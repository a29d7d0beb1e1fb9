"""Key-modification evaluation, leave-one-report-out over the seed gold (GUIDELINES §3).

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
from pathlib import Path

from govnlp.evaluation.reports import format_table, leave_one_report_out, load_reports

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")
GAZETTE = SHARED / "corpus/gazettes/shanxi-13th-sc-31st-session.txt"
GOLD = SHARED / "gold/seed/key_modifications.jsonl"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gazette", type=Path, default=GAZETTE)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    gold, docs, source = load_reports(args.gazette, args.gold)
    table = leave_one_report_out(gold, docs)
    print(format_table(table, f"key modifications, {len(gold)} reports, documents from {source}; sentence P/R/F1 micro, ROUGE macro"))
    # baselines are usually quoted on reports that have changes; show that view too
    keep = [i for i, g in enumerate(gold) if g["items"]]
    sub = leave_one_report_out([gold[i] for i in keep], [docs[i] for i in keep])
    print()
    print(format_table(sub, f"key modifications, {len(keep)} reports with items (LOO within them), documents from {source}"))
    if args.json:
        args.json.write_text(json.dumps(table, ensure_ascii=False, indent=2), encoding="utf-8")
    return table


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
