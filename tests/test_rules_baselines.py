"""Keyword rules, TF-IDF + logistic regression and summarization baselines."""
from govnlp.evaluation.baselines import LeadK, TextRankSummarizer, TfidfLogRegDocType, TfidfLogRegModality
from govnlp.evaluation.rules import KeywordDocTypeClassifier, KeywordModalityTagger


def test_keyword_modality_any_cue_or_declarative():
    tagger = KeywordModalityTagger().fit(None)
    out = tagger.predict(["第三条　县级人民政府应当加强领导,不得推诿.", "第一条　为了规范管理,制定本条例.",
                          "第九条　鼓励企业创新,可以申请资助."])
    assert set(out[0]) == {"obligation", "prohibition"}
    assert out[1] == ["declarative"]
    assert set(out[2]) == {"encouragement", "permission"}


def test_keyword_doctype():
    clf = KeywordDocTypeClassifier().fit([], [])
    pred = clf.predict(["山西省人民代表大会常务委员会公告\n(第九十八号)\n现予公布",
                        "任免名单\n任命张三为…", "山西省第十三届人民代表大会常务委员会第三十一次会议议程"])
    assert pred == ["announcement", "personnel", "session_record"]
    # naive by design: the title's 条例 outvotes 关于批准 (what the learned models must fix)
    assert clf.predict(["关于批准«太原市旅游条例»的决定\n决定予以批准"]) == ["regulation"]


def test_tfidf_logreg_doctype_fits_and_predicts():
    X = ["…常务委员会公告 现予公布", "公告 第九十九号 现予公布", "任免名单 任命", "任免名单 免去"]
    y = ["announcement", "announcement", "personnel", "personnel"]
    clf = TfidfLogRegDocType().fit(X, y)
    assert clf.predict(["公告 现予公布 第一百号", "任免名单"]) == ["announcement", "personnel"]
    assert clf.predict_proba(X).shape == (4, 2)


def test_tfidf_logreg_modality_always_returns_a_label():
    X = ["应当加强", "应当做好", "不得销售", "禁止销售", "可以申请", "有权申请"] * 2
    y = [["obligation"], ["obligation"], ["prohibition"], ["prohibition"],
         ["permission"], ["permission"]] * 2
    clf = TfidfLogRegModality().fit(X, y)
    pred = clf.predict(["应当加强管理", "不得销售", "毫不相干"])
    assert pred[0] == ["obligation"] and pred[1] == ["prohibition"]
    assert len(pred[2]) >= 1


def test_leadk_and_textrank():
    sents = ["法制委员会建议将第三条修改为新的表述.", "会议认为条例草案基本可行.",
             "法制委员会建议将第三条和第五条合并.", "此外还有一些文字修改."]
    assert LeadK(2).summarize(sents) == sents[:2]
    tr = TextRankSummarizer()
    out = tr.summarize(sents, 2)
    assert len(out) == 2 and all(s in sents for s in out)
    assert [sents.index(s) for s in out] == sorted(sents.index(s) for s in out)  # document order
    assert sents[0] in out or sents[2] in out                                     # the central ones
    assert tr.summarize([], 3) == [] and tr.summarize(["唯一一句."], 3) == ["唯一一句."]
