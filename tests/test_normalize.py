"""Normalization of PDF extraction artifacts, with provenance."""
from __future__ import annotations

from govnlp.text.normalize import (
    is_artifact, join_lines, normalize_chars, normalize_gazette_text, physical_lines,
)
from govnlp.text.sentences import split_sentences


def test_punctuation_and_digits():
    assert normalize_chars("«条例»(草案):第一;第二,完成.") == "《条例》（草案）：第一；第二，完成。"
    assert normalize_chars("‹办法›") == "〈办法〉"
    assert normalize_chars("２０２１年") == "2021年"


def test_decimal_points_kept():
    assert normalize_chars("增长１.５个百分点.") == "增长1.5个百分点。"
    assert normalize_chars("３\U001001b02万个") == "3.2万个"
    assert normalize_chars("３\U000101702万个") == "3.2万个"
    assert normalize_chars("2021.6") == "2021.6"


def test_artifacts():
    assert is_artifact("—４４—")
    assert is_artifact("　山西省人民代表大会常务委员会公报２０２１\U00010170６　")
    assert not is_artifact("门户网站或者政府公报、新闻发布会、报刊、广播、")


RAW = (" 山西老陈醋保护条例\n\n第一条　为了保护山西老陈醋品牌和工艺特\n\n色,保障山西老陈醋品质,传承\n\n"
       "—４４—\n\n　山西省人民代表大会常务委员会公报２０２１\U00010170６　\n\n\n\n"
       " 和弘扬山西老陈醋传统文化,制定本条例.\n\n第二条　本条例适用于山西老陈醋的生产经营.\n")


def test_join_keeps_line_numbers():
    logical = join_lines(physical_lines(RAW))
    art = next(ll for ll in logical if ll.text.startswith("第一条"))
    assert art.text == "第一条　为了保护山西老陈醋品牌和工艺特色，保障山西老陈醋品质，传承和弘扬山西老陈醋传统文化，制定本条例。"
    assert art.lines == [3, 5, 13]
    assert art.line_at(art.text.index("和弘扬")) == 13
    assert art.span(0, len(art.text)) == (3, 13)
    assert any(ll.text.startswith("第二条") and ll.start_line == 15 for ll in logical)


def test_normalize_gazette_text():
    out = normalize_gazette_text(RAW)
    assert "公报" not in out and "—" not in out
    assert "第一条　为了保护山西老陈醋品牌和工艺特色，" in out


def test_sentences():
    assert split_sentences("甲。乙！丙？") == ["甲。", "乙！", "丙？"]
    quoted = "建议修改为：“本条例所称老陈醋。是指食醋。”即草案第三条。"
    assert split_sentences(quoted) == ["建议修改为：“本条例所称老陈醋。是指食醋。”", "即草案第三条。"]
    assert split_sentences("一是明确类型；二是扶持组织；三是资金倾斜。") == [
        "一是明确类型；", "二是扶持组织；", "三是资金倾斜。"]
    assert split_sentences("按照甲；乙的规定执行。") == ["按照甲；乙的规定执行。"]
    assert split_sentences("增长1.5个百分点.下降.") == ["增长1.5个百分点.", "下降."]
    assert split_sentences("不平衡“引号。后面。") == ["不平衡“引号。", "后面。"]


def test_the_view_remembers_where_each_character_was_printed():
    from govnlp.text.normalize import normalize_with_offsets, view_line

    assert normalize_with_offsets("甲 乙,２.") == ("甲乙，2。", [0, 2, 3, 4, 5])
    assert view_line("\u3000\u3000第一条 为了,制定.") == ("第一条为了，制定。", [2, 3, 4, 6, 7, 8, 9, 10, 11])
    # a same-line simplified view: offsets point into the line as given
    assert view_line("为了保护,", "爲了保護,") == ("为了保护，", [0, 1, 2, 3, 4])


def test_a_joined_paragraph_is_cut_back_out_of_the_printed_lines():
    art = next(ll for ll in join_lines(physical_lines(RAW)) if ll.text.startswith("第一条"))
    assert art.source() == "第一条　为了保护山西老陈醋品牌和工艺特色,保障山西老陈醋品质,传承和弘扬山西老陈醋传统文化,制定本条例."
    start = art.text.index("保障")
    assert art.source(start, art.text.index("文化") + 2) == "保障山西老陈醋品质,传承和弘扬山西老陈醋传统文化"
