"""Key modifications scored leave one report out: the extractor's recipes beside summary baselines.

Systems, same reports, same run: ``rules`` (labelling functions alone), ``lr-weak`` (TF-IDF+LR on
weak labels of all reports), ``lr-gold-loo`` (the same scorer on the gold sentences of the other
reports), ``lead-k`` and ``textrank-k``, plus any ``extra`` system. Scoring is
:func:`govnlp.evaluation.gold.score_summaries`, as in ``govnlp evaluate``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govnlp.components.keymods import KeyModificationExtractor
from govnlp.doc.io import read_jsonl
from govnlp.errors import InputError
from govnlp.evaluation.gold import match_documents, score_summaries, summary_length_baselines
from govnlp.parsing import parse

__all__ = ["load_reports", "leave_one_report_out", "format_table", "AnnotatedReport", "annotated_reports", "GROUPS"]


def load_reports(gazette: Path, gold_path: Path):
    """(gold records, parsed Documents, "govnlp.parse"): each gold report's parsed document.

    A gold report the parser does not find (overlap under 80 % of its lines) is an InputError.
    """
    gold = read_jsonl(gold_path)
    gazette_doc = parse(Path(gazette))
    docs = []
    for g in gold:
        (best,) = match_documents(gazette_doc.documents, [g], min_overlap=0.8)
        if best is None or not best.paragraphs:
            raise InputError(str(gold_path), f"the parser finds no document matching {g['title']!r}")
        docs.append(best)
    return gold, docs, "govnlp.parse"


def leave_one_report_out(gold, docs, extra=None, views=None):
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


TABLE_COLUMNS = ["P", "R", "F1", "rouge1", "rouge2", "rougeL", "action", "draft", "revised", "matched"]


def format_table(table: dict[str, dict], title: str, cols: list[str] = TABLE_COLUMNS, name_width: int = 22,
                 width: int = 9, missing: str = "n/a", indent: str = "") -> str:
    """A table of scores as fixed-width text, one system a row."""
    lines = [title, indent + f"{'system':<{name_width}}" + "".join(f"{c:>{width}}" for c in cols)]
    for name, row in table.items():
        cells = []
        for c in cols:
            v = row.get(c, missing)
            cells.append(f"{v:>{width}.3f}" if isinstance(v, float) else f"{v!s:>{width}}")
        lines.append(indent + f"{name:<{name_width}}" + "".join(cells))
    return "\n".join(lines)


# ------------------------------------------------------------------------------- every annotated report
GROUPS = ("NPC", "provinces", "cities", "sample")


@dataclass
class AnnotatedReport:
    """One gold report: its parsed document (``Document.text`` = the report as given), gold items, group."""

    id: str
    group: str                 # NPC | provinces | cities | sample
    jurisdiction: str
    document: object
    gold: dict                 # {"items": [...], ...}: what score_summaries reads
    no_change: bool            # annotated as recording no concrete change
    split: str | None = None


def annotated_reports(external: Path | None, gazette: Path | None = None, gold_path: Path | None = None,
                      cache: Path | None = None) -> tuple[list[AnnotatedReport], list[str]]:
    """The sample's gold reports (``gazette`` + ``gold_path``) and the external ones (``external``,
    texts from the cache), each parsed as a user's text would be; and the ids whose text is missing.

    An external record's ``text`` is the page from its ``start``; its items' ``sentences`` the page's
    characters at their spans (:func:`govnlp.evaluation.external.load_reports`).
    """
    from govnlp.evaluation.external import load_reports as load_external
    from govnlp.parsing import parse_document

    out: list[AnnotatedReport] = []
    missing: list[str] = []
    if gazette is not None and gold_path is not None:
        gold, docs, _ = load_reports(gazette, gold_path)
        for k, (g, d) in enumerate(zip(gold, docs)):
            out.append(AnnotatedReport(f"sample-{k + 1:02d}", "sample", "山西 (sample)", d, g,
                                       no_change=not g["items"], split="sample"))
    if external is not None and Path(external).is_file():
        ext = load_external(external, cache)
        missing = list(ext.missing)
        level_group = {"national": "NPC", "province": "provinces", "city": "cities"}
        for rec in ext.records:
            doc = parse_document(rec["text"], title=rec.get("title", ""), source=rec["id"])
            out.append(AnnotatedReport(rec["id"], level_group.get(rec.get("level"), rec.get("level", "?")),
                                       rec.get("jurisdiction", ""), doc, rec,
                                       no_change=bool(rec.get("no_change")), split=rec.get("split")))
    return out, missing
