"""Bad input never loses work: every case gives its documented result or one error naming the file.

Each case goes through the API (``govnlp.parse``), ``govnlp parse`` and ``govnlp label``.  The
number of cases covered is printed by ``test_bad_input_case_count``:

    nice -n 10 python -m pytest tests/test_bad_input.py -q -s -k count
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

import govnlp
from govnlp import InputError
from govnlp.cli import main
from govnlp.readers.text import MAX_BYTES
from conftest import tiny_args

SAMPLE_BYTES = govnlp.SAMPLE_PATH.read_bytes()
SAMPLE_TEXT = SAMPLE_BYTES.decode("utf-8")


def _gbk_safe(text: str) -> str:
    """The sample with the few characters GBK lacks (private-use, «») replaced: re-encodable as GBK."""
    def ok(c):
        try:
            c.encode("gbk")
            return True
        except UnicodeEncodeError:
            return False
    text = text.translate(str.maketrans("«»‹›", "《》〈〉"))
    return "".join(c if ok(c) else "." for c in text)


GBK_SAFE = _gbk_safe(SAMPLE_TEXT)
FULL = govnlp.parse(GBK_SAFE)
FULL_TITLES = [d.title for d in FULL.documents]
assert len(FULL_TITLES) == len(govnlp.parse(govnlp.SAMPLE_PATH).documents)
TRUNCATION_POINTS = sorted(random.Random(6).sample(range(1, len(SAMPLE_BYTES)), 8))


def _no_regulation_issue() -> str:
    """The sample's first announcement, explanation and review report, without the regulation."""
    lines = SAMPLE_TEXT.splitlines(keepends=True)
    keep = [d for d in FULL.documents[:4] if not d.articles]
    return "".join("".join(lines[d.start_line - 1:d.end_line]) for d in keep)


def _minimal_pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>"
            b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\x00\x00" * 1
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# name -> (file contents, expected error text or None when the file parses)
REFUSED = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (" \n\t\r\n\u3000\n".encode("utf-8"), "whitespace"),
    "random.txt": (random.Random(0).randbytes(4096), "binary"),
    "image.png": (_png(), "image"),            # a scan: OCR finds no text, or OCR is not installed
    "scan.pdf": (_minimal_pdf(), "PDF with no pages"),
    "english.txt": (b"This is not a gazette.\n" * 50, "no Chinese"),
}
ACCEPTED = {
    "sample-gbk.txt": (GBK_SAFE.encode("gbk"), "gb18030"),
    "sample-utf16.txt": (GBK_SAFE.encode("utf-16"), "utf-16"),
    "no-regulation.txt": (_no_regulation_issue().encode("utf-8"), "utf-8"),
}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------ API


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_api_refuses_with_error_naming_the_file(tmp_path, name):
    data, needle = REFUSED[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        govnlp.parse(path)
    assert exc.value.source == str(path)
    assert needle in exc.value.problem, exc.value.problem


def test_a_pdf_without_pages_is_refused(tmp_path):
    path = tmp_path / "gazette.pdf"
    path.write_bytes(_minimal_pdf())
    with pytest.raises(InputError, match=r"gazette\.pdf: is a PDF with no pages"):
        govnlp.parse(path)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_api_reads_other_encodings_and_partial_issues(tmp_path, name):
    data, encoding = ACCEPTED[name]
    path = tmp_path / name
    path.write_bytes(data)
    gazette = govnlp.parse(path)
    assert gazette.encoding == encoding
    if name == "no-regulation.txt":
        assert len(gazette.documents) == 3 and not gazette.articles
        assert all("条例" != d.title[-2:] for d in gazette.documents)
    else:
        assert [d.title for d in gazette.documents] == FULL_TITLES
        assert len(gazette.articles) == len(FULL.articles)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030"])
@pytest.mark.parametrize("cut", TRUNCATION_POINTS)
def test_sample_truncated_anywhere_parses_as_a_prefix(tmp_path, encoding, cut):
    """A copy cut off mid-file (even mid-character) keeps its encoding and the documents before the cut."""
    data = GBK_SAFE.encode(encoding)
    cut = cut * len(data) // len(SAMPLE_BYTES)
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:cut])
    try:
        gazette = govnlp.parse(path)
    except InputError as exc:  # a cut inside the very first title leaves no document
        assert exc.source == str(path) and "no document title" in exc.problem
        assert cut < 2000
        return
    assert gazette.encoding == encoding
    titles = [d.title for d in gazette.documents]
    # the last document may have lost the end of its title or body; all before it are intact
    assert titles[:-1] == FULL_TITLES[:len(titles) - 1]
    assert FULL_TITLES[len(titles) - 1].startswith(titles[-1][:4])


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        govnlp.parse(tmp_path / "nowhere.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(InputError, match="folder.txt: is a directory"):
        govnlp.parse(tmp_path / "folder.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError, match="dangling.txt: no such file"):
        govnlp.parse(tmp_path / "dangling.txt")


def test_unreadable_file(tmp_path, monkeypatch):
    """Tests run as root, so chmod 000 would not stop a read: the read itself is made to fail."""
    path = tmp_path / "locked.txt"
    path.write_bytes(SAMPLE_BYTES)
    _deny_reading(monkeypatch, path)
    with pytest.raises(InputError, match=r"locked\.txt: cannot be read \(Permission denied\)"):
        govnlp.parse(path)


def _deny_reading(monkeypatch, *denied: Path) -> None:
    real_open = Path.open
    names = {str(p) for p in denied}

    def open_(self, *args, **kwargs):
        if str(self) in names:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)


# ------------------------------------------------------------------ large files, bounded memory

_MEASURE = """
import resource, sys, govnlp
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    result = len(govnlp.parse(sys.argv[1]).documents)
except govnlp.InputError as exc:
    result = str(exc)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(result); print((after - before) // 1024)
"""


def _parse_in_subprocess(path: Path) -> tuple[str, int]:
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    result, grown_mb = proc.stdout.strip().splitlines()
    return result, int(grown_mb)


def test_50_mb_issue_parses_in_bounded_memory(tmp_path):
    """120 issues' worth of text in one file: parsed, with peak memory growth well under 1.5 GB."""
    path = tmp_path / "fifty-mb.txt"
    size = 50 * 1024 * 1024
    with path.open("wb") as fh:
        while fh.tell() < size:
            fh.write(SAMPLE_BYTES)
        fh.truncate(size)  # cut mid-character on purpose
    result, grown_mb = _parse_in_subprocess(path)
    print(f"\n50 MB issue: {result} documents, peak RSS grew by {grown_mb} MB")
    assert int(result) > 100 * len(FULL_TITLES)
    assert grown_mb < 1500


def test_file_over_the_limit_is_refused_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: takes no disk
        fh.truncate(MAX_BYTES + 1)
    result, grown_mb = _parse_in_subprocess(path)
    assert "huge.txt" in result and "limit" in result
    assert grown_mb < 20


# ------------------------------------------------------------------ govnlp parse


def _write_cases(folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    paths = {}
    for name, (data, _) in {**REFUSED, **ACCEPTED}.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def test_cli_parse_reports_each_bad_file_on_one_line(tmp_path, capsys):
    paths = _write_cases(tmp_path / "in")
    out = tmp_path / "docs.jsonl"
    args = [str(paths[n]) for n in sorted(paths)] + [str(tmp_path / "missing.txt")]
    assert main(["parse", *args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("govnlp: error:")]
    assert len(errors) == len(REFUSED) + 1
    for name in REFUSED:
        assert sum(str(paths[name]) in line for line in errors) == 1
    # the good files were all written
    sources = {r["source"] for r in _jsonl(out)}
    assert sources == {str(paths[n]) for n in ACCEPTED}


def test_cli_parse_subprocess_never_prints_a_traceback(tmp_path):
    paths = _write_cases(tmp_path / "in")
    proc = subprocess.run([sys.executable, "-m", "govnlp.cli", "parse", *map(str, paths.values()),
                           "--out", str(tmp_path / "o.jsonl")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("govnlp: error:") == len(REFUSED)


# ------------------------------------------------------------------ govnlp label


def test_label_goes_on_past_bad_files_and_keeps_what_was_written(tmp_path, tiny_models_dir, monkeypatch, capsys):
    out = tmp_path / "out"
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_bytes(SAMPLE_BYTES)
    assert main(["label", str(good), "--out", str(out), "--quiet", *tiny_args(tiny_models_dir)]) == 0
    assert len(_jsonl(out / "documents.jsonl")) == len(FULL_TITLES)
    (first_issue,) = (out / "issues").glob("*.json")
    first_result = first_issue.read_bytes()

    paths = _write_cases(tmp_path / "in")
    (tmp_path / "in" / "folder.txt").mkdir()  # a directory with a text name: not an input
    (tmp_path / "in" / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    locked = tmp_path / "in" / "locked.txt"
    locked.write_bytes(SAMPLE_BYTES)
    _deny_reading(monkeypatch, locked)
    code = main(["label", str(tmp_path / "in"), str(tmp_path / "in" / "*.pdf"), str(tmp_path / "in" / "*.png"),
                 "--resume", "--out", str(out), "--quiet", *tiny_args(tiny_models_dir)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err

    errors = _jsonl(out / "errors.jsonl")
    failed = {Path(e["file"]).name for e in errors}
    txt_refused = {n for n in REFUSED if n.endswith(".txt")}
    assert failed == txt_refused | {"image.png", "scan.pdf", "locked.txt", "dangling.txt"}
    for e in errors:
        assert Path(e["file"]).name in e["error"]
    assert "no pages" in next(e["error"] for e in errors if e["file"].endswith(".pdf"))
    assert "Permission denied" in next(e["error"] for e in errors if e["file"].endswith("locked.txt"))

    # the earlier result is kept; the accepted files were labelled beside it
    documents = _jsonl(out / "documents.jsonl")
    assert first_issue.read_bytes() == first_result
    assert sum(d["source"] == str(good) for d in documents) == len(FULL_TITLES)
    expected = len(FULL_TITLES) * 3 + 3  # good, GBK and UTF-16 copies + the issue without a regulation
    assert len(documents) == expected
    assert len(_jsonl(out / "articles.jsonl")) == len(FULL.articles) * 3
    assert len(list((out / "issues").glob("*.json"))) == 4


def test_label_subprocess_bad_only_input_exits_nonzero_without_traceback(tmp_path, tiny_models_dir):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(_minimal_pdf())
    proc = subprocess.run([sys.executable, "-m", "govnlp.cli", "label", str(bad), str(tmp_path / "nothing-*.txt"),
                           "--out", str(tmp_path / "out"), "--quiet", *tiny_args(tiny_models_dir)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "scan.pdf" in proc.stderr and "no pages" in proc.stderr
    errors = _jsonl(tmp_path / "out" / "errors.jsonl")
    assert sorted(Path(e["file"]).name for e in errors) == ["nothing-*.txt", "scan.pdf"]
    assert (tmp_path / "out" / "documents.jsonl").read_text() == ""


def test_bad_input_case_count():
    """The figure for the issue: distinct bad-input cases exercised by this file."""
    cases = (list(REFUSED) + list(ACCEPTED)
             + [f"truncated@{c} {e}" for c in TRUNCATION_POINTS for e in ("utf-8", "utf-16", "gb18030")]
             + ["50 MB issue", "over 64 MiB", "missing file", "directory named .txt", "dangling symlink",
                "unreadable file", "glob matching nothing"])
    print(f"\nbad-input cases: {len(cases)} (of which {len(TRUNCATION_POINTS)} truncation points x 3 encodings)")
    assert len(cases) >= 30
