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
