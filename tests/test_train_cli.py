"""`govnlp train` fine-tunes on a folder of regulations and writes a model govnlp.load() takes."""
import json
import shutil

import pytest

from conftest import SHARED
from govnlp.cli import main

DLC = SHARED / "corpus" / "lawrefbook" / "DLC"


@pytest.mark.skipif(not DLC.is_dir(), reason="../shared corpus not available")
def test_train_modality_on_a_province_folder(tiny_bert_dir, tiny_models_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GOVNLP_MODELS", str(tiny_models_dir))
    data = tmp_path / "province"
    data.mkdir()
    for f in sorted((DLC / "北京地方法规").rglob("*.md"))[:12]:
        shutil.copy(f, data / f.name)
    out = tmp_path / "modality-beijing"
    code = main(["train", "modality", "--data", str(data), "--base", str(tiny_bert_dir), "--out", str(out),
                 "--epochs", "1", "--max-examples", "64"])
    assert code == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["train_articles"] > 0 and figures["heldout_articles"] > 0
    assert 0.0 <= figures["heldout_weak_labels"]["after"]["micro_f1"] <= 1.0
    assert "before (shipped model)" in figures["heldout_weak_labels"]
    assert (out / "README.md").is_file() and (out / "checksums.json").is_file()

    from govnlp.pipeline import load

    nlp = load(modality=out, doctype=tiny_models_dir / "doctype", keymods=tiny_models_dir / "keymods")
    assert nlp.get_pipe("modality").tagger.classifier.labels_[0] == "obligation"


def test_train_on_a_missing_folder_is_a_clear_error(tmp_path, capsys):
    code = main(["train", "modality", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "m")])
    assert code == 2
    assert "nope" in capsys.readouterr().err
