"""Where the models run: ONNX Runtime on the CPU (fp32 or int8), PyTorch on a GPU, chosen per model."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

import govnlp
from govnlp.cli import main
from govnlp.components.keymods import load_extractor
from govnlp.inference.backends import OnnxBackend, resolve_precision
from govnlp.inference.classifier import BertTextClassifier

TEXTS = ["第一条　为了规范地方立法活动，制定本条例。", "禁止在饮用水水源保护区内设置排污口。",
         "鼓励社会力量参与。", "违反本条例规定的，由有关部门责令改正，处一万元以上五万元以下罚款。"]


def test_fp32_on_onnx_runtime_gives_the_models_own_probabilities(tiny_models_dir):
    clf = BertTextClassifier.load(tiny_models_dir / "modality", device="cpu", precision="fp32")
    assert isinstance(clf.backend_, OnnxBackend) and clf.backend_.precision == "fp32"
    enc = clf.tokenizer_(TEXTS, padding=True, truncation=True, max_length=clf.max_length, return_tensors="pt")
    with torch.inference_mode():
        expected = torch.sigmoid(clf.model_(**enc).logits).numpy()
    np.testing.assert_allclose(clf.predict_proba(TEXTS), expected, atol=1e-5)


def test_a_texts_scores_do_not_depend_on_the_texts_batched_with_it(tiny_models_dir):
    clf = BertTextClassifier.load(tiny_models_dir / "doctype", device="cpu", precision="fp32")
    alone = np.vstack([clf.predict_proba([t]) for t in TEXTS])
    together = clf.predict_proba(TEXTS + TEXTS[::-1])
    np.testing.assert_allclose(together[:len(TEXTS)], alone, atol=1e-5)
    np.testing.assert_allclose(together[len(TEXTS):], alone[::-1], atol=1e-5)


def test_auto_precision_is_what_the_model_declares(tiny_models_dir, tmp_path):
    import shutil

    from govnlp.inference.models import write_checksums

    declared = tmp_path / "modality"
    shutil.copytree(tiny_models_dir / "modality", declared)
    settings = json.loads((declared / "govnlp_classifier.json").read_text(encoding="utf-8"))
    settings["cpu_precision"] = "int8"
    (declared / "govnlp_classifier.json").write_text(json.dumps(settings), encoding="utf-8")
    write_checksums(declared)
    assert BertTextClassifier.load(declared, device="cpu", precision="auto").precision == "int8"
    assert BertTextClassifier.load(tiny_models_dir / "modality", device="cpu", precision="auto").precision == "fp32"
    assert BertTextClassifier.load(declared, device="cpu", precision="fp32").precision == "fp32"


def test_the_onnx_graph_is_made_once_and_cached(tiny_models_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVNLP_CACHE", str(tmp_path / "cache"))
    first = BertTextClassifier.load(tiny_models_dir / "keymods", device="cpu", precision="int8")
    p1 = first.predict_proba(TEXTS)
    cached = list((tmp_path / "cache" / "onnx").glob("*-int8-*.onnx"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    second = BertTextClassifier.load(tiny_models_dir / "keymods", device="cpu", precision="int8")
    np.testing.assert_allclose(second.predict_proba(TEXTS), p1, atol=1e-6)
    assert cached[0].stat().st_mtime_ns == stamp


def test_a_refitted_classifier_predicts_with_its_new_weights(tiny_bert_dir):
    clf = BertTextClassifier(base_model=tiny_bert_dir, labels=["a", "b"], epochs=1, batch_size=4, device="cpu")
    clf.fit(TEXTS, ["a", "b", "a", "b"])
    before = clf.predict_proba(TEXTS)
    clf.fit(TEXTS, ["b", "b", "b", "b"])
    enc = clf.tokenizer_(TEXTS, padding=True, truncation=True, max_length=clf.max_length, return_tensors="pt")
    with torch.inference_mode():
        expected = torch.softmax(clf.model_(**enc).logits, dim=-1).numpy()
    after = clf.predict_proba(TEXTS)
    np.testing.assert_allclose(after, expected, atol=1e-5)
    assert not np.allclose(after, before)


@pytest.mark.parametrize("precision, device, message", [
    ("int8", "cuda", "CPU only"), ("fp16", "cpu", "GPU only"), ("fp8", "cpu", "must be one of")])
def test_impossible_precisions_are_refused_with_the_alternative(precision, device, message):
    with pytest.raises(ValueError, match=message):
        resolve_precision(precision, device)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_asking_for_a_gpu_on_a_machine_without_one_says_so(tiny_models_dir):
    with pytest.raises(ValueError, match="sees no CUDA GPU"):
        govnlp.load(**{t: tiny_models_dir / t for t in ("doctype", "modality", "keymods")}, device="cuda")


def test_key_modifications_of_several_reports_equal_those_of_each_alone(tiny_models_dir):
    gazette = govnlp.parse(govnlp.SAMPLE_PATH)
    reports = [d for d in gazette.documents if "审议结果的报告" in d.title][:4]
    assert len(reports) == 4
    extractor = load_extractor(tiny_models_dir / "keymods", device="cpu", precision="fp32")
    together = extractor.predict_many(reports)
    assert together == [extractor.predict(r) for r in reports]


def test_address_needs_the_ray_engine(tmp_path, capsys):
    assert main(["label", "--sample", "--out", str(tmp_path / "o"), "--address", "auto"]) == 2
    assert "--address needs --engine ray" in capsys.readouterr().err


def test_the_gpu_backend_computes_what_onnx_runtime_computes(tiny_models_dir):
    """PyTorch is the backend on a GPU; its code path is checked here on the CPU."""
    from govnlp.inference.backends import TorchBackend

    clf = BertTextClassifier.load(tiny_models_dir / "modality", device="cpu", precision="fp32")
    onnx_probs = clf.predict_proba(TEXTS)
    clf._backend = TorchBackend(clf.model_, device="cpu", precision="fp32")
    np.testing.assert_allclose(clf.predict_proba(TEXTS), onnx_probs, atol=1e-5)


@pytest.mark.parametrize("flags, message", [(["--device", "gpu"], "device must be"),
                                            (["--device", "cpu", "--precision", "fp16"], "GPU only")])
def test_a_wrong_device_or_precision_is_named_as_such(flags, message, tmp_path, capsys):
    assert main(["label", "--sample", "--out", str(tmp_path / "o"), "--quiet", *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and "models cannot be loaded" not in err
