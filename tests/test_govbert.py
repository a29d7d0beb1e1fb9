"""govbert-mini, the shipped pre-trained encoder: loads offline and has learned legal Chinese."""
import subprocess
import sys

import pytest
import torch

from conftest import MODELS, REPO

GOVBERT = MODELS / "govbert-mini"
needs_model = pytest.mark.skipif(not (GOVBERT / "model.safetensors").is_file(), reason="govbert-mini not trained yet")

sys.path.insert(0, str(REPO / "training"))
from pretrain_mlm import LEGAL_CLOZES, mask_logits, top5  # noqa: E402  (one home for the clozes)


@needs_model
def test_loads_offline_with_automodel():
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(str(GOVBERT))
    tokenizer = AutoTokenizer.from_pretrained(str(GOVBERT))
    assert model.config.hidden_size == 256 and model.config.num_hidden_layers == 4
    assert len(tokenizer) == 21128 == model.config.vocab_size
    assert (GOVBERT / "vocab.txt").read_text(encoding="utf-8").count("\n") == 21128


def masked_loss(model, tokenizer, sentence, expected):
    logits = mask_logits(model, tokenizer, sentence)
    return torch.nn.functional.cross_entropy(logits[None], torch.tensor(tokenizer.convert_tokens_to_ids([expected]))).item()


@pytest.fixture(scope="module")
def trained_and_untrained():
    """(tokenizer, govbert-mini, the same architecture at a seeded initialization)."""
    import pretrain_mlm

    return pretrain_mlm.trained_and_untrained(GOVBERT)


@needs_model
def test_pretraining_lowered_the_loss_of_legal_clozes_far_below_initialization(trained_and_untrained):
    tokenizer, trained, untrained = trained_and_untrained
    for sentence, expected in LEGAL_CLOZES:
        assert masked_loss(trained, tokenizer, sentence, expected) < masked_loss(untrained, tokenizer, sentence, expected) - 2.0


@needs_model
def test_fill_mask_on_legal_sentences_beats_initialization(trained_and_untrained):
    tokenizer, trained, untrained = trained_and_untrained
    for sentence, expected in LEGAL_CLOZES:
        assert expected in top5(trained, tokenizer, sentence), sentence
        assert expected not in top5(untrained, tokenizer, sentence), sentence


SCRIPT = str(REPO / "training" / "pretrain_mlm.py")


@pytest.fixture
def tiny_corpus(tmp_path):
    """(corpus folder of six small regulations, the vocabulary folder) for --tiny runs."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        body = "\n".join(f"第{n}条 县级以上人民政府应当加强领导，任何单位和个人不得擅自占用。" for n in "一二三四五六七八")
        (corpus / f"reg{i}.md").write_text(f"# 某某条例{i}\n\n<!-- INFO END -->\n\n{body}\n", encoding="utf-8")
    vocab = GOVBERT if (GOVBERT / "vocab.txt").is_file() else REPO.parent / "shared" / "tokenizer" / "bert-base-chinese"
    return corpus, vocab


def test_pretraining_script_runs_end_to_end_on_a_tiny_config(tmp_path, tiny_corpus):
    corpus, vocab = tiny_corpus
    out = tmp_path / "tiny-model"
    proc = subprocess.run([sys.executable, SCRIPT, "--tiny", "--out", str(out),
                           "--corpus", str(corpus), "--vocab", str(vocab), "--heldout-fraction", "0.2"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (out / "model.safetensors").is_file() and (out / "vocab.txt").is_file()
    assert (out / "pretraining_report.json").is_file()


def test_packed_data_travels_as_npz_and_trains_without_the_corpus(tmp_path, tiny_corpus):
    """The GPU route: export here, train there from the .npz alone (no corpus, jieba or datasets)."""
    corpus, vocab = tiny_corpus
    npz = tmp_path / "packed.npz"
    common = ["--tiny", "--vocab", str(vocab), "--heldout-fraction", "0.2"]
    proc = subprocess.run([sys.executable, SCRIPT, "--out", str(tmp_path / "unused"), "--corpus", str(corpus),
                           "--export-npz", str(npz), *common], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    import numpy as np

    from pretrain_mlm import PackedSequences  # training/ is on sys.path (top of this file)
    with np.load(npz) as z:
        train = PackedSequences.load(z, "train")
    assert train.input_ids.dtype == np.uint16 and train.word_start.shape == train.input_ids.shape
    assert set(np.unique(train.word_start)) <= {0, 1} and train.word_start[:, 0].all()   # [CLS] starts a word
    out = tmp_path / "from-npz"
    proc = subprocess.run([sys.executable, SCRIPT, "--out", str(out), "--corpus", str(tmp_path / "no-such-corpus"),
                           "--packed-npz", str(npz), *common], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (out / "model.safetensors").is_file()
