"""What a demanding user does to a batch: rerun it with other inputs, break files, share the folder,
damage a model, start from threads, feed it odd files. Each case keeps the rows right or says why not."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import govnlp
from govnlp.cli import main
from govnlp.doc.tables import gazette_tables
from govnlp.errors import InputError, ModelError
from govnlp.runners import local, store
from govnlp.runners.local import check_output, exclusive_lock
from conftest import tiny_args, sample_excerpt

TABLES = ("documents", "articles", "modifications")


def _rows(out: Path, table: str = "documents") -> list[dict]:
    text = (out / f"{table}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _expected_rows(out: Path) -> dict[str, list[dict]]:
    """The tables as a function of ``issues/``: what every run must leave behind."""
    rows = {t: [] for t in TABLES}
    for path in sorted((out / "issues").glob("*.json")):
        for name, table in gazette_tables(json.loads(path.read_text(encoding="utf-8"))).items():
            rows[name].extend(table)
    return rows


def _agree(out: Path) -> None:
    assert check_output(out) == []
    expected = _expected_rows(out)
    for t in TABLES:
        assert _rows(out, t) == json.loads(json.dumps(expected[t], ensure_ascii=False)), t


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "a.txt").write_text(sample_excerpt(0, 3), encoding="utf-8")
    (folder / "b.txt").write_text(sample_excerpt(4, 6), encoding="utf-8")
    (folder / "c.txt").write_text(sample_excerpt(7, 9), encoding="utf-8")
    return folder


def _label(models, out, *paths, resume=False) -> int:
    return main(["label", *map(str, paths), "--out", str(out), "--quiet", *tiny_args(models)]
                + (["--resume"] if resume else []))


# ------------------------------------------------------------------ the tables follow issues/

def test_a_second_run_with_other_inputs_keeps_the_first_runs_rows(inputs, tiny_models_dir, tmp_path):
    out = tmp_path / "store"
    assert _label(tiny_models_dir, out, inputs / "a.txt") == 0
    assert _label(tiny_models_dir, out, inputs / "b.txt") == 0
    sources = {Path(r["source"]).name for r in _rows(out)}
    assert sources == {"a.txt", "b.txt"}
    _agree(out)


def test_a_file_that_now_fails_loses_its_old_rows(inputs, tiny_models_dir, tmp_path):
    work = tmp_path / "a.txt"
    shutil.copy(inputs / "a.txt", work)
    out = tmp_path / "store"
    assert _label(tiny_models_dir, out, work, inputs / "b.txt") == 0
    assert any(Path(r["source"]).name == "a.txt" for r in _rows(out))
    work.write_text("", encoding="utf-8")
    assert _label(tiny_models_dir, out, work) == 1
    errors = _rows(out, "errors")
    assert [e["file"] for e in errors] == [str(work)] and "empty" in errors[0]["error"]
    assert {Path(r["source"]).name for r in _rows(out)} == {"b.txt"}
    assert not any(Path(r["source"]).name == "a.txt" for r in _rows(out, "articles"))
    _agree(out)
    work.write_text(sample_excerpt(0, 3), encoding="utf-8")        # mended: rows back, error gone
    assert _label(tiny_models_dir, out, work, resume=True) == 0
    assert (out / "errors.jsonl").read_text() == ""
    assert {Path(r["source"]).name for r in _rows(out)} == {"a.txt", "b.txt"}


def test_resume_relabels_a_file_whose_content_changed(inputs, tiny_models_dir, tmp_path, capsys):
    work = tmp_path / "issue.txt"
    work.write_text(sample_excerpt(0, 3), encoding="utf-8")
    out = tmp_path / "store"
    assert _label(tiny_models_dir, out, work, resume=True) == 0
    assert len(_rows(out)) == 4
    assert _label(tiny_models_dir, out, work, resume=True) == 0
    assert "skipped (--resume): 1" in capsys.readouterr().out
    work.write_text(sample_excerpt(0, 1), encoding="utf-8")        # same path, other content
    assert _label(tiny_models_dir, out, work, resume=True) == 0
    assert "issues labelled: 1, skipped (--resume): 0" in capsys.readouterr().out
    assert len(_rows(out)) == 2
    _agree(out)


class _DiesAt:
    """Patches the runner's writes so that the ``n``-th one raises KeyboardInterrupt (SIGINT)."""

    def __init__(self, n: int):
        self.n, self.calls = n, 0
        self.write, self.checksum = store.atomic_write_bytes, store.sha256_file

    def _step(self):
        self.calls += 1
        if self.calls >= self.n:
            raise KeyboardInterrupt

    def __enter__(self):
        def write(path, data):
            self._step()
            return self.write(path, data)

        def checksum(path):        # called on each table just before it is published
            self._step()
            return self.checksum(path)
        store.atomic_write_bytes, store.sha256_file = write, checksum
        return self

    def __exit__(self, *exc):
        store.atomic_write_bytes, store.sha256_file = self.write, self.checksum


def test_an_interrupted_table_rebuild_is_marked_and_mended(inputs, tiny_models_dir, tmp_path):
    out = tmp_path / "store"
    assert _label(tiny_models_dir, out, inputs / "a.txt") == 0
    # b's result (2 writes), the manifest's "building" mark (1), then two tables published: killed
    with _DiesAt(6):
        assert _label(tiny_models_dir, out, inputs / "b.txt") == 130
    problems = check_output(out)
    assert problems and "being rebuilt" in problems[0]
    assert _label(tiny_models_dir, out, inputs / "c.txt") == 0
    _agree(out)
    assert {Path(r["source"]).name for r in _rows(out)} == {"a.txt", "b.txt", "c.txt"}


def test_a_second_writer_on_the_same_folder_is_refused(inputs, tiny_models_dir, tmp_path, capsys):
    out = tmp_path / "store"
    with exclusive_lock(out):
        assert _label(tiny_models_dir, out, inputs / "a.txt") == 2
    assert "another govnlp run is writing to this folder" in capsys.readouterr().err
    assert _label(tiny_models_dir, out, inputs / "a.txt") == 0


def test_outputs_honour_the_umask(inputs, tiny_models_dir, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "store"
        assert _label(tiny_models_dir, out, inputs / "a.txt") == 0
        written = [*out.glob("*.jsonl"), *out.glob("*.parquet"), *(out / "issues").glob("*.json")]
        assert written and {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}
    finally:
        os.umask(old)


def test_evidence_is_an_object_in_jsonl_and_parquet(inputs, tiny_models_dir, tmp_path):
    import pandas as pd

    out = tmp_path / "store"
    assert _label(tiny_models_dir, out, inputs / "a.txt") == 0
    article = _rows(out, "articles")[0]
    assert isinstance(article["evidence"], dict) and set(article["evidence"]) == set(article["labels"])
    frame = pd.read_parquet(out / "articles.parquet")
    first = frame["evidence"].iloc[0]
    assert isinstance(first, dict) and {k for k, v in first.items() if v is not None} == set(article["labels"])


# ------------------------------------------------------------------ inputs that are not files

def test_a_fifo_is_refused_instead_of_hanging(tmp_path, tiny_models_dir):
    fifo = tmp_path / "issue.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="issue.txt: is a FIFO, not a regular file"):
        govnlp.parse(fifo)
    proc = subprocess.run([sys.executable, "-m", "govnlp.cli", "label", str(fifo), "--out", str(tmp_path / "o"),
                           "--quiet", *tiny_args(tiny_models_dir)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    errors = [json.loads(x) for x in (tmp_path / "o" / "errors.jsonl").read_text().splitlines()]
    assert "not a regular file" in errors[0]["error"]


def test_a_device_is_refused():
    with pytest.raises(InputError, match="/dev/zero: is a device, not a regular file"):
        govnlp.parse(Path("/dev/zero"))


def test_a_folder_with_nothing_to_label_is_an_error(tmp_path, tiny_models_dir):
    (tmp_path / "empty").mkdir()
    (tmp_path / "x.txt").mkdir()
    out = tmp_path / "o"
    assert _label(tiny_models_dir, out, tmp_path / "empty", tmp_path / "x.txt") == 1
    errors = [json.loads(x)["error"] for x in (out / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == 2 and all("folder holds no file to label (.htm, .html" in e for e in errors)


# ------------------------------------------------------------------ text that is not simplified UTF-8

def test_traditional_characters_and_big5_read_like_the_simplified_issue():
    from govnlp.text.script import to_simplified, to_traditional

    text = sample_excerpt(0, 3)
    simplified = govnlp.parse(text)
    traditional = govnlp.parse(to_traditional(text))
    # the same documents, each returned in the characters it was printed in
    assert [to_simplified(d.title) for d in traditional.documents] == [d.title for d in simplified.documents]
    assert [d.title for d in traditional.documents] == [to_traditional(d.title) for d in simplified.documents]
    assert all(d.title.replace("(", "").replace(")", "")[:4] in d.text for d in traditional.documents)
    assert len(traditional.articles) == len(simplified.articles) > 0
    assert any("traditional" in note for note in traditional.notes)
    big5 = govnlp.parse(to_traditional(text).encode("big5", errors="ignore"))
    assert big5.encoding == "big5" and len(big5.documents) == len(simplified.documents)


def test_nul_bytes_are_dropped_with_a_warning():
    data = sample_excerpt(0, 3).encode("utf-8").replace("保护条例".encode(), "保护\x00条例".encode(), 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gazette = govnlp.parse(data)
    assert any("NUL" in str(w.message) for w in caught)
    assert not any("\x00" in d.title for d in gazette.documents)
    assert len(gazette.articles) == len(govnlp.parse(sample_excerpt(0, 3)).articles)


# ------------------------------------------------------------------ models

def test_a_model_folder_without_tokenizer_files_is_refused(tiny_models_dir, tmp_path):
    model = tmp_path / "modality"
    shutil.copytree(tiny_models_dir / "modality", model)
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "checksums.json"):
        (model / name).unlink(missing_ok=True)
    with pytest.raises(ModelError, match="tokenizer files are missing"):
        govnlp.load(modality=model, doctype=tiny_models_dir / "doctype", keymods=tiny_models_dir / "keymods")


def test_save_writes_checksums(tiny_models_dir):
    sums = json.loads((tiny_models_dir / "modality" / "checksums.json").read_text())
    assert {"model.safetensors", "config.json", "govnlp_classifier.json"} <= set(sums)
    config = json.loads((tiny_models_dir / "modality" / "config.json").read_text())
    assert config.get("torch_dtype", config.get("dtype")) == "float16"    # what the file holds


def test_a_pickle_weights_file_is_refused_with_the_fix(tiny_models_dir, tmp_path):
    model = tmp_path / "modality"
    shutil.copytree(tiny_models_dir / "modality", model)
    (model / "model.safetensors").rename(model / "pytorch_model.bin")
    (model / "checksums.json").unlink()
    with pytest.raises(ModelError, match="pytorch_model.bin: weights are a pickle file") as err:
        govnlp.load(modality=model, doctype=tiny_models_dir / "doctype", keymods=tiny_models_dir / "keymods")
    assert "weights_only" not in str(err.value)


def test_a_damaged_model_with_two_workers_is_one_line_and_exit_2(inputs, tiny_models_dir, tmp_path):
    model = tmp_path / "modality"
    shutil.copytree(tiny_models_dir / "modality", model)
    (model / "model.safetensors").write_bytes(b"damaged")
    (model / "checksums.json").unlink()
    out = tmp_path / "o"
    proc = subprocess.run([sys.executable, "-m", "govnlp.cli", "label", str(inputs / "a.txt"), str(inputs / "b.txt"),
                           "--out", str(out), "--quiet", "--workers", "2",
                           "--doctype", str(tiny_models_dir / "doctype"), "--modality", str(model),
                           "--keymods", str(tiny_models_dir / "keymods")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("govnlp: error:"), proc.stderr
    assert str(model) in lines[0]


def test_more_workers_than_cores_warns(inputs, tiny_models_dir, tmp_path):
    with pytest.warns(UserWarning, match="more than the .* CPU cores"):
        local.label_batch([str(inputs / "a.txt")], tmp_path / "o", workers=(os.cpu_count() or 1) + 1,
                          model_dirs={t: tiny_models_dir / t for t in ("doctype", "modality", "keymods")},
                          progress=False)


def test_first_use_from_threads_builds_one_pipeline(tiny_models_dir):
    code = """
import threading, govnlp, govnlp.pipeline as p
calls = []
real = p.load
def counted(**kw):
    calls.append(1)
    return real(**kw)
p.load = counted
import govnlp.api as api
api.load = counted
errors, results = [], []
def work():
    try:
        results.append(govnlp.tag_modality("第十条　任何组织和个人不得擅自使用该标志。"))
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=work) for _ in range(4)]
[t.start() for t in threads]; [t.join() for t in threads]
print(len(errors), len(results), len(calls))
"""
    env = {**os.environ, "GOVNLP_MODELS": str(tiny_models_dir), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "4", "1"], proc.stdout + proc.stderr


# ------------------------------------------------------------------ training data

@pytest.mark.parametrize("labels,problem", [
    ('"obligation"', "labels must be a non-empty list"),
    ('["obligaton"]', "'obligaton' is not a modality label"),
])
def test_train_gold_with_bad_labels_names_file_and_line(tmp_path, labels, problem):
    from govnlp.training.tasks import read_gold_modality

    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "第一条　单位应当登记。", "labels": ["obligation"]}\n'
                    f'{{"text": "第二条　任何人不得破坏。", "labels": {labels}}}\n', encoding="utf-8")
    with pytest.raises(InputError, match=rf"gold.jsonl: line 2: {problem}"):
        read_gold_modality(gold)


# ------------------------------------------------------------------ helpers

@pytest.mark.parametrize("bad", [None, 42, ["第一条"]])
def test_helpers_name_the_wrong_type(bad):
    with pytest.raises(InputError, match=f"expected text \\(str\\), not {type(bad).__name__}"):
        govnlp.parse_document(bad)


def test_a_sentence_with_a_slash_is_text_not_a_path():
    doc = govnlp.parse_document("第四十条　本条例自2021/10/1起施行。")
    assert doc.articles and doc.articles[0].number == "第四十条"
    with pytest.raises(InputError, match="no document title found"):   # read as text, not "no such file"
        govnlp.parse("本条例自2021/10/1起施行")


# ------------------------------------------------------------------ any sequence of runs

def test_any_sequence_of_label_kill_resume_relabel_keeps_tables_equal_to_issues(inputs, tiny_models_dir):
    """Random runs on three inputs — labelled, killed at any write, resumed, relabelled with other
    inputs or other content — and after every complete run the tables are exactly ``issues/``,
    with each input present once, with its latest content, or absent if its latest run failed."""
    import contextlib
    import tempfile

    from hypothesis import given, settings
    from hypothesis import strategies as st

    import govnlp.pipeline

    from conftest import caching

    real_load = govnlp.pipeline.load
    cached_load = caching(real_load)

    contents = {"a": sample_excerpt(0, 3), "b": sample_excerpt(4, 6), "c": sample_excerpt(7, 9), "a2": sample_excerpt(0, 1), "empty": ""}
    step = st.tuples(st.sampled_from(["label", "resume", "kill", "edit"]),
                     st.sets(st.sampled_from("abc"), min_size=1),
                     st.integers(min_value=1, max_value=12),
                     st.sampled_from(["a", "a2", "empty"]))

    @settings(max_examples=8, deadline=None, derandomize=True)
    @given(st.lists(step, min_size=2, max_size=5))
    def run(steps):
        with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
            tmp = Path(tmp)
            govnlp.pipeline.load = cached_load
            stack.callback(setattr, govnlp.pipeline, "load", real_load)
            files = {k: tmp / f"{k}.txt" for k in "abc"}
            for k, f in files.items():
                f.write_text(contents[k], encoding="utf-8")
            current = {k: k for k in "abc"}        # which content each file holds now
            expected: dict[str, str | None] = {}   # input -> content version in the tables (None: absent)
            out = tmp / "store"
            for action, chosen, kill_after, new_content in steps:
                if action == "edit":
                    (k,) = sorted(chosen)[:1]
                    files[k].write_text(contents[new_content], encoding="utf-8")
                    current[k] = new_content
                    continue
                with _DiesAt(kill_after) if action == "kill" else contextlib.nullcontext():
                    code = _label(tiny_models_dir, out, *[files[k] for k in sorted(chosen)], resume=action != "label")
                if code == 130:                    # killed: these inputs may now be old or new
                    for k in chosen:
                        expected[k] = "unknown"
                    continue
                for k in chosen:
                    expected[k] = None if current[k] == "empty" else current[k]
                _agree(out)
                by_source = {}
                for r in _rows(out):
                    by_source.setdefault(Path(r["source"]).stem, []).append(r)
                for k, version in expected.items():
                    if version == "unknown":
                        continue
                    if version is None:
                        assert k not in by_source
                    else:
                        assert len(by_source[k]) == len(govnlp.parse(contents[version]).documents)

    run()


def test_workers_end_with_their_parent(inputs, tiny_models_dir, tmp_path):
    """Killing the parent of a ``--workers 2`` run leaves no worker behind (~650 MB each otherwise)."""
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-m", "govnlp.cli", "label", str(inputs), "--out", str(tmp_path / "o"),
                             "--quiet", "--workers", "2", *tiny_args(tiny_models_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(proc.pid):
                found.append(int(status.parent.name))
        return found

    issues = tmp_path / "o" / "issues"
    deadline = time.monotonic() + 120          # kill it once the workers are at work
    while time.monotonic() < deadline and not any(issues.glob("*.json")) and proc.poll() is None:
        time.sleep(0.1)
    workers = children()
    assert workers and proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and
                                              "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
                                              for pid in workers):
        time.sleep(0.2)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
             and "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()]
    assert alive == []


def test_fine_tuning_a_saved_model_trains_in_float32(tiny_models_dir):
    """A saved task model holds float16 weights (and says so); training on from it must not run in
    float16, which on a CPU is many times slower."""
    import torch

    from govnlp.inference.classifier import BertTextClassifier
    from govnlp.labels import MODALITY_LABELS

    clf = BertTextClassifier(base_model=tiny_models_dir / "modality", labels=list(MODALITY_LABELS), multi_label=True,
                             epochs=1, batch_size=2, max_length=16)
    clf.fit(["单位应当登记。", "任何人不得破坏。"], [["obligation"], ["prohibition"]])
    assert {p.dtype for p in clf.model_.parameters()} == {torch.float32}
