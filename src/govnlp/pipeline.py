"""The user-facing pipeline: parse, then run named components in order (like spaCy's ``Language``).

``govnlp.load()`` builds one from the shipped models (or from directories the user trained);
``nlp(path_or_text)`` returns a labelled :class:`~govnlp.doc.model.Gazette`. A component is
refused when it requires an attribute that neither parsing nor an earlier component assigns.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from govnlp.components.base import PARSED
from govnlp.doc.model import Gazette
from govnlp.labels import TASKS
from govnlp.parsing import parse

Component = Callable[[Gazette], Gazette]


class Pipeline:
    """An ordered list of named components applied to a parsed gazette."""

    def __init__(self, components: Iterable[tuple[str, Component]] = ()):
        self._components: list[tuple[str, Component]] = []
        for name, component in components:
            self.add_pipe(name, component)

    @property
    def pipe_names(self) -> list[str]:
        return [name for name, _ in self._components]

    @property
    def assigned(self) -> set[str]:
        """Attributes set once the pipeline has run: the parser's and every component's."""
        out = set(PARSED)
        for _, component in self._components:
            out.update(getattr(component, "assigns", ()))
        return out

    def add_pipe(self, name: str, component: Component) -> "Pipeline":
        if name in self.pipe_names:
            raise ValueError(f"a component named {name!r} is already in the pipeline")
        missing = [a for a in getattr(component, "requires", ()) if a not in self.assigned]
        if missing:
            raise ValueError(f"component {name!r} requires {', '.join(missing)}, which no earlier step "
                             f"assigns (pipeline: {self.pipe_names or 'parsing only'})")
        self._components.append((name, component))
        return self

    def remove_pipe(self, name: str) -> Component:
        for i, (n, comp) in enumerate(self._components):
            if n == name:
                rest = [(m, c) for m, c in self._components[i + 1:]]
                needed = {a for _, c in rest for a in getattr(c, "requires", ())}
                lost = needed & set(getattr(comp, "assigns", ())) - PARSED
                if lost:
                    users = [m for m, c in rest if set(getattr(c, "requires", ())) & lost]
                    raise ValueError(f"cannot remove {name!r}: {', '.join(users)} require(s) {', '.join(sorted(lost))}")
                del self._components[i]
                return comp
        raise KeyError(name)

    def get_pipe(self, name: str) -> Component:
        return dict(self._components)[name]

    def __call__(self, source, name: str | None = None) -> Gazette:
        """Label one issue given as a path, bytes, its text, or an already parsed Gazette."""
        gazette = source if isinstance(source, Gazette) else parse(source, name)
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
    device: str = "auto",
    precision: str = "auto",
) -> Pipeline:
    """A pipeline with the shipped task models, or the directories given per task.

    A task directory is what ``govnlp train`` (or :meth:`BertTextClassifier.save`) writes.
    After ``keymods`` comes ``links`` (rules, no model): each key modification is linked to the
    enacted article it landed in (:mod:`govnlp.components.links`); it goes when ``keymods`` does.
    ``disable`` drops components; dropping one that a later component requires is an error.
    ``device`` (``"auto"``, ``"cpu"``, ``"cuda"``) and ``precision`` (``"auto"``: each model at the
    precision it was validated at on the CPU, fp32 on a GPU; or ``"fp32"``, ``"int8"``, ``"fp16"``)
    say where and how the models run (:mod:`govnlp.inference.backends`).
    """
    from govnlp.components.doctype import DocTypeComponent
    from govnlp.components.keymods import KeyModsComponent, load_extractor
    from govnlp.components.modality import ModalityComponent, ModalityTagger
    from govnlp.inference.backends import resolve_device, resolve_precision
    from govnlp.inference.classifier import BertTextClassifier
    from govnlp.inference.models import load_doctype_classifier, shipped_model_path

    device = resolve_device(device)
    resolve_precision(precision, device)     # a wrong value fails here, before any model loads
    given = {"doctype": doctype, "modality": modality, "keymods": keymods}
    disable = set(disable)
    unknown = disable - set(TASKS) - {"links"}
    if unknown:
        raise ValueError(f"unknown component(s) {sorted(unknown)}; the components are {[*TASKS, 'links']}")
    builders = {
        "doctype": lambda p: DocTypeComponent(load_doctype_classifier(p, device, precision)),
        "modality": lambda p: ModalityComponent(ModalityTagger(BertTextClassifier.load(p, device, precision))),
        "keymods": lambda p: KeyModsComponent(load_extractor(p, device, precision)),
    }
    nlp = Pipeline()
    for task in TASKS:
        if task not in disable:
            path = Path(given[task]) if given[task] is not None else shipped_model_path(task)
            nlp.add_pipe(task, builders[task](path))
    if "keymods" in nlp.pipe_names and "links" not in disable:
        from govnlp.components.links import LinksComponent

        nlp.add_pipe("links", LinksComponent())
    return nlp
