"""Key-modification extractor: unit rules, a national-style report, and the LOO gold targets."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from govnlp.components.keymods import KeyModificationExtractor, extract_articles, item_action, weak_sentence_labels
from govnlp.evaluation.reports import leave_one_report_out, load_reports
from govnlp.parsing import parse_document
from govnlp.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]


SHARED = ROOT.parent / "shared"
GAZETTE = SHARED / "corpus" / "gazettes" / "shanxi-13th-sc-31st-session.txt"
GOLD = SHARED / "gold" / "seed" / "key_modifications.jsonl"


def report(lines: list[str], title_line: int = 0):
    """A report as a user hands it over: its text, title given."""
    return parse_document("\n".join(lines[title_line + 1:]), title=lines[title_line])


def test_split_keeps_quoted_article_and_closing_quote():
    text = ("法制委员会建议将该款修改为两款.第一款为:“甲应当审查.乙未设立的,由丙提出意见”."
            "建议将该条修改为:“本条例所称醋,是指酿造食醋.”即草案修改稿第十条.")
    assert split_sentences(text) == [
        "法制委员会建议将该款修改为两款.",
        "第一款为:“甲应当审查.乙未设立的,由丙提出意见”.",
        "建议将该条修改为:“本条例所称醋,是指酿造食醋.”",
        "即草案修改稿第十条.",
    ]


def test_split_semicolon_only_between_listed_items():
    text = "建议作两方面修改:一是明确主体;二是增加合同内容.有的委员提出甲;有的委员提出乙."
    assert split_sentences(text) == [
        "建议作两方面修改:一是明确主体;", "二是增加合同内容.", "有的委员提出甲;有的委员提出乙."]


def test_articles_draft_revised_and_other_law():
    refs = extract_articles("即草案修改稿第十条第(三)项、第(四)项.")
    assert refs == [("第十条第(三)项", "revised"), ("第十条第(四)项", "revised")]
    assert extract_articles("(草案修改稿第六条第一、二款、第七条)") == [
        ("第六条第一款", "revised"), ("第六条第二款", "revised"), ("第七条", "revised")]
    assert extract_articles("草案初审稿第五十六条规定:“…”.«中华人民共和国预算法实施条例»第二条规定", bare_as=None) == [
        ("第五十六条", "draft")]
    assert extract_articles("建议增加一条作为第六条,即:“依照本条例第三条执行.”") == [("第六条", "revised")]


@pytest.mark.parametrize("sents,revised,action", [
    (["宪法和法律委员会经研究,建议将草案第五条修改为:“…增加…”"], [], "modify"),
    (["法制委员会经过认真研究,建议删除草案初审稿第二十一条关于不正当竞争行为的表述."], [], "delete"),
    (["法制委员会认为相关上位法已经作出规定,建议删除该条规定."], [], "delete"),
    (["建议删除关于含量指标的表述,详细列举工艺特点,即草案修改稿第八条."], ["第八条"], "modify"),
    (["为此,建议增加托管合同的内容,即草案修改稿第十一条."], ["第十一条"], "add"),
    (["二是优先扶持农机户开展托管服务,即草案修改稿第六条第一款;"], ["第六条第一款"], "add"),
    (["法制委员会建议,在整合草案中有关职责的基础上,对职责予以明确."], [], "merge"),
    (["宪法和法律委员会经研究认为,草案的规定是适当的,建议不作修改."], [], "keep"),
    (["建议将第三章和第四章的顺序调整,移至第五章之后."], [], "restructure"),
])
def test_item_action(sents, revised, action):
    assert item_action(sents, revised) == action


NATIONAL = """关于«中华人民共和国某某法(草案)»审议结果的报告
全国人民代表大会常务委员会：
常务委员会第三次会议对某某法草案进行了初次审议。宪法和法律委员会于5月召开会议，根据常委会组成人员的审议意见，对草案进行了逐条审议。现将审议结果报告如下：
一、有的常委委员提出，草案第八条关于信息公开的规定不够具体，建议予以细化。宪法和法律委员会经研究，建议将该条修改为：“国家建立信息公开制度。具体办法由国务院规定。”
二、有的部门建议增加关于应急处置的规定。宪法和法律委员会经研究，建议增加一条，作为第二十条：“发生突发事件时，有关部门应当立即处置。”
三、有的常委委员建议删除草案第三十条。宪法和法律委员会经研究认为，该条规定是必要的，建议不作修改。
此外，还对草案作了一些文字修改。
草案修改稿已按照上述意见作了修改，宪法和法律委员会建议本次常委会会议审议通过。
以上报告连同草案修改稿是否妥当，请审议。""".split("\n")


def test_national_style_report():
    doc = report(NATIONAL)
    items = KeyModificationExtractor().predict(doc)
    assert [it.action for it in items[:3]] == ["modify", "add", "keep"]
    assert items[0].draft_articles == ["第八条"]
    assert items[1].revised_articles == ["第二十条"]
    assert items[0].sentences[0].startswith("宪法和法律委员会经研究，建议将该条修改为")
    assert not any("审议通过" in s for it in items for s in it.sentences)


CITY = """山西省人大法制委员会
关于«某市某某条例»审议结果的报告
主任、副主任、秘书长、各位委员:
2021年9月2日,法制委员会召开全体会议,审议了某市人民代表大会常务委员会通过的«某市某某条例»,认为不存在与上位法相抵触的问题,建议提请省人民代表大会常务委员会会议审议并予以批准.
2021年9月23日""".split("\n")


def test_city_approval_report_is_empty():
    doc = report(CITY, 1)
    assert KeyModificationExtractor().predict(doc) == []
    assert sum(weak_sentence_labels(doc)) == 0


class _ConstScorer:
    """Any object with predict_proba plugs in (e.g. a fine-tuned BERT)."""

    def predict_proba(self, texts):
        p = np.array([0.9 if "建议将" in t else 0.1 for t in texts])
        return np.stack([1 - p, p], axis=1)


def test_pluggable_scorer_is_used():
    doc = report(NATIONAL)
    items = KeyModificationExtractor(sentence_scorer=_ConstScorer()).predict(doc)
    assert len(items) == 1 and items[0].action == "modify"


@pytest.fixture(scope="module")
def loo_table():
    if not GAZETTE.is_file():
        pytest.skip("shared corpus not available")
    gold, docs, _ = load_reports(GAZETTE, GOLD)
    return leave_one_report_out(gold, docs)


@pytest.mark.parametrize("system", ["rules", "lr-weak", "lr-gold-loo"])
def test_leave_one_report_out_targets(loo_table, system):
    row = loo_table[system]
    assert row["F1"] >= 0.85 and row["rougeL"] >= 0.85 and row["action"] >= 0.9, row
    assert row["F1"] > loo_table["textrank-k"]["F1"] and row["rougeL"] > loo_table["textrank-k"]["rougeL"]
