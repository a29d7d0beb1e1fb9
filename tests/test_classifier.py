"""The BERT estimator behaves like a scikit-learn estimator and round-trips through save/load."""
import numpy as np
import pytest

from govnlp.inference.classifier import BertTextClassifier
from govnlp.errors import ModelError
from govnlp.components.modality import ModalityTagger

TEXTS = ["任何单位和个人不得擅自占用。", "县级以上人民政府应当加强领导。"] * 8
LABELS = ["prohibition", "obligation"] * 8


@pytest.fixture(scope="module")
def fitted(tiny_bert_dir):
    clf = BertTextClassifier(base_model=tiny_bert_dir, epochs=30, batch_size=8, learning_rate=5e-3, max_length=32)
    return clf.fit(TEXTS, LABELS)


def test_fit_learns_a_separable_toy_task(fitted):
    assert fitted.predict(["任何单位和个人不得擅自占用。", "县级以上人民政府应当加强领导。"]) == ["prohibition", "obligation"]
    probs = fitted.predict_proba(TEXTS[:2])
    assert probs.shape == (2, 2) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_save_then_load_gives_identical_scores(fitted, tmp_path):
    fitted.save(tmp_path / "m")
    again = BertTextClassifier.load(tmp_path / "m")
    assert again.labels_ == fitted.labels_
    np.testing.assert_allclose(again.predict_proba(TEXTS[:4]), fitted.predict_proba(TEXTS[:4]), atol=1e-6)


def test_unfitted_classifier_says_so():
    with pytest.raises(RuntimeError, match="not fitted"):
        BertTextClassifier().predict(["x"])


def test_multilabel_tagger_never_returns_empty_and_gives_evidence(tiny_bert_dir):
    texts = ["单位应当登记。任何人不得破坏。", "单位应当登记。", "任何人不得破坏。", "本条例自公布之日起施行。"] * 4
    labels = [["obligation", "prohibition"], ["obligation"], ["prohibition"], ["declarative"]] * 4
    clf = BertTextClassifier(base_model=tiny_bert_dir, multi_label=True, epochs=40, batch_size=8,
                             learning_rate=5e-3, max_length=32).fit(texts, labels)
    (mod,) = ModalityTagger(clf).tag_texts(["单位应当登记。任何人不得破坏。"])
    assert mod.labels, "an article always has at least one label"
    assert set(mod.evidence) == set(mod.labels)
    assert all(ev in "单位应当登记。任何人不得破坏。" for ev in mod.evidence.values())


@pytest.mark.parametrize("damage, message", [
    ("truncate_weights", "damaged"),
    ("delete_weights", "missing"),
    ("wrong_vocab", "vocabulary has"),
    ("other_architecture", "not a BERT architecture"),
])
def test_damaged_model_directory_names_the_file(fitted, tmp_path, damage, message):
    import json

    path = fitted.save(tmp_path / "m")          # save() records checksums
    if damage in ("wrong_vocab", "other_architecture"):
        (path / "checksums.json").unlink()       # a hand-edited folder: the shape checks still apply
    weights = path / "model.safetensors"
    if damage == "truncate_weights":
        weights.write_bytes(weights.read_bytes()[:1000])
    elif damage == "delete_weights":
        weights.unlink()
    elif damage == "wrong_vocab":
        lines = (path / "vocab.txt").read_text(encoding="utf-8").splitlines()[:-100]
        (path / "vocab.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif damage == "other_architecture":
        cfg = json.loads((path / "config.json").read_text())
        cfg["model_type"] = "gpt2"
        (path / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelError, match=message) as info:
        BertTextClassifier.load(path)
    assert str(path) in str(info.value)


def test_fit_keeps_the_training_log_and_prints_nothing(tiny_bert_dir, capsys):
    clf = BertTextClassifier(base_model=tiny_bert_dir, epochs=1, batch_size=8, max_length=32).fit(TEXTS, LABELS)
    assert "loss" not in capsys.readouterr().out
    assert clf.train_log_ and "train_loss" in clf.train_log_[-1]


class _ScriptedClassifier:
    """Scores 'liability' high only on the sentence that carries the penalty (as a truncated article would)."""

    labels_ = ["obligation", "liability", "declarative"]
    threshold = 0.5

    def predict_proba(self, texts):
        return np.array([[0.9, 0.8 if "罚款" in t and len(t) < 20 else 0.1, 0.6 if len(t) < 8 else 0.0]
                         for t in texts])


def test_sentence_union_finds_a_label_the_article_score_misses():
    article = "单位应当登记。" * 5 + "违反的，处罚款。"
    sentences = ["单位应当登记。"] * 5 + ["违反的，处罚款。"]
    by_article = ModalityTagger(_ScriptedClassifier(), aggregate="article").tag_texts([article], [sentences])[0]
    by_union = ModalityTagger(_ScriptedClassifier(), aggregate="article_or_sentence").tag_texts([article], [sentences])[0]
    assert by_article.labels == ["obligation"]
    assert by_union.labels == ["obligation", "liability"]
    assert by_union.evidence["liability"] == "违反的，处罚款。"
    with pytest.raises(ValueError, match="aggregate"):
        ModalityTagger(_ScriptedClassifier(), aggregate="max")
