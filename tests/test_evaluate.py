"""`govnlp evaluate`: a user scores the models on gold they annotated for another issue."""
import json
import shutil

import pytest

from conftest import GOLD, SHARED, read_jsonl
from govnlp.cli import main
from govnlp.errors import InputError
from govnlp.evaluation.gold import national_style, read_gold, score_summaries
from govnlp.doc.model import KeyModification

ISSUE = SHARED / "corpus" / "gazettes" / "shanxi-13th-sc-31st-session.txt"
needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared gold not available")


@needs_gold
def test_evaluate_an_annotated_issue_from_the_command_line(tiny_models_dir, tmp_path, capsys):
    gold = tmp_path / "gold"
    shutil.copytree(GOLD, gold)
    out = tmp_path / "scores.json"
    args = ["evaluate", "--gold", str(gold), "--issue", str(ISSUE), "--json", str(out)]
    args += [f"--{t}={tiny_models_dir / t}" for t in ("doctype", "modality", "keymods")]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "keyword rules" in printed and "textrank-k" in printed
    tables = json.loads(out.read_text(encoding="utf-8"))["tables"]
    assert set(tables) == {"doctype", "modality", "keymods"}
    for table in tables.values():
        assert {"govnlp pipeline", "labelling functions"} & set(table)
    # the rules need no model: their figures do not depend on the tiny models
    assert tables["doctype"]["labelling functions"]["accuracy"] > 0.9
    assert 0.0 <= tables["modality"]["govnlp pipeline"]["micro_f1"] <= 1.0
    assert tables["keymods"]["labelling functions"]["matched"] == "24/24"


@needs_gold
def test_a_wrong_gold_label_costs_exactly_one_document(tmp_path):
    from govnlp.evaluation.gold import evaluate
    from govnlp.pipeline import Pipeline

    docs = read_jsonl(GOLD / "documents.jsonl")
    first = docs[0]["doc_type"]
    docs[0]["doc_type"] = "session_record" if first != "session_record" else "announcement"
    (tmp_path / "documents.jsonl").write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")

    class RulesOnly:  # a pipeline component typing documents with the labelling functions
        def __call__(self, gazette):
            from govnlp.supervision.labeling import label_doc_type

            for d in gazette.documents:
                d.doc_type = label_doc_type(d.title, d.issuer, d.body)
            return gazette

    result = evaluate(tmp_path, issue=ISSUE, nlp=Pipeline([("doctype", RulesOnly())]))
    row = result.tables["doctype"]["govnlp pipeline"]
    assert row["accuracy"] == pytest.approx((len(docs) - 1) / len(docs))
    assert any("line 1:" in n for n in result.notes["doctype"])


def test_gold_errors_name_the_file_and_line(tmp_path):
    (tmp_path / "modality.jsonl").write_text('{"text": "第一条 ……", "labels": ["declarative"]}\n{"text": 1\n',
                                             encoding="utf-8")
    with pytest.raises(InputError, match=r"modality\.jsonl: line 2 is not JSON"):
        read_gold(tmp_path)
    (tmp_path / "modality.jsonl").write_text('{"text": "第一条 ……"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1 lacks labels"):
        read_gold(tmp_path)
    with pytest.raises(InputError, match="gold folder not found"):
        read_gold(tmp_path / "nope")


def test_report_gold_without_its_issue_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "key_modifications.jsonl").write_text(
        '{"title": "t", "start_line": 1, "end_line": 9, "items": []}\n', encoding="utf-8")
    assert main(["evaluate", "--gold", str(tmp_path), "--tasks", "keymods"]) == 2
    assert "--issue" in capsys.readouterr().err


def test_summary_scores_reward_the_gold_sentences_and_nothing_else():
    gold = [{"items": [{"topic": "t", "action": "delete", "draft_articles": ["第五条"], "revised_articles": [],
                        "sentences": ["法制委员会经研究,建议删除第五条."]}]},
            {"items": []}]
    right = [[KeyModification(topic="t", action="delete", draft_articles=["第五条"], revised_articles=[],
                              sentences=["法制委员会经研究，建议删除第五条。"])], []]
    row = score_summaries(gold, [[s for it in r for s in it.sentences] for r in right], right)
    assert (row["F1"], row["rougeL"], row["action"], row["matched"]) == (1.0, 1.0, 1.0, "1/1")
    wrong = [[], [KeyModification(topic="", action="add", sentences=["建议增加一条."])]]
    row = score_summaries(gold, [[s for it in r for s in it.sentences] for r in wrong], wrong)
    assert row["F1"] == 0.0 and row["rougeL"] == 0.0 and row["matched"] == "0/1"


def test_national_style_keeps_lines_and_renames_wrapped_committees():
    text = "山西省人大常委会法\n制委员会经过认真研究,建议\n本条例自公布之日起施行."
    out = national_style(text)
    assert out.count("\n") == text.count("\n")
    assert "宪法和法律委员会" in out.replace("\n", "") and "法制委员会" not in out.replace("\n", "")
    assert "全国人大常委会" in out and "本法" in out


def test_modality_gold_alone_needs_no_issue(tiny_models_dir, tmp_path):
    from govnlp.evaluation.gold import evaluate
    from govnlp.pipeline import load

    (tmp_path / "modality.jsonl").write_text(
        '{"text": "第十条　任何单位和个人不得擅自占用。", "labels": ["prohibition"]}\n'
        '{"text": "第二条　本条例适用于本省行政区域。", "labels": ["declarative"]}\n', encoding="utf-8")
    nlp = load(**{t: tiny_models_dir / t for t in ("doctype", "modality", "keymods")})
    result = evaluate(tmp_path, nlp=nlp)
    rules = result.tables["modality"]["labelling functions"]
    assert rules["micro_f1"] == 1.0 and rules["prohibition"] == 1.0
    assert rules["definition"] is None          # in neither gold nor prediction: no F1, not 0
    assert "prohibition 1" in result.notes["modality"][0]


def test_a_label_outside_the_guideline_is_named(tmp_path):
    (tmp_path / "modality.jsonl").write_text('{"text": "第一条 ……", "labels": ["obligaton"]}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"modality\.jsonl: line 1: 'obligaton' is not a label of GUIDELINES\.md"):
        read_gold(tmp_path)
    (tmp_path / "modality.jsonl").unlink()
    (tmp_path / "key_modifications.jsonl").write_text(
        '{"start_line": 1, "end_line": 9, "items": [{"action": "modify"}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="item 1 lacks action or sentences"):
        read_gold(tmp_path)


def test_modality_labels_given_as_a_string_are_an_error(tmp_path):
    (tmp_path / "modality.jsonl").write_text('{"text": "第一条 ……", "labels": "obligation"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1: labels must be a list"):
        read_gold(tmp_path)
