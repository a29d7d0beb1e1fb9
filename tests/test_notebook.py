"""notebooks/quickstart.ipynb is stored executed (outputs visible) and runs from top to bottom (nbclient), on the
tiny models, so it cannot rot."""
import os
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "quickstart.ipynb"


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "\n".join(parts)


def _cell(nb, snippet: str):
    found = [c for c in nb.cells if c.cell_type == "code" and snippet in c.source]
    assert len(found) == 1, f"expected one code cell containing {snippet!r}"
    return found[0]


def test_notebook_is_stored_executed_with_its_outputs():
    """A reader meets the notebook with its outputs (the view inline, the tables, the chart), in order."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert all(c.outputs for c in code[1:])
    assert not any(o.output_type == "error" for c in code for o in c.outputs)
    view = _cell(nb, "page = result.to_html()")
    assert any("<iframe" in o.get("data", {}).get("text/html", "") for o in view.outputs)
    assert any("image/png" in o.get("data", {}) for o in _cell(nb, "counts.plot.barh(stacked=True").outputs)
    assert "enacted_articles" in str(_cell(nb, "tables.modifications.reindex(").outputs)


def test_quickstart_notebook_runs(tiny_models_dir, monkeypatch):
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    monkeypatch.setenv("GOVNLP_MODELS", str(tiny_models_dir))  # the notebook calls govnlp.load() bare
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # The "python3" kernel spec runs `python` from PATH: make that this interpreter (the venv's).
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails

    labelled = _text(_cell(nb, "result = nlp(govnlp.SAMPLE_PATH)"))
    m = re.search(r"(\d+) documents, (\d+) articles", labelled)
    assert m and int(m.group(1)) > 50 and int(m.group(2)) > 100, labelled

    tables = _cell(nb, "tables = result.to_pandas()")
    m = re.search(r"documents: (\d+) rows, articles: (\d+) rows", _text(tables))
    assert m and int(m.group(1)) > 50 and int(m.group(2)) > 100, _text(tables)
    assert any("text/html" in o.get("data", {}) for o in tables.outputs)  # the documents DataFrame is shown

    plot = _cell(nb, "counts.plot.barh(stacked=True")
    assert any("image/png" in o.get("data", {}) for o in plot.outputs), "the modality plot produced no image"

    mods = _cell(nb, "tables.modifications.reindex(")
    assert "key modifications in" in _text(mods)
    assert any(o.output_type == "execute_result" for o in mods.outputs)

    view = _cell(nb, "page = result.to_html()")
    assert any("data-doc-type" in o.get("data", {}).get("text/html", "") for o in view.outputs)

    for snippet in ("govnlp.classify_document(", "govnlp.tag_modality(", "govnlp.summarize_review("):
        assert any(o.output_type == "execute_result" for o in _cell(nb, snippet).outputs), snippet
