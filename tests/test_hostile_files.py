"""Hostile files as an archive holds them: each ends with one error naming the file and the limit it
passed, and a batch goes on past it.

Every file is made here, small. The PDFs and web pages are read in a child process whose address
space is capped (:data:`MEMORY_CAP`) and which is stopped after :data:`HANG_GUARD` seconds: a file
that costs gigabytes or never ends fails the test instead of the machine. Neither bound is a speed
figure (those are in ``benchmarks/``).
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest

import govnlp
from govnlp import InputError
from govnlp.cli import main
from conftest import sample_excerpt, tiny_args
from formats import pdf_from_objects

MEMORY_CAP = 3 * 1024 ** 3
HANG_GUARD = 300


# ------------------------------------------------------------------ making hostile PDFs
def _pdf(content: bytes, media: tuple = (0, 0, 595, 842), stream: bytes | None = None,
         filters: bytes = b"/FlateDecode") -> bytes:
    """One page drawing ``content`` with Helvetica; ``stream`` replaces the compressed content."""
    body = stream if stream is not None else zlib.compress(content)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
               % b" ".join(b"%d" % v for v in media),
               b"<< /Length %d /Filter %s >>\nstream\n" % (len(body), filters) + body + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_from_objects(objects)


def _nested_forms(levels: int) -> bytes:
    """Forms that draw a form ten times, ``levels`` deep, the last drawing ten letters: 10^(levels + 2)
    text objects from a file of 3 KB."""
    def stream(head: bytes, content: bytes) -> bytes:
        return head + b" /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"

    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources "
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                  b"/Resources << /XObject << /X %d 0 R >> >> >>" % (10 + levels),
               4: stream(b"<<", b"/X Do\n" * 10),
               5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               10: stream(form + b"<< /Font << /F1 5 0 R >> >>", b"BT /F1 9 Tf 10 10 Td (a) Tj ET\n" * 10)}
    for k in range(1, levels + 1):
        objects[10 + k] = stream(form + b"<< /XObject << /X %d 0 R >> >>" % (9 + k), b"/X Do\n" * 10)
    return pdf_from_objects(objects)


def _flate_of_spaces(megabytes: int) -> bytes:
    """A deflate stream of ``megabytes`` MiB of spaces, made a MiB at a time (a few hundred KB)."""
    packer, chunk = zlib.compressobj(9), b" " * (1 << 20)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


HOSTILE_PDFS = {
    # name: (bytes, what the error says: a regular expression)
    "many-objects.pdf": (lambda: _pdf(b"".join(b"BT /F1 1 Tf %d %d Td (a) Tj ET\n" % (i % 590, i % 840)
                                              for i in range(250_000))),
                          # pdfminer has no count of objects before drawing them: it stops at the characters
                          r"holds more than (200000 drawing objects|50000 characters)"),
    "many-characters.pdf": (lambda: _pdf(b"".join(b"BT /F1 1 Tf 10 %d Td (%s) Tj ET\n" % (i, b"a" * 200)
                                                  for i in range(300))), "more than 50000 characters"),
    "many-paths.pdf": (lambda: _pdf(b"0 0 1 1 re f\n" * 250_000), "holds more than 200000 drawing objects"),
    "nested-states.pdf": (lambda: _pdf(b"q " * 1_000_000 + b"BT /F1 12 Tf 10 10 Td (Hi) Tj ET"),
                          "nests the graphics state more than 1000 deep"),
    "huge-page.pdf": (lambda: _pdf(b"BT /F1 12 Tf 10 10 Td (Hi) Tj ET", media=(0, 0, 10 ** 9, 10 ** 9)),
                      "over the limit of 14400 points a side"),
    "flate-bomb.pdf": (lambda: _pdf(b"", stream=_flate_of_spaces(100)), "decompresses to more than"),
    "ascii85-bomb.pdf": (lambda: _pdf(b"", stream=__import__("base64").a85encode(_flate_of_spaces(100)) + b"~>",
                                      filters=b"[/ASCII85Decode /FlateDecode]"), "decompresses to more than"),
    # what no check before reading can see: the reading process runs out of its memory and is replaced
    "nested-forms.pdf": (lambda: _nested_forms(8), r"passed the limit of 2 GiB of memory|more than 50000 characters"),
    "huge-font.pdf": (lambda: _pdf(b"BT /F1 100000 Tf 10 10 Td (Hello world) Tj ET"), "no Chinese"),
}

_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
import govnlp
from govnlp.readers.pdf import read_pdf
results = {{}}
for path in sys.argv[2:]:
    try:
        if sys.argv[1] == "parse":
            govnlp.parse(path)
        elif sys.argv[1] == "pdfium in this process":
            read_pdf(open(path, "rb").read(), path, reader="pdfium", isolated=False)
        else:
            read_pdf(open(path, "rb").read(), path, reader=sys.argv[1])
        results[path] = "read"
    except govnlp.InputError as exc:
        results[path] = str(exc)
print(json.dumps(results))
"""


def _read_in_child(paths: list[Path], how: str = "parse") -> dict[str, str]:
    proc = subprocess.run([sys.executable, "-c", _CHILD.format(cap=MEMORY_CAP), how, *map(str, paths)],
                          capture_output=True, text=True, timeout=HANG_GUARD)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "Warning" not in proc.stderr, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def hostile_pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for name, (make, _) in HOSTILE_PDFS.items():
        paths[name] = folder / name
        paths[name].write_bytes(make())
    return paths


def test_the_hostile_pdfs_are_small(hostile_pdfs):
    assert all(p.stat().st_size < 2_000_000 for p in hostile_pdfs.values())


@pytest.mark.parametrize("reader", ["parse", "pdfium", "pdfminer", "pdfium in this process"])
def test_each_hostile_pdf_is_one_error_naming_the_file_and_the_limit(hostile_pdfs, reader):
    here = reader == "pdfium in this process"        # the checks alone, without the reading process
    files = {name: path for name, path in hostile_pdfs.items() if not (here and name == "nested-forms.pdf")}
    results = _read_in_child(list(files.values()), reader)
    for name, path in files.items():
        needle = HOSTILE_PDFS[name][1]
        if reader != "parse" and needle == "no Chinese":
            assert results[str(path)] == "read"           # the reader reads it; the parser says what it is
            continue
        assert results[str(path)].startswith(f"{path}: "), (name, results[str(path)])
        assert re.search(needle, results[str(path)]), (name, results[str(path)])


def test_a_batch_of_hostile_pdfs_and_one_issue_labels_the_issue(hostile_pdfs, tiny_models_dir, tmp_path):
    folder = hostile_pdfs["flate-bomb.pdf"].parent
    (folder / "issue.txt").write_text(sample_excerpt(0, 3), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["label", str(folder), "--out", str(out), "--quiet", *tiny_args(tiny_models_dir)])
    assert code == 1
    errors = {Path(e["file"]).name: e["error"] for e in map(json.loads, (out / "errors.jsonl").read_text().splitlines())}
    assert set(errors) == set(HOSTILE_PDFS)
    assert {Path(json.loads(x)["source"]).name for x in (out / "documents.jsonl").read_text().splitlines()} == {"issue.txt"}
    assert json.loads((out / "manifest.json").read_text())["state"] == "complete"


# ------------------------------------------------------------------ owner-password PDFs
def _owner_locked_pdf(path: Path) -> None:
    """Opens without a password (the user password is empty); the owner password forbids copying."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(sample_excerpt(0, 1).splitlines()[:30]):
        c.drawString(40, 800 - 16 * i, line.strip(" "))
    c.save()


def test_a_pdf_locked_by_an_owner_password_only_is_read_quietly(tmp_path, capfd):
    pytest.importorskip("reportlab")
    path = tmp_path / "owner-locked.pdf"
    _owner_locked_pdf(path)
    gazette = govnlp.parse(path)
    assert gazette.documents[0].title.startswith("山西省人民代表大会常务委员会公告")
    assert "(cid:" not in "\n".join(d.body for d in gazette.documents)
    assert capfd.readouterr().err == ""


def test_with_pdfminer_an_owner_locked_pdf_is_a_clear_error_and_nothing_on_stderr(tmp_path, capfd, monkeypatch):
    pytest.importorskip("reportlab")
    path = tmp_path / "owner-locked.pdf"
    _owner_locked_pdf(path)
    monkeypatch.setenv("GOVNLP_PDF_READER", "pdfminer")
    with pytest.raises(InputError, match=r"owner-locked.pdf: is a PDF whose characters pdfminer cannot map to text"):
        govnlp.parse(path)
    assert capfd.readouterr().err == ""


# ------------------------------------------------------------------ web pages
def test_a_deeply_nested_web_page_is_refused_and_a_nested_one_read(tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + "公告" + "</div>" * 100_000 + "</body></html>", encoding="utf-8")
    results = _read_in_child([deep])
    assert results[str(deep)] == f"{deep}: is a web page that nests elements more than 5000 deep; it is refused"
    nested = tmp_path / "nested.html"
    text = sample_excerpt(0, 3)
    nested.write_text("<html><body>" + "<div>" * 1000 + "".join(f"<p>{line}</p>" for line in text.splitlines())
                      + "</div>" * 1000 + "</body></html>", encoding="utf-8")
    assert len(govnlp.parse(nested).documents) == len(govnlp.parse(text).documents)


# ------------------------------------------------------------------ file names
def test_a_name_of_62_characters_beyond_the_bmp_and_a_name_that_is_not_utf8_are_labelled(tmp_path, tiny_models_dir):
    folder = tmp_path / "archive"
    folder.mkdir()
    long_name = folder / ("\U00020000" * 62 + ".txt")             # 252 bytes
    long_name.write_text(sample_excerpt(0, 3), encoding="utf-8")
    odd = os.path.join(os.fsencode(folder), b"issue-\xff\xfe.txt")
    with open(odd, "wb") as fh:
        fh.write(sample_excerpt(4, 9).encode("utf-8"))
    (folder / "good.txt").write_text(sample_excerpt(10, 12), encoding="utf-8")
    out = tmp_path / "out"
    args = ["label", str(folder), "--out", str(out), "--quiet", *tiny_args(tiny_models_dir)]
    assert main(args) == 0
    sources = {json.loads(x)["source"] for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()}
    assert str(long_name) in sources and str(folder / "good.txt") in sources
    assert any(s.endswith("issue-\\xff\\xfe.txt") for s in sources)
    assert json.loads((out / "manifest.json").read_text())["state"] == "complete"
    assert (out / "errors.jsonl").read_text() == ""
    before = {p.name: p.read_bytes() for p in (out / "issues").iterdir()}
    assert main(args + ["--resume"]) == 0
    assert {p.name: p.read_bytes() for p in (out / "issues").iterdir()} == before


def test_a_symbolic_link_loop_is_reported_as_a_loop(tmp_path, tiny_models_dir):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "missing.txt").symlink_to(folder / "gone.txt")
    (folder / "issue.txt").write_text(sample_excerpt(0, 3), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["label", str(folder), str(folder / "a.txt"), "--out", str(out), "--quiet",
                 *tiny_args(tiny_models_dir)]) == 1
    errors = [json.loads(x)["error"] for x in (out / "errors.jsonl").read_text().splitlines()]
    loops = {Path(e.split(": ")[0]).name for e in errors if "symbolic link loop" in e}
    assert loops == {"a.txt", "b.txt"}, errors                                   # in the folder, and named
    assert any("missing.txt: broken symbolic link (its target is missing)" in e for e in errors), errors


def test_each_table_is_one_parquet_row_group(tmp_path, tiny_models_dir):
    import pyarrow.parquet as pq

    folder = tmp_path / "archive"
    folder.mkdir()
    for i, (first, last) in enumerate([(0, 3), (4, 9), (10, 12)]):
        (folder / f"issue-{i}.txt").write_text(sample_excerpt(first, last), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["label", str(folder), "--out", str(out), "--quiet", *tiny_args(tiny_models_dir)]) == 0
    for table in ("documents", "articles"):
        meta = pq.ParquetFile(out / f"{table}.parquet").metadata
        assert meta.num_row_groups == 1 and meta.num_rows > 3


def test_a_full_disk_names_the_file_that_could_not_be_written(tmp_path, tiny_models_dir, monkeypatch, capsys):
    import errno

    from govnlp.runners import store

    (tmp_path / "issue.txt").write_text(sample_excerpt(0, 3), encoding="utf-8")

    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "atomic_write_text", full)
    out = tmp_path / "out"
    assert main(["label", str(tmp_path / "issue.txt"), "--out", str(out), "--quiet", *tiny_args(tiny_models_dir)]) == 2
    err = capsys.readouterr().err
    assert f"{out}" in err and "No space left on device" in err, err


# ------------------------------------------------------------------ scans
def _png_header(width: int, height: int) -> bytes:
    import struct

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * (width * 3)
    idat = packer.compress(row * 4) + packer.flush()                   # a few rows: the rest is missing
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


@pytest.fixture
def fake_ocr(monkeypatch):
    """Tesseract stood in for: each image gives one line naming its size (the tests check what is read)."""
    pytest.importorskip("PIL")
    pytesseract = pytest.importorskip("pytesseract")
    from govnlp.readers import ocr

    seen = []

    def image_to_string(image, lang=None):
        seen.append(image.size)
        return "第一条　为了保护山西老陈醋品牌，制定本条例。\n"

    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    monkeypatch.setattr(pytesseract, "image_to_string", image_to_string)
    return seen


def test_an_image_bomb_and_its_first_100_bytes_are_refused_before_decoding(tmp_path, fake_ocr):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header(100_000, 100_000))
    head = tmp_path / "head.png"
    head.write_bytes(bomb.read_bytes()[:100])
    for path in (bomb, head):
        with pytest.raises(InputError, match=rf"{path.name}: is an image .*over the limit of 100000000 pixels"):
            govnlp.parse(path)
    assert fake_ocr == []


def test_every_page_of_a_multipage_tiff_is_read(tmp_path, fake_ocr):
    from PIL import Image

    path = tmp_path / "scan.tif"
    pages = [Image.new("L", (400 + 10 * i, 300), "white") for i in range(3)]
    pages[0].save(path, save_all=True, append_images=pages[1:])
    source = govnlp.readers.read_source(path)
    assert sorted({page for page, _ in source.line_pages}) == [1, 2, 3]
    assert fake_ocr == [(400, 300), (410, 300), (420, 300)]


def test_a_large_page_without_text_is_rendered_under_the_pixel_limit(tmp_path, fake_ocr):
    from govnlp.readers.ocr import MAX_RENDER_PIXELS

    path = tmp_path / "poster.pdf"
    path.write_bytes(_pdf(b"0 0 1 rg 0 0 14000 14000 re f", media=(0, 0, 14000, 14000)))
    govnlp.readers.read_source(path)
    (width, height), = fake_ocr
    assert width * height <= MAX_RENDER_PIXELS


def test_a_scan_of_more_pages_than_the_limit_is_refused(tmp_path, fake_ocr):
    from reportlab.pdfgen import canvas

    from govnlp.readers.ocr import MAX_PAGES

    path = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(MAX_PAGES + 1):
        c.rect(10, 10, 20, 20)
        c.showPage()
    c.save()
    with pytest.raises(InputError, match=rf"blank.pdf: is a scan of {MAX_PAGES + 1} pages, over the OCR limit"):
        govnlp.parse(path)
    assert fake_ocr == []


# ------------------------------------------------------------------ Ray
def test_ray_on_an_address_that_accepts_connections_but_is_not_ray_is_an_error(tmp_path, capsys):
    pytest.importorskip("ray")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    held = []
    threading.Thread(target=lambda: held.append(server.accept()), daemon=True).start()
    (tmp_path / "issue.txt").write_text(sample_excerpt(0, 3), encoding="utf-8")
    try:
        code = main(["label", str(tmp_path / "issue.txt"), "--out", str(tmp_path / "o"), "--engine", "ray",
                     "--address", f"127.0.0.1:{server.getsockname()[1]}", "--quiet"])
    finally:
        server.close()
    assert code == 2
    assert "accepts connections at this address but does not answer as a Ray cluster" in capsys.readouterr().err


def test_parse_writes_a_file_name_that_is_not_utf8_as_escapes(tmp_path):
    odd = os.path.join(os.fsencode(tmp_path), b"issue-\xff.txt")
    with open(odd, "wb") as fh:
        fh.write(sample_excerpt(0, 3).encode("utf-8"))
    out = tmp_path / "docs.jsonl"
    assert main(["parse", str(tmp_path), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and all(r["source"].endswith("issue-\\xff.txt") for r in records)


def test_a_name_the_system_refuses_is_one_error_and_the_batch_goes_on(tmp_path, tiny_models_dir):
    good = tmp_path / "good.txt"
    good.write_text(sample_excerpt(0, 3), encoding="utf-8")
    refused = str(tmp_path / ("名" * 100 + ".txt"))                      # 304 bytes: over the 255 a name may have
    out = tmp_path / "out"
    args = ["label", refused, str(good), "--out", str(out), "--quiet", *tiny_args(tiny_models_dir)]
    for run in (args, args + ["--resume"]):
        assert main(run) == 1
        errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [e["file"] for e in errors] == [refused] and "File name too long" in errors[0]["error"]
        assert json.loads((out / "manifest.json").read_text())["state"] == "complete"
        sources = {json.loads(x)["source"] for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()}
        assert sources == {str(good)}


def test_an_image_whose_bytes_read_as_operators_is_not_taken_for_nesting(tmp_path):
    """Raw pixel bytes can spell ``q q q …``: only content, not image data, is counted."""
    pixels = b"q " * 60_000                                            # 300 × 400 grey pixels
    image = (b"<< /Type /XObject /Subtype /Image /Width 300 /Height 400 /ColorSpace /DeviceGray "
             b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream")
    data = _pdf(b"BT /F1 12 Tf 10 10 Td (Hi) Tj ET")
    data = data.replace(b"xref", b"9 0 obj\n" + image + b"\nendobj\nxref", 1)
    from govnlp.readers.pdfcheck import check_streams

    report = check_streams(data, "image.pdf", stream_limit=1 << 20, total_limit=1 << 20, nesting_limit=1000,
                           deadline=float("inf"))
    assert report.largest_image == 120_000
    with pytest.raises(InputError, match="image.pdf: is a PDF that nests the graphics state more than 1000 deep"):
        check_streams(data.replace(b"/Subtype /Image", b"/Subtype /Form "), "image.pdf", stream_limit=1 << 20,
                      total_limit=1 << 20, nesting_limit=1000, deadline=float("inf"))


def test_a_pdf_read_past_the_deadline_is_stopped_and_the_next_one_is_read(tmp_path, monkeypatch):
    from govnlp.readers import pdf, pdfworker

    slow = tmp_path / "slow.pdf"
    slow.write_bytes(_pdf(b"".join(b"BT /F1 9 Tf 20 %d Td (line %d) Tj ET\n" % (20 + 9 * (i % 80), i)
                                   for i in range(20_000))))
    monkeypatch.setattr(pdf, "MAX_SECONDS", 0.0)          # in this process: the helper keeps its own
    monkeypatch.setattr(pdfworker, "GRACE", 0.0)
    with pytest.raises(InputError, match=r"slow.pdf: is a PDF still being read after 0 s; it is refused"):
        pdf.read_pdf(slow.read_bytes(), str(slow))
    monkeypatch.undo()
    good = tmp_path / "good.pdf"
    good.write_bytes(_pdf(b"BT /F1 12 Tf 10 10 Td (Hi) Tj ET"))
    assert [line.text for line in pdf.read_pdf(good.read_bytes(), str(good))] == [" Hi"]
