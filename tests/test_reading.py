"""Input handling: encodings detected, bad input refused with one error naming the file."""
from __future__ import annotations

import pytest

from govnlp import InputError, parse
from govnlp.parsing import SAMPLE_PATH
from govnlp.readers.text import MAX_BYTES, decode_bytes, read_text

SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")[:20000]


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("gb18030", "gb18030"),
])
def test_encodings(tmp_path, encoding, expected):
    text = SAMPLE.replace("\U001001b0", ".").replace("\U00100170", ".")  # not in GBK
    path = tmp_path / f"issue-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    got, enc = read_text(path)
    assert enc == expected
    assert got.lstrip("\ufeff") == text
    assert len(parse(path)) >= 3


def test_gbk_file(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("山西老陈醋保护条例\n\n第一条　为了保护山西老陈醋。\n".encode("gbk"))
    assert read_text(path)[1] == "gb18030"


@pytest.mark.parametrize("data,needle", [
    (b"", "empty"),
    (b"   \n\t\n", "whitespace"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "damaged or truncated PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image"),
    (bytes(range(256)) * 4, "binary"),
])
def test_bad_files(tmp_path, data, needle):
    path = tmp_path / "bad.bin"
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        parse(path)
    assert needle in str(exc.value) and "bad.bin" in str(exc.value)
    assert exc.value.source == str(path)


def test_directory_and_missing(tmp_path):
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")


def test_size_limit_checked_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: no memory or disk is used
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match="limit"):
        read_text(path)


def test_english_text_is_not_a_gazette(tmp_path):
    path = tmp_path / "readme.txt"
    path.write_text("This is an English README.\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a gazette"):
        parse(path)


def test_decode_bytes_direct():
    assert decode_bytes("公告".encode("utf-8"))[0] == "公告"
