"""The key-modification extractor with scikit-learn manners, and its default sentence scorer.

:class:`KeyModificationExtractor` selects the sentences of a report that state a change and groups
them into items (:mod:`.fields`). Which sentences: a pluggable scorer.

* :class:`CueScorer` (default after ``fit``): logistic regression on the cue firings of a sentence
  and of its neighbours, the cue rules' own verdicts, and hashed character n-grams of the sentence
  with its quoted new wording blanked. It trains in seconds on a few thousand sentences and is
  saved as plain arrays (safetensors) and JSON, no pickle.
* any text classifier with ``predict_proba(list[str]) -> (n, 2)`` (e.g. a fine-tuned BERT): it
  reads the normalized sentence, tagged with what the sentence before it decided.
* before ``fit`` and with no scorer: the cue rules (:func:`.cues.weak_sentence_labels`) alone.

Parameters are ``__init__`` arguments stored as given; fitted state ends in ``_``; so
``sklearn.base.clone`` and ``get_params``/``set_params`` work, and cross-validation clones per fold.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator

from govnlp.components.keymods.cues import CUE_NAMES, cue_vector, strip_quotes, weak_sentence_labels
from govnlp.components.keymods.fields import group_items
from govnlp.components.keymods.segment import GENERIC_TOPIC, Unit, report_units
from govnlp.doc.model import Document, KeyModification
from govnlp.text.compare import comparison_key

__all__ = ["KeyModificationExtractor", "CueScorer", "gold_sentence_labels", "CONFIG_NAME", "WEIGHTS_NAME"]

CONFIG_NAME = "govnlp_keymods.json"
_CJK = re.compile(r"[\u4e00-\u9fff]")
WEIGHTS_NAME = "model.safetensors"


# ----------------------------------------------------------------------------- sentence contexts
def _contexts(units: Sequence[Unit], weak: Sequence[int]) -> list[dict]:
    """For every body sentence: the unit, its neighbours in the paragraph, the rules' verdicts."""
    out = []
    for i, u in enumerate(units):
        if u.region != "body" or u.is_heading or not _CJK.search(u.text):
            continue
        prev = units[i - 1] if i and units[i - 1].paragraph == u.paragraph else None
        nxt = units[i + 1] if i + 1 < len(units) and units[i + 1].paragraph == u.paragraph else None
        out.append({"i": i, "unit": u, "prev": prev, "next": nxt, "weak": weak[i],
                    "weak_prev": weak[i - 1] if prev is not None else 0,
                    "weak_next": weak[i + 1] if nxt is not None else 0})
    return out


def gold_sentence_labels(units: Sequence[Unit], items: Sequence[dict | KeyModification]) -> list[int]:
    """1 for a unit whose text is a gold sentence (comparison key; a truncated gold sentence counts)."""
    keys = [comparison_key(s) for it in items for s in (it["sentences"] if isinstance(it, dict) else it.sentences)]
    exact = set(keys)
    out = []
    for u in units:
        k = comparison_key(u.source or u.text)
        hit = not u.is_heading and bool(k) and (k in exact or comparison_key(u.text) in exact or any(
            len(g) >= 12 and (k.startswith(g) or g.startswith(k)) and min(len(g), len(k)) >= 0.6 * max(len(g), len(k))
            for g in keys))
        out.append(int(hit))
    return out


# ----------------------------------------------------------------------------- the default scorer
class CueScorer(BaseEstimator):
    """Logistic regression on cues (sentence and neighbours), the rules' verdicts, and char n-grams."""

    reads_contexts = True

    def __init__(self, C: float = 1.0, n_features: int = 2 ** 16, ngram_weight: float = 0.5,
                 weak_weight: float = 1.0):
        self.C = C
        self.n_features = n_features
        self.ngram_weight = ngram_weight
        self.weak_weight = weak_weight   # scale of the rules' verdicts: larger = less shrunk, rules count more

    def _hasher(self):
        from sklearn.feature_extraction.text import HashingVectorizer

        return HashingVectorizer(analyzer="char", ngram_range=(1, 3), n_features=self.n_features,
                                 alternate_sign=False, norm="l2")

    def _dense(self, c: dict) -> list[float]:
        u, prev, nxt = c["unit"], c["prev"], c["next"]
        zero = [0] * len(CUE_NAMES)
        bare = strip_quotes(u.text)
        return [*cue_vector(u), *(cue_vector(prev) if prev else zero), *(cue_vector(nxt) if nxt else zero),
                *(self.weak_weight * c[k] for k in ("weak", "weak_prev", "weak_next")), int(prev is None), int(nxt is None),
                min(len(bare), 200) / 200.0, 1.0]

    def features(self, contexts: Sequence[dict]):
        from scipy import sparse

        dense = sparse.csr_matrix(np.asarray([self._dense(c) for c in contexts], dtype=np.float64))
        grams = self._hasher().transform([strip_quotes(c["unit"].text) for c in contexts]) * self.ngram_weight
        return sparse.hstack([dense, grams]).tocsr()

    def fit(self, contexts: Sequence[dict], y: Sequence[int]):
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, solver="liblinear")
        lr.fit(self.features(contexts), np.asarray(y))
        self.coef_ = lr.coef_.ravel().astype(np.float32)
        self.intercept_ = float(lr.intercept_[0])
        return self

    def predict_proba(self, contexts: Sequence[dict]) -> np.ndarray:
        if not contexts:
            return np.zeros((0, 2))
        z = self.features(contexts) @ self.coef_.astype(np.float64) + self.intercept_
        p = 1.0 / (1.0 + np.exp(-z))
        return np.stack([1 - p, p], axis=1)

    # -- plain arrays and JSON, no pickle
    def save(self, path: Path, extra: dict) -> None:
        from safetensors.numpy import save_file

        path.mkdir(parents=True, exist_ok=True)
        save_file({"coef": self.coef_, "intercept": np.asarray([self.intercept_], dtype=np.float32)},
                  str(path / WEIGHTS_NAME))
        cfg = {"scorer": "CueScorer", "params": self.get_params(), "cues": CUE_NAMES, **extra}
        (path / CONFIG_NAME).write_text(json.dumps(cfg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> tuple["CueScorer", dict]:
        from safetensors.numpy import load_file

        from govnlp.errors import ModelError

        cfg_path = path / CONFIG_NAME
        try:
            cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(cfg_path, f"unreadable settings ({exc})", "restore it with git checkout -- or retrain") from None
        if cfg.get("cues") != CUE_NAMES:
            raise ModelError(cfg_path, "trained with another set of cues than this govnlp has",
                             "retrain it with `govnlp train keymods` or training/train_keymods.py")
        try:
            arrays = load_file(str(path / WEIGHTS_NAME))
        except Exception as exc:   # noqa: BLE001 - any unreadable weights file is the same user problem
            raise ModelError(path / WEIGHTS_NAME, f"unreadable weights ({exc})", "restore it with git checkout -- or retrain") from None
        scorer = cls(**cfg["params"])
        scorer.coef_ = arrays["coef"]
        scorer.intercept_ = float(arrays["intercept"][0])
        if scorer.coef_.shape[0] != 3 * len(CUE_NAMES) + 7 + scorer.n_features:
            raise ModelError(path / WEIGHTS_NAME, "weights of the wrong size for its settings",
                             "restore both files from the same checkout or retrain")
        return scorer, cfg


def _scorer_text(u: Unit, prev_label: int) -> str:
    """What a text scorer sees: the sentence, prefixed with a tag for what came before."""
    return ("【续】" if prev_label else "【首】") + u.text


def _previous_labels(units: Sequence[Unit], labels: Sequence[int]) -> list[int]:
    out, prev, last_para = [], 0, -1
    for u, y in zip(units, labels):
        if u.paragraph != last_para:
            prev, last_para = 0, u.paragraph
        out.append(prev)
        prev = int(y)
    return out


# ----------------------------------------------------------------------------- the extractor
class KeyModificationExtractor(BaseEstimator):
    """Extractive key-modification summarizer (``fit``/``predict``), one recipe for every report style.

    ``sentence_scorer``: ``None`` → :class:`CueScorer` once fitted (cue rules alone before), or any
    object with ``predict_proba``: a :class:`CueScorer`-like one (``reads_contexts``) or a text
    classifier (list of strings).  ``threshold``: the probability from which a sentence is kept.
    """

    def __init__(self, sentence_scorer=None, threshold: float = 0.5):
        self.sentence_scorer = sentence_scorer
        self.threshold = threshold

    # -- training
    def fit(self, documents: Iterable[Document], gold_items: Iterable | None = None):
        """Train the scorer on the body sentences of ``documents``.

        ``gold_items`` (one list of items per document, or None for a document without gold) gives
        the sentence labels where present; the cue rules label the rest.
        """
        documents = list(documents)
        golds = list(gold_items) if gold_items is not None else [None] * len(documents)
        scorer = self.sentence_scorer if self.sentence_scorer is not None else CueScorer()
        X, y = [], []
        for doc, gold in zip(documents, golds):
            units = report_units(doc)
            weak = weak_sentence_labels(units)
            labels = weak if gold is None else gold_sentence_labels(units, gold)
            if getattr(scorer, "reads_contexts", False):
                for c in _contexts(units, weak):
                    X.append(c)
                    y.append(labels[c["i"]])
            else:
                ctx = _previous_labels(units, labels)
                for c in _contexts(units, weak):
                    X.append(_scorer_text(c["unit"], ctx[c["i"]]))
                    y.append(labels[c["i"]])
        if hasattr(scorer, "fit") and len(set(y)) == 2:
            scorer.fit(X, y)
        self.scorer_ = scorer
        self.n_train_sentences_ = len(X)
        return self

    # -- inference
    def _scorer(self):
        return getattr(self, "scorer_", None) or self.sentence_scorer

    def select(self, document: Document) -> tuple[list[Unit], list[float]]:
        """Score every sentence; units outside the report body score 0."""
        return self.select_many([document])[0]

    def select_many(self, documents: Sequence[Document]) -> list[tuple[list[Unit], list[float]]]:
        scorer = self._scorer()
        unit_lists = [report_units(doc) for doc in documents]
        weak_lists = [weak_sentence_labels(units) for units in unit_lists]
        if scorer is None or not hasattr(scorer, "predict_proba") or (
                getattr(scorer, "reads_contexts", False) and not hasattr(scorer, "coef_")):
            return [(units, [float(w) for w in weak]) for units, weak in zip(unit_lists, weak_lists)]
        ctx_lists = [_contexts(units, weak) for units, weak in zip(unit_lists, weak_lists)]
        if getattr(scorer, "reads_contexts", False):
            flat = [c for cs in ctx_lists for c in cs]
            p = np.asarray(scorer.predict_proba(flat))[:, 1] if flat else np.zeros(0)
        else:
            p = self._text_scores(scorer, unit_lists, weak_lists, ctx_lists)
        out, pos = [], 0
        for units, cs in zip(unit_lists, ctx_lists):
            scores = [0.0] * len(units)
            for c, pi in zip(cs, p[pos:pos + len(cs)]):
                # a directive of a list states a change by its form: kept whatever the scorer learnt
                scores[c["i"]] = 1.0 if c["unit"].directive else float(pi)
            pos += len(cs)
            out.append((units, scores))
        return out

    def _text_scores(self, scorer, unit_lists, weak_lists, ctx_lists) -> np.ndarray:
        """A text classifier, called twice in all: the tag says what the sentence before decided, the
        rules' verdict first, the scorer's own in the second call (only changed tags rescored)."""
        first = []
        for units, weak, cs in zip(unit_lists, weak_lists, ctx_lists):
            prev = _previous_labels(units, weak)
            first += [_scorer_text(c["unit"], prev[c["i"]]) for c in cs]
        p1 = _positive(scorer, first)
        known = dict(zip(first, p1))
        second, pos = [], 0
        for units, cs in zip(unit_lists, ctx_lists):
            got = {c["i"]: p for c, p in zip(cs, p1[pos:pos + len(cs)])}
            pos += len(cs)
            prev = _previous_labels(units, [int(got.get(i, 0.0) >= self.threshold) for i in range(len(units))])
            second += [_scorer_text(c["unit"], prev[c["i"]]) for c in cs]
        changed = list(dict.fromkeys(t for t in second if t not in known))
        known.update(zip(changed, _positive(scorer, changed)))
        return np.asarray([known[t] for t in second])

    def predict(self, document: Document) -> list[KeyModification]:
        """The ordered key-modification items of one report ([] when it records no concrete change)."""
        return self.predict_many([document])[0]

    def predict_many(self, documents: Sequence[Document]) -> list[list[KeyModification]]:
        return [self._items(units, scores) for units, scores in self.select_many(documents)]

    def _items(self, units: list[Unit], scores: list[float]) -> list[KeyModification]:
        chosen = [(i, u, s) for i, (u, s) in enumerate(zip(units, scores)) if s >= self.threshold]
        items = group_items(units, chosen)
        if all(_generic(it) for it in items):
            return []     # only "作了文字修改" remarks: no concrete change
        return items

    # -- persistence (the default scorer)
    def save(self, path, card: dict | None = None) -> Path:
        """Write a fitted :class:`CueScorer` extractor to ``path`` (JSON + safetensors arrays)."""
        scorer = self._scorer()
        if not isinstance(scorer, CueScorer) or not hasattr(scorer, "coef_"):
            raise ValueError("only a fitted CueScorer extractor is saved this way; a text classifier saves itself")
        path = Path(path)
        scorer.save(path, {"threshold": self.threshold, **(card or {})})
        return path


def _generic(item: KeyModification) -> bool:
    text = "".join(item.sentences)
    return item.topic == GENERIC_TOPIC or bool(
        re.match(r"^(?:此外|另外|还有)[,，]", text) and re.search(r"文字|技术|表述|个别", text)
        and not re.search(r"第[^条]{1,6}条", strip_quotes(text)))


def _positive(scorer, texts: list[str]) -> np.ndarray:
    return np.asarray(scorer.predict_proba(texts))[:, 1] if texts else np.zeros(0)
