"""Links from key modifications to enacted articles, on the sample issue, beside a baseline.

Gold: ``benchmarks/gold/enacted_links.jsonl`` gives, for each item of the seed gold's review reports
(``../shared/gold/seed/key_modifications.jsonl``, in its order) and for each amendment of the
issue's amendment decision, the enacted articles it landed in (article numbers, ``第十条``), read
off the regulation printed in the issue. Scored as precision and recall of (item, article) pairs:

* ``gold items``: the linker given the gold items' own fields (topic, action, article numbers,
  sentences), so only linking is measured;
* ``end to end``: the pipeline's own items, each aligned to the gold item sharing most of its
  sentences (an item aligned to none counts all its links as wrong);
* ``renumbered``: the gold items against the same regulations with every article number shifted
  by one (an article inserted at the top), as a final vote that renumbers would: a stress view of
  what numbers alone miss.

Baseline: :func:`govnlp.components.links.link_by_number` (the revised numbers the report states,
else the draft's). ``python benchmarks/eval_links.py [--result labelled.json] [--json out.json]``.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

from _report import write_json

ROOT = Path(__file__).resolve().parents[1]
GOLD_ITEMS = ROOT.parent / "shared" / "gold" / "seed" / "key_modifications.jsonl"
GOLD_LINKS = ROOT / "benchmarks" / "gold" / "enacted_links.jsonl"


def _pairs(items: list[list[str]]) -> set[tuple[int, str]]:
    return {(i, a) for i, arts in enumerate(items) for a in arts}


def _score(pred: set, gold: set) -> dict:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "tp": tp, "predicted": len(pred), "gold": len(gold)}


def to_chinese_numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if not rest else ("零" + digits[rest] if rest < 10 else
                               ("一" if rest < 20 else "") + to_chinese_numeral(rest))
    return digits[hundreds] + "百" + tail


def _renumbered(regulation):
    """The regulation with one article inserted before the first: every number moves up by one."""
    from govnlp.text.view import view_of

    reg = copy.deepcopy(regulation)
    for a in reg.articles:
        new = f"第{to_chinese_numeral(a.index + 1)}条"
        a.text = new + a.text[len(a.number):]
        a.view = new + view_of(a)[len(a.number):]
        a.number, a.index = new, a.index + 1
    return reg, {f"第{to_chinese_numeral(a.index - 1)}条": a.number for a in reg.articles}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--result", help="a labelled sample (Gazette JSON; its links are made again); "
                                     "default: label the sample now")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args(argv)

    import govnlp
    from govnlp.components.links import enacted_for, link_by_number, link_modifications
    from govnlp.doc.model import Gazette, KeyModification
    from govnlp.text.compare import comparison_key

    t0 = time.perf_counter()
    if args.result:
        from govnlp.components.links import LinksComponent

        issue = LinksComponent()(Gazette.from_json(Path(args.result).read_text(encoding="utf-8")))
    else:
        issue = govnlp.load()(govnlp.SAMPLE_PATH)
    labelled_s = time.perf_counter() - t0
    by_title = {comparison_key(d.title): d for d in issue.documents}
    gold_items = {comparison_key(json.loads(l)["title"]): json.loads(l)["items"]
                  for l in GOLD_ITEMS.read_text(encoding="utf-8").splitlines() if l.strip()}

    rows = {k: {"linker": [set(), set()], "baseline": [set(), set()]} for k in ("gold items", "end to end", "renumbered")}
    documents_ok = 0
    n_items = 0
    for line in GOLD_LINKS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        key = comparison_key(rec["title"])
        doc = by_title.get(key)
        gold = [x["enacted_articles"] for x in rec["items"]]
        n_items += len(gold)
        gold_pairs = {(key, i, a) for i, a in _pairs(gold)}
        regulation = enacted_for(doc, issue.documents) if doc else None
        if regulation is not None and comparison_key(regulation.title) == comparison_key(rec["enacted_document"]):
            documents_ok += 1
        # end to end: the pipeline's items, aligned to gold items by shared sentences
        predicted = list(doc.key_modifications or []) if doc else []
        if key in gold_items:
            gold_sents = [{comparison_key(s) for s in it["sentences"]} for it in gold_items[key]]
        else:
            gold_sents = [{comparison_key(s) for s in it.sentences} for it in predicted]  # decisions: by order
        pred_links, base_links = set(), set()
        for j, mod in enumerate(predicted):
            sents = {comparison_key(s) for s in mod.sentences}
            overlap = [len(sents & g) for g in gold_sents]
            i = max(range(len(overlap)), key=overlap.__getitem__) if overlap and max(overlap) else -1 - j
            pred_links |= {(key, i, a) for a in mod.enacted_articles}
            if regulation is not None:
                base_links |= {(key, i, a) for a in link_by_number(mod, regulation)}
        rows["end to end"]["linker"][0] |= pred_links
        rows["end to end"]["baseline"][0] |= base_links
        for v in rows["end to end"].values():
            v[1] |= gold_pairs
        # gold items: the linker on the gold's own fields
        if key in gold_items and regulation is not None:
            mods = [KeyModification(topic=it["topic"], action=it["action"], draft_articles=it["draft_articles"],
                                    revised_articles=it["revised_articles"], sentences=it["sentences"])
                    for it in gold_items[key]]
        else:
            mods = [copy.deepcopy(m) for m in predicted]
        if regulation is None:
            continue
        link_modifications(mods, regulation)
        rows["gold items"]["linker"][0] |= {(key, i, a) for i, a in _pairs([m.enacted_articles for m in mods])}
        rows["gold items"]["baseline"][0] |= {(key, i, a) for i, a in _pairs([link_by_number(m, regulation) for m in mods])}
        for v in rows["gold items"].values():
            v[1] |= gold_pairs
        shifted, new_number = _renumbered(regulation)
        link_modifications(mods, shifted)
        shifted_gold = {(key, i, new_number[a]) for _, i, a in gold_pairs}
        rows["renumbered"]["linker"][0] |= {(key, i, a) for i, a in _pairs([m.enacted_articles for m in mods])}
        rows["renumbered"]["baseline"][0] |= {(key, i, a) for i, a in _pairs([link_by_number(m, shifted) for m in mods])}
        for v in rows["renumbered"].values():
            v[1] |= shifted_gold

    result = {"documents": documents_ok, "items": n_items, "labelled_seconds": round(labelled_s, 2),
              "scores": {view: {m: _score(*pg) for m, pg in ms.items()} for view, ms in rows.items()}}
    print(f"links to enacted articles: {documents_ok} documents linked to their regulation, {n_items} gold items")
    print(f"{'view':<12}{'method':<10}{'P':>7}{'R':>7}{'tp/pred/gold':>16}")
    for view, ms in result["scores"].items():
        for m, s in ms.items():
            print(f"{view:<12}{m:<10}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['tp']:>8}/{s['predicted']}/{s['gold']}")
    write_json(result, args.json, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
