"""Where models live and how they are loaded: the one place that touches model files.

Shipped models are installed with the package as ``govnlp.models`` (``GOVNLP_MODELS`` overrides it).  Every
shipped directory carries ``checksums.json`` (sha256 of each file); loading verifies it, so a
truncated download or an edited weight file gives a clear :class:`ModelError` naming the file and
how to restore it instead of a deep traceback or silently wrong labels.
"""
from __future__ import annotations

import importlib.util
import json
import os
import threading
from pathlib import Path

from govnlp.doc.io import sha256_file
from govnlp.errors import ModelError

CHECKSUMS = "checksums.json"
BASE_MODEL = "govbert-mini"
_RESTORE = "restore it with `git checkout -- {path}` or retrain it with the command in its README.md"


def models_dir() -> Path:
    """``GOVNLP_MODELS`` if set; else the models installed with the package (``govnlp.models``,
    which is the checkout's ``models/`` folder in an editable install and package data in a wheel)."""
    env = os.environ.get("GOVNLP_MODELS")
    if env:
        return Path(env)
    try:
        spec = importlib.util.find_spec("govnlp.models")
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / BASE_MODEL).is_dir():
            return Path(location)
    return Path(__file__).resolve().parents[3] / "models"


def shipped_model_path(name: str) -> Path:
    path = models_dir() / name
    if not path.is_dir():
        raise ModelError(path, "shipped model directory is missing",
                         "reinstall govnlp from a full checkout, or set GOVNLP_MODELS to the folder holding it")
    return path


def resolve_base_model(base) -> Path:
    """A base checkpoint by path; ``None`` means the shipped govbert-mini."""
    path = shipped_model_path(BASE_MODEL) if base is None else Path(base)
    if not (path / "config.json").is_file():
        raise ModelError(path, "no config.json: not a Hugging Face model directory",
                         "pass the folder that holds config.json, vocab.txt and the weights")
    return path


def write_checksums(path: str | os.PathLike) -> dict[str, str]:
    path = Path(path)
    sums = {p.name: sha256_file(p) for p in sorted(path.iterdir())
            if p.is_file() and p.name != CHECKSUMS and not p.name.startswith(".")}
    (path / CHECKSUMS).write_text(json.dumps(sums, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return sums


def verify_checksums(path: str | os.PathLike) -> None:
    """Raise ModelError naming the first file that is missing or differs from the recorded sum."""
    path = Path(path)
    record = path / CHECKSUMS
    if not record.is_file():
        return  # user-trained directories need not carry checksums
    try:
        sums = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(record, f"unreadable checksum record ({exc})", _RESTORE.format(path=record)) from None
    for name, expected in sums.items():
        f = path / name
        if not f.is_file():
            raise ModelError(f, "file is missing", _RESTORE.format(path=f))
        if sha256_file(f) != expected:
            raise ModelError(f, "file is damaged (checksum differs from the recorded one)", _RESTORE.format(path=f))


def check_model_dir(path: str | os.PathLike, expect_classifier: bool = False) -> Path:
    """Validate a model directory before transformers reads it, so errors name the real problem."""
    path = Path(path)
    if not path.is_dir():
        raise ModelError(path, "model directory does not exist", "pass an existing folder or omit it for the shipped model")
    verify_checksums(path)
    cfg_path = path / "config.json"
    if not cfg_path.is_file():
        raise ModelError(cfg_path, "config.json is missing", _RESTORE.format(path=cfg_path))
    try:
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ModelError(cfg_path, f"config.json is not valid JSON ({exc})", _RESTORE.format(path=cfg_path)) from None
    if cfg.get("model_type") not in {"bert", "roberta", "megatron-bert"}:
        raise ModelError(cfg_path, f"model_type {cfg.get('model_type')!r} is not a BERT architecture",
                         "govnlp needs a BERT checkpoint with the bert-base-chinese vocabulary")
    if not (path / "model.safetensors").is_file():
        if (path / "pytorch_model.bin").is_file():
            raise ModelError(path / "pytorch_model.bin", "weights are a pickle file, which govnlp does not load "
                             "(loading a pickle can run code)", "save the model with safetensors "
                             "(save_pretrained(..., safe_serialization=True)) and pass that folder")
        raise ModelError(path / "model.safetensors", "weights file is missing", _RESTORE.format(path=path))
    vocab = path / "vocab.txt"
    if not vocab.is_file() and not (path / "tokenizer.json").is_file():
        raise ModelError(vocab, "tokenizer files are missing (no vocab.txt or tokenizer.json): every "
                         "character would become [UNK]", _RESTORE.format(path=path))
    if vocab.is_file():
        with vocab.open(encoding="utf-8") as fh:
            n = sum(1 for _ in fh)
        if n != cfg.get("vocab_size"):
            raise ModelError(vocab, f"vocabulary has {n} entries but config.json says vocab_size={cfg.get('vocab_size')}",
                             "use the vocab.txt the model was trained with (bert-base-chinese, 21128 entries)")
    if expect_classifier and not (path / "govnlp_classifier.json").is_file():
        raise ModelError(path / "govnlp_classifier.json", "not a govnlp task model (settings file missing)",
                         "train one with `govnlp train` or pass a shipped task directory")
    return path


#: transformers' lazy imports are not thread-safe on first use: models load one at a time.
_LOAD_LOCK = threading.Lock()


def load_classifier_parts(path):
    """(settings, tokenizer, model) of a saved BertTextClassifier directory, validated first."""
    with _LOAD_LOCK:
        return _load_classifier_parts(path)


def _load_classifier_parts(path):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = check_model_dir(path, expect_classifier=True)
    settings_path = path / "govnlp_classifier.json"
    try:
        settings = json.loads(settings_path.read_text(encoding="utf-8"))
        if not isinstance(settings.get("labels"), list) or "multi_label" not in settings:
            raise ValueError("'labels' or 'multi_label' missing")
    except (ValueError, AttributeError) as exc:
        raise ModelError(settings_path, f"settings file is not valid JSON of a govnlp task model ({exc})",
                         _RESTORE.format(path=settings_path)) from None
    from govnlp.inference.classifier import quiet_transformers

    try:
        with quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(str(path))
            model = AutoModelForSequenceClassification.from_pretrained(str(path), dtype=torch.float32)
    except Exception as exc:  # noqa: BLE001 - transformers raises many types for damaged files
        raise ModelError(path, f"cannot be loaded: {type(exc).__name__}: {str(exc)[:200]}",
                         _RESTORE.format(path=path)) from None
    model.eval()
    return settings, tokenizer, model


def load_doctype_classifier(path: str | os.PathLike, device: str = "auto", precision: str = "auto"):
    """The document-type classifier in ``path``: the shipped title-and-opening estimator, or a
    fine-tuned encoder (a folder ``govnlp train doctype`` wrote)."""
    from govnlp.inference.title_opening import ESTIMATOR_FILE, TitleOpeningClassifier

    path = Path(path)
    if (path / ESTIMATOR_FILE).is_file():
        return TitleOpeningClassifier.load(path)
    from govnlp.inference.classifier import BertTextClassifier

    return BertTextClassifier.load(path, device, precision)
