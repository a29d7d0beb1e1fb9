"""What a worker of any engine does: load the pipeline once, then label files one by one, never raising.

A batch must go on past a bad file, and a model that cannot be loaded must be reported once, as one
line, instead of as a traceback from every worker: both are returned as values, not raised.
"""
from __future__ import annotations

import warnings
from pathlib import Path

from govnlp.errors import GovNLPError


def load_pipeline(model_dirs: dict | None = None, threads: int | None = None, device: str = "auto",
                  precision: str = "auto"):
    """``(pipeline, None)``, or ``(None, message)`` when the models cannot be loaded."""
    import torch

    if threads:
        torch.set_num_threads(max(1, int(threads)))
    from govnlp.pipeline import load

    try:
        return load(**(model_dirs or {}), device=device, precision=precision), None
    except GovNLPError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - reported to the driver as one line
        return None, f"models cannot be loaded: {type(exc).__name__}: {exc}"


def label_file(nlp, load_error: str | None, path_str: str) -> tuple[str, str | None, str | None, bool]:
    """``(path, result JSON or None, error or None, whether the error is the models')``."""
    if load_error is not None:
        return path_str, None, load_error, True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gazette = nlp(Path(path_str))
        return path_str, gazette.to_json(), None, False
    except GovNLPError as exc:
        return path_str, None, str(exc), False
    except MemoryError:
        return path_str, None, f"{path_str}: out of memory while labelling", False
    except Exception as exc:  # noqa: BLE001 - a batch must go on past any one bad file
        return path_str, None, f"{path_str}: unexpected {type(exc).__name__}: {exc}", False
