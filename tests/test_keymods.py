"""Key-modification extractor: unit rules, a national-style report, and the LOO gold targets."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import govnlp
from govnlp.components.keymods import (KeyModificationExtractor, extract_articles, item_action, load_extractor,
                                       weak_sentence_labels)
from govnlp.evaluation.reports import leave_one_report_out, load_reports
from govnlp.parsing import parse_document
from govnlp.text.sentences import split_sentences


def summarize_review(text):
    """What a user calls: the shipped extractor on a report's text."""
    return load_extractor(ROOT / "models" / "keymods").predict(parse_document(text))

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


# ----------------------------------------------------------------------------- as a user meets it
def _verbatim(items, text):
    for it in items:
        assert len(it.spans) == len(it.sentences)
        for s, (a, b) in zip(it.sentences, it.spans):
            assert s in text and text[a:b] == s, s


TRADITIONAL = """全國人民代表大會憲法和法律委員會關於《中華人民共和國某某法(草案)》審議結果的報告
全國人民代表大會常務委員會:
常務委員會第三次會議對某某法草案進行了初次審議。現將審議結果報告如下:
一、有的常委委員提出,草案第八條關於信息公開的規定不夠具體。憲法和法律委員會經研究,建議將該條修改為:「國家建立信息公開制度。具體辦法由國務院規定。」
二、有的常委會組成人員提出,草案第十二條第一款規定的程序過於繁瑣,建議刪去,憲法和法律委員會研究後採納了該建議,將有關內容調整至第七條第二款。
此外,還對草案作了一些文字修改。
以上報告連同草案修改稿是否妥當,請審議。"""


def test_traditional_report_is_quoted_in_its_own_characters():
    items = summarize_review(TRADITIONAL)
    _verbatim(items, TRADITIONAL)
    assert items[0].sentences[0].startswith("憲法和法律委員會經研究,建議將該條修改為")
    assert items[0].action == "modify" and items[0].draft_articles == ["第八条"]
    # proposal and acceptance in one sentence: still the sentence that states the change
    assert any("採納了該建議" in s for it in items for s in it.sentences)


ASCII = ("关于《某市养犬管理条例(草案)》审议结果的报告\n"
         "主任、副主任、秘书长、各位委员:\n"
         "现将审议结果报告如下:\n"
         "一、有的委员提出, 草案第十条对养犬登记的规定不明确. 法制委员会经研究, 建议将该条修改为: "
         "\"养犬人应当办理养犬登记.\"\n"
         "以上报告, 请予审议.")


def test_ascii_punctuation_report_is_quoted_as_printed():
    items = summarize_review(ASCII)
    assert items
    _verbatim(items, ASCII)
    assert "法制委员会经研究, 建议将该条修改为" in items[0].sentences[0]


def test_report_that_only_edits_wording_has_no_items():
    text = ("关于《某某条例(草案)》审议结果的报告\n主任、副主任、秘书长、各位委员:\n现将审议结果报告如下:\n"
            "法制委员会认为,草案是可行的,同时,提出以下修改意见:\n"
            "此外,法制委员会还对草案作了一些文字修改.\n"
            "法制委员会建议常委会本次会议通过.")
    assert summarize_review(text) == []


DIRECTIVES = """贵州省人民代表大会法制委员会关于《某市饮用水水源保护条例》审议结果的报告
省人大常委会:
法制委员会召开会议进行了审查,认为《条例》符合实际,建议本次会议审议后予以批准。同时,提出如下修改建议:
1.第二十五条中的“优先考虑环境承载能力”修改为“按照水资源承载能力”。
2.第三十一条第二项中的“非更新性采伐”修改为“非法采伐”;删去“与水源保护相关的植被”。
3.在第八条增加一款作为第二款:“饮用水水源保护区应当设置明确的地理界标。”
4.将第三十六条修改为:“违反本条例规定的,由有关部门责令改正。”
5.删去第四十条。
以上报告,请予审议。"""


def test_directive_list_gives_one_item_per_directive():
    items = summarize_review(DIRECTIVES)
    _verbatim(items, DIRECTIVES)
    assert [it.action for it in items] == ["modify", "modify", "delete", "add", "modify", "delete"]
    assert items[1].draft_articles == ["第三十一条第二项"]
    assert items[3].draft_articles == ["第八条"]
    assert items[0].sentences[0].startswith("1.第二十五条")
    assert not any("提出如下修改建议" in s for it in items for s in it.sentences)


def test_fine_tuning_uses_the_users_items_and_says_before_and_after(tmp_path, capsys):
    from govnlp.training.tasks import train_keymods

    gold = tmp_path / "key_modifications.jsonl"
    recs = [{"text": TRADITIONAL, "items": [{"action": "modify", "sentences": [
                "憲法和法律委員會經研究,建議將該條修改為:「國家建立信息公開制度。具體辦法由國務院規定。」"]}]},
            {"text": DIRECTIVES, "items": [{"action": "delete", "sentences": ["5.删去第四十条。"]}]},
            {"text": ASCII, "items": []}]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    result = train_keymods([Path(govnlp.SAMPLE_PATH)], tmp_path / "model", gold=gold)
    assert result["reports_gold_train"] + result["reports_gold_heldout"] == 3
    assert result["reports_gold_heldout"] >= 1
    assert set(result["heldout_gold"]) == {"after", "before (shipped model)"}
    nlp_items = load_extractor(tmp_path / "model").predict(parse_document(DIRECTIVES))
    assert nlp_items
