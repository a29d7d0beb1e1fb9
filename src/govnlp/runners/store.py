"""The output folder of a labelling run, whichever engine runs it: a store of per-issue results.

The output folder is a store, and the tables are a function of it:

* ``issues/<key>.json`` — the result of one input (``key``: its name + a hash of its path), with
  ``issues/<key>.sha1`` the SHA-1 of the input's bytes it was made from; written to a temporary
  file and renamed, so an issue is either complete or absent.
* ``failed/<key>.json`` — the error of an input whose latest run failed; its old result is removed
  at the same time (a failed file keeps no stale rows).
* ``documents|articles|modifications.{jsonl,parquet}`` and ``errors.jsonl`` — rebuilt from all of
  ``issues/`` and ``failed/`` at the end of every run, whatever this run's inputs were.
  ``manifest.json`` is set to ``"state": "building"`` before the rebuild and to ``"complete"``, with
  the SHA-256 of every table, after it: a set left by an interrupted rebuild says so, and the next
  run rebuilds it.
* ``.lock`` — one writer at a time: a second run on the same folder is refused with a message.

``--resume`` skips an input whose result exists *and* was made from the same bytes.
"""
from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import json
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager, Iterable, Iterator

from govnlp.doc.io import atomic_write_bytes, atomic_write_text, remove_file, sha256_file, umask
from govnlp.errors import InputError, ModelError

#: What a folder given to ``govnlp label`` is searched for (a file named on the command line is read
#: whatever its name: its format is sniffed from its content).
INPUT_SUFFIXES = {".txt", ".md", ".text", ".pdf", ".html", ".htm", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
TABLES = ("documents", "articles", "modifications")
MANIFEST = "manifest.json"


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


@contextlib.contextmanager
def exclusive_lock(out: Path):
    """Hold ``out/.lock`` for the whole run; a second writer gets an InputError, not a race."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    fh = open(out / ".lock", "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise InputError(str(out), "another govnlp run is writing to this folder; wait for it to "
                                   "finish or choose another --out") from None
    try:
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


# ------------------------------------------------------------------ inputs
def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path], list[dict]]:
    """Files from paths, folders (recursive) and globs; entries that cannot be labelled become
    error records naming them (a folder with nothing to label, a broken link, a missing path)."""
    files, errors = [], []
    for raw in inputs:
        try:
            path = Path(raw)
            if path.is_dir():
                try:
                    entries = sorted(p for p in path.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES)
                except OSError as exc:
                    errors.append({"file": str(path), "error": f"{path}: folder cannot be listed: {exc}"})
                    continue
                found = [p for p in entries if p.is_file()]
                files.extend(found)
                errors.extend({"file": display(p), "error": f"{display(p)}: {_broken_link(p)}"}
                              for p in entries if p.is_symlink() and not p.exists())
                if not found and not any(p.is_symlink() for p in entries):
                    errors.append({"file": str(path), "error": f"{path}: folder holds no file to label "
                                                              f"({', '.join(sorted(INPUT_SUFFIXES))})"})
            elif path.exists() or path.is_symlink():
                files.append(path)
            elif any(c in raw for c in "*?["):
                matched = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
                if not matched:
                    errors.append({"file": raw, "error": f"{raw}: glob matched no file"})
                files.extend(matched)
            else:
                errors.append({"file": raw, "error": f"{raw}: no such file or folder"})
        except OSError as exc:       # a name the system refuses (too long, …): that input only
            errors.append({"file": raw, "error": f"{raw}: cannot be used as a path ({exc.strerror or exc})"})
    seen, unique = set(), []
    for f in files:
        key = _absolute(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors


def _broken_link(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop (it leads back to itself)"
    return "broken symbolic link (its target is missing)"


def _absolute(path: Path) -> str:
    """The resolved path, or the absolute one where links cannot be resolved (a loop)."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def display(path) -> str:
    """A path or message as valid Unicode: bytes of a file name that are not UTF-8 as ``\\xNN``, so
    that the records and tables that name the file can be written."""
    text = os.fspath(path) if not isinstance(path, str) else path
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


#: Longest readable part of a key, in UTF-8 bytes: the key and the temporary names made from it stay
#: far under the 255 bytes a file name may have (62 characters outside the BMP are 248 bytes).
_STEM_BYTES = 80


def issue_key(path: Path) -> str:
    """Stable per-input file name: readable stem + hash of the absolute path."""
    digest = hashlib.sha1(os.fsencode(_absolute(path))).hexdigest()[:10]
    stem = re.sub(r"[^\w\-]+", "_", path.stem)
    stem = stem.encode("utf-8")[:_STEM_BYTES].decode("utf-8", "ignore")
    return f"{stem}-{digest}"


def content_sha1(path: Path) -> str:
    """SHA-1 of a regular file's bytes, read in chunks; InputError for anything else."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(display(path), "is a symbolic link loop (it leads back to itself)") from None
        raise InputError(display(path), f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise InputError(str(path), "is not a regular file (a FIFO, device or folder); save the issue to a file first")
    h = hashlib.sha1()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    return h.hexdigest()


def plan(inputs: Iterable[str], out: Path, resume: bool, report: BatchReport) -> list[tuple[Path, str]]:
    """The inputs to label now, each with the SHA-1 of its bytes; inputs that cannot be labelled are
    recorded as failures, and with ``resume`` those already labelled from the same bytes are skipped."""
    files, errors = expand_inputs(inputs)
    todo: list[tuple[Path, str]] = []
    for f in files:
        key = issue_key(f)
        try:
            sha = content_sha1(f)
        except InputError as exc:
            record_failure(out, key, display(f), str(exc), report)
            continue
        done = out / "issues" / f"{key}.json"
        sha_file = out / "issues" / f"{key}.sha1"
        if resume and done.is_file() and sha_file.is_file() and sha_file.read_text().strip() == sha:
            report.skipped.append(str(f))
        else:
            todo.append((f, sha))
    report.failed.extend({"file": display(e["file"]), "error": display(e["error"])} for e in errors)
    return todo


#: One labelled input as a worker reports it: (path, result JSON or None, error or None, whether the
#: error is the models').
Outcome = tuple[str, "str | None", "str | None", bool]


def label_into_store(inputs: Iterable[str], out_dir: str | os.PathLike, resume: bool, progress: bool,
                     outcomes: Callable[[list[tuple[Path, str]]], ContextManager[Iterator[Outcome]]]) -> BatchReport:
    """What every engine does around its workers: hold the store, plan, store each outcome as it
    arrives, then rebuild the tables from everything in the store.

    ``outcomes(todo)`` is the engine: a context manager giving the outcome of each input of ``todo``
    (in any order) and stopping its workers when the block ends, normally or not. A model that cannot
    be loaded stops the batch with :class:`ModelError` before anything of it is stored.
    """
    from tqdm.auto import tqdm

    start = time.perf_counter()
    out = Path(out_dir)
    with exclusive_lock(out):
        (out / "issues").mkdir(parents=True, exist_ok=True)
        report = BatchReport()
        todo = plan(inputs, out, resume, report)
        if todo:
            sha_of = {str(f): sha for f, sha in todo}
            with outcomes(todo) as results:
                for path_str, result, error, model_failed in tqdm(results, total=len(todo), desc="issues",
                                                                   unit="issue", disable=not progress):
                    if model_failed:
                        raise model_error(error)
                    save_outcome(out, path_str, sha_of[path_str], result, error, report)
        publish_tables(out, report)
    report.seconds = time.perf_counter() - start
    return report


def save_outcome(out: Path, path_str: str, sha: str, result: str | None, error: str | None,
                 report: BatchReport) -> None:
    """Store one input's outcome as it arrives: its result, or its error (which removes an old result)."""
    key = issue_key(Path(path_str))
    if error is None:
        try:
            record_result(out, key, path_str, sha, result, report)
            return
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                raise                      # nothing more can be stored: the run stops, naming the path
            error = f"{display(path_str)}: its result cannot be stored ({exc.strerror or exc})"
    record_failure(out, key, path_str, error, report)


def model_error(message: str) -> ModelError:
    """A worker's one-line model message as the ModelError one process would have raised."""
    where, _, problem = message.partition(": ")
    err = ModelError(where, problem)
    err.args = (message,)
    return err


@contextlib.contextmanager
def naming(path: Path):
    """An OSError from writing ``path`` names it (a full disk's error names no file of its own)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


def record_failure(out: Path, key: str, file: str, error: str, report: BatchReport) -> None:
    file, error = display(file), display(error)
    remove_file(out / "issues" / f"{key}.json")
    remove_file(out / "issues" / f"{key}.sha1")
    target = out / "failed" / f"{key}.json"
    with naming(target):
        atomic_write_text(target, json.dumps({"file": file, "error": error}, ensure_ascii=False))
    report.failed.append({"file": file, "error": error})


def _valid_unicode(value):
    if isinstance(value, str):
        return display(value)
    if isinstance(value, list):
        return [_valid_unicode(v) for v in value]
    if isinstance(value, dict):
        return {display(k): _valid_unicode(v) for k, v in value.items()}
    return value


def record_result(out: Path, key: str, file: str, sha: str, result: str, report: BatchReport) -> None:
    try:
        result.encode("utf-8")
    except UnicodeEncodeError:       # a file name that is not UTF-8, copied into the result
        result = json.dumps(_valid_unicode(json.loads(result)), ensure_ascii=False)
    for target, text in ((out / "issues" / f"{key}.json", result), (out / "issues" / f"{key}.sha1", sha + "\n")):
        with naming(target):
            atomic_write_text(target, text)
    remove_file(out / "failed" / f"{key}.json")
    report.done.append(display(file))


#: Rows a table keeps in memory before writing them as one Parquet row group: an archive's tables
#: are one row group each up to here (a row group an issue made 5,000 tiny issues a 12.6 MB file).
ROW_GROUP_ROWS = 1_000_000
ROW_GROUP_BYTES = 256 * 1024 * 1024


def publish_tables(out: Path, report: BatchReport) -> None:
    """Rebuild every table from ``issues/`` and ``failed/``, one issue at a time so that memory holds
    at most one row group's rows, not the archive's; the manifest marks the set complete last."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from govnlp.doc.tables import arrow_schemas, gazette_tables

    with naming(out / MANIFEST):
        atomic_write_text(out / MANIFEST, json.dumps({"state": "building"}) + "\n")
    schemas = arrow_schemas()
    temps = {}
    try:
        for name in TABLES:
            for suffix in (".jsonl", ".parquet"):
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=suffix, dir=str(out))
                os.close(fd)
                temps[name + suffix] = Path(tmp)
        counts = dict.fromkeys(TABLES, 0)
        keys = []
        pending = {name: [] for name in TABLES}
        pending_bytes = dict.fromkeys(TABLES, 0)

        def flush(name):
            if pending[name]:
                table = pa.Table.from_batches(pending[name], schema=schemas[name])
                with naming(out / f"{name}.parquet"):
                    parquet[name].write_table(table, row_group_size=max(1, table.num_rows))
                pending[name], pending_bytes[name] = [], 0

        jsonl = {name: open(temps[name + ".jsonl"], "w", encoding="utf-8") for name in TABLES}
        parquet = {name: pq.ParquetWriter(str(temps[name + ".parquet"]), schemas[name]) for name in TABLES}
        try:
            for path in sorted((out / "issues").glob("*.json")):
                keys.append(path.stem)
                tables = gazette_tables(json.loads(path.read_text(encoding="utf-8")))
                for name, rows in tables.items():
                    counts[name] += len(rows)
                    with naming(out / f"{name}.jsonl"):
                        jsonl[name].write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
                    if rows:
                        batch = pa.RecordBatch.from_pylist(rows, schema=schemas[name])
                        pending[name].append(batch)
                        pending_bytes[name] += batch.nbytes
                        if sum(b.num_rows for b in pending[name]) >= ROW_GROUP_ROWS \
                                or pending_bytes[name] >= ROW_GROUP_BYTES:
                            flush(name)
            for name in TABLES:
                flush(name)
        finally:
            for name, fh in jsonl.items():
                with naming(out / f"{name}.jsonl"):
                    fh.close()
            for writer in parquet.values():
                writer.close()
        sums = {}
        for name, tmp in temps.items():
            os.chmod(tmp, 0o666 & ~umask())
            sums[name] = sha256_file(tmp)
            os.replace(tmp, out / name)
    finally:
        for tmp in temps.values():
            remove_file(tmp)
    report.documents, report.articles, report.modifications = (counts[t] for t in TABLES)
    failures = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "failed").glob("*.json"))] \
        if (out / "failed").is_dir() else []
    seen = {(e["file"], e["error"]) for e in failures}
    failures += [e for e in report.failed if (e["file"], e["error"]) not in seen]   # inputs with no key
    err = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in failures).encode("utf-8")
    with naming(out / "errors.jsonl"):
        atomic_write_bytes(out / "errors.jsonl", err)
    sums["errors.jsonl"] = hashlib.sha256(err).hexdigest()
    with naming(out / MANIFEST):
        atomic_write_text(out / MANIFEST, json.dumps({"state": "complete", "issues": keys, "sha256": sums},
                                                     ensure_ascii=False, indent=1) + "\n")


def check_output(out_dir: str | os.PathLike) -> list[str]:
    """Problems of an output folder (an interrupted rebuild, a table that differs from the manifest,
    an issue missing from the tables); ``[]`` when tables, manifest and ``issues/`` agree."""
    out = Path(out_dir)
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"{out / MANIFEST}: missing or unreadable"]
    if manifest.get("state") != "complete":
        return [f"{out}: tables were being rebuilt when the run stopped; run govnlp label again"]
    problems = []
    for name, expected in manifest.get("sha256", {}).items():
        path = out / name
        if not path.is_file() or sha256_file(path) != expected:
            problems.append(f"{path}: differs from the manifest")
    on_disk = sorted(p.stem for p in (out / "issues").glob("*.json"))
    if on_disk != sorted(manifest.get("issues", [])):
        problems.append(f"{out / 'issues'}: holds results the tables do not")
    return problems
