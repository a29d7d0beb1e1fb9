"""Issues as they are published — a two-column PDF, a web page, a scan — read like the text route."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import govnlp
from govnlp.cli import main
from govnlp.errors import InputError
from govnlp.text.compare import comparison_key as key
from govnlp.text.view import body_view, view_of
from formats import RUNNING_HEAD, pdf_from_objects, printed_lines, printed_pages, scanned_page, title_lines, two_column_pdf, web_page


@pytest.fixture(scope="module")
def text_route():
    return govnlp.parse(govnlp.SAMPLE_PATH)


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "shanxi-2021-6.pdf"
    two_column_pdf(path, printed_pages())
    return path


@pytest.fixture(scope="module")
def pdf_route(sample_pdf):
    return govnlp.parse(sample_pdf)


def test_a_two_column_pdf_gives_the_documents_and_articles_of_the_text(pdf_route, text_route):
    assert pdf_route.format == "pdf"
    # Titles come back in each source's own characters: compared by the guideline's comparison key.
    assert [key(d.title) for d in pdf_route.documents] == [key(d.title) for d in text_route.documents]
    assert len(pdf_route.documents) == 79 and len(pdf_route.articles) == 199
    assert [a.number for a in pdf_route.articles] == [a.number for a in text_route.articles]
    # each route gives its own printed characters (the PDF prints Chinese punctuation, the text file
    # ASCII); the models read the same text from both
    assert "，" in pdf_route.articles[0].text and "," in text_route.articles[0].text
    same = sum(view_of(a) == view_of(b) for a, b in zip(pdf_route.articles, text_route.articles))
    assert same >= 197, same          # two articles differ by a justification space the PDF does not print


def test_every_line_keeps_its_page_and_its_line_on_that_page(pdf_route):
    expected = [[page, line] for page, lines in enumerate(printed_pages(), 1) for line in range(1, len(lines) + 1)]
    assert pdf_route.line_pages == expected
    for doc in pdf_route.documents:
        assert doc.start_page == expected[doc.start_line - 1][0] and doc.end_page == expected[doc.end_line - 1][0]
    article = pdf_route.articles[0]
    sentence = article.sentences[0]
    assert article.start_page is not None and sentence.start_page == article.start_page
    assert pdf_route.page_of_line(article.start_line) == tuple(expected[article.start_line - 1])


def test_both_pdf_readers_give_the_same_lines_on_the_same_pages(sample_pdf, pdf_route):
    from govnlp.readers.pdf import read_pdf

    data = sample_pdf.read_bytes()
    pdfium, pdfminer = read_pdf(data, "issue.pdf", reader="pdfium"), read_pdf(data, "issue.pdf", reader="pdfminer")
    assert [(line.page, line.line) for line in pdfium] == [(line.page, line.line) for line in pdfminer]
    assert [(line.page, line.line) for line in pdfium] == [tuple(x) for x in pdf_route.line_pages]
    assert [line.text for line in pdfium] == [line.text for line in pdfminer]


def test_running_heads_and_folios_are_not_text(pdf_route):
    body = "\n".join(d.body for d in pdf_route.documents)
    assert RUNNING_HEAD.split("　")[0] + "　2021" not in body
    assert "—12—" not in body and "—45—" not in body


def test_the_issue_as_a_web_page(tmp_path, text_route):
    page = tmp_path / "issue.html"
    web_page(page, printed_lines(), title_lines())
    gazette = govnlp.parse(page)
    assert gazette.format == "html"
    assert [key(d.title) for d in gazette.documents] == [key(d.title) for d in text_route.documents]
    assert len(gazette.articles) == 199
    text = "\n".join(d.body for d in gazette.documents)
    assert "首页" not in text and "版权所有" not in text and "分享到" not in text


def test_the_format_is_read_from_the_content_not_the_name(tmp_path, sample_pdf):
    named_txt = tmp_path / "really-a-pdf.txt"
    named_txt.write_bytes(sample_pdf.read_bytes())
    assert govnlp.parse(named_txt).format == "pdf"
    named_pdf = tmp_path / "really-text.pdf"
    named_pdf.write_bytes(govnlp.SAMPLE_PATH.read_bytes())
    assert len(govnlp.parse(named_pdf).documents) == 79


def test_damaged_pdfs_are_one_clear_error_each(tmp_path, sample_pdf):
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(sample_pdf.read_bytes()[:3000])
    with pytest.raises(InputError, match="truncated.pdf: is a damaged or truncated PDF"):
        govnlp.parse(truncated)
    empty = tmp_path / "no-pages.pdf"
    empty.write_bytes(_pdf_without_pages())
    with pytest.raises(InputError, match="no-pages.pdf: is a PDF with no pages"):
        govnlp.parse(empty)
    locked = tmp_path / "locked.pdf"
    _encrypted_pdf(locked)
    with pytest.raises(InputError, match="locked.pdf: is an encrypted PDF"):
        govnlp.parse(locked)


def test_a_scan_without_ocr_says_so_and_how_to_enable_it(tmp_path, monkeypatch):
    from govnlp.readers import ocr

    png = tmp_path / "page.png"
    scanned_page(png, ["山西老陈醋保护条例"])
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    with pytest.raises(InputError, match=r"page.png: is an image \(a scan\): install OCR .*tesseract-ocr-chi-sim"):
        govnlp.parse(png)
    scan_pdf = tmp_path / "scan.pdf"
    scanned_page(scan_pdf, ["山西老陈醋保护条例"], pdf=True)
    with pytest.raises(InputError, match=r"scan.pdf: is a scan: none of its 1 page\(s\) has a text layer"):
        govnlp.parse(scan_pdf)


def test_a_scan_is_read_by_ocr_when_it_is_installed(tmp_path):
    from govnlp.readers.ocr import ocr_available

    if not ocr_available() or not any(Path(p).is_file() for p in ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                                                                   "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")):
        pytest.skip("Tesseract with chi_sim, or a CJK font to draw the scan, is not installed")
    scan = tmp_path / "scan.pdf"
    scanned_page(scan, ["山西老陈醋保护条例", "第一条　为了保护山西老陈醋品牌，制定本条例。"], pdf=True)
    document = govnlp.parse_document(govnlp.readers.read_source(scan).text)
    assert "条例" in document.body and document.articles


def test_label_a_folder_of_pdfs_and_web_pages(tmp_path, tiny_models_dir):
    pages = printed_pages()[:6]
    folder = tmp_path / "archive"
    folder.mkdir()
    two_column_pdf(folder / "a.pdf", pages)
    web_page(folder / "b.htm", [line for p in pages for line in p])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    out = tmp_path / "out"
    code = main(["label", str(folder), "--out", str(out), "--quiet",
                 *[arg for t in ("doctype", "modality", "keymods") for arg in (f"--{t}", str(tiny_models_dir / t))]])
    assert code == 1
    documents = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    by_source = {Path(d["source"]).name for d in documents}
    assert by_source == {"a.pdf", "b.htm"}
    assert all(d["start_page"] >= 1 for d in documents if d["source"].endswith(".pdf"))
    assert all(d["start_page"] is None for d in documents if d["source"].endswith(".htm"))
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert [Path(e["file"]).name for e in errors] == ["broken.pdf"] and "damaged or truncated" in errors[0]["error"]


def _pdf_without_pages() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    return pdf_from_objects(objects)


def _encrypted_pdf(path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, "locked")
    c.save()


def test_a_document_copied_from_a_web_page_sets_the_page_aside():
    copied = ("首页 > 公报 > 正文\n發布時間：2021-10-12 來源：省人大常委會辦公廳\n字号：大 中 小\n"
              "山西省人民代表大會常務委員會公告\n（第九十八號）\n"
              "《山西老陳醋保護條例》已由山西省第十三屆人民代表大會常務委員會第三十一次會議通過，現予公布。\n"
              "【打印】【关闭】\n版权所有 山西省人大常委会办公厅")
    document = govnlp.parse_document(copied)
    assert "《山西老陳醋保護條例》已由" in document.body                    # the page's own characters
    assert "山西老陈醋保护条例" in body_view(document)                     # the models read simplified
    assert not any(word in document.body for word in ("首页", "發布時間", "字号", "打印", "版权所有"))
    assert any("traditional" in note for note in document.provenance)
    assert any("首页 > 公报 > 正文" in note and "版权所有" in note for note in document.provenance)
    assert document.start_line == 4                                        # lines still count the text's lines


def _columns_pdf(path: Path, pages: list[list[str]], columns: int) -> None:
    """Each page's lines down ``columns`` columns, drawn row by row across them (the stream interleaves)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    measure = (width - 40) / columns - 12
    widest = max(pdfmetrics.stringWidth(line, "STSong-Light", 1) for page in pages for line in page)
    size = min(6.0, measure / widest)
    c = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        c.setFont("STSong-Light", size)
        per_column = -(-len(lines) // columns)
        for row in range(per_column):
            for k in range(columns):
                if k * per_column + row < len(lines):
                    c.drawString(20 + k * (measure + 12), height - 40 - row * (size + 4), lines[k * per_column + row])
        c.showPage()
    c.save()


@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
def test_a_three_column_page_is_read_column_by_column(tmp_path, reader):
    from govnlp.readers.pdf import read_pdf

    pages = [page for page in printed_pages()[:12] if len(page) >= 30][:4]
    path = tmp_path / "three.pdf"
    _columns_pdf(path, pages, 3)
    lines = read_pdf(path.read_bytes(), str(path), reader=reader)
    assert [line.text.strip(" ") for line in lines] == [line for page in pages for line in page]
    assert [(line.page, line.line) for line in lines] == [(p, n) for p, page in enumerate(pages, 1)
                                                          for n in range(1, len(page) + 1)]


@pytest.mark.parametrize("angle", [90, -90, 180])
@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
def test_a_table_set_at_a_turn_is_read_after_the_upright_text_line_by_line(tmp_path, reader, angle):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from govnlp.readers.pdf import read_pdf

    lines = [line for page in printed_pages()[:3] for line in page][:24]
    upright, turned = lines[:8], lines[8:]
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "turned.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 8)
    for i, line in enumerate(upright):
        c.drawString(40, 800 - 12 * i, line)
    c.saveState()
    c.translate(300, 400)
    c.rotate(angle)
    for i, line in enumerate(turned):
        c.drawString(-180, 80 - 12 * i, line)
    c.restoreState()
    c.save()
    got = [line.text.strip(" ") for line in read_pdf(path.read_bytes(), str(path), reader=reader)]
    assert got == upright + turned
