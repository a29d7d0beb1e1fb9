"""Statistical baselines: TF-IDF + logistic regression, Lead-k and TextRank.

Char n-grams rather than words for the classifiers: legal Chinese cues are 2–4 character
strings (应当, 不得, 审议结果) and char n-grams need no segmenter, so the baseline is not at the
mercy of jieba's dictionary.  TextRank does use jieba words, as in the classic formulation.
"""
from __future__ import annotations

import math
import re
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MultiLabelBinarizer

__all__ = ["TfidfLogRegDocType", "TfidfLogRegModality", "LeadK", "TextRankSummarizer"]


def _tfidf(ngram_range, max_features, min_df):
    return TfidfVectorizer(analyzer="char", ngram_range=ngram_range, max_features=max_features,
                           min_df=min_df, sublinear_tf=True)


class TfidfLogRegDocType:
    """Document type: char n-gram TF-IDF → multinomial logistic regression (one label per text)."""

    def __init__(self, ngram_range=(1, 3), max_features=50000, min_df=1, C=10.0,
                 class_weight="balanced", max_iter=2000):
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.min_df = min_df
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(self, X: Sequence[str], y: Sequence[str]):
        self.pipeline_ = Pipeline([
            ("tfidf", _tfidf(self.ngram_range, self.max_features, self.min_df)),
            ("clf", LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)),
        ]).fit(list(X), list(y))
        self.classes_ = self.pipeline_.classes_
        return self

    def predict(self, X: Sequence[str]) -> list[str]:
        return list(self.pipeline_.predict(list(X)))

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        return self.pipeline_.predict_proba(list(X))


class TfidfLogRegModality:
    """Modality: char n-gram TF-IDF → one-vs-rest logistic regression over label sets.

    An article always has at least one label (GUIDELINES §2): when no label passes
    ``threshold`` the most probable one is returned.
    """

    def __init__(self, ngram_range=(1, 3), max_features=50000, min_df=1, C=10.0,
                 class_weight="balanced", threshold=0.5, max_iter=2000):
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.min_df = min_df
        self.C = C
        self.class_weight = class_weight
        self.threshold = threshold
        self.max_iter = max_iter

    def fit(self, X: Sequence[str], y: Sequence[Sequence[str]]):
        self.mlb_ = MultiLabelBinarizer()
        Y = self.mlb_.fit_transform([set(lbls) for lbls in y])
        self.classes_ = list(self.mlb_.classes_)
        self.pipeline_ = Pipeline([
            ("tfidf", _tfidf(self.ngram_range, self.max_features, self.min_df)),
            ("clf", OneVsRestClassifier(LogisticRegression(
                C=self.C, class_weight=self.class_weight, max_iter=self.max_iter))),
        ]).fit(list(X), Y)
        return self

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        return self.pipeline_.predict_proba(list(X))

    def predict(self, X: Sequence[str]) -> list[list[str]]:
        P = self.predict_proba(X)
        out = []
        for row in P:
            idx = np.flatnonzero(row >= self.threshold)
            if idx.size == 0:
                idx = [int(row.argmax())]
            out.append([self.classes_[i] for i in idx])
        return out


class LeadK:
    """Lead-k: the first k sentences (the classic news baseline)."""

    def __init__(self, k: int = 3):
        self.k = k

    def summarize(self, sentences: Sequence[str], k: int | None = None) -> list[str]:
        return list(sentences[: self.k if k is None else k])


_PUNCT = re.compile(r"^[\W_]+$")


class TextRankSummarizer:
    """TextRank (Mihalcea & Tarau 2004): PageRank over a sentence-similarity graph, jieba words.

    Similarity is word overlap normalised by log sentence lengths, as in the paper.  PageRank is
    a few lines of numpy power iteration on the row-stochastic matrix: networkx is not a
    dependency of govnlp and graphs here have at most a few hundred nodes.  Selected sentences
    are returned in document order.
    """

    def __init__(self, k: int = 3, damping: float = 0.85, max_iter: int = 100, tol: float = 1e-6,
                 stopwords: Sequence[str] = ("的", "和", "与", "及", "或", "在", "对", "是", "为", "了")):
        self.k = k
        self.damping = damping
        self.max_iter = max_iter
        self.tol = tol
        self.stopwords = stopwords

    def _words(self, s: str) -> set[str]:
        import jieba

        stop = set(self.stopwords)
        return {w for w in jieba.lcut(s) if w.strip() and w not in stop and not _PUNCT.match(w)}

    def scores(self, sentences: Sequence[str]) -> np.ndarray:
        n = len(sentences)
        if n == 0:
            return np.zeros(0)
        words = [self._words(s) for s in sentences]
        W = np.zeros((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                ov = len(words[i] & words[j])
                if ov and len(words[i]) > 1 and len(words[j]) > 1:
                    W[i, j] = W[j, i] = ov / (math.log(len(words[i])) + math.log(len(words[j])))
        rows = W.sum(axis=1, keepdims=True)
        # dangling sentences (no overlap with any other) jump uniformly
        M = np.where(rows > 0, W / np.where(rows == 0, 1, rows), 1.0 / n)
        r = np.full(n, 1.0 / n)
        for _ in range(self.max_iter):
            r_new = (1 - self.damping) / n + self.damping * (M.T @ r)
            if np.abs(r_new - r).sum() < self.tol:
                r = r_new
                break
            r = r_new
        return r

    def summarize(self, sentences: Sequence[str], k: int | None = None) -> list[str]:
        k = self.k if k is None else k
        if k <= 0 or not sentences:
            return []
        r = self.scores(sentences)
        top = sorted(np.argsort(-r, kind="stable")[:k])
        return [sentences[i] for i in top]
