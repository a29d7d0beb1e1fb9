"""Training material for the document-type classifier: annotated pages and annotated issues as views.

An example is ``(view, label, group)``: the ``(title, opening)`` pair the classifier reads, the
GUIDELINES §1 label, and the jurisdiction group it must be held out by (the NPC; a province with
its cities; an issue's own name), so that no figure is measured on a jurisdiction it trained on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from govnlp.components.doctype import document_view, page_view
from govnlp.doc.io import read_jsonl

__all__ = ["Example", "page_examples", "issue_examples", "jurisdiction_group", "fit_doctype", "user_examples",
           "train_doctype_on_user_material",
           "with_annotated_titles"]


@dataclass
class Example:
    view: tuple[str, str]
    label: str
    group: str
    meta: dict


def jurisdiction_group(jurisdiction: str) -> str:
    """``"全国人大"`` → ``"NPC"``; ``"河南·洛阳市"`` → ``"河南"``: a province is held out with its cities."""
    if jurisdiction in ("全国人大", "全国", "national"):
        return "NPC"
    return jurisdiction.split("·", 1)[0]


def page_examples(records: Iterable[dict]) -> list[Example]:
    """Annotated pages (records with ``text`` and ``doc_type``, as :func:`load_documents` gives)."""
    return [Example(page_view(r["text"])[0], r["doc_type"], jurisdiction_group(r["jurisdiction"]), r)
            for r in records]


def issue_examples(issue: str | Path, gold_documents: str | Path, group: str) -> list[Example]:
    """The documents of an annotated issue, read as the pipeline reads them (parsed, matched by line)."""
    from govnlp.parsing import parse

    gazette = parse(Path(issue))
    by_line = {d.start_line: d for d in gazette.documents}
    out = []
    for rec in read_jsonl(gold_documents):
        doc = by_line.get(rec["start_line"])
        if doc is not None:
            out.append(Example(document_view(doc), rec["doc_type"], group, rec))
    return out


def with_annotated_titles(examples: list[Example]) -> list[Example]:
    """``examples`` plus, for each page whose annotated title differs from the one the finder read,
    the same example with the annotated title: the model learns titles from every annotated page,
    not only from those whose title the finder got right. (Chosen by cross-validation on the train
    and dev jurisdictions: +0.03 accuracy.)"""
    from govnlp.text.view import model_view

    extra = []
    for e in examples:
        title = model_view(e.meta.get("title", "")).strip() if "sha1" in e.meta else ""
        if title and title != e.view[0]:
            extra.append(Example((title, e.view[1]), e.label, e.group, e.meta))
    return examples + extra


def fit_doctype(examples: list[Example], annotated_titles: bool = True, **params):
    """A :class:`TitleOpeningClassifier` fitted on ``examples`` (and their annotated titles)."""
    from govnlp.inference.title_opening import TitleOpeningClassifier

    if annotated_titles:
        examples = with_annotated_titles(examples)
    return TitleOpeningClassifier(**params).fit([e.view for e in examples], [e.label for e in examples])


def user_examples(files: list[Path], gold: str | Path | None) -> tuple[list[Example], str]:
    """The user's documents as examples, and where their labels come from.

    With ``gold`` (a ``documents.jsonl`` in the format of GUIDELINES / ``govnlp evaluate``): records
    with ``start_line`` refer to the one issue among ``files``; records with ``text`` (or ``path``)
    are pages. Without it, the documents of the issues in ``files`` labelled by the cue rules (weak
    labels, as a fallback).
    """
    from govnlp.errors import InputError
    from govnlp.parsing import parse
    from govnlp.supervision.labeling import label_doc_type
    from govnlp.text.view import body_view

    issues = [f for f in files if f.suffix.lower() in (".txt", ".pdf", ".htm", ".html", ".md")]
    if gold is None:
        out = []
        for f in issues:
            for doc in parse(f).documents:
                label = label_doc_type(doc.title, doc.issuer, body_view(doc))
                if label:
                    out.append(Example(document_view(doc), label, f.name, {"title": doc.title}))
        return out, "weak labels (cue rules)"
    rows = read_jsonl(gold)
    by_line = [r for r in rows if "start_line" in r]
    pages = [r for r in rows if "start_line" not in r]
    out = []
    if by_line:
        if len(issues) != 1:
            raise InputError(str(gold), f"records with start_line need exactly one issue in --data (got {len(issues)})")
        gazette = parse(issues[0])
        starts = {d.start_line: d for d in gazette.documents}
        for r in by_line:
            doc = starts.get(r["start_line"])
            if doc is not None:
                out.append(Example(document_view(doc), r["doc_type"], doc.title or str(r["start_line"]), r))
    for r in pages:
        text = r.get("text") or (Path(r["path"]).read_text(encoding="utf-8") if r.get("path") else "")
        if text and r.get("doc_type"):
            out.append(Example(page_view(text)[0], r["doc_type"], r.get("id") or r.get("title") or text[:20], r))
    if not out:
        raise InputError(str(gold), "no gold document could be matched (start_line of a parsed document, or text/path)")
    return out, "your gold annotations"


def train_doctype_on_user_material(files: list[Path], out: str | Path, gold=None, holdout: float = 0.3,
                                   seed: int = 0) -> dict:
    """Adapt the shipped document-type model to a user's documents; before/after on held-out ones.

    The shipped model is the prior of the new one (its probabilities are features, and labels the
    user's documents never show keep its probability), so a handful of documents moves it where
    they disagree with it without forgetting the rest. A fifth to a third of the documents (by a
    hash of their group: an issue's document, a page) are held out and scored before and after.
    """
    import hashlib
    import warnings

    from govnlp.evaluation.metrics import singlelabel_scores
    from govnlp.inference.models import load_doctype_classifier, shipped_model_path
    from govnlp.inference.title_opening import TitleOpeningClassifier

    examples, source = user_examples(files, gold)

    def held(e: Example) -> bool:
        digest = hashlib.sha1(f"{seed}:{e.group}".encode("utf-8")).digest()
        return digest[0] / 256 < holdout

    test = [e for e in examples if held(e)]
    train = [e for e in examples if not held(e)]
    if not train or not test:
        raise ValueError(f"too few documents to train and hold some out ({len(examples)} documents)")
    before = load_doctype_classifier(shipped_model_path("doctype"))
    prior = before if isinstance(before, TitleOpeningClassifier) else None
    after = TitleOpeningClassifier(prior=prior).fit([e.view for e in train], [e.label for e in train])

    def score(model) -> dict:
        s = singlelabel_scores([e.label for e in test], model.predict([e.view for e in test]))
        return {"accuracy": round(s["accuracy"], 4), "macro_f1": round(s["macro_f1"], 4), "n": len(test)}

    result = {"task": "doctype", "labels_from": source, "train_documents": len(train),
              "heldout_documents": len(test), "heldout": {"after": score(after)}}
    if prior is not None:
        result["heldout"]["before (shipped model)"] = score(before)
        if result["heldout"]["after"]["accuracy"] < result["heldout"]["before (shipped model)"]["accuracy"]:
            message = ("the adapted model is worse than the shipped one on your held-out documents "
                       f"({result['heldout']['after']['accuracy']:.3f} < "
                       f"{result['heldout']['before (shipped model)']['accuracy']:.3f}); keep the shipped model")
            result["warning"] = message
            warnings.warn(message, stacklevel=2)
    after.save(out, card={k: v for k, v in result.items() if k != "heldout"} | {"heldout": result["heldout"]})
    (Path(out) / "README.md").write_text(
        "# govnlp doctype model, adapted\n\nThe shipped document-type model adapted to the documents of "
        f"{', '.join(str(f) for f in files)} (labels: {source}).\n\nHeld-out documents: "
        + json.dumps(result["heldout"], ensure_ascii=False) + "\n\nLoad it with `govnlp.load(doctype=\"" + str(out) + "\")`.\n",
        encoding="utf-8")
    from govnlp.inference.models import write_checksums
    write_checksums(out)
    return result
