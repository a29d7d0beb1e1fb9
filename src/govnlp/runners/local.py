"""Label many gazette issues on one machine: one process, or a pool of worker processes.

Results go to the store described in :mod:`govnlp.runners.store` (safe to kill, resume, rerun and
share); :mod:`govnlp.runners.distributed` is the same on a Ray cluster.
"""
from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import warnings
from typing import Iterable

from govnlp.runners.store import (  # noqa: F401 - check_output and the lock are part of this module's API
    BatchReport, check_output, exclusive_lock, label_into_store,
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
    cores = os.cpu_count() or 1
    workers = max(1, int(workers))
    if workers > cores:
        warnings.warn(f"--workers {workers} is more than the {cores} CPU cores; each worker gets one "
                      f"thread and they compete: expect it to be slower than --workers {cores}", stacklevel=2)
    threads = max(1, cores // workers)
    engine = functools.partial(_outcomes, workers=workers, threads=threads, model_dirs=model_dirs or {},
                               device=device, precision=precision)
    return label_into_store(inputs, out_dir, resume, progress, engine)


@contextlib.contextmanager
def _outcomes(todo, workers, threads, model_dirs, device, precision):
    """This process (one worker) or a pool of worker processes, each loading the pipeline once."""
    paths = [str(f) for f, _ in todo]
    if workers == 1:
        _init_worker(model_dirs, threads, device, precision)
        yield map(_label_one, paths)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                   initializer=_init_worker, initargs=(model_dirs, threads, device, precision, True))
    try:
        yield executor.map(_label_one, paths)
    except BaseException:   # stop the workers now: nothing they still do would be kept
        workers_alive = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for proc in workers_alive:
            with contextlib.suppress(Exception):
                proc.terminate()
        raise
    else:
        executor.shutdown()
