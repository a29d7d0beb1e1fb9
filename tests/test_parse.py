"""The parser against the seed gold: documents, articles, key-modification sentences (GUIDELINES §3)."""
from __future__ import annotations

from pathlib import Path

import pytest

import govnlp

from govnlp import InputError, parse
from govnlp.parsing import SAMPLE_PATH
from govnlp.text.numerals import cn_to_int
from govnlp.text.compare import comparison_key as K


@pytest.fixture(scope="module")
def gazette():
    return parse(SAMPLE_PATH)


def _matches(gold: dict, doc) -> bool:
    return abs(gold["start_line"] - doc.start_line) <= 2 and K(gold["title"]) == K(doc.title)


def boundary_scores(gold_docs, docs) -> tuple[float, float, float]:
    """Precision/recall/F1 of (start line ±2, title under the comparison key)."""
    tp_r = sum(any(_matches(g, d) for d in docs) for g in gold_docs)
    tp_p = sum(any(_matches(g, d) for g in gold_docs) for d in docs)
    p, r = tp_p / max(1, len(docs)), tp_r / max(1, len(gold_docs))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def test_sample_is_bundled():
    assert SAMPLE_PATH.is_file() and "shared" not in SAMPLE_PATH.parts


def test_document_boundaries(gazette, gold_documents):
    p, r, f1 = boundary_scores(gold_documents, gazette.documents)
    missing = [g["title"] for g in gold_documents if not any(_matches(g, d) for d in gazette)]
    assert missing == []
    assert (p, r, f1) == (1.0, 1.0, 1.0)


def test_document_end_lines(gazette, gold_documents):
    """A document runs to the line before the next one (page furniture included), as the gold."""
    for g in gold_documents:
        doc = next(d for d in gazette if _matches(g, d))
        assert doc.end_line == g["end_line"], g["title"]


def test_issuers(gazette, gold_documents):
    for g in gold_documents:
        doc = next(d for d in gazette if _matches(g, d))
        assert K(doc.issuer) == K(g["issuer"]), g["title"]


def test_articles_equal_gold(gazette, gold_modality):
    """Article.text is the article as printed, number included (as the gold writes it)."""
    by_title = {K(d.title): d for d in gazette}
    for g in gold_modality:
        doc = by_title[K(g["regulation"])]
        arts = [a for a in doc.articles if a.number == g["article"]]
        assert len(arts) == 1, (g["regulation"], g["article"])
        assert arts[0].start_line == g["start_line"]
        assert K(arts[0].text) == K(g["text"])
    assert len(gazette.articles) == len(gold_modality) == 199


def _is_run(target: str, sentences: list[str]) -> bool:
    for i in range(len(sentences)):
        acc = ""
        for s in sentences[i:]:
            acc += s
            if acc == target:
                return True
            if not target.startswith(acc):
                break
    return False


def test_key_modification_sentences(gazette, gold_key_modifications):
    n = 0
    for report in gold_key_modifications:
        doc = next(d for d in gazette if _matches(report, d))
        keys = [K(s.text) for s in doc.sentences]
        for item in report["items"]:
            for sentence in item["sentences"]:
                assert _is_run(K(sentence), keys), sentence
                n += 1
    assert n == 35


def test_structure_and_spans(gazette):
    reg = next(d for d in gazette if d.title == "山西老陈醋保护条例")
    assert reg.date_line.startswith("(２０２１年９月２９日") and reg.date_line.endswith("通过)")   # as printed
    assert [c.number for c in reg.chapters][:2] == ["第一章", "第二章"] and reg.chapters[0].title == "总则"
    first = reg.articles[0]
    assert (first.number, first.index, first.chapter) == ("第一条", 1, "第一章")
    assert first.start_line <= first.end_line
    items = [it for a in reg.articles for p in a.paragraphs for it in p.items]
    assert items and items[0].label == "（一）" and items[0].number == 1
    for doc in gazette:
        assert doc.start_line <= doc.end_line
        for s in doc.sentences:
            assert doc.start_line <= s.start_line <= s.end_line <= doc.end_line


def test_bodies_are_printed_text_without_page_furniture_and_the_models_read_them_normalized(gazette):
    from govnlp.text.view import body_view

    body = "\n".join(d.body for d in gazette)
    assert "公报２０２１" not in body and "\U00010170" not in body and "—４" not in body
    assert "２" in body and "," in body                 # as printed
    view = "\n".join(body_view(d) for d in gazette)
    assert "公报2021" not in view and "\U00010170" not in view
    assert "２" not in view and "," not in view


def test_article_documents_only_where_expected(gazette):
    with_articles = {d.title for d in gazette if d.articles}
    assert all(not t.startswith("关于") for t in with_articles)


@pytest.mark.parametrize("numeral,value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20),
                                           ("二十三", 23), ("一百零五", 105), ("四十八", 48)])
def test_cn_to_int(numeral, value):
    assert cn_to_int(numeral) == value


def test_parse_text_and_path(tmp_path):
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    assert len(parse(text)) == len(parse(SAMPLE_PATH)) == len(parse(str(SAMPLE_PATH)))
    assert parse(text, source="x.txt").source == "x.txt"


@pytest.mark.parametrize("bad", ["", "   \n", "hello world", "这是一段普通的中文，没有任何公报标题。"])
def test_non_gazette_text_raises(bad):
    with pytest.raises(InputError):
        parse(bad)


def test_missing_file_raises(tmp_path):
    with pytest.raises(InputError) as exc:
        parse(tmp_path / "nope.txt")
    assert "nope.txt" in str(exc.value)


def test_an_announcement_whose_body_wraps_inside_a_name_keeps_its_document():
    text = Path(govnlp.SAMPLE_PATH).read_text(encoding="utf-8")
    wrapped = text.replace("已由山西省第十三届人民代表大会常务委员会第三十一次会议于２０２１年",
                           "已由山西省第十三届人民\n\n代表大会常务委员会第三十一次会议于２０２１年", 1)
    assert wrapped != text
    gazette = govnlp.parse(wrapped)
    assert len(gazette.documents) == 79 and len(gazette.articles) == 199
    first = gazette.documents[0]
    assert first.title.startswith("山西省人民代表大会常务委员会公告") and first.end_line >= 7
    assert "现予公布" in first.body


def test_an_issue_typeset_at_22_characters_a_line_gives_the_same_documents():
    from govnlp.text.compare import comparison_key as key

    text = Path(govnlp.SAMPLE_PATH).read_text(encoding="utf-8")
    wrapped = []
    for line in text.split("\n"):
        lead = line[:len(line) - len(line.lstrip(" \u3000"))]
        body = line[len(lead):]
        chunks = [body[i:i + 22] for i in range(0, len(body), 22)] or [""]
        wrapped.append(lead + chunks[0])
        for chunk in chunks[1:]:
            wrapped += ["", chunk]
    original, typeset = govnlp.parse(text), govnlp.parse("\n".join(wrapped))
    assert [key(d.title) for d in typeset.documents] == [key(d.title) for d in original.documents]
    assert [a.number for a in typeset.articles] == [a.number for a in original.articles]
