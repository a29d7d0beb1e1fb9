"""Shared test fixtures: where the gold lives, and a tiny BERT built on the fly for fast tests."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = SHARED / "gold" / "seed"
MODELS = REPO / "models"

requires_shared = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared (gold annotations) is not beside the checkout")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def gold_documents():
    if not GOLD.is_dir():
        pytest.skip("../shared/gold/seed is not available")
    return read_jsonl(GOLD / "documents.jsonl")


@pytest.fixture(scope="session")
def gold_modality():
    if not GOLD.is_dir():
        pytest.skip("../shared/gold/seed is not available")
    return read_jsonl(GOLD / "modality.jsonl")


@pytest.fixture(scope="session")
def gold_key_modifications():
    if not GOLD.is_dir():
        pytest.skip("../shared/gold/seed is not available")
    return read_jsonl(GOLD / "key_modifications.jsonl")


def _vocab_file() -> Path:
    for candidate in (MODELS / "govbert-mini" / "vocab.txt", SHARED / "tokenizer" / "bert-base-chinese" / "vocab.txt"):
        if candidate.is_file():
            return candidate
    pytest.skip("no vocab.txt available")


@pytest.fixture(scope="session")
def tiny_bert_dir(tmp_path_factory) -> Path:
    """A randomly initialised 1-layer BERT with the real vocabulary: loads in milliseconds."""
    import shutil

    import torch
    from transformers import BertConfig, BertForMaskedLM, BertTokenizerFast

    torch.manual_seed(0)
    out = tmp_path_factory.mktemp("tiny-bert")
    shutil.copy(_vocab_file(), out / "vocab.txt")
    tok = BertTokenizerFast.from_pretrained(str(out))
    config = BertConfig(vocab_size=len(tok), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    BertForMaskedLM(config).save_pretrained(str(out))
    tok.save_pretrained(str(out))
    return out


@pytest.fixture(scope="session")
def tiny_models_dir(tiny_bert_dir, tmp_path_factory) -> Path:
    """A complete models/ folder of tiny, quickly trained task models: the real code paths,
    independent of the shipped weights.  Point GOVNLP_MODELS (or load(...) arguments) at it."""
    import shutil

    from govnlp.classifier import BertTextClassifier
    from govnlp.doctype import DOC_TYPES
    from govnlp.loading import write_checksums
    from govnlp.modality import MODALITY_LABELS

    root = tmp_path_factory.mktemp("tiny-models")
    shutil.copytree(tiny_bert_dir, root / "govbert-mini")
    common = dict(base_model=tiny_bert_dir, epochs=1, batch_size=8, max_length=32)
    BertTextClassifier(labels=list(DOC_TYPES), **common).fit(
        ["山西省人民代表大会常务委员会公告", "山西老陈醋保护条例"], ["announcement", "regulation"]
    ).save(root / "doctype")
    BertTextClassifier(labels=list(MODALITY_LABELS), multi_label=True, **common).fit(
        ["单位应当登记。", "任何人不得破坏。"], [["obligation"], ["prohibition"]]
    ).save(root / "modality")
    BertTextClassifier(labels=[0, 1], **common).fit(
        ["【首】法制委员会经研究,建议删除该条.", "【首】会议听取了报告."], [1, 0]
    ).save(root / "keymods")
    for name in ("govbert-mini", "doctype", "modality", "keymods"):
        write_checksums(root / name)
    return root
