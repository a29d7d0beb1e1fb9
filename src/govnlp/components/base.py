"""What every pipeline component declares, as spaCy components do: the attributes it reads and writes.

Attributes are named ``<unit>.<field>`` of the data model (``document.doc_type``,
``article.modality``). The parser assigns :data:`PARSED`; a component whose ``requires`` no earlier
step assigns is refused when the pipeline is built, instead of silently doing nothing later.
``predict`` is the batch seam: it takes a list of inputs and returns a list of outputs, so that a
faster backend (ONNX, a GPU, a Ray actor) replaces one method and nothing else.
"""
from __future__ import annotations

from typing import ClassVar, Sequence

from govnlp.doc.model import Gazette

#: Attributes every parsed gazette carries before any component runs.
PARSED = frozenset({
    "document.title", "document.issuer", "document.body", "document.paragraphs", "document.articles",
    "article.text", "article.sentences", "article.paragraphs",
})


class Component:
    """A named step of a :class:`~govnlp.pipeline.Pipeline`: ``__call__(gazette) -> gazette``."""

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __call__(self, gazette: Gazette) -> Gazette:  # pragma: no cover - each component overrides
        raise NotImplementedError

    def predict(self, inputs: Sequence) -> list:  # pragma: no cover - each component overrides
        raise NotImplementedError
