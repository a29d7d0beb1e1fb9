"""Links from key modifications to enacted articles: reports, amendment decisions, given regulations."""
import copy

import pytest

import govnlp
from govnlp.components.links import (LinksComponent, enacted_for, link_by_number, link_enacted, locate,
                                     reviewed_title)
from govnlp.doc.model import KeyModification
from govnlp.text.compare import comparison_key as key


@pytest.fixture(scope="module")
def issue():
    """The parsed sample, typed by title as far as linking needs, with one report's items as the
    seed gold states them (so that the test is of linking, not of the models)."""
    gazette = govnlp.parse(govnlp.SAMPLE_PATH)
    for doc in gazette.documents:
        if doc.title.endswith("审议结果的报告"):
            doc.doc_type = "review_report"
        elif doc.title.startswith("关于修改"):
            doc.doc_type = "amendment_decision"
        elif doc.articles:
            doc.doc_type = "regulation"
    report = next(d for d in gazette.documents if key(d.title) == key("关于《山西老陈醋保护条例（草案）》审议结果的报告"))
    report.key_modifications = [
        KeyModification(topic="关于山西老陈醋的国家标准", action="modify", draft_articles=["第三条"],
                        sentences=["法制委员会经过认真研究,建议将该条修改为:“本条例所称山西老陈醋,是指在地理标志产品保护范围"
                                   "(以下简称产区)内,采用传统特殊工艺生产,具有独特风味和品质,符合地理标志产品山西老陈醋国家标准的酿造食醋.”"]),
        KeyModification(topic="关于山西老陈醋生产的工艺特点", action="modify", draft_articles=["第八条"],
                        revised_articles=["第八条"], sentences=["…详细列举山西老陈醋生产的工艺特点,即草案修改稿第八条."]),
        KeyModification(topic="关于山西老陈醋知识产权的保护", action="add", draft_articles=["第十二条"],
                        revised_articles=["第十条第(三)项", "第十条第(四)项"],
                        sentences=["建议在该条中增加两项内容,即:“(三)擅自在食醋产品上将与‘山西老陈醋’名称相同或者近似的标识作为商品名称"
                                   "或者商品装潢使用,容易导致混淆;(四)在山西老陈醋产区外生产的食醋产品,使用山西老陈醋地理标志专用标志"
                                   "或者‘山西老陈醋’名称.”", "即草案修改稿第十条第(三)项、第(四)项."]),
        KeyModification(topic="关于不正当竞争的问题", action="delete", draft_articles=["第二十一条"],
                        sentences=["法制委员会经过认真研究,建议删除草案初审稿第二十一条关于不正当竞争行为的表述."]),
        KeyModification(topic="其他文字和技术性修改", action="modify",
                        sentences=["此外,法制委员会还对一些条款在规范内容、立法技术和文字表述方面作必要的修改."]),
    ]
    return LinksComponent()(gazette)


def _doc(gazette, title):
    return next(d for d in gazette.documents if key(d.title) == key(title))   # titles come back as printed


def test_report_items_land_on_the_enacted_articles(issue):
    report = _doc(issue, "关于《山西老陈醋保护条例（草案）》审议结果的报告")
    assert [m.enacted_document for m in report.key_modifications] == ["山西老陈醋保护条例"] * 5
    assert [m.enacted_articles for m in report.key_modifications] == [["第三条"], ["第八条"], ["第十条"], [], []]


def test_the_baseline_links_by_number_and_links_a_deleted_article():
    reg = govnlp.parse(govnlp.SAMPLE_PATH).documents[1]
    deleted = KeyModification(topic="t", action="delete", draft_articles=["第二十一条"], sentences=["删除第二十一条."])
    assert link_by_number(deleted, reg) == ["第二十一条"]       # numbers alone: the wrong article


def test_an_amendment_decision_gets_its_amendments_linked(issue):
    decision = _doc(issue, "关于修改《山西省警务辅助人员条例》的决定")
    mods = decision.key_modifications
    assert [m.draft_articles for m in mods] == [["第六条第一款"], ["第八条"]]
    assert [m.action for m in mods] == ["modify", "modify"]
    assert [m.enacted_articles for m in mods] == [["第六条"], ["第八条"]]
    assert {m.enacted_document for m in mods} == {"山西省警务辅助人员条例"}
    start, end = mods[1].spans[0]
    assert decision.text[start:end].startswith("二、将第八条修改为") and decision.text[start:end].endswith("工作.”")


def test_a_renumbered_enactment_is_followed_through_the_quotes(issue):
    reg = copy.deepcopy(_doc(issue, "山西老陈醋保护条例"))
    numbers = [a.number for a in reg.articles]
    assert numbers[-1] == "第二十四条"
    for a, new in zip(reg.articles, numbers[1:] + ["第二十五条"]):
        a.text, a.number = new + a.text[len(a.number):], new     # every article one number further
    mods = copy.deepcopy(_doc(issue, "关于《山西老陈醋保护条例（草案）》审议结果的报告").key_modifications)
    link_enacted(mods, reg)
    assert mods[2].enacted_articles == ["第十一条"]              # the quote, and revised 第十条 mapped by it
    assert mods[1].enacted_articles == ["第九条"]                # revised 第八条, moved as the anchor says


def test_reviewed_title_and_enacted_for(issue):
    assert reviewed_title("关于«山西省人口和计划生育条例(修订草案)»研究意见的报告") == "山西省人口和计划生育条例"
    assert reviewed_title("关于«山西省警务辅助人员条例修正案(草案)»审议意见的报告") == "山西省警务辅助人员条例"
    assert reviewed_title("关于修改«山西省警务辅助人员条例»的决定") == "山西省警务辅助人员条例"
    report = _doc(issue, "关于《山西省康养产业促进条例（草案）》审议结果的报告")
    assert enacted_for(report, issue.documents).title == "山西省康养产业促进条例"
    assert enacted_for(_doc(issue, "关于《太原市旅游条例》审议结果的报告"), issue.documents) is None


def test_link_enacted_takes_text_or_a_file(tmp_path):
    lines = govnlp.SAMPLE_PATH.read_text(encoding="utf-8").split("\n")
    regulation = "\n".join(lines[12:295])
    mods = [KeyModification(topic="关于养老", action="add", sentences=["增加一条,即:“县级以上人民政府应当加强对山西老陈醋"
                                                                  "传统酿造技艺非物质文化遗产的保护.”"])]
    assert link_enacted(mods, regulation).title == "山西老陈醋保护条例"
    assert mods[0].enacted_articles == ["第十一条"]
    path = tmp_path / "山西老陈醋保护条例.md"
    path.write_text(regulation, encoding="utf-8")
    mods[0].enacted_articles = []
    link_enacted(mods, path)
    assert mods[0].enacted_articles == ["第十一条"]
    with pytest.raises(govnlp.InputError, match="no articles"):
        link_enacted(mods, "这不是一部法规,只有一句话。")


def test_locate_ignores_line_breaks_and_punctuation_width():
    text = "甲乙\n\n丙丁,戊.己"
    assert locate(text, "乙丙丁，戊。") == [1, 9]
    assert locate(text, "庚") is None


def test_the_pipeline_links_after_keymods(tiny_models_dir):
    from govnlp.pipeline import load

    dirs = {t: tiny_models_dir / t for t in ("doctype", "modality", "keymods")}
    assert load(**dirs).pipe_names[-1] == "links"
    assert "links" not in load(**dirs, disable=["links"]).pipe_names
    assert load(**dirs, disable=["keymods"]).pipe_names == ["doctype", "modality"]
