"""Damaged model directories give one clear error naming the file and how to restore it.

Each damage is done to a copy of the tiny modality model, then loaded through the API
(``govnlp.pipeline.load``) and through ``govnlp label --modality DIR`` (exit status 2, one line).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govnlp
from govnlp import ModelError
from govnlp.cli import main
from govnlp.pipeline import load


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _drop_vocab_entry(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-100]), encoding="utf-8")


def _gpt2_config(path: Path) -> None:
    path.write_text(json.dumps({"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_embd": 32,
                                "n_layer": 1, "n_head": 2, "vocab_size": 50257}), encoding="utf-8")


def _no_checksums(model: Path) -> None:
    (model / "checksums.json").unlink()


# name -> (damage done to the model directory, file the error must name, words the error must hold)
# With checksums.json (as shipped) the checksum catches the damage first; without it (a directory
# the user trained) the structural checks do.
DAMAGES = {
    "missing weights": (lambda m: (m / "model.safetensors").unlink(), "model.safetensors", "missing"),
    "truncated weights": (lambda m: _truncate(m / "model.safetensors"), "model.safetensors", "damaged"),
    "vocab of the wrong size": (lambda m: _drop_vocab_entry(m / "vocab.txt"), "vocab.txt", "damaged"),
    "config of another architecture": (lambda m: _gpt2_config(m / "config.json"), "config.json", "damaged"),
    "checksum record names a missing file": (
        lambda m: (m / "checksums.json").write_text(json.dumps({**json.loads((m / "checksums.json").read_text()),
                                                                "extra.bin": "0" * 64})),
        "extra.bin", "missing"),
    "checksum record unreadable": (lambda m: (m / "checksums.json").write_text("{not json"), "checksums.json",
                                   "unreadable checksum record"),
    "unchecked: missing weights": (lambda m: (_no_checksums(m), (m / "model.safetensors").unlink()),
                                   "model.safetensors", "weights file is missing"),
    "unchecked: truncated weights": (lambda m: (_no_checksums(m), _truncate(m / "model.safetensors")),
                                     "modality", "cannot be loaded"),
    "unchecked: vocab of the wrong size": (lambda m: (_no_checksums(m), _drop_vocab_entry(m / "vocab.txt")),
                                           "vocab.txt", "vocab_size=21128"),
    "unchecked: config of another architecture": (lambda m: (_no_checksums(m), _gpt2_config(m / "config.json")),
                                                  "config.json", "not a BERT architecture"),
    "unchecked: config not JSON": (lambda m: (_no_checksums(m), (m / "config.json").write_text("{")),
                                   "config.json", "not valid JSON"),
    "unchecked: missing config": (lambda m: (_no_checksums(m), (m / "config.json").unlink()),
                                  "config.json", "missing"),
    "unchecked: settings file not JSON": (
        lambda m: (_no_checksums(m), (m / "govnlp_classifier.json").write_text("{")),
        "govnlp_classifier.json", "not valid JSON"),
    "unchecked: not a task model": (lambda m: (_no_checksums(m), (m / "govnlp_classifier.json").unlink()),
                                    "govnlp_classifier.json", "not a govnlp task model"),
    "directory missing": (lambda m: shutil.rmtree(m), "modality", "does not exist"),
}


@pytest.fixture
def damaged(tiny_models_dir, tmp_path, request):
    damage, _, _ = DAMAGES[request.param]
    model = tmp_path / "modality"
    shutil.copytree(tiny_models_dir / "modality", model)
    damage(model)
    return model


def _dirs(models: Path, modality: Path) -> dict:
    return {"doctype": models / "doctype", "modality": modality, "keymods": models / "keymods"}


@pytest.mark.parametrize("damaged", sorted(DAMAGES), indirect=True)
def test_api_raises_model_error_naming_the_file(damaged, tiny_models_dir, request):
    _, names, words = DAMAGES[request.node.callspec.params["damaged"]]
    with pytest.raises(ModelError) as exc:
        load(**_dirs(tiny_models_dir, damaged))
    message = str(exc.value)
    assert str(damaged) in exc.value.path and names in exc.value.path, message
    assert words in message
    assert exc.value.fix, "the error must say how to restore the model"
    assert "\n" not in message


@pytest.mark.parametrize("damaged", ["truncated weights", "unchecked: vocab of the wrong size",
                                     "unchecked: config of another architecture", "unchecked: truncated weights",
                                     "unchecked: settings file not JSON"], indirect=True)
def test_cli_label_prints_one_line_and_exits_2(damaged, tiny_models_dir, tmp_path, capsys, request):
    _, names, _ = DAMAGES[request.node.callspec.params["damaged"]]
    code = main(["label", str(govnlp.SAMPLE_PATH), "--out", str(tmp_path / "out"), "--quiet",
                 "--doctype", str(tiny_models_dir / "doctype"), "--modality", str(damaged),
                 "--keymods", str(tiny_models_dir / "keymods")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("govnlp: error:")]
    assert len(errors) == 1 and names in errors[0] and str(damaged) in errors[0]
    assert "restore" in errors[0] or "use the vocab.txt" in errors[0] or "BERT checkpoint" in errors[0]


@pytest.mark.parametrize("damaged", ["truncated weights"], indirect=True)
def test_cli_subprocess_no_traceback(damaged, tiny_models_dir, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "govnlp.cli", "label", str(govnlp.SAMPLE_PATH), "--out",
                           str(tmp_path / "out"), "--quiet", "--doctype", str(tiny_models_dir / "doctype"),
                           "--modality", str(damaged), "--keymods", str(tiny_models_dir / "keymods")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"govnlp: error: {damaged}/model.safetensors: file is damaged" in proc.stderr
    assert "git checkout --" in proc.stderr


def test_shipped_models_are_checked_against_their_checksums(tiny_models_dir, tmp_path, monkeypatch):
    """`govnlp.pipeline.load()` with no arguments verifies the shipped folder (here GOVNLP_MODELS)."""
    shipped = tmp_path / "models"
    shutil.copytree(tiny_models_dir, shipped)
    monkeypatch.setenv("GOVNLP_MODELS", str(shipped))
    assert load().pipe_names == ["doctype", "modality", "keymods", "links"]
    weights = shipped / "keymods" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte: same size, silently wrong labels without the check
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"keymods/model\.safetensors: file is damaged .*git checkout"):
        load()
    shutil.rmtree(shipped / "doctype")
    with pytest.raises(ModelError, match=r"doctype: shipped model directory is missing"):
        load()
