"""The tree tells the data's path: each layer imports only the layers before it, with no cycles."""
from __future__ import annotations

import ast
from pathlib import Path

import govnlp

SRC = Path(govnlp.__file__).resolve().parent

#: The data's path, in order. A module may import its own layer or an earlier one, never a later.
LAYERS = [
    {"errors", "labels"},
    {"text"},
    {"doc"},
    {"readers"},
    {"parsing"},
    {"inference"},
    {"components"},
    {"pipeline"},
    {"api"},
    {"supervision", "evaluation", "training", "runners"},
    {"cli", "__init__"},
]


def _layer(module: str) -> int:
    top = module.split(".")[1] if module.count(".") else "__init__"
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module}: not in any layer; add its package to LAYERS")


def _imports() -> dict[str, set[str]]:
    out = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(rel.parts).removesuffix(".__init__")
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govnlp"):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("govnlp"))
        out[module] = found
    return out


def test_imports_run_one_way():
    wrong = []
    for module, imported in _imports().items():
        if module == "govnlp":
            continue                      # the package façade re-exports every layer
        for target in imported:
            if target != "govnlp" and _layer(target) > _layer(module):
                wrong.append(f"{module} -> {target}")
    assert wrong == [], wrong


def test_the_installed_library_never_looks_for_the_shared_folder():
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert '"shared"' not in text and "'shared'" not in text and "../shared" not in text, path
        assert "from ." not in text, f"{path}: relative import"
