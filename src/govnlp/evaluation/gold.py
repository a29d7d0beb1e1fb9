"""Scoring a pipeline against gold in the guideline's format, beside baselines that need no training.

Why in the library: the figures that matter most are on material the models never saw, such as
another province's gazette or an NPC issue that a user annotates after GUIDELINES.md.
``govnlp evaluate --issue ISSUE.txt --gold DIR`` scores the shipped (or the user's) models on it;
the cross-validated figures on the seed gold are ``benchmarks/eval.py``'s job.

A gold folder holds any of ``documents.jsonl``, ``modality.jsonl`` and ``key_modifications.jsonl``,
each record as in ``shared/gold/seed`` (start/end lines refer to the issue's text file).  Systems:

* doctype: the pipeline, keyword rules (:class:`govnlp.rules.KeywordDocTypeClassifier`), the
  labelling functions of :mod:`govnlp.labeling` (title-aware rules);
* modality: the pipeline's tagger on each gold article's text, keyword rules, labelling functions;
* keymods: the pipeline end to end (a report it does not type as a report yields no items), the same
  extractor on every gold report, the weak labelling functions alone, Lead-k and TextRank
  (k = mean gold sentence count of the other reports).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from govnlp.doc.io import iter_jsonl
from govnlp.errors import InputError
from govnlp.text.compare import comparison_key
from govnlp.text.view import body_view

GOLD_FILES = {"doctype": "documents.jsonl", "modality": "modality.jsonl", "keymods": "key_modifications.jsonl"}
_REQUIRED = {"doctype": ("start_line", "end_line", "doc_type"), "modality": ("text", "labels"),
             "keymods": ("start_line", "end_line", "items")}


def read_gold(gold_dir: str | Path, tasks: Sequence[str] | None = None) -> dict[str, list[dict]]:
    """Gold records per task found in ``gold_dir``; a malformed line is an error naming file and line."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(str(gold_dir), "gold folder not found")
    out = {}
    for task in tasks or GOLD_FILES:
        if task not in GOLD_FILES:
            raise ValueError(f"unknown task {task!r}; choose from {sorted(GOLD_FILES)}")
        path = gold_dir / GOLD_FILES[task]
        if not path.is_file():
            if tasks:
                raise InputError(str(path), f"no gold for task {task!r} ({GOLD_FILES[task]} missing)")
            continue
        records = []
        for n, rec in iter_jsonl(path):
            missing = [k for k in _REQUIRED[task] if not isinstance(rec, dict) or k not in rec]
            if missing:
                raise InputError(str(path), f"line {n} lacks {', '.join(missing)}")
            if task == "modality" and not isinstance(rec["labels"], list):
                raise InputError(str(path), f"line {n}: labels must be a list, e.g. [\"obligation\"]")
            if task == "keymods":
                bad = [k for k, it in enumerate(rec["items"], 1)
                       if not isinstance(it, dict) or not {"action", "sentences"} <= set(it)]
                if bad:
                    raise InputError(str(path), f"line {n}: item {bad[0]} lacks action or sentences")
            unknown = _unknown_labels(task, rec)
            if unknown:
                raise InputError(str(path), f"line {n}: {', '.join(map(repr, unknown))} is not a label of GUIDELINES.md")
            records.append(rec)
        if not records:
            raise InputError(str(path), "no gold record in the file")
        out[task] = records
    if not out:
        raise InputError(str(gold_dir), f"none of {', '.join(GOLD_FILES.values())} found")
    return out


def _unknown_labels(task: str, rec: dict) -> list:
    from govnlp.labels import DOC_TYPES
    from govnlp.labels import ACTIONS
    from govnlp.labels import MODALITY_LABELS

    if task == "doctype":
        found = [rec["doc_type"]]
        known = DOC_TYPES
    elif task == "modality":
        found = rec["labels"]
        known = MODALITY_LABELS
    else:
        found = [it["action"] for it in rec["items"]]
        known = ACTIONS
    return [x for x in found if x not in known]


def match_documents(documents, gold: Sequence[dict], min_overlap: float = 0.5) -> list:
    """For each gold record, the parsed document covering most of its line span (None if < min_overlap)."""
    out = []
    for g in gold:
        span = max(1, g["end_line"] - g["start_line"] + 1)
        best, best_ov = None, 0
        for d in documents:
            ov = min(d.end_line, g["end_line"]) - max(d.start_line, g["start_line"]) + 1
            if ov > best_ov:
                best, best_ov = d, ov
        out.append(best if best_ov >= min_overlap * span else None)
    return out


# ------------------------------------------------------------------------------- key modifications
def match_items(gold_items: Sequence[dict], predicted: Sequence) -> list[tuple[dict, object]]:
    """(gold, predicted) item pairs by most shared sentence keys, greedy, each prediction used once."""
    pairs, used = [], set()
    for g in gold_items:
        keys = {comparison_key(s) for s in g["sentences"]}
        best, best_ov = None, 0
        for j, p in enumerate(predicted):
            ov = len(keys & {comparison_key(s) for s in p.sentences})
            if j not in used and ov > best_ov:
                best, best_ov = j, ov
        if best is not None:
            used.add(best)
            pairs.append((g, predicted[best]))
    return pairs


def score_summaries(gold: Sequence[dict], predicted: Sequence[list[str]],
                    predicted_items: Sequence[list] | None = None) -> dict:
    """GUIDELINES §3 scores of one system over reports.

    Sentence P/R/F1 micro over reports, char ROUGE-1/2/L F1 macro over reports (both empty = 1),
    and, given predicted items, action and draft/revised article accuracy over matched gold items.
    """
    from govnlp.evaluation.metrics import rouge_scores, sentence_prf

    tp = n_pred = n_gold = 0
    rouge: dict[str, list[float]] = {"rouge1": [], "rouge2": [], "rougeL": []}
    for g, pred in zip(gold, predicted):
        gsents = [s for it in g["items"] for s in it["sentences"]]
        s = sentence_prf(pred, gsents)
        tp, n_pred, n_gold = tp + s["tp"], n_pred + s["n_pred"], n_gold + s["n_gold"]
        for k, v in rouge_scores(pred, gsents).items():
            rouge[k].append(v)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    row = {"P": p, "R": r, "F1": 0.0 if p + r == 0 else 2 * p * r / (p + r),
           **{k: float(np.mean(v)) if v else 0.0 for k, v in rouge.items()}}
    if predicted_items is not None:
        pairs = [pr for g, items in zip(gold, predicted_items) for pr in match_items(g["items"], items)]
        n_items = sum(len(g["items"]) for g in gold)

        def same(a, b):  # "第(三)项" == "第（三）项"
            return [comparison_key(x) for x in a] == [comparison_key(x) for x in b]

        row["matched"] = f"{len(pairs)}/{n_items}"
        row["action"] = sum(g["action"] == p.action for g, p in pairs) / max(1, len(pairs))
        row["draft"] = sum(same(g.get("draft_articles", []), p.draft_articles) for g, p in pairs) / max(1, len(pairs))
        row["revised"] = sum(same(g.get("revised_articles", []), p.revised_articles) for g, p in pairs) / max(1, len(pairs))
    return row


def body_sentences(document) -> list[str]:
    """The sentences a summary baseline may pick: body units of the report, no headings or opening."""
    from govnlp.components.keymods import report_units

    return [u.text for u in report_units(document) if not u.is_heading and u.region != "intro"]


def summary_length_baselines(gold: Sequence[dict], documents: Sequence) -> dict[str, list[list[str]]]:
    """Lead-k and TextRank summaries; k = mean gold sentence count of the *other* reports."""
    from govnlp.evaluation.baselines import LeadK, TextRankSummarizer

    counts = [sum(len(it["sentences"]) for it in g["items"]) for g in gold]
    lead, textrank = LeadK(), TextRankSummarizer()
    out: dict[str, list[list[str]]] = {"lead-k": [], "textrank-k": []}
    for i, doc in enumerate(documents):
        others = [c for j, c in enumerate(counts) if j != i] or counts
        k = max(1, round(float(np.mean(others))))
        sents = body_sentences(doc) if doc is not None else []
        out["lead-k"].append(lead.summarize(sents, k))
        out["textrank-k"].append(textrank.summarize(sents, k))
    return out


# ------------------------------------------------------------------------------- the evaluation
@dataclass
class Evaluation:
    """Per task: system name → metrics; ``notes`` says what was matched and what was not."""

    tables: dict[str, dict[str, dict]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"tables": self.tables, "notes": self.notes}

    def format(self) -> str:
        lines = []
        for task, table in self.tables.items():
            width = {c: max(9, len(c) + 2) for row in table.values() for c in row}
            lines.append(f"\n{task}")
            lines.append(f"  {'system':<34}" + "".join(f"{c:>{w}}" for c, w in width.items()))
            for name, row in table.items():
                cells = [f"{row[c]:>{w}.3f}" if isinstance(row.get(c), float)
                         else f"{'-' if row.get(c) is None else row[c]!s:>{w}}" for c, w in width.items()]
                lines.append(f"  {name:<34}" + "".join(cells))
            lines += [f"  {n}" for n in self.notes.get(task, [])]
        return "\n".join(lines).lstrip("\n")


def evaluate(gold_dir: str | Path, issue: str | Path | None = None, nlp=None,
             tasks: Sequence[str] | None = None, model_dirs: dict | None = None) -> Evaluation:
    """Score ``nlp`` (default: ``govnlp.load(**model_dirs)``) on the gold in ``gold_dir``.

    ``issue`` is the gazette text the document and key-modification gold refers to (by line);
    modality gold alone needs none (its records carry the article text).  The gold is checked
    before any model is loaded.
    """
    from govnlp.supervision.labeling import label_doc_type, weak_modality_labels
    from govnlp.evaluation.metrics import multilabel_scores, singlelabel_scores
    from govnlp.labels import MODALITY_LABELS
    from govnlp.evaluation.rules import KeywordDocTypeClassifier, KeywordModalityTagger

    gold = read_gold(gold_dir, tasks)
    needs_issue = [t for t in ("doctype", "keymods") if t in gold]
    if needs_issue and issue is None:
        raise InputError(str(gold_dir), f"{' and '.join(GOLD_FILES[t] for t in needs_issue)} refer to an issue's "
                                        "lines: give the issue's text file (--issue)")
    if nlp is None:
        from govnlp.pipeline import load

        nlp = load(**(model_dirs or {}))
    result = Evaluation()
    gazette = nlp(Path(issue)) if needs_issue else None

    if "doctype" in gold:
        from govnlp.text.document_input import document_text

        g = gold["doctype"]
        docs = match_documents(gazette.documents, g)
        y = [r["doc_type"] for r in g]
        found = [d for d in docs if d is not None]
        texts = [document_text(d.title, d.issuer, body_view(d)) for d in found]
        kw = iter(KeywordDocTypeClassifier().predict(texts))
        preds: dict[str, list] = {
            "govnlp pipeline": [d.doc_type if d is not None else None for d in docs],
            "keyword rules": [next(kw) if d is not None else None for d in docs],
            "labelling functions": [label_doc_type(d.title, d.issuer, body_view(d)) if d is not None else None for d in docs],
        }
        result.tables["doctype"] = {name: {k: s[k] for k in ("accuracy", "macro_f1")}
                                    for name, s in ((n, singlelabel_scores(y, p)) for n, p in preds.items())}
        result.notes["doctype"] = [f"{len(found)} of {len(g)} gold documents found by the parser (a missing one counts as wrong)"]
        misses = [(r, d) for r, d in zip(g, docs) if d is None or d.doc_type != r["doc_type"]]
        result.notes["doctype"] += [f"miss: line {r['start_line']}: gold {r['doc_type']}, predicted "
                                    f"{d.doc_type if d is not None else '(not found)'}: {r.get('title', '')[:40]}"
                                    for r, d in misses]

    if "modality" in gold:
        g = gold["modality"]
        texts, y = [r["text"] for r in g], [r["labels"] for r in g]
        tagger = nlp.get_pipe("modality").tagger
        preds = {
            "govnlp pipeline": [m.labels for m in tagger.tag_texts(texts)],
            "keyword rules": KeywordModalityTagger().predict(texts),
            "labelling functions": [weak_modality_labels(t) for t in texts],
        }
        table = {}
        for name, p in preds.items():
            s = multilabel_scores(y, p, labels=list(MODALITY_LABELS))
            seen = {lab for labels in (*y, *p) for lab in labels}   # a label in neither has no F1
            table[name] = {"micro_f1": s["micro_f1"], "macro_f1": s["macro_f1"],
                           **{lab: s["per_label"][lab]["f1-score"] if lab in seen else None for lab in MODALITY_LABELS}}
        result.tables["modality"] = table
        support = {lab: sum(lab in labels for labels in y) for lab in MODALITY_LABELS}
        result.notes["modality"] = [f"{len(g)} gold articles, tagged from their gold text; per label: "
                                    + ", ".join(f"{lab} {n}" for lab, n in support.items()),
                                    "'-': the label is in neither the gold nor the predictions"]

    if "keymods" in gold:
        from govnlp.components.keymods import KeyModificationExtractor
        from govnlp.labels import REPORT_TYPES

        g = gold["keymods"]
        docs = match_documents(gazette.documents, g)
        extractor = nlp.get_pipe("keymods").extractor
        typed = [d is not None and d.doc_type in REPORT_TYPES for d in docs]
        end_to_end = [list(d.key_modifications or []) if t else [] for d, t in zip(docs, typed)]
        # the pipeline already ran the extractor on the documents it typed as reports: reuse those
        every = [items if t else extractor.predict(d) if d is not None else []
                 for d, t, items in zip(docs, typed, end_to_end)]
        rule_extractor = KeyModificationExtractor()   # unfitted: the weak labelling functions decide
        rules = [rule_extractor.predict(d) if d is not None else [] for d in docs]
        sents = lambda items_per_doc: [[s for it in items for s in it.sentences] for items in items_per_doc]
        table = {
            "govnlp pipeline (end to end)": score_summaries(g, sents(end_to_end), end_to_end),
            "govnlp extractor, gold reports": score_summaries(g, sents(every), every),
            "labelling functions": score_summaries(g, sents(rules), rules),
        }
        for name, summaries in summary_length_baselines(g, docs).items():
            table[name] = score_summaries(g, summaries)
        result.tables["keymods"] = table
        n_found = sum(d is not None for d in docs)
        n_typed = sum(typed)
        result.notes["keymods"] = [f"{len(g)} gold reports, {n_found} found by the parser, {n_typed} typed as "
                                   "review reports by the pipeline (end to end needs both)"]
    return result


# ------------------------------------------------------------------------------- stress views
_NATIONAL = [
    ("法制委员会", "宪法和法律委员会"), ("山西省人民代表大会常务委员会", "全国人民代表大会常务委员会"),
    ("山西省人大常委会", "全国人大常委会"), ("省人大常委会", "全国人大常委会"), ("省人民政府", "国务院"),
    ("本条例", "本法"), ("条例(草案)", "法(草案)"), ("条例（草案）", "法（草案）"), ("全省", "全国"), ("本省", "我国"),
]


def national_style(text: str) -> str:
    """A Shanxi text with the names of the national level put in (法制委员会 → 宪法和法律委员会, …).

    A stress view, not NPC material: the committee and institution names change, the phrasing
    does not.  Applied alike to an issue and its gold, so the gold stays aligned.  A name wrapped
    across lines (PDF extraction) is replaced too, its line breaks moved after it, so line numbers
    do not change.
    """
    for old, new in _NATIONAL:
        pattern = re.compile(r"(\s*)".join(map(re.escape, old)))
        text = pattern.sub(lambda m: new + "".join(g for g in m.groups() if g), text)
    return text
