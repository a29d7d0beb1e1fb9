"""Batch labelling of many gazette issues, safe to kill and resume.

Why this layout: each issue's result is written to ``DIR/issues/<key>.json`` with write-to-temp
+ ``os.replace``, so after a crash an issue is either completely there or absent.  The combined
JSONL/Parquet tables are rebuilt from those files at the end of every run (also atomically), so
``--resume`` can never duplicate or truncate a record.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import GovNLPError

INPUT_SUFFIXES = {".txt", ".md", ".text"}


@dataclass
class BatchReport:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    documents: int = 0
    articles: int = 0
    modifications: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path], list[dict]]:
    """Files from paths, folders (recursive) and globs; unreadable entries become error records."""
    files, errors = [], []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            try:
                entries = sorted(p for p in path.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES)
            except OSError as exc:
                errors.append({"file": str(path), "error": f"folder cannot be listed: {exc}"})
                continue
            files.extend(p for p in entries if p.is_file())
            # a text file the folder names but that cannot be opened is a failure, not silently skipped
            errors.extend({"file": str(p), "error": f"{p}: broken symbolic link (its target is missing)"}
                          for p in entries if p.is_symlink() and not p.exists())
        elif path.exists():
            files.append(path)
        elif any(c in raw for c in "*?["):
            matched = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
            if not matched:
                errors.append({"file": raw, "error": "glob matched no file"})
            files.extend(matched)
        else:
            errors.append({"file": raw, "error": "no such file or folder"})
    seen, unique = set(), []
    for f in files:
        key = str(f.resolve())
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors


def issue_key(path: Path) -> str:
    """Stable per-input file name: readable stem + hash of the absolute path."""
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:10]
    stem = re.sub(r"[^\w\-]+", "_", path.stem)[:60]
    return f"{stem}-{digest}"


def atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ------------------------------------------------------------------ worker side
_WORKER_NLP = None


def _init_worker(model_dirs: dict, threads: int) -> None:
    global _WORKER_NLP
    import torch

    torch.set_num_threads(max(1, threads))
    from .pipeline import load

    _WORKER_NLP = load(**model_dirs)


def _label_one(path_str: str) -> tuple[str, str | None, str | None]:
    """(path, result JSON or None, error message or None): never raises."""
    try:
        gazette = _WORKER_NLP(Path(path_str))
        return path_str, gazette.to_json(), None
    except GovNLPError as exc:
        return path_str, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a batch must go on past any one bad file
        return path_str, None, f"{path_str}: unexpected {type(exc).__name__}: {exc}"


def label_batch(
    inputs: Iterable[str],
    out_dir: str | os.PathLike,
    resume: bool = False,
    workers: int = 1,
    model_dirs: dict | None = None,
    progress: bool = True,
) -> BatchReport:
    from tqdm.auto import tqdm

    start = time.perf_counter()
    out = Path(out_dir)
    issues_dir = out / "issues"
    issues_dir.mkdir(parents=True, exist_ok=True)
    files, errors = expand_inputs(inputs)
    report = BatchReport(failed=list(errors))
    todo = []
    for f in files:
        target = issues_dir / f"{issue_key(f)}.json"
        if resume and target.is_file():
            report.skipped.append(str(f))
        else:
            todo.append(f)

    model_dirs = model_dirs or {}
    cores = os.cpu_count() or 1
    workers = max(1, int(workers))
    threads = max(1, cores // workers)
    if todo:
        if workers == 1:
            _init_worker(model_dirs, threads)
            results = map(_label_one, map(str, todo))
            executor = None
        else:
            import multiprocessing as mp

            executor = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                           initializer=_init_worker, initargs=(model_dirs, threads))
            results = executor.map(_label_one, map(str, todo))
        try:
            for path_str, result, error in tqdm(results, total=len(todo), desc="issues", unit="issue",
                                                disable=not progress):
                if error is not None:
                    report.failed.append({"file": path_str, "error": error})
                    continue
                atomic_write_text(issues_dir / f"{issue_key(Path(path_str))}.json", result)
                report.done.append(path_str)
        finally:
            if executor is not None:
                executor.shutdown()

    _write_tables(out, [issues_dir / f"{issue_key(f)}.json" for f in files], report)
    atomic_write_text(out / "errors.jsonl",
                      "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in report.failed))
    report.seconds = time.perf_counter() - start
    return report


def _write_tables(out: Path, result_files: list[Path], report: BatchReport) -> None:
    """Rebuild documents/articles/modifications JSONL and Parquet from the per-issue results."""
    import pandas as pd

    from .serialize import gazette_tables

    rows = {"documents": [], "articles": [], "modifications": []}
    for path in result_files:
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for name, table in gazette_tables(data).items():
            rows[name].extend(table)
    report.documents = len(rows["documents"])
    report.articles = len(rows["articles"])
    report.modifications = len(rows["modifications"])
    for name, table in rows.items():
        atomic_write_text(out / f"{name}.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in table))
        frame = pd.DataFrame(table)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".parquet", dir=str(out))
        os.close(fd)
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, out / f"{name}.parquet")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
