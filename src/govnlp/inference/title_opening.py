"""Document type from a document's title and opening: char n-grams and the guideline's cue rules, stacked.

Why not the encoder alone: a document's type is stated by its title in a handful of characters
(审议结果的报告, 关于批准…的决定, 公告（第…号）) and, where a page shows no title, by formulaic
openings (受…委托…作如下说明, 现予公布, …会议决定批准). A linear model over char n-grams of the
title and of the opening, with the GUIDELINES §1 cue rules as features (not as the answer), learns
from a few hundred annotated documents which cue to trust; on the national dev split it beat the
fine-tuned govbert-mini classifier and the rules themselves (``benchmarks/eval_doctype_national.py``).

Two readers of the same features: the page model (title and opening) and weights learned from the
training titles alone, for a title given without its text. With ``page_weight`` a third reader,
char n-grams of the title and a longer stretch of the page with no cue features, is blended in: it
reads what the short opening does not (an excerpt's second paragraph, a city page's layout). The
NPC and local congresses write the same types in different words: with ``scope_copies`` each
feature has a copy only NPC pages fire.

scikit-learn discipline: hyper-parameters in ``__init__``, learned state ends in ``_``, ``fit``
returns ``self``. Saved as JSON + ``.npz`` (no pickle: loading a model never runs code), with the
checksums every govnlp model directory carries.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np
from scipy.sparse import csr_matrix, diags, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from govnlp.errors import ModelError
from govnlp.inference.doctype_cues import doc_type_cues, issuer_scope, mask_cited_names, mask_headnote, opening_cues

__all__ = ["TitleOpeningClassifier", "ESTIMATOR_FILE"]

ESTIMATOR_FILE = "estimator.json"
WEIGHTS_FILE = "weights.npz"
_RULE_VALUES = ("title", "body", "opening_line")
_SCOPES = ("national", "local")


def _rules(title: str, opening: str, shape: bool = False) -> list[str]:
    cues = doc_type_cues(title, opening)
    # No opening is not an opening without cues: a bare title is typed by its title.
    keys = _RULE_VALUES if opening.strip() else _RULE_VALUES[:1]
    return [f"{k}={cues[k] or 'none'}" for k in keys] + (opening_cues(opening) if shape else [])


def _vectorizer(max_features: int | None) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, max_features=max_features)


class TitleOpeningClassifier:
    """One label per ``(title_view, opening_view)`` pair; ``labels_`` in the order of the scores."""

    def __init__(self, C: float = 5.0, rule_weight: float = 1.0, opening_features: int = 30000,
                 opening_chars: int = 300, opening_weight: float = 1.0, title_rule_weight: float | None = None,
                 opening_shape: bool = True, cited_names: str = "title", fit_intercept: bool = False,
                 scope_copies: bool | str = False, title_alone: bool = True,
                 page_weight: float = 0.0, page_chars: int = 1200,
                 prior: "TitleOpeningClassifier | None" = None, prior_weight: float = 1.0):
        self.C = C
        self.rule_weight = rule_weight
        self.opening_features = opening_features
        #: How many characters of the opening are read (a view may carry more).
        self.opening_chars = opening_chars
        #: How much the opening's n-grams count beside the title's (the opening is long and topical).
        self.opening_weight = opening_weight
        #: The weight of the title's cue rule where it fires (None: ``rule_weight``): a title that
        #: names its type outweighs an opening about the type's subject.
        self.title_rule_weight = title_rule_weight
        #: Read the opening's moves (:func:`~govnlp.inference.doctype_cues.opening_cues`) and mask
        #: its head note's words (:func:`~govnlp.inference.doctype_cues.mask_headnote`).
        self.opening_shape = opening_shape
        #: Where names cited in 《》 are reduced to their kind (:func:`mask_cited_names`):
        #: "none", "title", or "both" (title and opening).
        self.cited_names = cited_names
        #: Without an intercept a short page (a title and a line) is typed by what it says: with one,
        #: the classes whose documents open at length carry a large negative bias that their
        #: n-grams make up for, and a short review report read as a work report.
        self.fit_intercept = fit_intercept
        #: Each feature also as a copy per issuer scope (NPC, local congress): what holds for both
        #: is learned once, what the NPC writes differently goes to its own copy, so NPC pages in
        #: training do not move local pages and a scope no training page had reads the shared weights.
        self.scope_copies = scope_copies
        #: Learn, beside the page model, weights for a title given alone (:meth:`_fit_titles_alone`).
        self.title_alone = title_alone
        #: Share of the page reader's probabilities in the blend (0: the page reader is not fitted),
        #: and how many characters of the opening it reads. A bare title is read without it.
        self.page_weight = page_weight
        self.page_chars = page_chars
        #: A fitted model to adapt (fine-tuning on a user's documents): its log-probabilities are
        #: features, and labels the new documents never show keep the prior's probability.
        self.prior = prior
        self.prior_weight = prior_weight

    # -- fitting -------------------------------------------------------------------------------
    def _cut(self, X: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """The views as this model reads them: the opening's first ``opening_chars`` characters."""
        return [(t, o[:self.opening_chars]) for t, o in X]

    def fit(self, X: Sequence[tuple[str, str]], y: Sequence[str]) -> "TitleOpeningClassifier":
        self._fit_page_reader(X, y)
        X = self._cut(X)
        titles, openings = self._titles(X), self._openings(X)
        self.title_vectorizer_ = _vectorizer(None).fit(titles)
        self.opening_vectorizer_ = _vectorizer(self.opening_features).fit(openings)
        self.rule_features_ = sorted({r for t, o in X for r in _rules(t, o, self.opening_shape)})
        clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000, fit_intercept=self.fit_intercept)
        clf.fit(self._matrix(X), list(y))
        self.labels_ = [str(c) for c in clf.classes_]
        self.coef_, self.intercept_ = clf.coef_, clf.intercept_
        self.title_coef_ = self._fit_titles_alone(X, y) if self.title_alone else None
        return self

    def _page_texts(self, X: Sequence[tuple[str, str]]) -> list[str]:
        return [f"{t}\n{o[:self.page_chars]}" for t, o in X]

    def _fit_page_reader(self, X: Sequence[tuple[str, str]], y: Sequence[str]) -> None:
        """The page reader: TF-IDF over the title and ``page_chars`` of the opening, a logistic
        regression of its own (the classes in the order of the page model's, both sorted). The
        recipe of the TF-IDF+LR baseline (``evaluation.baselines``), fitted here rather than through
        its Pipeline so that it saves as arrays (no pickle) and inference never imports evaluation."""
        self.page_vectorizer_, self.page_coef_, self.page_intercept_ = None, None, None
        if self.page_weight <= 0:
            return
        self.page_vectorizer_ = _vectorizer(50000)
        features = self.page_vectorizer_.fit_transform(self._page_texts(X))
        clf = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000).fit(features, list(y))
        self.page_coef_, self.page_intercept_ = clf.coef_, clf.intercept_

    def _page_proba(self, X: Sequence[tuple[str, str]]) -> np.ndarray:
        scores = np.asarray(self.page_vectorizer_.transform(self._page_texts(X)) @ self.page_coef_.T
                            + self.page_intercept_)
        return _softmax(scores)

    def _fit_titles_alone(self, X: Sequence[tuple[str, str]], y: Sequence[str]) -> np.ndarray | None:
        """Weights for a title given without its text (``classify_document("关于批准《…》的决定")``):
        the same features, learned from the training titles alone. The page model leans on the
        opening to tell apart types whose titles read alike; a bare title has no opening to lean on."""
        bare = [((t, ""), label) for (t, _), label in zip(X, y) if t.strip()]
        if {label for _, label in bare} != set(self.labels_) or len(self.labels_) < 3:
            return None
        clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000, fit_intercept=False)
        clf.fit(self._matrix([v for v, _ in bare]), [label for _, label in bare])
        return clf.coef_

    def _matrix(self, X: Sequence[tuple[str, str]], prior: np.ndarray | None = None):
        """Features of ``X``; ``prior``: the prior's probabilities of ``X`` when already computed."""
        X = self._cut(X)
        index = {r: i for i, r in enumerate(self.rule_features_)}
        rows, cols, values = [], [], []
        title_weight = self.rule_weight if self.title_rule_weight is None else self.title_rule_weight
        for n, (t, o) in enumerate(X):
            for r in _rules(t, o, self.opening_shape):
                if r in index:
                    rows.append(n)
                    cols.append(index[r])
                    values.append(title_weight if r.startswith("title=") and r != "title=none" else self.rule_weight)
        rules = csr_matrix((values, (rows, cols)), shape=(len(X), len(index)))
        blocks = [self.title_vectorizer_.transform(self._titles(X)),
                  self.opening_weight * self.opening_vectorizer_.transform(self._openings(X)), rules]
        if self.scope_copies:
            shared = hstack(blocks).tocsr()
            scopes = [issuer_scope(t, o) for t, o in X]
            copies = _SCOPES if self.scope_copies is True else (self.scope_copies,)
            blocks = [shared] + [diags([1.0 if s == scope else 0.0 for s in scopes]) @ shared for scope in copies]
        if self.prior is not None:
            prior = self.prior.predict_proba(X) if prior is None else prior
            blocks.append(csr_matrix(self.prior_weight * np.log(prior + 1e-6)))
        return hstack(blocks).tocsr()

    def _titles(self, X: Sequence[tuple[str, str]]) -> list[str]:
        return [mask_cited_names(t) if self.cited_names in ("title", "both") else t for t, _ in X]

    def _openings(self, X: Sequence[tuple[str, str]]) -> list[str]:
        out = [mask_headnote(o) if self.opening_shape else o for _, o in X]
        return [mask_cited_names(o) for o in out] if self.cited_names == "both" else out

    # -- prediction ----------------------------------------------------------------------------
    @property
    def classes_(self) -> list[str]:
        """Every label the model can give: its own and, when adapted, its prior's."""
        extra = [lab for lab in (self.prior.classes_ if self.prior is not None else []) if lab not in self.labels_]
        return self.labels_ + extra

    def predict_proba(self, X: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities in the order of :attr:`classes_`."""
        if not len(X):
            return np.zeros((0, len(self.classes_)))
        prior = self.prior.predict_proba(X) if self.prior is not None else None
        features = self._matrix(X, prior)
        scores = np.asarray(features @ self.coef_.T + self.intercept_)
        bare = [i for i, (_, o) in enumerate(X) if not o.strip()]
        if bare and self.title_coef_ is not None:
            scores[bare] = np.asarray(features[bare] @ self.title_coef_.T)
        prob = _softmax(scores)
        paged = [i for i, (_, o) in enumerate(X) if o.strip()] if self.page_vectorizer_ is not None else []
        if paged:
            page = self._page_proba([X[i] for i in paged])
            prob[paged] = (1 - self.page_weight) * prob[paged] + self.page_weight * page
        if self.prior is None or len(self.classes_) == len(self.labels_):
            return prob
        # Labels the adapting documents never showed keep the prior's probability; the labels they
        # did show share the rest as the adapted model says.
        index = {lab: i for i, lab in enumerate(self.prior.classes_)}
        unseen = [index[lab] for lab in self.classes_[len(self.labels_):]]
        rest = 1.0 - prior[:, unseen].sum(axis=1, keepdims=True)
        return np.hstack([prob * rest, prior[:, unseen]])

    def predict(self, X: Sequence[tuple[str, str]]) -> list[str]:
        classes = self.classes_
        return [classes[i] for i in self.predict_proba(X).argmax(axis=1)]

    # -- persistence ---------------------------------------------------------------------------
    def save(self, path: str | os.PathLike, card: dict | None = None) -> Path:
        from govnlp.inference.models import write_checksums

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        meta = {
            "kind": "title-opening-linear", "labels": self.labels_, "rule_features": self.rule_features_,
            "params": {"C": self.C, "rule_weight": self.rule_weight, "opening_features": self.opening_features,
                       "opening_chars": self.opening_chars, "opening_weight": self.opening_weight,
                       "title_rule_weight": self.title_rule_weight,
                       "opening_shape": self.opening_shape, "cited_names": self.cited_names,
                       "fit_intercept": self.fit_intercept, "scope_copies": self.scope_copies,
                       "title_alone": self.title_alone, "page_weight": self.page_weight,
                       "page_chars": self.page_chars,
                       "prior_weight": self.prior_weight},
            "prior": "prior" if self.prior is not None else None,
            "title_vocabulary": _vocabulary(self.title_vectorizer_),
            "opening_vocabulary": _vocabulary(self.opening_vectorizer_),
            **({"page_vocabulary": _vocabulary(self.page_vectorizer_)} if self.page_vectorizer_ is not None else {}),
            **({"training": card} if card else {}),
        }
        (path / ESTIMATOR_FILE).write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
        with open(path / WEIGHTS_FILE, "wb") as fh:
            extra = {"title_coef": self.title_coef_} if self.title_coef_ is not None else {}
            if self.page_vectorizer_ is not None:
                extra.update(page_coef=self.page_coef_, page_intercept=self.page_intercept_,
                             page_idf=self.page_vectorizer_.idf_)
            np.savez_compressed(fh, coef=self.coef_, intercept=self.intercept_,
                                title_idf=self.title_vectorizer_.idf_, opening_idf=self.opening_vectorizer_.idf_, **extra)
        if self.prior is not None:
            self.prior.save(path / "prior")
        write_checksums(path)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> "TitleOpeningClassifier":
        from govnlp.inference.models import verify_checksums

        path = Path(path)
        verify_checksums(path)
        meta_path, weights_path = path / ESTIMATOR_FILE, path / WEIGHTS_FILE
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(meta_path, f"unreadable estimator file ({exc})",
                             "restore it with `git checkout -- models/doctype` or retrain it") from None
        try:
            with np.load(weights_path, allow_pickle=False) as w:
                arrays = {k: w[k] for k in ("coef", "intercept", "title_idf", "opening_idf")}
                title_coef = w["title_coef"] if "title_coef" in w.files else None
                page = {k: w[k] for k in ("page_coef", "page_intercept", "page_idf") if k in w.files}
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(weights_path, f"unreadable weights ({exc})",
                             "restore it with `git checkout -- models/doctype` or retrain it") from None
        prior = cls.load(path / meta["prior"]) if meta.get("prior") else None
        # a model saved before the opening's shape was read did not read it
        model = cls(**{"opening_shape": False, "cited_names": "none", "title_alone": False, **meta["params"]}, prior=prior)
        model.title_coef_ = title_coef
        model.page_vectorizer_, model.page_coef_, model.page_intercept_ = None, None, None
        if meta.get("page_vocabulary") and len(page) == 3:
            model.page_vectorizer_ = _restore(meta["page_vocabulary"], page["page_idf"])
            model.page_coef_, model.page_intercept_ = page["page_coef"], page["page_intercept"]
        elif model.page_weight > 0:
            raise ModelError(weights_path, "the page reader's weights are missing",
                             "restore both files from the same training run")
        model.labels_, model.rule_features_ = meta["labels"], meta["rule_features"]
        model.coef_, model.intercept_ = arrays["coef"], arrays["intercept"]
        model.title_vectorizer_ = _restore(meta["title_vocabulary"], arrays["title_idf"])
        model.opening_vectorizer_ = _restore(meta["opening_vocabulary"], arrays["opening_idf"])
        if model.coef_.shape[0] not in (1, len(model.labels_)):
            raise ModelError(weights_path, "weights do not match the labels of estimator.json",
                             "restore both files from the same training run")
        return model


def _softmax(scores: np.ndarray) -> np.ndarray:
    if scores.shape[1] == 1:          # two classes: LogisticRegression keeps one row
        scores = np.hstack([-scores, scores])
    scores = scores - scores.max(axis=1, keepdims=True)
    prob = np.exp(scores)
    return prob / prob.sum(axis=1, keepdims=True)


def _vocabulary(vectorizer: TfidfVectorizer) -> list[str]:
    vocab = vectorizer.vocabulary_
    out = [""] * len(vocab)
    for term, i in vocab.items():
        out[i] = term
    return out


def _restore(terms: list[str], idf: np.ndarray) -> TfidfVectorizer:
    vectorizer = _vectorizer(None)
    vectorizer.vocabulary_ = {t: i for i, t in enumerate(terms)}
    vectorizer.idf_ = idf
    return vectorizer
