"""A BERT text classifier with scikit-learn's manners, used by every learned stage.

Document type (single-label), article modality (multi-label) and key-modification sentence
selection (binary) are all "fine-tune govbert-mini on labelled texts, then score texts".  This
class wraps ``transformers``' ``Trainer`` and ``save_pretrained`` behind ``fit``/``predict_proba``
/``predict``/``save``/``load`` so that stages, training scripts and cross-validation loops treat
it like any scikit-learn estimator.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Sequence

import numpy as np

from govnlp.inference.backends import BATCH_SIZE, INPUT_NAMES

CONFIG_NAME = "govnlp_classifier.json"
#: Batches are padded to a multiple of this many tokens (see predict_proba).
PAD_MULTIPLE = 8


@contextlib.contextmanager
def quiet_transformers():
    """Silence transformers' load reports and progress bars for one block, then restore them."""
    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()


class BertTextClassifier:
    """Fine-tunes a BERT checkpoint (by path) into a single- or multi-label text classifier."""

    _backend = None

    def __init__(
        self,
        base_model: str | os.PathLike | None = None,
        labels: Sequence[str] | None = None,
        multi_label: bool = False,
        max_length: int = 256,
        epochs: float = 3.0,
        batch_size: int = 32,
        learning_rate: float = 2e-4,
        threshold: float = 0.5,
        seed: int = 0,
        num_threads: int | None = None,
        device: str = "auto",
        precision: str = "fp32",
    ):
        self.base_model = base_model
        self.labels = labels
        self.multi_label = multi_label
        self.max_length = max_length
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.threshold = threshold
        self.seed = seed
        self.num_threads = num_threads
        self.device = device
        self.precision = precision

    # ------------------------------------------------------------------ training
    def fit(self, texts: Sequence[str], y: Sequence, eval_texts=None, eval_y=None):
        import torch
        from datasets import Dataset
        from transformers import (
            AutoModelForSequenceClassification,
            AutoTokenizer,
            DataCollatorWithPadding,
            Trainer,
            TrainingArguments,
        )
        from transformers.trainer_callback import PrinterCallback

        from govnlp.inference.models import resolve_base_model

        if self.num_threads:
            torch.set_num_threads(self.num_threads)
        base = resolve_base_model(self.base_model)
        self.labels_ = list(self.labels) if self.labels is not None else _infer_labels(y, self.multi_label)
        index = {l: i for i, l in enumerate(self.labels_)}
        self.tokenizer_ = AutoTokenizer.from_pretrained(str(base))
        with quiet_transformers():  # the "newly initialized head" report is expected here
            self.model_ = AutoModelForSequenceClassification.from_pretrained(
            str(base),
            dtype=torch.float32,    # a saved task model holds float16 weights: train in float32
            num_labels=len(self.labels_),
            id2label={i: str(l) for i, l in enumerate(self.labels_)},
            label2id={str(l): i for i, l in enumerate(self.labels_)},
            problem_type="multi_label_classification" if self.multi_label else "single_label_classification",
            )

        def encode(xs, ys):
            enc = self.tokenizer_(list(xs), truncation=True, max_length=self.max_length)
            if self.multi_label:
                targets = np.zeros((len(ys), len(self.labels_)), dtype=np.float32)
                for r, labs in enumerate(ys):
                    for l in labs:
                        targets[r, index[l]] = 1.0
                enc["labels"] = targets.tolist()
            else:
                enc["labels"] = [index[l] for l in ys]
            return Dataset.from_dict(dict(enc))

        train = encode(texts, y)
        with tempfile.TemporaryDirectory(prefix="govnlp-train-") as tmp:
            args = TrainingArguments(
                output_dir=tmp,
                num_train_epochs=self.epochs,
                per_device_train_batch_size=self.batch_size,
                learning_rate=self.learning_rate,
                warmup_steps=int(0.06 * self.epochs * -(-len(train) // self.batch_size)),
                weight_decay=0.01,
                lr_scheduler_type="linear",
                save_strategy="no",
                logging_steps=50,
                report_to=[],
                use_cpu=True,
                seed=self.seed,
                disable_tqdm=True,
                dataloader_num_workers=0,
            )
            trainer = Trainer(
                model=self.model_,
                args=args,
                train_dataset=train,
                data_collator=DataCollatorWithPadding(self.tokenizer_),
            )
            # A library's fit() should not print loss dictionaries to the user's stdout; the
            # log stays available as ``train_log_``.
            trainer.remove_callback(PrinterCallback)
            trainer.train()
            self.train_log_ = list(trainer.state.log_history)
        self.model_.eval()
        self._backend = None   # new weights: the next prediction builds a new backend
        self.weights_key_ = None
        return self

    # ------------------------------------------------------------------ inference
    def predict_proba(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        """Class probabilities (softmax) or per-label probabilities (sigmoid, multi-label).

        Runs on :attr:`backend_` (ONNX Runtime on the CPU, PyTorch on a GPU; see
        :mod:`govnlp.inference.backends`), built on first use from ``device`` and ``precision``.
        """
        self._check_fitted()
        backend = self.backend_
        # The tokenizer reads a whole string before truncating it: a 10 MB "article" would cost
        # gigabytes. No token past max_length is used, and no token is shorter than a character.
        limit = 4 * self.max_length
        clipped = [t[:limit] for t in texts]
        out = np.zeros((len(clipped), len(self.labels_)), dtype=np.float32)
        if not clipped:
            return out
        # Each distinct text once (an article of one sentence is also its own sentence), sorted by
        # length so that padding, and so CPU time, stays minimal.
        unique = list(dict.fromkeys(clipped))
        where = {t: i for i, t in enumerate(unique)}
        probs = np.zeros((len(unique), len(self.labels_)), dtype=np.float32)
        order = np.argsort([len(t) for t in unique], kind="stable")
        step = batch_size or BATCH_SIZE["cpu" if backend.device == "cpu" else "cuda"]
        for start in range(0, len(unique), step):
            idx = order[start:start + step]
            # Lengths padded to multiples of 8: few shapes, so the backends' per-shape buffers stay
            # few (memory), with little compute spent on padding.
            enc = self.tokenizer_([unique[i] for i in idx], truncation=True, max_length=self.max_length,
                                  padding=True, pad_to_multiple_of=PAD_MULTIPLE, return_tensors="np")
            logits = backend({k: enc[k] for k in INPUT_NAMES if k in enc})
            probs[idx] = _sigmoid(logits) if self.multi_label else _softmax(logits)
        out[:] = probs[[where[t] for t in clipped]]
        return out

    @property
    def backend_(self):
        """Where forward passes run; built once, on first use, and again after ``fit``."""
        backend = self._backend
        if backend is None:
            with _BACKEND_LOCK:
                backend = self._backend
                if backend is None:
                    from govnlp.inference.backends import make_backend

                    backend = make_backend(self.model_, self.device, self.precision,
                                           cache_key=getattr(self, "weights_key_", None))
                    self._backend = backend
        return backend

    def set_inference(self, device: str = "auto", precision: str = "auto") -> "BertTextClassifier":
        """Run predictions on ``device`` at ``precision`` (see :mod:`govnlp.inference.backends`)."""
        from govnlp.inference.backends import resolve_device, resolve_precision

        device = resolve_device(device)
        self.device = device
        self.precision = resolve_precision(precision, device, getattr(self, "cpu_precision_", None))
        self._backend = None
        return self

    def predict(self, texts: Sequence[str]) -> list:
        probs = self.predict_proba(texts)
        if not self.multi_label:
            return [self.labels_[i] for i in probs.argmax(axis=1)]
        preds = []
        for row in probs:
            labs = [self.labels_[j] for j in np.flatnonzero(row >= self.threshold)]
            preds.append(labs or [self.labels_[int(row.argmax())]])  # never an empty set
        return preds

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | os.PathLike) -> Path:
        """A standard HF model directory plus a small JSON of govnlp settings."""
        import torch

        self._check_fitted()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        # Weights are stored in float16: half the size (all shipped models must fit in 100 MB) at
        # no measurable cost; loading casts them back to float32, the fast dtype on CPUs.
        half = {k: v.detach().to(torch.float16) if v.is_floating_point() else v
                for k, v in self.model_.state_dict().items()}
        with quiet_transformers():
            self.model_.save_pretrained(str(path), state_dict=half, safe_serialization=True)
        config_path = path / "config.json"          # say what the file holds: float16
        config = json.loads(config_path.read_text(encoding="utf-8"))
        for key in ("dtype", "torch_dtype"):
            if key in config:
                config[key] = "float16"
        config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        self.tokenizer_.save_pretrained(str(path))
        _copy_vocab(self.base_model, path)
        settings = {
            "labels": self.labels_, "multi_label": self.multi_label,
            "max_length": self.max_length, "threshold": self.threshold,
        }
        (path / CONFIG_NAME).write_text(json.dumps(settings, ensure_ascii=False, indent=2), encoding="utf-8")
        from govnlp.inference.models import write_checksums

        write_checksums(path)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike, device: str = "auto", precision: str = "fp32") -> "BertTextClassifier":
        from govnlp.inference.backends import weights_key
        from govnlp.inference.models import load_classifier_parts

        settings, tokenizer, model = load_classifier_parts(path)
        clf = cls(base_model=path, labels=settings["labels"], multi_label=settings["multi_label"],
                  max_length=settings.get("max_length", 256), threshold=settings.get("threshold", 0.5))
        clf.labels_, clf.tokenizer_, clf.model_ = list(settings["labels"]), tokenizer, model
        clf.weights_key_ = weights_key(path)
        clf.cpu_precision_ = settings.get("cpu_precision")   # validated on gold: see backends
        return clf.set_inference(device, precision)

    # ------------------------------------------------------------------ helpers
    def _check_fitted(self):
        if not hasattr(self, "model_"):
            raise RuntimeError("BertTextClassifier is not fitted: call fit() or load() first")


_BACKEND_LOCK = threading.Lock()


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _copy_vocab(base, path: Path) -> None:
    """Keep a plain vocab.txt beside tokenizer.json, so any BERT tool (and our checks) can read it."""
    import shutil

    from govnlp.inference.models import resolve_base_model

    src = resolve_base_model(base) / "vocab.txt"
    if src.is_file() and not (path / "vocab.txt").exists():
        shutil.copy(src, path / "vocab.txt")


def _infer_labels(y, multi_label: bool) -> list[str]:
    if multi_label:
        return sorted({l for labs in y for l in labs})
    return sorted(set(y))
