"""The user-facing pipeline: parse, then run named components in order (like spaCy's ``Language``).

``govnlp.load()`` builds one from the shipped models (or from directories the user trained);
``nlp(path_or_text)`` returns a labelled :class:`~govnlp.model.Gazette`.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .model import Gazette

Component = Callable[[Gazette], Gazette]


class Pipeline:
    """An ordered list of named components applied to a parsed gazette."""

    def __init__(self, components: Iterable[tuple[str, Component]] = ()):
        self._components: list[tuple[str, Component]] = list(components)

    @property
    def pipe_names(self) -> list[str]:
        return [name for name, _ in self._components]

    def add_pipe(self, name: str, component: Component) -> "Pipeline":
        if name in self.pipe_names:
            raise ValueError(f"a component named {name!r} is already in the pipeline")
        self._components.append((name, component))
        return self

    def remove_pipe(self, name: str) -> Component:
        for i, (n, comp) in enumerate(self._components):
            if n == name:
                del self._components[i]
                return comp
        raise KeyError(name)

    def get_pipe(self, name: str) -> Component:
        return dict(self._components)[name]

    def __call__(self, path_or_text, source: str | None = None) -> Gazette:
        from .parse import parse

        gazette = path_or_text if isinstance(path_or_text, Gazette) else parse(path_or_text, source=source)
        for _, component in self._components:
            gazette = component(gazette)
        return gazette

    def pipe(self, inputs: Iterable) -> Iterator[Gazette]:
        for item in inputs:
            yield self(item)


def load(
    doctype: str | os.PathLike | None = None,
    modality: str | os.PathLike | None = None,
    keymods: str | os.PathLike | None = None,
    disable: Iterable[str] = (),
) -> Pipeline:
    """A pipeline with the shipped task models, or the directories given per task.

    A task directory is what ``govnlp train`` (or :meth:`BertTextClassifier.save`) writes.
    """
    from .classifier import BertTextClassifier
    from .doctype import DocTypeComponent
    from .keymods import KeyModsComponent, load_extractor
    from .loading import shipped_model_path
    from .modality import ModalityComponent, ModalityTagger

    def path_for(task, given):
        return Path(given) if given is not None else shipped_model_path(task)

    disable = set(disable)
    nlp = Pipeline()
    if "doctype" not in disable:
        nlp.add_pipe("doctype", DocTypeComponent(BertTextClassifier.load(path_for("doctype", doctype))))
    if "modality" not in disable:
        nlp.add_pipe("modality", ModalityComponent(ModalityTagger(BertTextClassifier.load(path_for("modality", modality)))))
    if "keymods" not in disable:
        nlp.add_pipe("keymods", KeyModsComponent(load_extractor(path_for("keymods", keymods))))
    return nlp
