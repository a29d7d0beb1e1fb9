"""Where a classifier's forward pass runs: ONNX Runtime on the CPU, PyTorch on a GPU.

Why ONNX Runtime on the CPU: the sample labels 2.4x faster than with PyTorch eager at fp32 with
the same labels, and 3.8x with the modality and key-modification models at int8
(``python benchmarks/bench_archive.py``); PyTorch's own dynamic quantization (``torch.ao``) is
deprecated. The ONNX graph is made by PyTorch's exporter once per
model and precision and cached (``GOVNLP_CACHE``, default ``~/.cache/govnlp``, under ``onnx/``),
keyed by the weights' checksum, so workers and later runs load it in milliseconds.

``device``: ``"auto"`` (a CUDA GPU when torch sees one, else the CPU), ``"cpu"``, ``"cuda"``,
``"cuda:N"``. ``precision``: ``"fp32"``, ``"int8"`` (CPU only), ``"fp16"`` (GPU only), or ``"auto"``:
fp32 on a GPU; on the CPU, what the model's settings declare as ``cpu_precision`` (int8 only where
``benchmarks/bench_precision.py`` showed its gold figures within 0.005 of fp32's), else fp32.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import threading
import warnings
from pathlib import Path

import numpy as np

from govnlp.doc.io import atomic_write_bytes, cache_dir

PRECISIONS = ("auto", "fp32", "int8", "fp16")
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
#: Texts per forward pass: small on a CPU (padding costs compute), large on a GPU (launches cost).
BATCH_SIZE = {"cpu": 32, "cuda": 256}


def resolve_device(device: str | None) -> str:
    """``"cpu"`` or a CUDA device name; ``"auto"`` picks CUDA when torch sees a GPU."""
    device = (device or "auto").lower()
    if device == "auto":
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        return "cpu"
    if device == "cuda" or device.startswith("cuda:"):
        import torch

        if not torch.cuda.is_available():
            raise ValueError(f"device {device!r}: torch sees no CUDA GPU on this machine; use device='cpu' or 'auto'")
        return device
    raise ValueError(f"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', not {device!r}")


def resolve_precision(precision: str | None, device: str, cpu_default: str | None = None) -> str:
    """``precision`` made concrete for ``device``: ``"auto"`` is fp32 on a GPU and, on the CPU, the
    precision the model declares it was validated at (``cpu_default``, else fp32)."""
    precision = (precision or "auto").lower()
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
    on_gpu = device != "cpu"
    if precision == "auto":
        return "fp32" if on_gpu else (cpu_default or "fp32")
    if precision == "int8" and on_gpu:
        raise ValueError("precision 'int8' runs on the CPU only (ONNX Runtime); on a GPU use 'fp32' or 'fp16'")
    if precision == "fp16" and not on_gpu:
        raise ValueError("precision 'fp16' runs on a GPU only; on the CPU use 'int8' or 'fp32'")
    return precision


class TorchBackend:
    """The model itself, on ``device`` (a GPU), optionally in half precision."""

    engine = "torch"

    def __init__(self, model, device: str = "cpu", precision: str = "fp32"):
        import torch

        self.device, self.precision = device, precision
        self.model = model.to(device)
        if precision == "fp16":
            self.model = self.model.half()
        self.model.eval()
        self._torch = torch

    def __call__(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        torch = self._torch
        with torch.inference_mode():
            inputs = {k: torch.from_numpy(v).to(self.device) for k, v in batch.items()}
            return self.model(**inputs).logits.float().cpu().numpy()


class OnnxBackend:
    """The model exported to ONNX (fp32, or int8 weights by dynamic quantization), run by ONNX Runtime."""

    engine = "onnxruntime"

    def __init__(self, model, precision: str = "fp32", cache_key: str | None = None):
        import onnxruntime as ort
        import torch

        self.device, self.precision = "cpu", precision
        graph = _onnx_graph(model, precision, cache_key)
        options = ort.SessionOptions()
        options.intra_op_num_threads = torch.get_num_threads()   # what the worker was given
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Idle threads sleep instead of spinning: with several workers on few cores a spinning
        # thread takes a core from another worker (and on the sample it is no slower).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # No memory arena: it keeps the largest batch's buffers for good, a session each; without it
        # labelling the sample peaks about 220 MB lower for about 7 % more time (measured here).
        options.enable_cpu_mem_arena = False
        self.session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        self.input_names = [i.name for i in self.session.get_inputs()]

    def __call__(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        feed = {name: batch[name].astype(np.int64, copy=False) for name in self.input_names}
        return self.session.run(None, feed)[0]


def make_backend(model, device: str = "auto", precision: str = "auto", cache_key: str | None = None):
    """The fastest backend for ``device`` and ``precision``: ONNX Runtime on the CPU, PyTorch on a GPU."""
    device = resolve_device(device)
    precision = resolve_precision(precision, device)
    if device == "cpu":
        return OnnxBackend(model, precision, cache_key=cache_key)
    return TorchBackend(model, device, precision)


def weights_key(model_dir: str | os.PathLike) -> str | None:
    """A cache key for a saved model's graph: the checksums of its weights and config (recorded in
    ``checksums.json`` when there is one, else computed), so editing its card keeps the cache."""
    import json

    folder = Path(model_dir)
    record, sums = folder / "checksums.json", {}
    if record.is_file():
        with contextlib.suppress(OSError, ValueError):
            sums = json.loads(record.read_text(encoding="utf-8"))
    parts = []
    for name in ("model.safetensors", "config.json"):
        if name in sums:
            parts.append(f"{name}:{sums[name]}")
        elif (folder / name).is_file():
            parts.append(f"{name}:{hashlib.sha256((folder / name).read_bytes()).hexdigest()}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24] if parts else None


# ------------------------------------------------------------------------------------- export
_EXPORT_LOCK = threading.Lock()


def _onnx_graph(model, precision: str, cache_key: str | None) -> bytes:
    """The serialized ONNX graph: from the cache when ``cache_key`` names one, else exported now."""
    import onnxruntime
    import torch

    name = f"{cache_key}-{precision}-torch{torch.__version__}-ort{onnxruntime.__version__}.onnx" if cache_key else None
    cached = cache_dir() / "onnx" / name if name else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    with _EXPORT_LOCK, tempfile.TemporaryDirectory(prefix="govnlp-onnx-") as tmp:
        fp32 = Path(tmp) / "model.onnx"
        _export(model, fp32)
        graph = fp32
        if precision == "int8":
            graph = Path(tmp) / "model.int8.onnx"
            _quantize(fp32, graph)
        data = graph.read_bytes()
    if cached is not None:
        _write_cache(cached, data)
    return data


def _export(model, path: Path) -> None:
    """The model as an ONNX graph with batch and length left dynamic.

    Attention is exported in its plain matmul-softmax form, which ONNX Runtime fuses into its own
    attention kernel, and with the TorchScript exporter: on the shipped document-type model that graph
    ran about 20 % faster than the torch.export-based exporter's (timed once, by hand, on the
    sample's documents when choosing it). Where a later torch no longer has that exporter, the
    torch.export-based one is used.
    """
    import torch

    was_training, attention = model.training, model.config._attn_implementation
    model.eval()
    model.set_attn_implementation("eager")
    example = {"input_ids": torch.tensor([[101, 1045, 102], [101, 102, 0]]),
               "attention_mask": torch.tensor([[1, 1, 1], [1, 1, 0]]),
               "token_type_ids": torch.zeros(2, 3, dtype=torch.long)}
    model = model.float().cpu()
    try:
        with _quiet_export():
            try:
                torch.onnx.export(model, tuple(example[k] for k in INPUT_NAMES), str(path), dynamo=False,
                                  input_names=list(INPUT_NAMES), output_names=["logits"], opset_version=17,
                                  dynamic_axes={k: {0: "batch", 1: "length"} for k in INPUT_NAMES})
            except Exception:  # noqa: BLE001 - a torch without the TorchScript exporter
                batch = torch.export.Dim("batch")
                length = torch.export.Dim("length", max=model.config.max_position_embeddings)
                program = torch.onnx.export(model, (), kwargs=example, dynamo=True, verbose=False,
                                            dynamic_shapes={k: {0: batch, 1: length} for k in INPUT_NAMES})
                program.save(str(path))
    finally:
        model.set_attn_implementation(attention)
        model.train(was_training)


def _quantize(src: Path, dest: Path) -> None:
    """int8 weights, per output channel, activations quantized on the fly (ONNX Runtime's dynamic
    quantization: no calibration data needed). The activations' scale is taken per batch, so at
    int8 a text's probabilities can move in the fifth decimal with the texts batched beside it."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _quiet_export():
        quantize_dynamic(str(src), str(dest), weight_type=QuantType.QInt8, per_channel=True)


def _write_cache(path: Path, data: bytes) -> None:
    """Write atomically; a cache that cannot be written (read-only home) is skipped, not an error."""
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, data)


@contextlib.contextmanager
def _quiet_export():
    """The exporter and the quantizer report progress through warnings and logging: silence both."""
    loggers = [logging.getLogger(n) for n in ("", "torch.onnx", "torch.export", "torch._dynamo", "onnxscript",
                                              "torch.onnx._internal.exporter._registration")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), open(os.devnull, "w") as devnull, \
                contextlib.redirect_stdout(devnull):
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)
