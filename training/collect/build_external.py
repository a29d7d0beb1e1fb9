"""Turn the collectors' annotation parts into the committed national material under ``data/``.

The parts (``~/.cache/govnlp/parts/``, outside git) hold what each collector or annotator wrote:
documents and review reports found through stored web pages (``D*.documents.jsonl``,
``R*.reports.jsonl``, with verbatim sentences), LawRefBook modality labels (``M*.modality.jsonl``)
and the blind second annotations (``A2.modality.jsonl``, ``X2.*.jsonl``). This script

* checks every page against its cached text (sha1, ``start_at``, every sentence a substring);
* turns report sentences into character spans of the cached text, so no page text is committed;
* assigns splits by jurisdiction (``SPLITS`` below): a test jurisdiction never reaches training;
* applies the adjudication of annotator disagreements (``ADJUDICATED``);
* writes ``data/external/{documents,review_reports}.jsonl`` and ``data/gold/modality*.jsonl``.

    python training/collect/build_external.py [--parts DIR] [--cache DIR] [--corpus LAWREFBOOK] [--out data]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from govnlp.doc.io import read_jsonl
from govnlp.parsing import parse_lawrefbook

CACHE = Path.home() / ".cache" / "govnlp"
REPO = Path(__file__).resolve().parents[2]

#: Modality gold: six jurisdictions, two held out for test, one for dev.
MODALITY_SPLITS = {"上海": "train", "北京": "train", "河南": "train", "浙江": "dev", "山东": "test", "全国": "test"}
#: Documents and reports: the NPC is a test jurisdiction (its reports get their own line); of the
#: others, jurisdictions are drawn by the hash of their name until test and dev reach these shares.
NATIONAL_TEST = "全国人大"
DOC_SHARES = {"test": 0.15, "dev": 0.2}
#: Disagreements of the two modality annotators, decided by GUIDELINES §2 (see data/README.md).
ADJUDICATED = {
    "m0344": ["obligation"],        # items inherit the introducing 应当…义务 clause
    "m0472": ["declarative"],       # 纳入本市计划，保证供应: no deontic verb, no actor
    "m0962": ["obligation"],        # 不予办理 states the consequence, not a separate prohibition
    "m1318": ["encouragement"],     # 国家采取…支持措施 without 应当: support without duty
    "m1457": ["declarative"],       # 国家建立…; 部门…制作和管理: statements without a deontic verb
    "m1548": ["declarative"],       # as m1457
}
MAX_FIELD = 300


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def page_text(cache: Path, digest: str) -> str | None:
    path = cache / "external" / f"{digest}.txt"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    if sha1(text) != digest:
        sys.exit(f"{path}: text does not hash to its name")
    return text


def document_splits(records: list[dict]) -> dict[str, str]:
    counts = Counter(r["jurisdiction"] for r in records)
    total = sum(counts.values())
    splits = {NATIONAL_TEST: "test"}
    filled = {"test": 0, "dev": 0}
    for j in sorted(counts, key=lambda j: hashlib.sha1(j.encode()).hexdigest()):
        if j in splits:
            continue
        for split in ("test", "dev"):
            if filled[split] + counts[j] <= DOC_SHARES[split] * (total - counts[NATIONAL_TEST]):
                splits[j] = split
                filled[split] += counts[j]
                break
        else:
            splits[j] = "train"
    return splits


def item_with_spans(item: dict, text: str, start: int = 0) -> dict | None:
    """A key-modification item as committed: its sentences as ``[start, end)`` spans of the page text
    (searched from ``start``), its topic cut to 60 characters; ``None`` when a sentence is not there."""
    spans = []
    for sentence in item["sentences"]:
        at = text.find(sentence, start)
        if at < 0:
            return None
        spans.append([at, at + len(sentence)])
    return {"topic": item["topic"][:60], "action": item["action"], "draft_articles": item.get("draft_articles", []),
            "revised_articles": item.get("revised_articles", []), "spans": spans}


def build_documents(parts: Path, cache: Path) -> tuple[list[dict], list[dict], dict]:
    raw = [(f.stem.split(".")[0], r) for pattern in ("R*.reports.jsonl", "D*.documents.jsonl")
           for f in sorted(parts.glob(pattern)) for r in read_jsonl(f)]
    docs, reports, seen = [], [], set()
    problems = Counter()
    for part, r in raw:
        text = page_text(cache, r["sha1"])
        if text is None:
            problems["missing cache"] += 1
            continue
        start = 0
        if r.get("start_at"):
            start = text.find(r["start_at"])
            if start < 0:
                problems["start_at not found"] += 1
                continue
        key = (r["sha1"], start)
        if key in seen:
            problems["duplicate page"] += 1
            continue
        seen.add(key)
        doc = {
            "id": f"x{r['sha1'][:10]}" + (f"-{start}" if start else ""),
            "url": r["url"], "query": r["query"], "jurisdiction": r["jurisdiction"], "level": r["level"],
            "title": r["title"], "doc_type": r["doc_type"], "shape": r["shape"], "sha1": r["sha1"],
            "start": start, "chars": len(text) - start, "collector": part,
        }
        if r.get("note"):
            doc["note"] = r["note"][:200]
        docs.append(doc)
        if "items" in r:
            items = []
            for it in r["items"]:
                item = item_with_spans(it, text, start)
                if item is None:
                    problems["sentence not in text"] += 1
                else:
                    items.append(item)
            reports.append({**doc, "items": items, "truncated": bool(r.get("truncated")),
                            "no_change": bool(r.get("no_change"))})
    splits = document_splits(docs)
    for rec in docs + reports:
        rec["split"] = splits[rec["jurisdiction"]]
    return docs, reports, {"problems": dict(problems), "splits": splits}


def build_modality(parts: Path, corpus: Path) -> tuple[list[dict], list[dict]]:
    first = [r for f in sorted(parts.glob("M*.modality.jsonl")) for r in read_jsonl(f)]
    second = read_jsonl(parts / "A2.modality.jsonl") if (parts / "A2.modality.jsonl").is_file() else []
    texts: dict[tuple[str, str], str] = {}
    for r in first:
        key = (r["source"], r["article"])
        if key not in texts:
            doc = parse_lawrefbook(corpus / r["source"]).documents[0]
            for a in doc.articles:
                texts.setdefault((r["source"], a.number), a.text)

    def record(r: dict, labels: list[str], adjudicated: bool) -> dict:
        text = texts[(r["source"], r["article"])]
        evidence = {lab: clause for lab, clause in (r.get("evidence") or {}).items() if lab in labels and clause in text}
        out = {"id": r["id"], "source": f"lawrefbook:{r['source']}", "jurisdiction": r["jurisdiction"],
               "article": r["article"], "labels": labels, "evidence": evidence,
               "split": MODALITY_SPLITS[r["jurisdiction"]]}
        if adjudicated:
            out["adjudicated"] = True
        if r.get("note"):
            out["note"] = r["note"][:150]
        return out

    gold = [record(r, ADJUDICATED.get(r["id"], r["labels"]), r["id"] in ADJUDICATED) for r in first]
    annotator2 = [record(r, r["labels"], False) for r in second]
    return gold, annotator2


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for row in rows:
        for value in _strings(row):
            if len(value) > MAX_FIELD:
                sys.exit(f"{path}: a field of {row.get('id')} is over {MAX_FIELD} characters")
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parts", type=Path, default=CACHE / "parts")
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "lawrefbook")
    ap.add_argument("--out", type=Path, default=REPO / "data")
    args = ap.parse_args()
    docs, reports, info = build_documents(args.parts, args.cache)
    gold, annotator2 = build_modality(args.parts, args.corpus)
    write_jsonl(args.out / "external" / "documents.jsonl", docs)
    write_jsonl(args.out / "external" / "review_reports.jsonl", reports)
    write_jsonl(args.out / "gold" / "modality.jsonl", gold)
    write_jsonl(args.out / "gold" / "modality.annotator2.jsonl", annotator2)
    for name in ("documents", "review_reports"):
        second = args.parts / f"X2.{name}.jsonl"
        if second.is_file():
            write_jsonl(args.out / "external" / f"{name}.annotator2.jsonl", read_jsonl(second))
    (args.out / "splits.json").write_text(json.dumps(
        {"documents": info["splits"], "modality": MODALITY_SPLITS}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"documents": len(docs), "review_reports": len(reports), "modality": len(gold),
                      "modality_annotator2": len(annotator2), "skipped": info["problems"],
                      "documents_by_split": Counter(d["split"] for d in docs)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
