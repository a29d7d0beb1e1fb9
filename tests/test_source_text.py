"""Every text govnlp returns is the source's own: what a user quotes from the printed page."""
import pytest

import govnlp
from conftest import MODELS, sample_excerpt
from govnlp.text.normalize import is_artifact
from govnlp.text.script import to_traditional
from govnlp.text.view import model_view, view_of

SAMPLE_LINES = govnlp.SAMPLE_PATH.read_text(encoding="utf-8").splitlines()


def printed(start: int, end: int) -> str:
    """Lines ``start``..``end`` of the sample as printed, joined: no breaks, no page furniture."""
    return "".join(line.strip() for line in SAMPLE_LINES[start - 1:end] if line.strip() and not is_artifact(line))


@pytest.fixture(scope="module")
def sample():
    return govnlp.parse(govnlp.SAMPLE_PATH)


def test_the_first_article_comes_back_as_printed(sample):
    first = sample.articles[0]
    assert first.text == ("第一条\u3000为了保护山西老陈醋品牌和工艺特色,保障山西老陈醋品质,传承和弘扬山西老陈醋传统文化,"
                          "根据有关法律、行政法规,结合本省实际,制定本条例.")
    assert first.paragraphs[0].sentences[0].text == first.text.removeprefix("第一条\u3000")
    # the models still read Chinese punctuation
    assert view_of(first).endswith("结合本省实际，制定本条例。")


def test_every_article_is_its_printed_lines(sample):
    for article in sample.articles:
        assert article.text.replace("\n", "") == printed(article.start_line, article.end_line), article.number


def test_every_sentence_and_paragraph_is_found_as_printed(sample):
    for doc in sample.documents:
        source = "".join("".join(line.split()) for line in doc.text.split("\n") if not is_artifact(line))
        for para in doc.paragraphs:
            assert "".join(para.text.split()) in source
            assert all("".join(s.text.split()) in source for s in para.sentences)
        assert all(line in doc.body.split("\n") for line in (p.text for p in doc.paragraphs))


def test_full_width_digits_are_given_back():
    announcement = govnlp.parse(govnlp.SAMPLE_PATH).documents[0]
    assert "于２０２１年９月２９日通过,现予公布" in announcement.body
    assert "２０２２年１月１日起施行." in announcement.paragraphs[0].text


def test_a_paragraph_wrapped_over_a_page_break_has_no_running_head():
    page = ("山西老陈醋保护条例\n\n第一章　总　　则\n\n第一条　为了保护山西老陈醋品牌和工艺特\n\n色,保障山西老陈醋品质,传承\n\n"
            "—４４—\n\n　山西省人民代表大会常务委员会公报２０２１\U00010170６　\n\n\n\n"
            " 和弘扬山西老陈醋传统文化,制定本条例.\n\n第二条　本条例适用于山西老陈醋的生产经营.\n")
    doc = govnlp.parse(page).documents[0]
    first = doc.articles[0]
    assert first.text == "第一条\u3000为了保护山西老陈醋品牌和工艺特色,保障山西老陈醋品质,传承和弘扬山西老陈醋传统文化,制定本条例."
    assert (first.start_line, first.end_line) == (5, 15)
    assert doc.chapters[0].title == "总则"
    assert "公报" not in doc.body and "—" not in doc.body


def test_a_traditional_regulation_comes_back_in_traditional_characters():
    page = to_traditional(sample_excerpt(1, 1))
    joined = "".join(line.strip() for line in page.split("\n"))
    doc = govnlp.parse(page).documents[0]
    first = doc.articles[0]
    assert first.text.startswith(to_traditional("第一条\u3000为了保护山西老陈醋品牌")) and first.text in joined
    assert "條" in first.text and "保護" in first.text
    assert all(s.text in joined for a in doc.articles for s in a.sentences)
    assert doc.chapters[0].title == "總則"
    assert doc.title == to_traditional("山西老陈醋保护条例") and doc.date_line in joined and "會議通過" in doc.date_line
    assert all(p.text in joined for p in doc.paragraphs)
    # the parser and the models read simplified characters
    assert view_of(first).startswith("第一条\u3000为了保护山西老陈醋品牌")
    assert len(govnlp.parse(page).articles) == len(govnlp.parse(sample_excerpt(1, 1)).articles) > 0


@pytest.mark.skipif(not (MODELS / "modality" / "checksums.json").is_file(), reason="shipped models not trained yet")
def test_modality_evidence_is_quoted_in_the_articles_characters():
    mod = govnlp.tag_modality(to_traditional("第十条　任何组织和个人不得伪造、冒用地理标志专用标志。"))
    assert "prohibition" in mod.labels
    assert mod.evidence["prohibition"] == to_traditional("任何组织和个人不得伪造、冒用地理标志专用标志。")
    assert "組織" in mod.evidence["prohibition"]
    ascii_punct = govnlp.tag_modality("第十条　任何组织和个人不得伪造,冒用地理标志专用标志.")
    assert ascii_punct.evidence["prohibition"].endswith("专用标志.")


def test_units_read_back_from_json_give_the_same_texts_and_views(sample):
    data = sample.to_dict()
    article = data["documents"][1]["articles"][0]
    assert "view" not in article and "view" not in article["paragraphs"][0]
    assert "view" not in article["paragraphs"][0]["sentences"][0] and "body_view" not in data["documents"][1]
    again = govnlp.Gazette.from_dict(data)
    assert [a.text for a in again.articles] == [a.text for a in sample.articles]
    assert [model_view(a.text) for a in again.articles] == [view_of(a) for a in sample.articles]
