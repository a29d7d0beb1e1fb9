"""Metrics of GUIDELINES §2–3: char ROUGE and sentence P/R/F1 on comparison keys, sklearn F1s."""
import pytest

from govnlp.evaluation.metrics import (multilabel_scores, rouge_l, rouge_n, rouge_scores, sentence_prf,
                            singlelabel_scores)


def test_rouge_identical_and_disjoint():
    assert rouge_n("应当遵守", "应当遵守", 1) == 1.0
    assert rouge_n("甲乙", "丙丁", 2) == 0.0
    assert rouge_l("甲乙丙", "丁戊") == 0.0


def test_rouge_uses_comparison_key():
    # full-width vs PDF punctuation and whitespace are equal under the key
    assert rouge_scores("建议修改为:“本条例所称”。", "建议 修改为：“本条例所称”.") == \
        {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}


def test_rouge_partial_values():
    # pred "abcd", ref "abxd": unigrams overlap 3/4 → F1 .75; LCS "abd" → .75; bigrams 1/3
    assert rouge_n("abcd", "abxd", 1) == pytest.approx(0.75)
    assert rouge_l("abcd", "abxd") == pytest.approx(0.75)
    assert rouge_n("abcd", "abxd", 2) == pytest.approx(1 / 3)


def test_rouge_accepts_sentence_lists_and_empty():
    assert rouge_l(["甲乙", "丙"], "甲乙丙") == 1.0
    assert rouge_l([], []) == 1.0
    assert rouge_l([], "甲") == 0.0


def test_sentence_prf():
    r = sentence_prf(["删去第三条。", "其他"], ["删去第三条.", "将第五条修改为:"])
    assert (r["precision"], r["recall"], r["f1"]) == (0.5, 0.5, 0.5)
    assert sentence_prf([], [])["f1"] == 1.0
    assert sentence_prf(["a"], [])["f1"] == 0.0


def test_multilabel_scores():
    gold = [["obligation"], ["obligation", "permission"], ["declarative"]]
    pred = [["obligation"], ["obligation"], ["obligation"]]
    r = multilabel_scores(gold, pred, ["obligation", "permission", "declarative", "definition"])
    # micro: tp=2, fp=1, fn=2 → P 2/3, R 1/2 → F1 4/7
    assert r["micro_f1"] == pytest.approx(4 / 7)
    # macro over labels seen: obligation F1 .8, permission 0, declarative 0 → .2667
    assert r["macro_f1"] == pytest.approx(0.8 / 3)
    assert r["per_label"]["permission"]["support"] == 1
    assert r["per_label"]["definition"]["support"] == 0


def test_singlelabel_scores_handles_none():
    r = singlelabel_scores(["a", "b", "b"], ["a", "b", None])
    assert r["accuracy"] == pytest.approx(2 / 3)
    assert 0 < r["macro_f1"] < 1
