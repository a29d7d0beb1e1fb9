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
import math
import sys
import warnings
from pathlib import Path

import numpy as np

from govnlp.keymods import KeyModificationExtractor, document_from_lines, report_units
from govnlp.textkey import comparison_key as ck

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")
GAZETTE = SHARED / "corpus/gazettes/shanxi-13th-sc-31st-session.txt"
GOLD = SHARED / "gold/seed/key_modifications.jsonl"

from govnlp.metrics import rouge_scores, sentence_prf  # noqa: E402


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


def body_sentences(doc) -> list[str]:
    return [u.text for u in report_units(doc) if not u.is_heading and u.region not in ("intro",)]


def lead_k(doc, k: int) -> list[str]:
    return body_sentences(doc)[:k]


def textrank_k(doc, k: int) -> list[str]:
    """Classic TextRank (Mihalcea & Tarau 2004) over jieba tokens."""
    import jieba
    import networkx as nx

    jieba.setLogLevel(60)
    sents = body_sentences(doc)
    if k <= 0 or not sents:
        return []
    toks = [set(w for w in jieba.lcut(s) if w.strip() and not all(c in ",.:;()“”«»、" for c in w)) for s in sents]
    g = nx.Graph()
    g.add_nodes_from(range(len(sents)))
    for i in range(len(sents)):
        for j in range(i + 1, len(sents)):
            ov = len(toks[i] & toks[j])
            if ov and len(toks[i]) > 1 and len(toks[j]) > 1:
                g.add_edge(i, j, weight=ov / (math.log(len(toks[i])) + math.log(len(toks[j]))))
    pr = nx.pagerank(g, weight="weight")
    top = sorted(sorted(pr, key=pr.get, reverse=True)[:k])
    return [sents[i] for i in top]


def match_items(gold_items, pred_items):
    """Pairs (gold, pred) by most shared sentence keys, greedy, each predicted item used once."""
    pairs, used = [], set()
    for g in gold_items:
        gk = {ck(s) for s in g["sentences"]}
        best, best_ov = None, 0
        for j, p in enumerate(pred_items):
            ov = len(gk & {ck(s) for s in p.sentences})
            if j not in used and ov > best_ov:
                best, best_ov = j, ov
        if best is not None:
            used.add(best)
            pairs.append((g, pred_items[best]))
    return pairs


def evaluate(gold, docs, extra=None):
    """Score every system; ``extra`` maps a system name to ``predict(i) -> items of report i``."""
    extra = extra or {}
    k_of = lambda held: max(1, round(np.mean([sum(len(it["sentences"]) for it in g["items"])
                                               for i, g in enumerate(gold) if i != held])))
    systems = {name: {"sent": [], "items": []}
               for name in (*extra, "rules", "lr-weak", "lr-gold-loo", "lead-k", "textrank-k")}
    rules = KeyModificationExtractor()
    lr_weak = KeyModificationExtractor().fit(docs)
    for i, (g, d) in enumerate(zip(gold, docs)):
        others = [j for j in range(len(docs)) if j != i]
        lr_gold = KeyModificationExtractor().fit([docs[j] for j in others], [gold[j]["items"] for j in others])
        preds = {name: fn(i) for name, fn in extra.items()}
        preds.update({"rules": rules.predict(d), "lr-weak": lr_weak.predict(d), "lr-gold-loo": lr_gold.predict(d)})
        gsents = [s for it in g["items"] for s in it["sentences"]]
        for name, items in preds.items():
            systems[name]["sent"].append(([s for it in items for s in it.sentences], gsents))
            systems[name]["items"].append(match_items(g["items"], items))
        k = k_of(i)
        systems["lead-k"]["sent"].append((lead_k(d, k), gsents))
        systems["textrank-k"]["sent"].append((textrank_k(d, k), gsents))
    n_gold_items = sum(len(g["items"]) for g in gold)
    table = {}
    for name, res in systems.items():
        tp = n_p = n_g = 0
        rouge = {"rouge1": [], "rouge2": [], "rougeL": []}
        for pred, gs in res["sent"]:
            s = sentence_prf(pred, gs)
            tp, n_p, n_g = tp + s["tp"], n_p + s["n_pred"], n_g + s["n_gold"]
            for key, v in rouge_scores(pred, gs).items():
                rouge[key].append(v)
        p = tp / n_p if n_p else 0.0
        r = tp / n_g if n_g else 0.0
        row = {"P": p, "R": r, "F1": 0.0 if p + r == 0 else 2 * p * r / (p + r),
               **{k: float(np.mean(v)) for k, v in rouge.items()}}
        pairs = [pr for lst in res["items"] for pr in lst]
        if res["items"]:
            row["matched"] = f"{len(pairs)}/{n_gold_items}"
            row["action"] = sum(g["action"] == p.action for g, p in pairs) / max(1, len(pairs))
            same = lambda a, b: [ck(x) for x in a] == [ck(x) for x in b]   # "第(三)项" == "第（三）项"
            row["draft"] = sum(same(g["draft_articles"], p.draft_articles) for g, p in pairs) / max(1, len(pairs))
            row["revised"] = sum(same(g["revised_articles"], p.revised_articles) for g, p in pairs) / max(1, len(pairs))
        table[name] = row
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
