"""Label many gazette issues on one machine: one process, or a pool of worker processes.

Results go to the store described in :mod:`govnlp.runners.store` (safe to kill, resume, rerun and
share); :mod:`govnlp.runners.distributed` is the same on a Ray cluster.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import warnings
from pathlib import Path
from typing import Iterable

from govnlp.runners.store import (  # noqa: F401 - check_output and the lock are part of this module's API
    BatchReport, check_output, exclusive_lock, model_error, plan, publish_tables, save_outcome,
)
from govnlp.runners.work import label_file, load_pipeline

_WORKER_NLP = None
_WORKER_ERROR: str | None = None


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGTERM to this worker when its parent dies (no orphans)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _init_worker(model_dirs: dict, threads: int, device: str = "auto", precision: str = "auto",
                 in_pool: bool = False) -> None:
    """Load the pipeline once per worker; a failure is kept and reported per file, never raised."""
    global _WORKER_NLP, _WORKER_ERROR
    if in_pool:
        _die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    _WORKER_NLP, _WORKER_ERROR = load_pipeline(model_dirs, threads, device, precision)


def _label_one(path_str: str) -> tuple[str, str | None, str | None, bool]:
    return label_file(_WORKER_NLP, _WORKER_ERROR, path_str)


def label_batch(
    inputs: Iterable[str],
    out_dir: str | os.PathLike,
    resume: bool = False,
    workers: int = 1,
    model_dirs: dict | None = None,
    progress: bool = True,
    device: str = "auto",
    precision: str = "auto",
) -> BatchReport:
    """Label ``inputs`` into the store ``out_dir`` and rebuild its tables from everything in it.

    Raises :class:`ModelError` when the models cannot be loaded (nothing is labelled, tables and
    earlier results are left as they were) and :class:`InputError` when another run holds the folder.
    """
    from tqdm.auto import tqdm

    start = time.perf_counter()
    out = Path(out_dir)
    with exclusive_lock(out):
        (out / "issues").mkdir(parents=True, exist_ok=True)
        report = BatchReport()
        todo = plan(inputs, out, resume, report)
        cores = os.cpu_count() or 1
        workers = max(1, int(workers))
        if workers > cores:
            warnings.warn(f"--workers {workers} is more than the {cores} CPU cores; each worker gets one "
                          f"thread and they compete: expect it to be slower than --workers {cores}", stacklevel=2)
        threads = max(1, cores // workers)
        if todo:
            _run(todo, out, report, workers, threads, model_dirs or {}, device, precision, progress, tqdm)
        publish_tables(out, report)
    report.seconds = time.perf_counter() - start
    return report


def _run(todo, out, report, workers, threads, model_dirs, device, precision, progress, tqdm) -> None:
    sha_of = {str(f): sha for f, sha in todo}
    paths = [str(f) for f, _ in todo]
    executor = None
    if workers == 1:
        _init_worker(model_dirs, threads, device, precision)
        results = map(_label_one, paths)
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                       initializer=_init_worker,
                                       initargs=(model_dirs, threads, device, precision, True))
        results = executor.map(_label_one, paths)
    try:
        for path_str, result, error, model_failed in tqdm(results, total=len(paths), desc="issues",
                                                           unit="issue", disable=not progress):
            if model_failed:
                raise model_error(error)
            save_outcome(out, path_str, sha_of[path_str], result, error, report)
    except BaseException:
        if executor is not None:   # stop the workers now: nothing they still do would be kept
            workers_alive = list((getattr(executor, "_processes", None) or {}).values())
            executor.shutdown(wait=False, cancel_futures=True)
            for proc in workers_alive:
                with contextlib.suppress(Exception):
                    proc.terminate()
            executor = None
        raise
    finally:
        if executor is not None:
            executor.shutdown()
