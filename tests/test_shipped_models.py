"""The shipped models, as a user meets them: govnlp.load() offline, then label the sample issue."""
import pytest

import govnlp
from conftest import MODELS

pytestmark = pytest.mark.skipif(
    not all((MODELS / t / "checksums.json").is_file() for t in ("doctype", "modality", "keymods")),
    reason="shipped task models not trained yet",
)


@pytest.fixture(scope="module")
def labelled_sample():
    return govnlp.load()(govnlp.SAMPLE_PATH)


def test_every_shipped_model_has_a_card_and_checksums():
    for name in ("govbert-mini", "doctype", "modality", "keymods"):
        assert (MODELS / name / "README.md").is_file(), name
        assert (MODELS / name / "checksums.json").is_file(), name


def test_announcements_and_regulations_are_recognised(labelled_sample):
    by_title = {d.title: d for d in labelled_sample.documents}
    assert by_title["山西老陈醋保护条例"].doc_type == "regulation"
    assert labelled_sample.documents[0].doc_type == "announcement"
    report = next(d for d in labelled_sample.documents if d.title.endswith("审议结果的报告"))
    assert report.doc_type == "review_report"


def test_a_prohibition_article_is_tagged_with_evidence():
    mod = govnlp.tag_modality("第十条　任何组织和个人不得伪造、冒用地理标志专用标志。")
    assert "prohibition" in mod.labels
    assert "不得" in mod.evidence["prohibition"]


def test_a_penalty_article_is_liability():
    mod = govnlp.tag_modality("第二十条　违反本条例第十条规定的，由县级以上人民政府市场监督管理部门责令改正，处一万元以上五万元以下罚款。")
    assert "liability" in mod.labels


def test_review_reports_yield_key_modifications(labelled_sample):
    reports = [d for d in labelled_sample.documents if d.doc_type in ("review_report", "review_opinion")]
    assert reports
    with_changes = [d for d in reports if d.key_modifications]
    assert with_changes, "no review report yielded a key modification"
    for d in with_changes:
        for k in d.key_modifications:
            assert k.action in {"modify", "delete", "add", "merge", "restructure", "keep"}
            assert k.sentences and all(s for s in k.sentences)


def test_classify_a_bare_web_page_text():
    text = ("首页 > 公报 > 正文\n字号：大 中 小\n"
            "山西省人民代表大会常务委员会公告\n（第九十八号）\n《山西老陈醋保护条例》已由山西省第十三届人民代表大会"
            "常务委员会第三十一次会议于2021年9月29日通过，现予公布，自2022年1月1日起施行。\n打印本页 关闭窗口")
    assert govnlp.classify_document(text).doc_type == "announcement"


def test_shipped_models_fit_the_size_budget():
    sizes = {name: sum(f.stat().st_size for f in (MODELS / name).iterdir() if f.is_file())
             for name in ("govbert-mini", "doctype", "modality", "keymods")}
    assert (MODELS / "govbert-mini" / "model.safetensors").stat().st_size <= 40 * 2**20
    assert sum(sizes.values()) <= 100 * 2**20, sizes


def test_a_report_that_records_no_change_has_no_key_modifications():
    report = ("山西省人大法制委员会\n关于«太原市某某条例»审议结果的报告\n主任、副主任、秘书长、各位委员:\n"
              "2021年9月2日,法制委员会召开全体会议,审议了太原市人民代表大会常务委员会通过的«太原市某某条例»,"
              "认为不存在与上位法相抵触的问题,建议提请省人民代表大会常务委员会会议审议并予以批准.\n以上报告,请予审议.")
    assert govnlp.summarize_review(report) == []
