"""Issues as a typesetter and a website set them — paragraphs wrapped at a column's measure, titles over
two or three lines in the body face or centered and larger, three columns; web pages of ``<p>``
paragraphs without headings, or of ``<br>`` lines with bold and centered titles — give the documents and
articles of the text, each unit on its page and line."""
from __future__ import annotations


import pytest

import govnlp
from govnlp.text.compare import comparison_key as key
from govnlp.text.view import view_of
from formats import PAGE_A4_LANDSCAPE, line_break_page, paragraph_page, sample_blocks, typeset_pdf


@pytest.fixture(scope="module")
def text_route():
    return govnlp.parse(govnlp.SAMPLE_PATH)


@pytest.fixture(scope="module")
def blocks():
    return sample_blocks()


def _rendered(tmp_path_factory, blocks, name, **options):
    path = tmp_path_factory.mktemp("typeset") / name
    typeset = typeset_pdf(path, blocks, **options)
    return path, typeset, govnlp.parse(path)


@pytest.fixture(scope="module")
def two_columns(tmp_path_factory, blocks):
    return _rendered(tmp_path_factory, blocks, "two-columns.pdf")


@pytest.fixture(scope="module")
def centered_titles(tmp_path_factory, blocks):
    return _rendered(tmp_path_factory, blocks, "centered.pdf", chars=24, titles="centered")


@pytest.fixture(scope="module")
def three_columns(tmp_path_factory, blocks):
    return _rendered(tmp_path_factory, blocks, "three-columns.pdf", columns=3, chars=20, page=PAGE_A4_LANDSCAPE)


def _same_documents_and_articles(gazette, text_route):
    # titles come back in each source's own characters: compared by the guideline's comparison key
    assert [key(d.title) for d in gazette.documents] == [key(d.title) for d in text_route.documents]
    # articles come back as each source prints them: what the models read of them is the same
    assert [(a.number, view_of(a)) for a in gazette.articles] == [(a.number, view_of(a)) for a in text_route.articles]


def _every_unit_on_its_page_and_line(gazette, typeset, blocks):
    assert gazette.line_pages == [[page, line] for _, page, line, _ in typeset.lines]
    starts = typeset.doc_starts(blocks)
    for index, doc in enumerate(gazette.documents):
        assert (doc.start_page, *gazette.page_of_line(doc.start_line)[1:]) == starts[index]
    for article in gazette.articles:
        first, last = typeset.lines[article.start_line - 1][0], typeset.lines[article.end_line - 1][0]
        assert first.startswith(article.number) and article.text.endswith(last)
        assert (article.start_page, article.end_page) == (typeset.lines[article.start_line - 1][1],
                                                          typeset.lines[article.end_line - 1][1])


def test_a_gazette_in_two_columns_of_22_characters_with_titles_in_the_body_face(two_columns, text_route, blocks):
    path, typeset, gazette = two_columns
    # the titles wrap like any line: "关于《山西省人民政府办公厅关于转报…" over five lines, 公告 and its number apart
    assert any(len([line for line in typeset.lines if blocks[line[3]].kind == "title" and blocks[line[3]].doc == d])
               >= 3 for d in range(79))
    assert gazette.format == "pdf" and len(gazette.documents) == 79 and len(gazette.articles) == 199
    _same_documents_and_articles(gazette, text_route)
    _every_unit_on_its_page_and_line(gazette, typeset, blocks)


def test_a_gazette_with_centered_larger_titles(centered_titles, text_route, blocks):
    path, typeset, gazette = centered_titles
    title = next(d for d in gazette.documents if key(d.title) == key("关于«山西老陈醋保护条例(草案)»的说明"))
    assert title.title == "关于《山西老陈醋保护条例（草案）》的说明"      # two centered lines, joined
    _same_documents_and_articles(gazette, text_route)
    _every_unit_on_its_page_and_line(gazette, typeset, blocks)


def test_a_gazette_in_three_columns_of_20_characters(three_columns, text_route, blocks):
    path, typeset, gazette = three_columns
    _same_documents_and_articles(gazette, text_route)
    _every_unit_on_its_page_and_line(gazette, typeset, blocks)


def test_both_pdf_readers_read_the_same_layout(two_columns):
    from govnlp.readers.pdf import read_pdf

    path, typeset, _ = two_columns
    data = path.read_bytes()
    pdfium, pdfminer = (read_pdf(data, path.name, reader=r, isolated=False) for r in ("pdfium", "pdfminer"))
    assert [(x.text, x.page, x.line, x.joins, x.apart) for x in pdfium] == \
           [(x.text, x.page, x.line, x.joins, x.apart) for x in pdfminer]


def test_a_line_that_fills_the_measure_continues_its_paragraph_and_an_indent_opens_one(two_columns):
    from govnlp.readers import read_source

    path, typeset, _ = two_columns
    source = read_source(path)
    lines = source.text.split("\n")
    opening = next(i for i, line in enumerate(lines) if "第一条\u3000为了保护山西老陈醋品牌" in line)
    assert lines[opening].lstrip(" ").startswith("\u3000\u3000") and source.layout[opening] == (False, False)
    assert source.layout[opening + 1] == (True, False)          # the article goes on on the next line


def test_a_web_page_of_paragraphs_without_headings(tmp_path_factory, text_route, blocks):
    path = tmp_path_factory.mktemp("web") / "paragraphs.html"
    paragraph_page(path, blocks)
    gazette = govnlp.parse(path)
    assert gazette.format == "html"
    _same_documents_and_articles(gazette, text_route)
    body = "\n".join(d.body for d in gazette.documents)
    assert "首页" not in body and "版权所有" not in body and "分享到" not in body


def test_a_web_page_of_lines_with_bold_and_centered_titles(tmp_path_factory, text_route, blocks):
    path = tmp_path_factory.mktemp("web") / "lines.html"
    line_break_page(path, blocks)
    gazette = govnlp.parse(path)
    _same_documents_and_articles(gazette, text_route)
    assert all(len(a.paragraphs) == len(b.paragraphs) for a, b in zip(gazette.articles, text_route.articles))


def test_what_a_web_page_says_of_its_lines():
    from govnlp.readers.html import read_html_layout

    page = ("<html><body><p align='center'><strong>关于《山西老陈醋保护条例<br>（草案）》的说明</strong></p>"
            "<table><tr><td>姓名</td><td>职务</td></tr><tr><td>张三</td><td>主任</td></tr></table>"
            "<p>　　第一条　为了保护山西老陈醋品牌和工艺特<br>色，制定本条例。</p><h3>任免名单</h3></body></html>")
    lines, layout = read_html_layout(page, "page.html")
    assert lines == ["关于《山西老陈醋保护条例", "（草案）》的说明", "姓名", "职务", "张三", "主任",
                     "　　第一条　为了保护山西老陈醋品牌和工艺特", "色，制定本条例。", " 任免名单"]
    assert layout == [(False, True), (True, True), (False, False), (False, False), (False, False), (False, False),
                      (False, False), (True, False), (False, True)]
