"""Pipeline glue: the component that sets ``key_modifications`` on review reports, and model loading."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

from govnlp.components.base import Component
from govnlp.components.keymods.estimator import CONFIG_NAME, CueScorer, KeyModificationExtractor
from govnlp.doc.model import Document, KeyModification
from govnlp.labels import REPORT_TYPES

__all__ = ["KeyModsComponent", "load_extractor"]


class KeyModsComponent(Component):
    """Sets ``key_modifications`` on the documents typed as review reports or opinions."""

    name = "keymods"
    requires = ("document.doc_type", "document.paragraphs")
    assigns = ("document.key_modifications",)

    def __init__(self, extractor: KeyModificationExtractor):
        self.extractor = extractor

    def predict(self, documents: Sequence[Document]) -> list[list[KeyModification]]:
        return self.extractor.predict_many(list(documents))

    def __call__(self, gazette):
        reports = [doc for doc in gazette.documents if doc.doc_type in REPORT_TYPES]
        for doc, items in zip(reports, self.predict(reports)):
            doc.key_modifications = items
        return gazette


def load_extractor(path: str | os.PathLike | None = None, device: str = "auto",
                   precision: str = "fp32") -> KeyModificationExtractor:
    """The extractor saved at ``path``: a cue scorer (``govnlp_keymods.json``, what
    ``KeyModificationExtractor.save`` writes) or a fine-tuned text classifier (a BertTextClassifier dir).

    Without a path the cue rules select sentences on their own. ``device``/``precision`` apply to a
    text classifier; the cue scorer is a linear model on the CPU.
    """
    ext = KeyModificationExtractor()
    if path is None:
        return ext
    path = Path(path)   # a given directory must load: a damaged model is an error, not a fallback
    if (path / CONFIG_NAME).is_file():
        from govnlp.inference.models import verify_checksums

        verify_checksums(path)
        scorer, cfg = CueScorer.load(path)
        ext.sentence_scorer = scorer
        ext.scorer_ = scorer
        ext.threshold = float(cfg.get("threshold", ext.threshold))
        return ext
    from govnlp.inference.classifier import BertTextClassifier

    ext.sentence_scorer = BertTextClassifier.load(path, device, precision)
    ext.scorer_ = ext.sentence_scorer
    cfg = json.loads((path / "govnlp_classifier.json").read_text(encoding="utf-8"))
    ext.threshold = float(cfg.get("threshold", ext.threshold))
    return ext
