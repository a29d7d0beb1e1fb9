"""Document type on pages as users save them: titles found, source characters kept, fine-tuning."""
from __future__ import annotations

import json

import numpy as np
import pytest

import govnlp
from govnlp.cli import main
from govnlp.inference.title_opening import TitleOpeningClassifier
from govnlp.parsing.titles import find_title
from govnlp.text.view import model_view, strip_pinyin_glosses

REPORT_PAGE = ("首页 > 公报 > 正文\n发布时间：2021-09-30 来源：省人大常委会\n字号：大 中 小\n"
               "关于«某某条例(草案)»审议结果的报告\n——2021年9月27日在省十三届人大常委会第三十一次会议上\n"
               "省人大常委会:\n常委会第二十九次会议对条例(草案)进行了初次审议。法制委员会进行了统一审议,现将审议结果报告如下:\n"
               "一、有的常委会组成人员提出,建议将第三条修改为“……”。法制委员会经研究,建议采纳。\n打印本页 关闭窗口")


def test_the_readme_example_is_a_review_report_with_its_own_title():
    doc = govnlp.classify_document("关于«某某条例(草案)»审议结果的报告\n省人大常委会:\n现将审议结果报告如下。")
    assert doc.doc_type == "review_report"
    assert doc.title == "关于«某某条例(草案)»审议结果的报告"      # the source's «» and ASCII brackets


def test_garbled_text_is_refused_not_typed():
    # text decoded with the wrong encoding: replacement characters and a word or two
    with pytest.raises(govnlp.InputError, match="fragment, not a document") as refused:
        govnlp.classify_document("\ufffd\ufffd乱码")
    assert "replacement characters" in str(refused.value)


@pytest.mark.parametrize("title, doc_type", [
    ("某某市人民代表大会常务委员会关于批准《某某市物业管理条例》的决定", "approval_decision"),
    ("某某省人民代表大会常务委员会任免名单", "personnel"),
    ("关于«某某条例(草案)»审议结果的报告", "review_report"),
    ("关于《某某条例（草案）》的说明", "draft_explanation"),
    ("某某省物业管理条例", "regulation"),
])
def test_a_bare_title_is_typed_by_what_it_says(title, doc_type):
    assert govnlp.classify_document(title).doc_type == doc_type


def test_a_web_page_gives_the_document_title_not_the_navigation():
    doc = govnlp.classify_document(REPORT_PAGE)
    assert doc.doc_type == "review_report"
    assert doc.title == "关于«某某条例(草案)»审议结果的报告"


def test_a_traditional_page_comes_back_in_traditional_characters():
    from govnlp.text.script import to_traditional

    page = to_traditional(REPORT_PAGE)
    doc = govnlp.classify_document(page)
    assert doc.doc_type == "review_report"
    assert doc.title == to_traditional("关于«某某条例(草案)»审议结果的报告") and doc.title in page
    assert doc.text == page                          # the document's text is the page as given


def test_pinyin_glosses_of_converter_sites_are_not_part_of_the_title():
    page = "全國人民代表大會常務委員會(huì)公告\n(第三十號(hào))\n《某某法》已由會議通過,現予公布,自公布之日起施行。"
    finding = find_title(page)
    assert finding.found and "(huì)" not in finding.title and finding.title.startswith("全國人民代表大會常務委員會公告")
    assert strip_pinyin_glosses("經(jīng)研究") == "經研究"
    assert model_view("委員會(huì)經(jīng)研究, 決定:") == "委员会经研究，决定："


def test_a_list_of_other_titles_is_not_the_document_title():
    page = ("相关文档\n关于修改某某条例的决定\n某某市物业管理条例\n"
            "某某市人民代表大会常务委员会公告\n(第5号)\n《某某市养犬管理条例》已经通过,现予公布,自2022年1月1日起施行。")
    finding = find_title(page)
    assert finding.title.startswith("某某市人民代表大会常务委员会公告")
    assert govnlp.classify_document(page).doc_type == "announcement"


def test_a_presidential_order_is_the_title_of_the_page_it_opens():
    page = ("主席令\n(第九号)\n《全国人民代表大会常务委员会关于修改<中华人民共和国个人所得税法>的决定》已由会议通过,"
            "现予公布,自2019年1月1日起施行。\n中华人民共和国主席 习近平\n2018年8月31日\n"
            "全国人民代表大会常务委员会关于修改《中华人民共和国个人所得税法》的决定\n(2018年8月31日第十三届全国人民代表大会常务委员会第五次会议通过)\n"
            "第十三届全国人民代表大会常务委员会第五次会议决定对《中华人民共和国个人所得税法》作如下修改:")
    finding = find_title(page)
    assert finding.title == "主席令(第九号)"


def test_a_page_opening_with_the_notice_of_the_title_below_shows_no_title():
    # the promulgation notice printed without its heading cites the decision printed after it
    page = ("《全国人民代表大会常务委员会关于修改<中华人民共和国民事诉讼法>的决定》已由中华人民共和国第十三届全国人民代表大会"
            "常务委员会第三十二次会议于2021年12月24日通过,现予公布,自2022年1月1日起施行。\n中华人民共和国主席 习近平\n"
            "2021年12月24日\n全国人民代表大会常务委员会关于修改《中华人民共和国民事诉讼法》的决定\n"
            "(2021年12月24日第十三届全国人民代表大会常务委员会第三十二次会议通过)")
    assert not find_title(page).found


def test_a_national_law_is_titled_by_its_name_not_by_a_line_of_its_contents():
    page = ("中華人民共和國個人信息保護法\n(2021年8月20日第十三屆全國人民代表大會常務委員會第三十次會議通過)\n目 錄\n"
            "第一章 總 則\n第三節 國家機關處理個人信息的特別規定\n第一章 總 則\n第一條 為了保護個人信息權益,制定本法。")
    assert find_title(page).title == "中華人民共和國個人信息保護法"


def test_chrome_before_a_title_that_stands_alone_is_not_part_of_it():
    page = "法治号 手机版| 站内搜索\n网上有害信息举报\n关于《中华人民共和国海警法(草案)》的说明\n委员长、各位副委员长、秘书长、各位委员:"
    assert find_title(page).title == "关于《中华人民共和国海警法(草案)》的说明"


def test_cited_names_are_read_as_their_kind():
    from govnlp.inference.doctype_cues import mask_cited_names, mask_headnote, opening_cues

    assert mask_cited_names("关于《中华人民共和国反家庭暴力法（草案）》的说明") == "关于《法（草案）》的说明"
    assert mask_cited_names("关于批准《关于建立国际调解院的公约》的决定") == "关于批准《公约》的决定"
    amended = "（1987年9月5日通过 根据1996年7月5日《关于修改〈中华人民共和国档案法〉的决定》修正）\n第一章 总则"
    assert mask_headnote(amended).startswith("（题注：修正）") and "关于修改" not in mask_headnote(amended)
    assert "headnote=amended" in opening_cues(amended)
    assert "opening=entrusted" in opening_cues("委员长、各位副委员长、秘书长、各位委员：\n我受国务院委托，作说明。")


@pytest.mark.parametrize("title, doc_type", [
    ("某某市人民代表大会常务委员会关于召开某某市第十届人民代表大会第三次会议的决定", "session_record"),
    ("全国人民代表大会常务委员会关于我国加入《某某公约》的决定", "approval_decision"),
    ("某某省人民代表大会教育科学文化卫生委员会关于《某某条例（草案）》的审议意见（书面）", "review_opinion"),
    ("某某省人民代表大会常务委员会关于某某报告的审议意见", "work_report"),
    ("某某市人民代表大会常务委员会关于推迟召开某某市第九届人民代表大会第一次会议的通告", "session_record"),
    ("某某省人大常委会关于公民旁听某某省人大常委会第二次会议的公告", "session_record"),
    ("第十届全国人民代表大会第一次会议选举和决定任命的办法", "session_record"),
    ("第十三届全国人民代表大会第四次会议表决议案办法", "session_record"),
    ("某某市人民代表大会选举办法", "regulation"),
])
def test_the_guideline_cues_read_these_titles(title, doc_type):
    from govnlp.inference.doctype_cues import doc_type_from_title

    assert doc_type_from_title(title) == doc_type


def test_a_numbered_heading_run_into_its_text_is_the_title():
    # a gazette text extracted without line breaks
    page = ("湖南省人民代表大会常务委员会公告（第96号）《湖南省某某条例》于2002年3月29日经湖南省第九届人民代表大会"
            "常务委员会第二十八次会议通过，现予公布，自2002年5月1日起施行。湖南省人民代表大会常务委员会 2002年3月29日")
    assert find_title(page).title == "湖南省人民代表大会常务委员会公告（第96号）"


def test_npc_and_local_pages_share_what_they_have_in_common(tmp_path):
    from govnlp.inference.doctype_cues import issuer_scope

    assert issuer_scope("全国人民代表大会常务委员会关于修改《某某法》的决定", "") == "national"
    assert issuer_scope("关于《某某条例（草案）》的说明", "主任、各位副主任、秘书长、各位委员：") == "local"
    views = [("某某省某某条例", "第一条 为了"), ("某某省人民代表大会常务委员会公告(第一号)", "现予公布"),
             ("中华人民共和国某某法", "第一条 为了"), ("中华人民共和国主席令(第一号)", "现予公布")]
    labels = ["regulation", "announcement", "regulation", "announcement"]
    model = TitleOpeningClassifier(C=10.0, scope_copies="national").fit(views, labels)
    assert model.predict(views) == labels
    model.save(tmp_path / "m")
    loaded = TitleOpeningClassifier.load(tmp_path / "m")
    assert loaded.scope_copies == "national"
    assert np.allclose(loaded.predict_proba(views), model.predict_proba(views))


def test_a_page_with_two_documents_says_so():
    page = ("某某省人民代表大会常务委员会公告\n(第十号)\n"
            "《某某省河道管理条例》已由某某省第十三届人民代表大会常务委员会第三十次会议于2021年9月29日通过,现予公布,自2022年1月1日起施行。\n"
            "某某省人民代表大会常务委员会\n2021年9月29日\n"
            "某某省河道管理条例\n(2021年9月29日某某省第十三届人民代表大会常务委员会第三十次会议通过)\n"
            "第一条\u3000为了加强河道管理,制定本条例。\n第二条\u3000本条例适用于本省行政区域内的河道。\n")
    doc = govnlp.classify_document(page)
    assert doc.doc_type == "announcement"
    assert any("2 documents" in note for note in doc.provenance)
    assert [d.title for d in govnlp.parse(page).documents][1] == "某某省河道管理条例"
    from govnlp.text.script import to_traditional

    traditional = govnlp.classify_document(to_traditional(page))
    assert any("2 documents" in note for note in traditional.provenance)


def test_label_a_folder_of_saved_pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT_PAGE, encoding="utf-8")
    (folder / "excerpt.txt").write_text("主任、各位副主任、秘书长、各位委员:\n我受省人民政府委托,现就《某某条例(草案)》"
                                        "作如下说明:\n一、制定条例的必要性\n……", encoding="utf-8")
    (folder / "recipe.txt").write_text("红烧肉的做法:五花肉切块,冰糖炒色,加酱油焖一小时。", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["label", str(folder), "--out", str(out), "--quiet"]) == 1     # one page holds no document
    rows = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    types = {r["source"].rsplit("/", 1)[-1]: r["doc_type"] for r in rows}
    assert set(types) == {"report.txt", "excerpt.txt"} and types["report.txt"] == "review_report"
    # a page is typed in a batch as it is on its own
    assert types["excerpt.txt"] == govnlp.classify_document((folder / "excerpt.txt").read_text(encoding="utf-8")).doc_type
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 1 and "recipe.txt" in errors[0]["file"]


def test_the_estimator_round_trips_without_pickle(tmp_path):
    views = [("关于某某条例(草案)审议结果的报告", "省人大常委会：现将审议结果报告如下"), ("某某条例", "第一条 为了"),
             ("某某公告(第一号)", "现予公布"), ("关于批准某某市条例的决定", "决定予以批准")]
    labels = ["review_report", "regulation", "announcement", "approval_decision"]
    model = TitleOpeningClassifier(C=10.0).fit(views, labels)
    model.save(tmp_path / "m")
    loaded = TitleOpeningClassifier.load(tmp_path / "m")
    assert np.allclose(loaded.predict_proba(views), model.predict_proba(views))
    titles_alone = [(t, "") for t, _ in views]            # typed by the weights learned for bare titles
    assert np.allclose(loaded.predict_proba(titles_alone), model.predict_proba(titles_alone))
    with np.load(tmp_path / "m" / "weights.npz", allow_pickle=False) as arrays:
        assert "coef" in arrays and "title_coef" in arrays


def test_the_page_reader_reads_past_the_opening_the_title_model_reads(tmp_path):
    salutation = "主任、各位副主任、秘书长、各位委员：" * 20          # the same 360 characters on every page
    views = [("某某报告", salutation + "现将审议结果报告如下，建议将第三条修改为"),
             ("某某报告", salutation + "现将执法检查情况报告如下，检查组认为"),
             ("某某报告", salutation + "现就条例修改情况汇报如下，建议删去第五条"),
             ("某某报告", salutation + "现将调研情况报告如下，调研组发现")]
    labels = ["review_report", "work_report", "review_report", "work_report"]
    title_and_opening = TitleOpeningClassifier(C=10.0).fit(views, labels)
    with_page = TitleOpeningClassifier(C=10.0, page_weight=0.5).fit(views, labels)
    assert len(set(title_and_opening.predict(views))) == 1          # its 300 characters are all alike
    assert with_page.predict(views) == labels
    with_page.save(tmp_path / "m")
    loaded = TitleOpeningClassifier.load(tmp_path / "m")
    assert np.allclose(loaded.predict_proba(views), with_page.predict_proba(views))
    bare = [("关于某某条例(草案)审议结果的报告", "")]                # a bare title is read without the page reader
    assert np.allclose(with_page.predict_proba(bare), title_and_opening.predict_proba(bare))


def test_an_adapted_model_keeps_the_labels_its_documents_never_show():
    prior = TitleOpeningClassifier(C=10.0).fit(
        [("某某条例", "第一条"), ("某某公告", "现予公布"), ("关于批准某某条例的决定", "决定批准")],
        ["regulation", "announcement", "approval_decision"])
    adapted = TitleOpeningClassifier(prior=prior).fit([("某某办法", "第一条"), ("某某公告", "现予公布")],
                                                      ["regulation", "announcement"])
    assert set(adapted.classes_) == {"regulation", "announcement", "approval_decision"}
    proba = adapted.predict_proba([("关于批准某某条例的决定", "决定批准")])
    assert proba.shape == (1, 3) and np.isclose(proba.sum(), 1.0)
    assert adapted.predict([("关于批准某某条例的决定", "决定批准")]) == ["approval_decision"]


def test_fine_tune_on_your_own_gold(tmp_path, capsys):
    gold = tmp_path / "documents.jsonl"
    from conftest import SHARED

    gold.write_text((SHARED / "gold" / "seed" / "documents.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "adapted"
    assert main(["train", "doctype", "--data", str(govnlp.SAMPLE_PATH), "--gold", str(gold), "--out", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["labels_from"] == "your gold annotations"
    assert {"after", "before (shipped model)"} <= set(result["heldout"])
    assert result["heldout_documents"] > 5 and result["train_documents"] > 40
    nlp = govnlp.load(doctype=out, disable=["modality", "keymods"])
    assert nlp(govnlp.SAMPLE_PATH).documents[0].doc_type == "announcement"


def test_training_data_without_the_document_it_names_is_an_error(tmp_path):
    gold = tmp_path / "documents.jsonl"
    gold.write_text(json.dumps({"start_line": 999999, "end_line": 1000000, "doc_type": "regulation"}) + "\n",
                    encoding="utf-8")
    with pytest.raises(govnlp.InputError, match="no gold document could be matched"):
        from govnlp.training.doctype import user_examples
        from pathlib import Path
        user_examples([Path(govnlp.SAMPLE_PATH)], gold)


def test_a_damaged_document_type_model_is_one_clear_error(tmp_path):
    import shutil

    from conftest import MODELS

    model = tmp_path / "doctype"
    shutil.copytree(MODELS / "doctype", model)
    weights = model / "weights.npz"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(govnlp.ModelError, match="weights.npz: file is damaged"):
        govnlp.load(doctype=model, disable=["modality", "keymods"])


def test_a_fine_tuned_encoder_reads_title_and_opening_as_one_string(tiny_models_dir):
    from govnlp.components.doctype import DocTypeComponent
    from govnlp.inference.classifier import BertTextClassifier

    encoder = BertTextClassifier.load(tiny_models_dir / "doctype", device="cpu", precision="fp32")
    seen = []
    original = encoder.predict_proba

    def recording(texts, *args, **kwargs):
        seen.extend(texts)
        return original(texts, *args, **kwargs)

    encoder.predict_proba = recording
    ((label, score, _),) = DocTypeComponent(encoder).predict([("某某条例", "第一条　为了……")])
    assert seen == ["某某条例\n第一条　为了……"] and label in encoder.labels_ and 0 < score <= 1
