"""Draw the articles to annotate for modality gold from LawRefBook, stratified so rare labels appear.

Six jurisdictions: the five provinces of ``DLC/`` other than the reserved 广东 and 重庆, and national
laws and administrative regulations. Within each, articles are drawn at random but with quotas for
articles whose text carries a cue of a rare label (所称/是指, 鼓励/提倡, 罚款/责令, …), because a
uniform draw gives too few definitions and encouragements to measure them. The cue only steers the
draw; annotators label by the guideline. At most ``--per-file`` articles come from one regulation.

    python training/collect/select_modality_articles.py --corpus ../shared/corpus/lawrefbook --out DIR
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from govnlp.parsing.lawrefbook import parse_lawrefbook
from govnlp.evaluation.rules import MODALITY_CUES

SOURCES = {
    "上海": ["DLC/上海地方法规"], "北京": ["DLC/北京地方法规"], "山东": ["DLC/山东地方法规"],
    "河南": ["DLC/河南地方法规"], "浙江": ["DLC/浙江地方法规"],
    "全国": ["行政法规", "行政法", "经济法", "社会法", "民法商法"],
}
RESERVED_PROVINCES = ("广东", "重庆")
QUOTA = {"definition": 18, "encouragement": 18, "liability": 25, "prohibition": 25,
         "permission": 25, "declarative": 20}


def hint(text: str) -> list[str]:
    found = [lab for lab, cues in MODALITY_CUES.items() if any(c in text for c in cues)]
    return found or ["declarative"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--per-jurisdiction", type=int, default=260)
    ap.add_argument("--per-file", type=int, default=5)
    ap.add_argument("--max-chars", type=int, default=500)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    chosen: list[dict] = []
    for juris, folders in SOURCES.items():
        files = sorted(p for f in folders for p in (args.corpus / f).rglob("*.md")
                       if not any(r in str(p) for r in RESERVED_PROVINCES))
        rng.shuffle(files)
        pool = []
        for path in files[:120]:
            try:
                doc = parse_lawrefbook(path).documents[0]
            except Exception:  # a malformed corpus file is simply not drawn from
                continue
            arts = [a for a in doc.articles if 8 < len(a.text) <= args.max_chars]
            rng.shuffle(arts)
            for a in arts[: args.per_file * 3]:
                pool.append({"source": str(path.relative_to(args.corpus)), "jurisdiction": juris,
                             "title": doc.title, "article": a.number, "text": a.text,
                             "hint": hint(a.text)})
        rng.shuffle(pool)
        taken, per_file = [], {}
        def take(rec):
            if per_file.get(rec["source"], 0) >= args.per_file or rec in taken:
                return False
            per_file[rec["source"]] = per_file.get(rec["source"], 0) + 1
            taken.append(rec)
            return True
        for label, n in QUOTA.items():
            got = 0
            for rec in pool:
                if got >= n:
                    break
                if label in rec["hint"] and take(rec):
                    got += 1
        for rec in pool:
            if len(taken) >= args.per_jurisdiction:
                break
            take(rec)
        chosen.extend(taken)
    args.out.mkdir(parents=True, exist_ok=True)
    for i, rec in enumerate(chosen):
        rec["id"] = f"m{i:04d}"
    by_batch = {"M1": ("上海", "北京"), "M2": ("山东", "河南"), "M3": ("浙江", "全国")}
    for name, juris in by_batch.items():
        with open(args.out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for rec in chosen:
                if rec["jurisdiction"] in juris:
                    out = {k: v for k, v in rec.items() if k != "hint"}
                    fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    second = rng.sample(chosen, 320)
    with open(args.out / "A2.jsonl", "w", encoding="utf-8") as fh:
        for rec in sorted(second, key=lambda r: r["id"]):
            out = {k: v for k, v in rec.items() if k != "hint"}
            fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    print(len(chosen), "articles;", {j: sum(r["jurisdiction"] == j for r in chosen) for j in SOURCES})


if __name__ == "__main__":
    main()
