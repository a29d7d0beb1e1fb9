"""`govnlp label` over files, folders and globs: resumable, safe to kill, byte-for-byte deterministic.

The kills survived and records lost are printed by the interrupted-batch test:

    nice -n 10 python -m pytest tests/test_batch.py -q -s -k killed
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import govnlp
from govnlp.cli import main
from conftest import tiny_args

TABLES = ("documents", "articles", "modifications")
COPIES = 6


def _small_issue() -> str:
    """The sample's first four documents (announcement, regulation, explanation, report): fast to label."""
    gazette = govnlp.parse(govnlp.SAMPLE_PATH)
    end = gazette.documents[3].end_line
    return "".join(govnlp.SAMPLE_PATH.read_text(encoding="utf-8").splitlines(keepends=True)[:end])


def _jsonl_lines(path: Path) -> list[dict]:
    """Every line must be a whole JSON record: a truncated record fails here."""
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n"), f"{path} ends mid-record"
    return [json.loads(line) for line in text.splitlines()]


def _check_intact(out: Path) -> dict[str, int]:
    """Whatever a run left behind parses completely; returns record counts per table present."""
    for issue in (out / "issues").glob("*.json"):
        json.loads(issue.read_text(encoding="utf-8"))
    return {t: len(_jsonl_lines(out / f"{t}.jsonl")) for t in TABLES if (out / f"{t}.jsonl").exists()}


def _outputs(out: Path) -> dict[str, bytes]:
    files = {f"{t}.jsonl": (out / f"{t}.jsonl").read_bytes() for t in TABLES}
    files.update({f"issues/{p.name}": p.read_bytes() for p in sorted((out / "issues").glob("*.json"))})
    return files


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    """COPIES issues of four documents and 24 articles each: quick to label, slow enough to kill mid-run."""
    folder = tmp_path_factory.mktemp("issues")
    text = _small_issue()
    for i in range(1, COPIES + 1):
        (folder / f"issue-{i}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean_run(copies, tiny_models_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    assert main(["label", str(copies), "--out", str(out), "--quiet", *tiny_args(tiny_models_dir)]) == 0
    return out


# ------------------------------------------------------------------ inputs


def test_label_files_folders_and_globs(tmp_path, tiny_models_dir, capsys):
    small = _small_issue()
    (tmp_path / "in" / "2021" / "09").mkdir(parents=True)
    (tmp_path / "in" / "2021" / "09" / "a.txt").write_text(small, encoding="utf-8")
    (tmp_path / "in" / "2021" / "b.txt").write_text(small, encoding="utf-8")
    (tmp_path / "in" / "notes.csv").write_text("not an input\n", encoding="utf-8")  # skipped in folders
    (tmp_path / "loose.txt").write_text(small, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["label", str(tmp_path / "loose.txt"), str(tmp_path / "in"),
                 str(tmp_path / "in" / "**" / "*.txt"),  # the same files again through a glob: labelled once
                 "--out", str(out), "--quiet", *tiny_args(tiny_models_dir)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "issues labelled: 3, skipped (--resume): 0, failed: 0" in printed
    assert len(list((out / "issues").glob("*.json"))) == 3
    documents = _jsonl_lines(out / "documents.jsonl")
    assert len(documents) == 3 * 4
    assert Counter(Path(d["source"]).name for d in documents) == {"loose.txt": 4, "a.txt": 4, "b.txt": 4}
    assert _jsonl_lines(out / "errors.jsonl") == []
    import pandas as pd

    for table in TABLES:
        assert len(pd.read_parquet(out / f"{table}.parquet")) == len(_jsonl_lines(out / f"{table}.jsonl"))


def test_resume_skips_issues_already_done(clean_run, copies, tiny_models_dir, capsys):
    before = _outputs(clean_run)
    mtimes = {p: p.stat().st_mtime_ns for p in (clean_run / "issues").glob("*.json")}
    (copies / "issue-new.txt").write_text(_small_issue(), encoding="utf-8")
    try:
        assert main(["label", str(copies), "--out", str(clean_run), "--resume", "--quiet",
                     *tiny_args(tiny_models_dir)]) == 0
        assert f"issues labelled: 1, skipped (--resume): {COPIES}, failed: 0" in capsys.readouterr().out
        assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes  # done issues were not rewritten
        after = _outputs(clean_run)
        assert len(_jsonl_lines(clean_run / "documents.jsonl")) == len(before["documents.jsonl"].splitlines()) + 4
        assert all(after[name] == data for name, data in before.items() if name.startswith("issues/"))
    finally:
        (copies / "issue-new.txt").unlink()
        for p in (clean_run / "issues").glob("issue-new-*.json"):
            p.unlink()
        main(["label", str(copies), "--out", str(clean_run), "--resume", "--quiet", *tiny_args(tiny_models_dir)])
    assert _outputs(clean_run) == before


# ------------------------------------------------------------------ interrupted batch


def _start(copies: Path, out: Path, models: Path, resume: bool) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "govnlp.cli", "label", str(copies), "--out", str(out), "--quiet",
           *tiny_args(models)] + (["--resume"] if resume else [])
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _done(out: Path) -> int:
    return len(list((out / "issues").glob("*.json"))) if (out / "issues").is_dir() else 0


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 180) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()``; False when it finished before that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    raise AssertionError("the batch neither progressed nor finished")


def test_killed_batch_resumes_with_nothing_lost_or_duplicated(clean_run, copies, tiny_models_dir, tmp_path):
    """SIGKILL `govnlp label` at four different moments, then `--resume`: the result equals a clean run."""
    out = tmp_path / "out"
    moments = [
        # (name, resume?, condition checked every 20 ms, given the number of issues done at the start)
        ("just after the first issue was written", False, lambda start: _done(out) >= 1),
        ("while loading the models", True, None),
        ("just after the next issue was written", True, lambda start: _done(out) > start),
        ("mid-issue, 0.15 s after the next one", True, "half"),
    ]
    kills = 0
    for name, resume, condition in moments:
        start_done = _done(out)
        t0 = time.monotonic()
        proc = _start(copies, out, tiny_models_dir, resume)
        if condition is None:
            landed = _kill_when(proc, lambda: time.monotonic() - t0 > 1.0)
        elif condition == "half":
            seen = {}

            def ready():
                if "t" not in seen and _done(out) > start_done:
                    seen["t"] = time.monotonic()
                return "t" in seen and time.monotonic() - seen["t"] > 0.15
            landed = _kill_when(proc, ready)
        else:
            landed = _kill_when(proc, lambda: condition(start_done))
        _check_intact(out)  # nothing half-written, whatever the moment
        if landed and proc.returncode == -signal.SIGKILL:
            kills += 1
        else:  # on a loaded machine the run may finish first: not a failure, but not a kill either
            print(f"\nthe batch finished before the kill {name}")

    proc = _start(copies, out, tiny_models_dir, resume=True)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr

    clean_counts = _check_intact(clean_run)
    counts = _check_intact(out)
    lost = sum(clean_counts[t] - counts[t] for t in TABLES)
    duplicates = 0
    for table in TABLES:
        lines = (out / f"{table}.jsonl").read_bytes().splitlines()
        duplicates += len(lines) - len(set(lines))
    leftovers = [p.name for p in out.rglob(".*")]  # temp files of writes a kill interrupted: never read
    print(f"\nkills survived: {kills}; records lost: {lost}; duplicate records: {duplicates}; "
          f"records per table: {counts}; interrupted temp files left: {len(leftovers)}")
    assert kills >= 3
    assert counts == clean_counts and lost == 0
    assert duplicates == 0  # rows name their source file, so copies of one issue give distinct rows
    assert _outputs(out) == _outputs(clean_run)
    assert _jsonl_lines(out / "errors.jsonl") == []


# ------------------------------------------------------------------ determinism


def test_same_input_gives_byte_identical_output_across_runs_and_workers(clean_run, copies, tiny_models_dir, tmp_path):
    again, two = tmp_path / "again", tmp_path / "workers2"
    assert main(["label", str(copies), "--out", str(again), "--quiet", *tiny_args(tiny_models_dir)]) == 0
    assert main(["label", str(copies), "--out", str(two), "--workers", "2", "--quiet",
                 *tiny_args(tiny_models_dir)]) == 0
    reference = _outputs(clean_run)
    assert len(reference) == len(TABLES) + COPIES
    assert _outputs(again) == reference
    assert _outputs(two) == reference
    for table in TABLES:  # Parquet rebuilt from the same rows holds the same rows
        import pandas as pd

        pd.testing.assert_frame_equal(pd.read_parquet(two / f"{table}.parquet"),
                                      pd.read_parquet(clean_run / f"{table}.parquet"))
