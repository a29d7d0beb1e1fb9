"""Training material for the document-type classifier: annotated pages and annotated issues as views.

An example is ``(view, label, group)``: the ``(title, opening)`` pair the classifier reads, the
GUIDELINES §1 label, and the jurisdiction group it must be held out by (the NPC; a province with
its cities; an issue's own name), so that no figure is measured on a jurisdiction it trained on.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from govnlp.components.doctype import document_view, page_view
from govnlp.doc.io import read_jsonl

__all__ = ["Example", "page_examples", "issue_examples", "jurisdiction_group", "fit_doctype",
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
