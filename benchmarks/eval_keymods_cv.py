"""Key modifications cross-validated by jurisdiction group, over every annotated review report.

    HF_HUB_OFFLINE=1 nice -n 10 python benchmarks/eval_keymods_cv.py [--external data/external/review_reports.jsonl]
        [--before DIR] [--out benchmarks/results/eval_keymods_cv]

Reports: the sample issue's 15 gold reports (``shared/gold/seed``) and every record of
``data/external/review_reports.jsonl`` whose text is in the cache, each read as a user hands it
over (``parse_document`` of the page; the sample's from ``govnlp.parse`` of the issue). Groups:
NPC, provinces, cities (by the record's ``level``), the sample. Leave one group out: a model is
trained on the gold items of the other three groups and scored on the held-out one.

Systems, same reports, same run:
  extractor (nested)  the recipe is chosen per outer fold by an inner leave-one-group-out over the
                      three training groups (best inner sentence F1, grid ``RECIPES``), refitted on
                      them, scored on the held-out group: no figure of a group was used to choose or
                      fit what is scored on it. Gold labels: held out.
  shipped recipe      the recipe models/keymods ships (``SHIPPED_RECIPE``), fitted on the three other groups.
  cue rules           the labelling functions alone (no training). NOT held out where the cues were
                      written from the group's reports (see the ``origin`` of each cue in
                      ``govnlp.components.keymods.cues``): the sample, and the provinces/cities
                      reports of the train and dev splits.
  before              the previously shipped scorer (``--before DIR``), when given: trained on the
                      sample's weak labels, so not held out on the sample.
  lead-k, textrank-k  the first / the TextRank-best k body sentences, k = the report's gold count.
Metrics (``govnlp.evaluation.gold.score_summaries``): sentence P/R/F1 (micro, comparison key),
char ROUGE-L F1 (macro over reports; both empty = 1), items matched / gold items, action, draft and
revised article exact match over matched items; ``empty`` = reports annotated as recording no
change that get ``[]``; ``verbatim`` = returned sentences found as printed in ``Document.text``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from _report import write_json

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")
GAZETTE = SHARED / "corpus/gazettes/shanxi-13th-sc-31st-session.txt"
GOLD = SHARED / "gold/seed/key_modifications.jsonl"
EXTERNAL = ROOT / "data/external/review_reports.jsonl"

# The grid the nested selection chooses from; fixed before any figure was seen on a held-out group.
RECIPES = {
    "cue rules": None,
    "cue-lr (C=1, n-grams 0.5, rules x1)": dict(C=1.0, ngram_weight=0.5, weak_weight=1.0),
    "cue-lr (C=1, n-grams 0.5, rules x4)": dict(C=1.0, ngram_weight=0.5, weak_weight=4.0),
    "cue-lr (C=1, no n-grams, rules x4)": dict(C=1.0, ngram_weight=0.0, weak_weight=4.0),
}
GROUPS = ("NPC", "provinces", "cities", "sample")
# What models/keymods ships (training/train_keymods.py): the learnt recipe that tied with the cue rules
# in every inner fold, so that `govnlp train keymods --gold` has weights to fit; scored here per fold too.
SHIPPED_RECIPE = "cue-lr (C=1, n-grams 0.5, rules x4)"


def build(recipe):
    from govnlp.components.keymods import CueScorer, KeyModificationExtractor

    params = RECIPES[recipe]
    return KeyModificationExtractor() if params is None else KeyModificationExtractor(CueScorer(**params))


def fit(recipe, reports):
    ext = build(recipe)
    if RECIPES[recipe] is not None:
        ext.fit([r.document for r in reports], [r.gold["items"] for r in reports])
    return ext


def sentence_f1(reports, preds) -> float:
    from govnlp.evaluation.gold import score_summaries

    return score_summaries([r.gold for r in reports], [[s for it in p for s in it.sentences] for p in preds])["F1"]


def choose_recipe(reports) -> tuple[str, dict]:
    """Leave one group out inside ``reports``: the recipe with the best pooled sentence F1."""
    groups = sorted({r.group for r in reports})
    scores = {}
    for recipe in RECIPES:
        preds, order = [], []
        for g in groups:
            train = [r for r in reports if r.group != g]
            test = [r for r in reports if r.group == g]
            ext = fit(recipe, train)
            preds += ext.predict_many([r.document for r in test])
            order += test
        scores[recipe] = sentence_f1(order, preds)
    best = max(RECIPES, key=lambda k: (round(scores[k], 6), -list(RECIPES).index(k)))
    return best, scores


def row(reports, preds, items=True) -> dict:
    from govnlp.evaluation.gold import score_summaries

    out = score_summaries([r.gold for r in reports], [[s for it in p for s in it.sentences] for p in preds]
                          if items else preds, preds if items else None)
    sents = [s for p in preds for it in p for s in it.sentences] if items else [s for p in preds for s in p]
    texts = [r.document.text for r, p in zip(reports, preds)
             for s in ([x for it in p for x in it.sentences] if items else p)]
    out["verbatim"] = f"{sum(s in t for s, t in zip(sents, texts))}/{len(sents)}"
    no_change = [i for i, r in enumerate(reports) if r.no_change]
    out["empty"] = f"{sum(not preds[i] for i in no_change)}/{len(no_change)}"
    out["reports"] = len(reports)
    return out


def baselines(reports) -> dict[str, list[list[str]]]:
    from govnlp.components.keymods import report_units
    from govnlp.evaluation.baselines import LeadK, TextRankSummarizer

    lead, tr = LeadK(), TextRankSummarizer()
    out = {"lead-k (gold k)": [], "textrank-k (gold k)": []}
    for r in reports:
        k = sum(len(it["sentences"]) for it in r.gold["items"])
        sents = [u.source or u.text for u in report_units(r.document) if not u.is_heading and u.region != "intro"]
        out["lead-k (gold k)"].append(lead.summarize(sents, k) if k else [])
        out["textrank-k (gold k)"].append(tr.summarize(sents, k) if k else [])
    return out


HELD_OUT = {
    "extractor (nested)": lambda g: "labels",
    "shipped recipe": lambda g: "labels",
    "cue rules": lambda g: "no",
    "before (shipped scorer)": lambda g: "no" if g in ("sample", "all") else "yes",
    "lead-k (gold k)": lambda g: "n/a",
    "textrank-k (gold k)": lambda g: "n/a",
}


def format_tables(tables: dict, notes: list[str]) -> str:
    from govnlp.evaluation.reports import format_table

    cols = ["held out", "reports", "P", "R", "F1", "rougeL", "matched", "action", "draft", "revised", "empty", "verbatim"]
    lines = [format_table(table, f"\n[{group}]", cols, name_width=26, width=10, missing="-", indent="  ")
             for group, table in tables.items()]
    return "\n".join(notes + lines).strip() + "\n"


def main(argv=None) -> int:
    from govnlp.components.keymods import KeyModificationExtractor, load_extractor
    from govnlp.evaluation.reports import annotated_reports

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--external", type=Path, default=EXTERNAL)
    ap.add_argument("--gazette", type=Path, default=GAZETTE)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--before", type=Path, default=None, help="a previously shipped keymods model, scored beside")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/eval_keymods_cv")
    args = ap.parse_args(argv)
    t0 = time.time()
    reports, missing = annotated_reports(args.external, args.gazette, args.gold)
    # The unseen round was collected after the extractor was fixed: scored, never trained or chosen on.
    unseen = [r for r in reports if r.split == "unseen"]
    reports = [r for r in reports if r.split != "unseen"]
    groups = [g for g in GROUPS if any(r.group == g for r in reports)]
    preds: dict[str, dict[str, list]] = {}
    chosen = {}
    rules = KeyModificationExtractor()
    before = load_extractor(args.before, device="cpu", precision="fp32") if args.before else None
    for g in groups:
        train = [r for r in reports if r.group != g]
        test = [r for r in reports if r.group == g]
        recipe, inner = choose_recipe(train)
        chosen[g] = {"recipe": recipe, "inner_F1": {k: round(v, 4) for k, v in inner.items()}}
        model = fit(recipe, train)
        docs = [r.document for r in test]
        preds.setdefault("extractor (nested)", {}).update({r.id: p for r, p in zip(test, model.predict_many(docs))})
        shipped = fit(SHIPPED_RECIPE, train)
        preds.setdefault("shipped recipe", {}).update({r.id: p for r, p in zip(test, shipped.predict_many(docs))})
        preds.setdefault("cue rules", {}).update({r.id: p for r, p in zip(test, rules.predict_many(docs))})
        if before is not None:
            preds.setdefault("before (shipped scorer)", {}).update(
                {r.id: p for r, p in zip(test, before.predict_many(docs))})
    base = baselines(reports)
    tables = {}
    for g in [*groups, "all"]:
        sub = [r for r in reports if g == "all" or r.group == g]
        table = {}
        for name, by_id in preds.items():
            table[name] = {"held out": HELD_OUT[name](g), **row(sub, [by_id[r.id] for r in sub])}
        for name, summaries in base.items():
            idx = {r.id: k for k, r in enumerate(reports)}
            table[name] = {"held out": "n/a", **row(sub, [summaries[idx[r.id]] for r in sub], items=False)}
        tables[g if g != "all" else "all groups (pooled held-out predictions)"] = table
    if unseen:
        shipped_model = load_extractor(ROOT / "models" / "keymods", device="cpu", precision="fp32")
        docs = [r.document for r in unseen]
        table = {"shipped model": {"held out": "yes", **row(unseen, shipped_model.predict_many(docs))},
                 "cue rules": {"held out": "yes", **row(unseen, rules.predict_many(docs))}}
        unseen_base = baselines(unseen)
        for name, summaries in unseen_base.items():
            table[name] = {"held out": "n/a", **row(unseen, summaries, items=False)}
        tables["unseen round (collected after the extractor was fixed)"] = table
    n_items = sum(len(r.gold["items"]) for r in reports)
    notes = [
        "Key modifications, leave one jurisdiction group out over every annotated review report.",
        "Command: HF_HUB_OFFLINE=1 python benchmarks/eval_keymods_cv.py"
        + (f" --before {args.before}" if args.before else ""),
        f"Reports: {len(reports)} ({', '.join(f'{g} {sum(r.group == g for r in reports)}' for g in groups)}), "
        f"{n_items} gold items, {sum(r.no_change for r in reports)} annotated as recording no change; "
        f"texts missing from the cache: {len(missing)}.",
        "Recipe chosen per outer fold by an inner leave-one-group-out on the three training groups: "
        + "; ".join(f"{g}: {c['recipe']}" for g, c in chosen.items()) + ".",
        "held out: 'labels' = the group's gold labels and figures took no part in fitting or choosing the recipe,",
        "  but the cues it uses were written after reading reports of every group (sample; provinces and cities",
        "  of the train/dev splits; NPC: the cues were revised once after this script's first run showed the NPC",
        "  misses), so no row is fully held out. The one fully held-out NPC figure is the first run's, before",
        "  that revision: extractor = cue rules, NPC sentence F1 0.633, ROUGE-L 0.875, matched 14/26",
        "  (benchmarks/results/eval_keymods_cv_first_run.txt). The inner selection is biased towards the cue",
        "  rules for the same reason (they were written from the training groups).",
        "empty: reports annotated as recording no change that get []; verbatim: returned sentences found as",
        "  printed in the report's text (Document.text).",
        f"Seconds: {time.time() - t0:.0f} (2 CPU cores).",
    ]
    text = format_tables(tables, notes)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".txt").write_text(text, encoding="utf-8")
    write_json({"notes": notes, "recipes": chosen, "tables": tables, "missing": missing}, args.out.with_suffix(".json"),
               indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
