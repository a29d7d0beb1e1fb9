"""Evaluation metrics of GUIDELINES §2–3.

Summaries are compared character by character after :func:`govnlp.textkey.comparison_key`
(Chinese has no word boundaries, and the guideline folds punctuation variants), so ROUGE here is
char-level.  Classification metrics delegate to scikit-learn so the numbers match what anyone
else would compute from the same predictions.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from govnlp.text.compare import comparison_key

__all__ = [
    "rouge_n", "rouge_l", "rouge_scores", "sentence_prf",
    "multilabel_scores", "singlelabel_scores",
]


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _chars(text: str | Sequence[str]) -> str:
    """A summary may be given as one string or as its list of sentences (concatenated)."""
    if not isinstance(text, str):
        text = "".join(text)
    return comparison_key(text)


def _ngrams(s: str, n: int) -> Counter:
    return Counter(s[i:i + n] for i in range(len(s) - n + 1))


def rouge_n(prediction: str | Sequence[str], reference: str | Sequence[str], n: int = 1) -> float:
    """Char-level ROUGE-N F1 on comparison keys. Both empty → 1.0 (nothing to extract, nothing extracted)."""
    p, r = _chars(prediction), _chars(reference)
    if not p and not r:
        return 1.0
    pc, rc = _ngrams(p, n), _ngrams(r, n)
    overlap = sum((pc & rc).values())
    ptot, rtot = sum(pc.values()), sum(rc.values())
    if overlap == 0 or ptot == 0 or rtot == 0:
        return 0.0
    return _f1(overlap / ptot, overlap / rtot)


def _lcs_len(a: str, b: str) -> int:
    # O(len(a)*len(b)) time, O(len(b)) memory; reports are a few thousand chars at most.
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if ca == cb else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def rouge_l(prediction: str | Sequence[str], reference: str | Sequence[str]) -> float:
    """Char-level ROUGE-L F1 (longest common subsequence) on comparison keys."""
    p, r = _chars(prediction), _chars(reference)
    if not p and not r:
        return 1.0
    if not p or not r:
        return 0.0
    lcs = _lcs_len(p, r)
    return _f1(lcs / len(p), lcs / len(r))


def rouge_scores(prediction, reference) -> dict[str, float]:
    """ROUGE-1/2/L F1 of one prediction against one reference."""
    return {"rouge1": rouge_n(prediction, reference, 1),
            "rouge2": rouge_n(prediction, reference, 2),
            "rougeL": rouge_l(prediction, reference)}


def sentence_prf(predicted: Iterable[str], gold: Iterable[str]) -> dict[str, float]:
    """Sentence-level precision/recall/F1: a sentence matches when its comparison key is equal.

    Multisets, so a sentence extracted twice counts once against one gold occurrence.  Both
    empty → all 1.0 (a report with no change, correctly left empty).
    """
    pc = Counter(k for k in (comparison_key(s) for s in predicted) if k)
    gc = Counter(k for k in (comparison_key(s) for s in gold) if k)
    np_, ng = sum(pc.values()), sum(gc.values())
    if np_ == 0 and ng == 0:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 0, "n_pred": 0, "n_gold": 0}
    tp = sum((pc & gc).values())
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r), "tp": tp, "n_pred": np_, "n_gold": ng}


def multilabel_scores(y_true: Sequence[Iterable[str]], y_pred: Sequence[Iterable[str]],
                      labels: Sequence[str] | None = None) -> dict:
    """Per-label P/R/F1 + micro/macro F1 for label sets (modality).

    ``labels`` fixes the label order and universe (e.g. the 7 guideline labels); by default the
    union of labels seen in gold and prediction.  Labels absent from both score 0 under
    ``zero_division=0`` and are dropped from the macro average by restricting to seen labels.
    """
    from sklearn.metrics import classification_report, f1_score
    from sklearn.preprocessing import MultiLabelBinarizer

    y_true = [set(y) for y in y_true]
    y_pred = [set(y) for y in y_pred]
    if labels is None:
        labels = sorted(set().union(*y_true, *y_pred))
    labels = list(labels)
    mlb = MultiLabelBinarizer(classes=labels)
    yt = mlb.fit_transform(y_true)
    yp = mlb.transform(y_pred)
    # macro over labels that occur in gold or prediction, so an unused label does not drag it.
    present = [i for i in range(len(labels)) if yt[:, i].any() or yp[:, i].any()]
    rep = classification_report(yt, yp, labels=list(range(len(labels))), target_names=labels,
                                output_dict=True, zero_division=0)
    return {
        "micro_f1": float(f1_score(yt, yp, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(yt, yp, labels=present, average="macro", zero_division=0)),
        "per_label": {lab: {k: rep[lab][k] for k in ("precision", "recall", "f1-score", "support")}
                      for lab in labels},
        "n": len(y_true),
    }


def singlelabel_scores(y_true: Sequence[str], y_pred: Sequence[str | None]) -> dict:
    """Accuracy + macro-F1 (over gold labels) + per-label report for one label per item (doc type)."""
    from sklearn.metrics import accuracy_score, classification_report, f1_score

    y_pred = ["<none>" if p is None else p for p in y_pred]
    labels = sorted(set(y_true))
    rep = classification_report(y_true, y_pred, labels=labels, output_dict=True, zero_division=0)
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        "per_label": {lab: {k: rep[lab][k] for k in ("precision", "recall", "f1-score", "support")}
                      for lab in labels},
        "n": len(y_true),
    }
