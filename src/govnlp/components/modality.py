"""Stage: normative modality of each article (GUIDELINES §2), multi-label, with evidence.

The article-level classifier decides the labels; the evidence for each label is the article's
sentence that the same classifier scores highest for that label: articles and their sentences go
through the classifier in one call, and no second model is needed. The classifier reads the
normalized view of articles and sentences; the evidence is the sentence in the source's characters.
"""
from __future__ import annotations

from typing import Sequence

from govnlp.components.base import Component
from govnlp.inference.classifier import BertTextClassifier
from govnlp.labels import MODALITY_LABELS
from govnlp.doc.model import Article, Gazette, Modality
from govnlp.text.align import source_of
from govnlp.text.sentences import split_sentences
from govnlp.text.view import view_of


AGGREGATIONS = ("article", "article_or_sentence")
#: Sentences of one article scored for evidence: every real article has fewer, and a runaway one
#: (a whole issue without article breaks) must not cost a forward pass per sentence.
MAX_SENTENCES = 200


def labels_from_scores(scores: dict[str, float], threshold: float = 0.5) -> list[str]:
    """GUIDELINES §2 on per-label probabilities: every label at or above ``threshold``, at least
    the most probable one, and ``declarative`` only when no other label is chosen."""
    chosen = [lab for lab, p in scores.items() if p >= threshold] or [max(scores, key=scores.get)]
    if len(chosen) > 1 and "declarative" in chosen:
        chosen.remove("declarative")
    return sorted(chosen, key=MODALITY_LABELS.index)


class ModalityTagger:
    """Wraps a multi-label classifier with the guideline's rule that `declarative` stands alone.

    ``aggregate="article_or_sentence"`` (the default) also switches a label on when one sentence of
    the article scores above the threshold for it: GUIDELINES §2 labels every modality of a main
    clause, and the article-level input is truncated (``max_length``) where long articles carry a
    penalty or a definition at the end.  The sentence scores are computed anyway, for the evidence.
    Chosen on held-out LawRefBook files' weak labels, not on gold: micro/macro-F1 0.966 / 0.962 vs
    0.961 / 0.949 for ``"article"`` (``python training/train_models.py --tasks aggregation``).
    """

    def __init__(self, classifier: BertTextClassifier, aggregate: str = "article_or_sentence"):
        if aggregate not in AGGREGATIONS:
            raise ValueError(f"aggregate must be one of {AGGREGATIONS}, not {aggregate!r}")
        self.classifier = classifier
        self.aggregate = aggregate

    def tag_texts(self, texts: list[str], sentences: list[list[str]] | None = None,
                  evidence_texts: list[list[str]] | None = None) -> list[Modality]:
        """Labels of ``texts`` as the models read them (the view); ``evidence_texts``, where given, are
        the sentences as the user has them, one for each of ``sentences``, returned as evidence."""
        if sentences is None:
            sentences = [(split_sentences(t) or [t])[:MAX_SENTENCES] for t in texts]
        labels = self.classifier.labels_
        flat = [s for group in sentences for s in group]
        # One call: articles and sentences share batches, and a sentence that is its whole article
        # is scored once.
        probs = self.classifier.predict_proba(list(texts) + flat)
        art_probs, sent_probs = probs[:len(texts)], probs[len(texts):]
        out, pos = [], 0
        for g, (row, group) in enumerate(zip(art_probs, sentences)):
            quoted = evidence_texts[g] if evidence_texts is not None else group
            group_probs = sent_probs[pos:pos + len(group)]
            pos += len(group)
            if self.aggregate == "article_or_sentence" and len(group_probs):
                row = row.copy()
                for j, lab in enumerate(labels):
                    if lab != "declarative":
                        row[j] = max(row[j], group_probs[:, j].max())
            chosen = labels_from_scores({lab: float(p) for lab, p in zip(labels, row)}, self.classifier.threshold)
            evidence = {}
            for lab in chosen:
                j = labels.index(lab)
                if len(group):
                    evidence[lab] = quoted[int(group_probs[:, j].argmax())]
            scores = {lab: float(row[labels.index(lab)]) for lab in labels}
            out.append(Modality(labels=chosen, scores=scores, evidence=evidence))
        return out

    def tag_articles(self, articles: list[Article]) -> list[Modality]:
        """Labels of parsed articles, read in the view, with evidence in the articles' own characters."""
        texts = [view_of(a) for a in articles]
        sentences, quoted = [], []
        for a, view in zip(articles, texts):
            pairs = ([(view_of(s), s.text) for s in a.sentences[:MAX_SENTENCES]]
                     or _sentence_pairs(view, a.text))
            sentences.append([v for v, _ in pairs])
            quoted.append([q for _, q in pairs])
        return self.tag_texts(texts, sentences, quoted)

    def tag_text(self, text: str, view: str) -> Modality:
        """One text as the user gave it, read in ``view``; the evidence is cut from ``text``."""
        pairs = _sentence_pairs(view, text)
        return self.tag_texts([view], [[v for v, _ in pairs]], [[q for _, q in pairs]])[0]


def _sentence_pairs(view: str, text: str) -> list[tuple[str, str]]:
    """The sentences of a text's view, each with its own characters in ``text``."""
    return [(v, source_of(v, text) or v) for v in (split_sentences(view) or [view])[:MAX_SENTENCES]]


class ModalityComponent(Component):
    """Sets ``modality`` (labels, scores, evidence) on every article of every document."""

    name = "modality"
    requires = ("article.text", "article.sentences")
    assigns = ("article.modality",)

    def __init__(self, tagger: ModalityTagger):
        self.tagger = tagger

    def predict(self, articles: Sequence[Article]) -> list[Modality]:
        return self.tagger.tag_articles(list(articles))

    def __call__(self, gazette: Gazette) -> Gazette:
        articles = gazette.articles
        for art, mod in zip(articles, self.predict(articles)):
            art.modality = mod
        return gazette
