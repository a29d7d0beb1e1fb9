"""Fine-tuning task models on further material with weak labels (``govnlp train``).

Users extend govnlp to their own province by pointing it at a folder of regulations (LawRefBook
Markdown) or gazette issues (text): the labelling functions of :mod:`govnlp.labeling` label it,
optional gold JSONL in the guideline's format is added, a held-out split (by file, so no document
leaks across) measures the result before (the shipped model) and after, and the new model is
written as a directory that ``govnlp.load(<task>=DIR)`` takes.
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from pathlib import Path
from typing import Iterable

from govnlp.inference.classifier import BertTextClassifier
from govnlp.doc.io import iter_jsonl
from govnlp.errors import GovNLPError, InputError
from govnlp.inference.models import write_checksums
from govnlp.evaluation.metrics import multilabel_scores
from govnlp.labels import MODALITY_LABELS
from govnlp.components.modality import ModalityTagger
from govnlp.text.view import body_view

# Hyper-parameters of the shipped models; `govnlp train` uses the same unless told otherwise.
TASK_SETTINGS = {
    "modality": dict(multi_label=True, max_length=192, batch_size=32, learning_rate=3e-4),
    "doctype": dict(multi_label=False, max_length=192, batch_size=32, learning_rate=3e-4),
    "keymods": dict(multi_label=False, max_length=128, batch_size=32, learning_rate=3e-4),
}


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in {".md", ".txt"} and f.is_file()))
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(str(p), "no such file or folder")
    if not files:
        raise InputError(_names(paths), "no .md or .txt file found")
    return files


def held_out(key: str, fraction: float = 0.1) -> bool:
    """Deterministic split by file: the same file is always on the same side."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest()[:8], 16) % 1000 < fraction * 1000


def split_by_group(rows: list[dict], fraction: float = 0.1) -> tuple[list[dict], list[dict]]:
    """Train/test split by ``group`` (file): by hash, with at least one group held out."""
    groups = sorted({r["group"] for r in rows})
    test_groups = {g for g in groups if held_out(g, fraction)}
    if not test_groups and len(groups) > 1:
        test_groups = {min(groups, key=lambda g: hashlib.md5(g.encode("utf-8")).hexdigest())}
    if len(test_groups) == len(groups) and len(groups) > 1:
        test_groups.discard(groups[0])
    return [r for r in rows if r["group"] not in test_groups], [r for r in rows if r["group"] in test_groups]


def parse_any(path: Path):
    from govnlp.parsing.lawrefbook import parse_lawrefbook
    from govnlp.parsing import parse

    return parse_lawrefbook(path) if path.suffix == ".md" else parse(path)


def modality_examples(files: list[Path]) -> tuple[list[dict], list[dict]]:
    """Weakly labelled articles of every regulation/decision in the files, and files that failed."""
    from govnlp.supervision.labeling import weak_modality_labels

    rows, failed = [], []
    for f in files:
        try:
            gazette = parse_any(f)
        except GovNLPError as exc:
            failed.append({"file": str(f), "error": str(exc)})
            continue
        for art in gazette.articles:
            if len(art.text) < 8:
                continue
            rows.append({"text": art.text, "labels": weak_modality_labels(art.text), "group": str(f)})
    return rows, failed


def read_gold_modality(path: str | Path) -> list[dict]:
    """Gold articles ``{"text", "labels"}``; a record that is not one is an error naming file and line."""
    rows = []
    for n, rec in iter_jsonl(path):
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or "labels" not in rec:
            raise InputError(str(path), f"line {n} is not a gold modality record (needs \"text\" and \"labels\")")
        labels = rec["labels"]
        if not isinstance(labels, list) or not labels:
            raise InputError(str(path), f"line {n}: labels must be a non-empty list, e.g. [\"obligation\"], "
                                        f"not {json.dumps(labels, ensure_ascii=False)}")
        unknown = [lab for lab in labels if lab not in MODALITY_LABELS]
        if unknown:
            raise InputError(str(path), f"line {n}: {', '.join(map(repr, unknown))} is not a modality label of "
                                        f"GUIDELINES.md ({', '.join(MODALITY_LABELS)})")
        rows.append({"text": rec["text"], "labels": list(labels), "group": f"gold:{rec.get('regulation', n)}"})
    return rows


def evaluate_modality(clf: BertTextClassifier, rows: list[dict], aggregate: str = "article") -> dict:
    preds = ModalityTagger(clf, aggregate=aggregate).tag_texts([r["text"] for r in rows])
    return multilabel_scores([r["labels"] for r in rows], [m.labels for m in preds], labels=list(MODALITY_LABELS))


def _shipped(task: str) -> BertTextClassifier | None:
    from govnlp.inference.models import shipped_model_path

    try:
        return BertTextClassifier.load(shipped_model_path(task))
    except GovNLPError:
        return None


def train_task(task: str, data, out, base=None, gold=None, epochs: float = 2.0,
               max_examples: int = 6000, seed: int = 0, holdout: float = 0.1) -> dict:
    """Train one task model on ``data`` (files/folders) and write it to ``out``; returns figures."""
    files = input_files([data] if isinstance(data, (str, Path)) else data)
    out = Path(out)
    start = time.time()
    settings = TASK_SETTINGS[task]
    if task == "modality":
        rows, failed = modality_examples(files)
        if gold:
            rows += read_gold_modality(gold)
        train, test = split_by_group(rows, holdout)
        if not train or not test:
            raise InputError(_names(data), f"too few files/articles to train and evaluate ({len(rows)} articles)")
        random.Random(seed).shuffle(train)
        train = train[:max_examples]
        before = _shipped("modality")
        clf = BertTextClassifier(base_model=base, labels=list(MODALITY_LABELS), epochs=epochs, seed=seed, **settings)
        clf.fit([r["text"] for r in train], [r["labels"] for r in train])
        result = {"task": task, "train_articles": len(train), "heldout_articles": len(test),
                  "files": len(files), "failed_files": failed,
                  "heldout_weak_labels": {"after": _brief(evaluate_modality(clf, test))}}
        if before is not None:
            result["heldout_weak_labels"]["before (shipped model)"] = _brief(evaluate_modality(before, test))
    elif task == "doctype":
        from govnlp.training.doctype import train_doctype_on_user_material

        result = train_doctype_on_user_material(files, out, gold=gold, holdout=max(holdout, 0.3), seed=seed)
        result["seconds"] = round(time.time() - start, 1)
        return result
    elif task == "keymods":
        result = train_keymods(files, out, gold=gold, holdout=max(holdout, 0.3))
        result["seconds"] = round(time.time() - start, 1)
        write_keymods_card(out, result, data=[str(d) for d in ([data] if isinstance(data, (str, Path)) else data)])
        write_checksums(out)
        return result
    else:
        raise ValueError(f"unknown task {task!r}")
    clf.save(out)
    result["seconds"] = round(time.time() - start, 1)
    write_model_card(out, task, result, base=base, data=[str(d) for d in ([data] if isinstance(data, (str, Path)) else data)])
    write_checksums(out)
    return result


def report_documents(files: list[Path]):
    """Review reports/opinions of the given gazette issues, recognised by the labelling functions."""
    from govnlp.labels import REPORT_TYPES
    from govnlp.supervision.labeling import label_doc_type
    from govnlp.parsing import parse

    docs = []
    for f in files:
        if f.suffix != ".txt":
            continue
        try:
            gazette = parse(f)
        except GovNLPError:
            continue
        docs += [d for d in gazette.documents if label_doc_type(d.title, d.issuer, body_view(d)) in REPORT_TYPES]
    return docs


def train_keymods_scorer(files_or_docs, base=None, epochs: float = 4.0, seed: int = 0, gold_items=None):
    """Fine-tune the sentence scorer of the key-modification extractor.

    ``gold_items`` (one list of gold items per document, or None for a document without gold)
    gives sentence labels where it exists; weak sentence labels fill in elsewhere.
    """
    from govnlp.components.keymods import KeyModificationExtractor

    docs = files_or_docs if files_or_docs and not isinstance(files_or_docs[0], Path) else report_documents(files_or_docs)
    if not docs:
        raise InputError("data", "no review report found to train on")
    clf = BertTextClassifier(base_model=base, labels=[0, 1], epochs=epochs, seed=seed, **TASK_SETTINGS["keymods"])
    extractor = KeyModificationExtractor(sentence_scorer=clf).fit(docs, gold_items)
    n_gold = sum(g is not None for g in gold_items) if gold_items is not None else 0
    return clf, {"task": "keymods", "reports": len(docs), "reports_with_gold_labels": n_gold,
                 "train_sentences": extractor.n_train_sentences_}


def read_gold_keymods(path: str | Path, files: list[Path]) -> list[tuple[dict, object]]:
    """Gold reports of a key_modifications.jsonl with their parsed documents.

    A record is ``{"start_line", "end_line", "items"}`` as in ``shared/gold/seed`` (lines of an issue
    among ``files``: the one named by its ``issue`` field, or the only issue given) or carries the
    report's own ``text``. A record that matches no document is an error naming the line.
    """
    from govnlp.evaluation.gold import match_documents
    from govnlp.parsing import parse, parse_document

    issues = [f for f in files if f.suffix == ".txt"]
    parsed: dict[Path, object] = {}
    out = []
    for n, rec in iter_jsonl(path):
        if not isinstance(rec, dict) or not isinstance(rec.get("items"), list):
            raise InputError(str(path), f"line {n} is not a key-modification gold record (needs \"items\")")
        bad = [k for k, it in enumerate(rec["items"], 1) if not isinstance(it, dict) or not {"action", "sentences"} <= set(it)]
        if bad:
            raise InputError(str(path), f"line {n}: item {bad[0]} lacks action or sentences")
        if isinstance(rec.get("text"), str):
            out.append((rec, parse_document(rec["text"], title=rec.get("title", ""), source=f"{path}:{n}")))
            continue
        if "start_line" not in rec or "end_line" not in rec:
            raise InputError(str(path), f"line {n}: give the report's text or its start_line/end_line in an issue")
        named = [f for f in issues if rec.get("issue") and Path(rec["issue"]).name == f.name]
        if not named and len(issues) != 1:
            raise InputError(str(path), f"line {n}: say which --data issue it refers to (an \"issue\" field with its "
                                        f"file name); issues given: {len(issues)}")
        issue = (named or issues)[0]
        if issue not in parsed:
            parsed[issue] = parse(issue)
        (doc,) = match_documents(parsed[issue].documents, [rec], min_overlap=0.8)
        if doc is None:
            raise InputError(str(path), f"line {n}: no document of {issue.name} spans lines {rec['start_line']}-{rec['end_line']}")
        out.append((rec, doc))
    if not out:
        raise InputError(str(path), "no gold record in the file")
    return out


def train_keymods(files: list[Path], out: Path, gold=None, holdout: float = 0.3) -> dict:
    """Fit the key-modification extractor on the reports of ``files`` and the user's gold, save it.

    The reports of the issues are labelled by the cue rules; gold reports by their items. A share of
    the gold reports (by hash of their place, at least one when there are two) is held out: the
    shipped extractor (before) and the new one (after) are scored on it, and a warning is given
    when after is below before. The new model uses the shipped model's recipe (its settings).
    """
    import sys

    from govnlp.components.keymods import CueScorer, KeyModificationExtractor, load_extractor
    from govnlp.components.keymods.estimator import CONFIG_NAME
    from govnlp.evaluation.gold import score_summaries
    from govnlp.inference.models import shipped_model_path

    gold_pairs = read_gold_keymods(gold, files) if gold else []
    weak_docs = [d for d in report_documents(files)
                 if not any(d.start_line == g_doc.start_line and d.title == g_doc.title for _, g_doc in gold_pairs)]
    rows = [{"rec": rec, "doc": doc, "group": f"{rec.get('issue', '')}:{rec.get('start_line', n)}:{rec.get('title', '')}"}
            for n, (rec, doc) in enumerate(gold_pairs)]
    train_rows, test_rows = split_by_group(rows, holdout) if len(rows) >= 2 else (rows, [])
    try:
        shipped = shipped_model_path("keymods")
        params = json.loads((shipped / CONFIG_NAME).read_text(encoding="utf-8")) if (shipped / CONFIG_NAME).is_file() else {}
    except GovNLPError:
        shipped, params = None, {}
    scorer = CueScorer(**params.get("params", {}))
    docs = weak_docs + [r["doc"] for r in train_rows]
    golds = [None] * len(weak_docs) + [r["rec"]["items"] for r in train_rows]
    if not docs:
        raise InputError(_names(files), "no review report found to train on (and no gold report to learn from)")
    extractor = KeyModificationExtractor(scorer, threshold=float(params.get("threshold", 0.5))).fit(docs, golds)
    if not hasattr(extractor.scorer_, "coef_"):
        raise InputError(_names(files), "the reports' sentences all got the same label: nothing to learn from")
    extractor.save(out)
    result = {"task": "keymods", "reports_weak_labels": len(weak_docs), "reports_gold_train": len(train_rows),
              "reports_gold_heldout": len(test_rows), "train_sentences": extractor.n_train_sentences_}
    if test_rows:
        g = [r["rec"] for r in test_rows]
        tdocs = [r["doc"] for r in test_rows]

        def figures(ext):
            preds = ext.predict_many(tdocs)
            row = score_summaries(g, [[s for it in p for s in it.sentences] for p in preds], preds)
            return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()}

        result["heldout_gold"] = {"after": figures(extractor)}
        if shipped is not None:
            before = figures(load_extractor(shipped, device="cpu", precision="fp32"))
            result["heldout_gold"]["before (shipped model)"] = before
            if result["heldout_gold"]["after"]["F1"] < before["F1"]:
                msg = (f"the new keymods model scores below the shipped one on your held-out gold reports "
                       f"(sentence F1 {result['heldout_gold']['after']['F1']:.3f} < {before['F1']:.3f}); "
                       "keep using the shipped model, or annotate more reports")
                result["warnings"] = [msg]
                print(f"govnlp: warning: {msg}", file=sys.stderr)
    elif gold:
        result["heldout_gold"] = "fewer than two gold reports: none held out, no before/after figures"
    return result


KEYMODS_CARD = """# govnlp keymods model (trained with `govnlp train keymods`)

Sentence scorer of the key-modification extractor: logistic regression on the cues of
`govnlp.components.keymods.cues` (sentence and neighbours), the cue rules' verdicts and hashed
character n-grams, trained on the review reports of the data (cue-rule labels) and the user's gold
reports (their items' sentences).

- Data: {data}
- Figures (gold reports held out by place; before = the shipped model, after = this one):

```json
{figures}
```

Load it with `govnlp.load(keymods="{path}")`.
"""


def write_keymods_card(path: Path, result: dict, data=()) -> None:
    (Path(path) / "README.md").write_text(KEYMODS_CARD.format(
        data=", ".join(map(str, data)) or "-", figures=json.dumps(result, ensure_ascii=False, indent=2),
        path=path), encoding="utf-8")


def gold_stage_modality(base, gold_rows: list[dict], weak_rows: list[dict], seed: int = 0,
                        epochs: float = 2.0, repeats: int = 3, n_weak: int = 500) -> BertTextClassifier:
    """Second training stage: a weak-label modality model fine-tuned on gold articles.

    Why the mix: ~170 gold articles alone would pull a 9 M-parameter model away from what the
    12,000 weak-label articles taught it; repeating the gold and keeping a few hundred weak
    articles keeps both.  Fixed recipe (not tuned on the gold): repeats 3, 500 weak, lr 1e-4.
    """
    rng = random.Random(seed)
    mix = [r for r in gold_rows for _ in range(repeats)] + rng.sample(weak_rows, min(n_weak, len(weak_rows)))
    rng.shuffle(mix)
    settings = {**TASK_SETTINGS["modality"], "learning_rate": 1e-4}
    clf = BertTextClassifier(base_model=base, labels=list(MODALITY_LABELS), epochs=epochs, seed=seed, **settings)
    return clf.fit([r["text"] for r in mix], [r["labels"] for r in mix])


def _names(data) -> str:
    return ", ".join(map(str, [data] if isinstance(data, (str, Path)) else data))


def _brief(scores: dict) -> dict:
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in scores.items() if k != "per_label"}


CARD = """# govnlp {task} model

Fine-tuned from `{base}` with `govnlp train {task}` (`transformers.Trainer`).

- Data: {data}
- Labels: weak labels from the labelling functions of `govnlp.labeling` (GUIDELINES.md rules){gold}
- Figures (held-out split by file, scored against weak labels):

```json
{figures}
```

Load it with `govnlp.load({task}="{path}")`.
"""


def write_model_card(path: Path, task: str, result: dict, base=None, data=()) -> None:
    (Path(path) / "README.md").write_text(CARD.format(
        task=task, base=base or "models/govbert-mini", data=", ".join(map(str, data)) or "-",
        gold="", figures=json.dumps(result, ensure_ascii=False, indent=2), path=path), encoding="utf-8")
