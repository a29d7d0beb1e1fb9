"""Weak-supervision labelling functions (govnlp.supervision.labeling) on guideline examples."""
import pytest

from conftest import SHARED
from govnlp.parsing import SAMPLE_PATH
from govnlp.supervision.labeling import label_doc_type, label_modality, read_lawrefbook_articles, split_clauses

DLC = SHARED / "corpus" / "lawrefbook" / "DLC"


@pytest.mark.parametrize("text,labels", [
    ("第一条　为了保护山西老陈醋品牌,根据有关法律,结合本省实际,制定本条例.", {"declarative"}),
    ("第三条　本条例所称山西老陈醋,是指采用传统工艺生产的酿造食醋.", {"definition"}),
    ("第四条　山西老陈醋保护应当坚持标准引领的原则.", {"obligation"}),
    ("第五条　县级以上人民政府应当鼓励和支持企业技术创新.", {"obligation"}),
    ("第九条　鼓励企业开展技术创新,支持建设研发平台.", {"encouragement"}),
    ("第十条　任何组织和个人不得冒用山西老陈醋名称.", {"prohibition"}),
    ("第十一条　公民有权举报违法行为.", {"permission"}),
    ("第三十条　违反本条例规定,不得销售的,由市场监督管理部门责令改正,可以处一万元以上五万元以下罚款.",
     {"liability"}),
    ("第三十一条　国家机关工作人员滥用职权的,依法给予处分;构成犯罪的,依法追究刑事责任.", {"liability"}),
    ("第四十条　本条例自2022年1月1日起施行.", {"declarative"}),
])
def test_label_modality(text, labels):
    assert set(label_modality(text)) == labels


def test_items_inherit_and_evidence():
    text = "第十条　县级以上人民政府应当履行下列职责:(一)制定规划;(二)不得擅自收费.有前款第(一)项情形的,可以申请复核."
    clauses = split_clauses(text)
    assert clauses[0]["items"] and "第(一)项" in clauses[1]["text"]
    out = label_modality(text)
    assert set(out) == {"obligation", "permission"}   # 不得 in an item inherits obligation
    assert out["obligation"].startswith("县级以上人民政府应当")
    assert "可以申请复核" in out["permission"]


def test_temporal_subordinate_clause_is_not_encouragement():
    assert "encouragement" not in label_modality("第八条　在国家提倡一对夫妻生育一个子女期间,按规定给予奖励的,继续享受.")


@pytest.mark.parametrize("title,issuer,label", [
    ("山西省人民代表大会常务委员会公告(第九十八号)", "山西省人民代表大会常务委员会", "announcement"),
    ("山西老陈醋保护条例", "", "regulation"),
    ("关于«山西老陈醋保护条例(草案)»的说明", "", "draft_explanation"),
    ("关于«山西老陈醋保护条例(草案)»审议结果的报告", "山西省人大法制委员会", "review_report"),
    ("关于«某条例(修订草案)»研究意见的报告", "", "review_opinion"),
    ("关于修改«山西省警务辅助人员条例»的决定", "", "amendment_decision"),
    ("关于批准«太原市人民代表大会常务委员会关于修改‹太原市某条例›的决定»的决定", "", "approval_decision"),
    ("关于«太原市人民代表大会常务委员会关于修改‹太原市某条例›的决定»审议结果的报告", "", "review_report"),
    ("任免名单", "", "personnel"),
    ("关于冯军代理山西省高级人民法院院长的决定", "", "personnel"),
    ("关于全省公安机关规范化执法建设工作情况报告的审议意见", "", "work_report"),
    ("某某会议议程", "", "session_record"),
])
def test_label_doc_type_titles(title, issuer, label):
    assert label_doc_type(title, issuer, "") == label


@pytest.mark.parametrize("traditional,simplified", [
    ("關於《某某條例（草案）》審議結果的報告", "关于《某某条例（草案）》审议结果的报告"),
    ("關於批准《某某市養犬管理條例》的決定", "关于批准《某某市养犬管理条例》的决定"),
])
def test_a_traditional_title_gets_the_label_of_its_simplified_form(traditional, simplified):
    assert label_doc_type(traditional) == label_doc_type(simplified) is not None


def test_label_doc_type_bare_text():
    body = "首页 > 公报 > 正文\n字号：大 中 小\n«某某条例»已由某省人民代表大会常务委员会第三次会议通过,现予公布,自2022年1月1日起施行."
    assert label_doc_type("", "", body) == "announcement"
    body = "受省人民政府委托,现就«某某条例(草案)»作如下说明:\n一、立法的必要性"
    assert label_doc_type("", "", body) == "draft_explanation"


@pytest.mark.skipif(not DLC.is_dir(), reason="LawRefBook corpus not present")
def test_read_lawrefbook_articles():
    f = next(DLC.rglob("*.md"))
    title, arts = read_lawrefbook_articles(f)
    assert title and arts and arts[0][0].startswith("第")


def test_guideline_templates_give_the_rare_types_examples_of_their_own():
    import random
    from collections import Counter

    from govnlp.supervision.labeling import _synth_personnel_and_session

    docs = _synth_personnel_and_session(random.Random(3), n_each=20)
    assert Counter(lab for lab, *_ in docs) == {"personnel": 20, "session_record": 20}
    # every template carries the guideline's cues, so the labelling functions agree with it
    assert all(label_doc_type(title, issuer, body) == lab for lab, title, issuer, body in docs)
    assert len({title for _, title, _, _ in docs}) > 20   # not one document repeated


@pytest.mark.skipif(not DLC.is_dir(), reason="LawRefBook corpus not present")
def test_synthesized_training_documents_look_like_parsed_ones():
    """Parsed documents reach the classifier with 《》（），。: synthetic ones must too, or the
    punctuation style alone would tell them apart."""
    from govnlp.supervision.labeling import build_doctype_dataset

    ds = build_doctype_dataset([SAMPLE_PATH], [DLC], amendment_roots=[DLC.parent], n_synth_files=3)
    synthetic = [t for t, s in zip(ds["text"], ds["source"]) if s.startswith("synth:")]
    assert synthetic and not any("«" in t or "»" in t for t in synthetic)
    assert sum("《" in t for t in synthetic) > len(synthetic) // 4
