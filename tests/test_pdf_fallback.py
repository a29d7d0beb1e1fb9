"""A line of one character in a PDF is read, whichever reader reads it.

PDFium (the default reader) reads nothing of a string of one character drawn in a font that is not
embedded and whose glyph it has no outline for: ``STSong-Light`` with a predefined CMap, as reportlab
and iText write it. A paragraph whose last line is a lone "。" or "责" lost that line. Such a page is
now read with pdfminer.six, and the source's notes say so; other pages and files stay with PDFium.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import govnlp
from govnlp.readers import read_source
from govnlp.readers.pdf import read_pdf

pytest.importorskip("reportlab")
pytest.importorskip("pypdfium2")

#: an article as a 16K gazette prints it, twenty characters a line: two paragraphs end on a line of
#: one character
ARTICLE = [
    "第十二条　县级以上人民政府应当建立健全生态环境",
    "保护目标责任制和考核评价制度，将生态环境保护目",
    "标完成情况纳入考核内容，作为对本级人民政府负有",
    "责",
    "第十三条　本条例自二〇二一年十月一日起施行。有",
    "关部门应当自本条例施行之日起六个月内制定配套规",
    "定",
    "。",
]
PLAIN = [
    "第一条　为了保护和改善生态环境，防治污染和其他",
    "公害，保障公众健康，推进生态文明建设，根据有关",
    "法律、行政法规，结合本省实际，制定本条例。",
    "第二条　本省行政区域内的生态环境保护及其监督管",
    "理活动，适用本条例。",
]


def _pdf(path: Path, pages: list[list[str]]) -> Path:
    """Each page's lines, one string a line, in reportlab's STSong-Light (not embedded, UniGB-UCS2-H)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 18 * i, line)
        c.showPage()
    c.save()
    return path


def _lines(source) -> list[str]:
    return [line.strip(" ") for line in source.text.split("\n")]


@pytest.mark.parametrize("isolated", ["1", "0"])
def test_a_line_of_one_character_is_read_and_the_note_names_the_reader_and_page(tmp_path, monkeypatch, isolated):
    monkeypatch.setenv("GOVNLP_PDF_ISOLATION", isolated)
    path = _pdf(tmp_path / "article.pdf", [PLAIN, ARTICLE])
    source = read_source(path)
    assert _lines(source) == PLAIN + ARTICLE                        # every character given to reportlab
    assert source.line_pages == [(1, n) for n in range(1, len(PLAIN) + 1)] + \
        [(2, n) for n in range(1, len(ARTICLE) + 1)]
    [note] = source.notes
    assert note.startswith("page 2 read with pdfminer.six") and "3 characters" in note, note


def test_the_note_reaches_the_parsed_gazette(tmp_path):
    path = _pdf(tmp_path / "article.pdf", [ARTICLE])
    gazette = govnlp.parse(path)
    assert any(note.startswith("page 1 read with pdfminer.six") for note in gazette.notes), gazette.notes
    # the articles hold every character, the lone ones included
    assert "".join("".join(a.text.split()) for a in gazette.articles) == "".join("".join(ARTICLE).split())


def test_a_pdf_without_such_lines_is_read_by_pdfium_alone_and_has_no_note(tmp_path, monkeypatch):
    path = _pdf(tmp_path / "plain.pdf", [PLAIN[:3], PLAIN[3:]])
    source = read_source(path)
    assert _lines(source) == PLAIN and source.notes == []

    def refuse(*args, **kwargs):
        raise AssertionError("pdfminer was asked to read a page PDFium reads whole")

    monkeypatch.setattr("govnlp.readers.pdf._pdfminer_pages", refuse)
    lines = read_pdf(path.read_bytes(), str(path), reader="pdfium", isolated=False)
    assert [line.text.strip(" ") for line in lines] == PLAIN and lines.notes == []


def test_a_lone_space_pdfium_skips_leaves_its_page_with_pdfium_and_no_note(tmp_path):
    path = _pdf(tmp_path / "space.pdf", [PLAIN[:2] + [" "] + PLAIN[2:]])
    lines = read_pdf(path.read_bytes(), str(path), reader="pdfium", isolated=False)
    assert [line.text.strip(" ") for line in lines] == PLAIN and lines.notes == []


def test_with_pdfminer_chosen_the_line_is_read_and_there_is_no_note(tmp_path):
    path = _pdf(tmp_path / "article.pdf", [ARTICLE])
    lines = read_pdf(path.read_bytes(), str(path), reader="pdfminer", isolated=False)
    assert [line.text.strip(" ") for line in lines] == ARTICLE and lines.notes == []


def test_a_page_pdfminer_cannot_read_again_is_named_as_lacking_characters(tmp_path, monkeypatch):
    from govnlp.errors import InputError

    def damaged(data, reading, only=None):
        raise InputError(reading.source, "is a damaged or truncated PDF (PDFSyntaxError)")

    monkeypatch.setattr("govnlp.readers.pdf._pdfminer_pages", damaged)
    path = _pdf(tmp_path / "article.pdf", [PLAIN, ARTICLE])
    lines = read_pdf(path.read_bytes(), str(path), reader="pdfium", isolated=False)
    assert [line.text.strip(" ") for line in lines] == PLAIN + [line for line in ARTICLE if len(line) > 1]
    [note] = lines.notes
    assert note.startswith("page 2 may lack characters") and "pdfminer.six could not read it" in note, note
