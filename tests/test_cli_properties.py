"""Property-based tests of the command line: whatever the arguments or file contents, `govnlp` exits
0, 1 or 2 with at most one-line errors, never with an uncaught exception.

The number of generated examples is printed (``-s``):

    nice -n 10 python -m pytest tests/test_cli_properties.py -q -s
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govnlp
from conftest import caching
import govnlp.pipeline
from govnlp.cli import main

RUN = {}  # test name -> examples run
SLOW_OK = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                          HealthCheck.too_slow], derandomize=True)


def _small_issue() -> str:
    gazette = govnlp.parse(govnlp.SAMPLE_PATH)
    end = gazette.documents[3].end_line
    return "".join(govnlp.SAMPLE_PATH.read_text(encoding="utf-8").splitlines(keepends=True)[:end])


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory, tiny_models_dir):
    """A working folder of good and bad inputs; shipped models = the tiny ones, loaded once; the bundled
    sample = a four-document issue, so `govnlp parse`/`label` with no file stay fast."""
    root = tmp_path_factory.mktemp("cli-sandbox")
    small = _small_issue()
    (root / "good.txt").write_text(small, encoding="utf-8")
    (root / "gbk.txt").write_bytes(small.replace("«", "《").replace("»", "》").encode("gb18030"))
    (root / "empty.txt").write_bytes(b"")
    (root / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "folder").mkdir()
    (root / "folder" / "a.txt").write_text(small[:3000], encoding="utf-8")
    (root / "folder.txt").mkdir()
    (root / "dangling.txt").symlink_to(root / "gone.txt")

    parse_module = sys.modules["govnlp.parsing"]
    real_sample, real_load = parse_module.SAMPLE_PATH, govnlp.pipeline.load
    cached_load = caching(real_load)

    old_env = os.environ.get("GOVNLP_MODELS")
    os.environ["GOVNLP_MODELS"] = str(tiny_models_dir)
    parse_module.SAMPLE_PATH = root / "good.txt"
    govnlp.pipeline.load = cached_load
    try:
        yield root
    finally:
        parse_module.SAMPLE_PATH = real_sample
        govnlp.pipeline.load = real_load
        if old_env is None:
            os.environ.pop("GOVNLP_MODELS", None)
        else:
            os.environ["GOVNLP_MODELS"] = old_env


def _run(argv: list[str], cwd: Path) -> tuple[int, str]:
    """Exit status and stderr of ``govnlp ARGV``; any exception but SystemExit fails the property."""
    err = io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: --help exits 0, a usage error 2
            code = exc.code
    return code, err.getvalue()


def _assert_clean(code, err: str) -> None:
    assert code in (0, 1, 2), code
    assert "Traceback" not in err
    for line in err.splitlines():
        if "error" in line.lower():
            assert line.startswith(("govnlp: error:", "usage:", "  failed:")) or "govnlp" in line, line


# ------------------------------------------------------------------ random argument lists

INPUT_TOKENS = ["good.txt", "gbk.txt", "empty.txt", "scan.pdf", "folder", "folder.txt", "dangling.txt",
                "missing.txt", "*.txt", "folder/*.txt", "nothing-*.md", "", "-", "\x00", "文件.txt"]
OUT_TOKENS = ["out", "out/sub", "good.txt", "folder.txt", "missing-dir/o.jsonl", "folder/x.jsonl"]
FLAGS = ["--resume", "--sample", "--quiet", "--help", "--bogus", "-h"]

tokens = st.one_of(
    st.sampled_from(INPUT_TOKENS),
    st.tuples(st.just("--out"), st.sampled_from(OUT_TOKENS)).map(list),
    st.tuples(st.just("--workers"), st.sampled_from(["1", "0", "-3", "two", ""])).map(list),
    st.tuples(st.sampled_from(["--doctype", "--modality", "--keymods"]),
              st.sampled_from(["folder", "missing-model", "good.txt"])).map(list),
    st.sampled_from(FLAGS),
    st.text(max_size=12),
)


@st.composite
def argument_lists(draw):
    command = draw(st.sampled_from(["parse", "label", "label", "", "train", "bogus", "--help"]))
    rest = []
    for tok in draw(st.lists(tokens, max_size=6)):
        rest.extend(tok if isinstance(tok, list) else [tok])
    if command == "train":  # never start a real training run: leave out a required option
        rest = [t for t in rest if t != "--out"] + ["--data", "folder"]
    return ([command] if command else []) + rest


@settings(max_examples=100, **SLOW_OK)
@given(argv=argument_lists())
def test_any_argument_list_exits_0_1_or_2(sandbox, argv):
    RUN["arguments"] = RUN.get("arguments", 0) + 1
    code, err = _run(argv, sandbox)
    _assert_clean(code, err)


# ------------------------------------------------------------------ random file contents

SAMPLE_LINES = _small_issue().splitlines()

contents = st.one_of(
    st.binary(max_size=600),
    st.lists(st.sampled_from(SAMPLE_LINES), max_size=40).map(lambda ls: "\n".join(ls).encode("utf-8")),
    st.tuples(st.lists(st.sampled_from(SAMPLE_LINES), max_size=30), st.text(max_size=40),
              st.sampled_from(["utf-8", "utf-16", "gb18030", "utf-16-le"]))
    .map(lambda t: "\n".join(t[0] + [t[1]]).encode(t[2], errors="replace")),
)


@settings(max_examples=60, **SLOW_OK)
@given(data=contents)
def test_parse_any_file_contents(sandbox, data):
    RUN["parse contents"] = RUN.get("parse contents", 0) + 1
    path = sandbox / "random-input.txt"
    path.write_bytes(data)
    out = sandbox / "random-out.jsonl"
    code, err = _run(["parse", str(path), "--out", str(out)], sandbox)
    _assert_clean(code, err)
    assert code in (0, 1)
    if code == 1:
        assert f"govnlp: error: {path}: " in err
    else:
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert records and all(r["source"] == str(path) for r in records)


@settings(max_examples=40, **SLOW_OK)
@given(data=contents)
def test_label_any_file_contents(sandbox, data):
    RUN["label contents"] = RUN.get("label contents", 0) + 1
    folder = sandbox / "label-in"
    folder.mkdir(exist_ok=True)
    (folder / "issue.txt").write_bytes(data)
    out = sandbox / "label-out"
    code, err = _run(["label", str(folder), "--out", str(out), "--quiet"], sandbox)
    _assert_clean(code, err)
    assert code in (0, 1)
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (code == 1) == bool(errors)
    if errors:
        assert errors[0]["file"].endswith("issue.txt") and "issue.txt" in errors[0]["error"]
    for table in ("documents", "articles", "modifications"):
        for line in (out / f"{table}.jsonl").read_text(encoding="utf-8").splitlines():
            json.loads(line)


def test_examples_run_figure():
    """The figure for the issue: generated examples run by the properties above (when run together)."""
    total = sum(RUN.values())
    print(f"\nproperty examples run: {total} {RUN}")
    if len(RUN) == 3:
        assert total >= 150
