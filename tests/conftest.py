"""Shared test fixtures: where the gold lives, and a tiny BERT built on the fly for fast tests."""
from __future__ import annotations

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


from govnlp.doc.io import read_jsonl  # noqa: E402  (tests read gold as users do)
from govnlp.training.tiny import build_tiny_bert, build_tiny_models  # noqa: E402


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


@pytest.fixture(scope="session")
def tiny_bert_dir(tmp_path_factory) -> Path:
    """A randomly initialised 1-layer BERT with the real vocabulary: loads in milliseconds."""
    return build_tiny_bert(tmp_path_factory.mktemp("tiny-bert") / "bert")


@pytest.fixture(scope="session")
def tiny_models_dir(tmp_path_factory) -> Path:
    """A complete models/ folder of tiny, quickly trained task models: the real code paths,
    independent of the shipped weights.  Point GOVNLP_MODELS (or load(...) arguments) at it."""
    return build_tiny_models(tmp_path_factory.mktemp("tiny-models"))


def caching(load):
    """``load`` that builds each set of model folders once: property tests run many batches."""
    cache = {}

    def cached(**dirs):
        key = tuple(sorted((k, str(v)) for k, v in dirs.items()))
        if key not in cache:
            cache[key] = load(**dirs)
        return cache[key]
    return cached


def tiny_args(models: Path) -> list[str]:
    """``--doctype DIR --modality DIR --keymods DIR`` for the command line, from one models folder."""
    return [arg for t in ("doctype", "modality", "keymods") for arg in (f"--{t}", str(models / t))]


def sample_excerpt(first: int, last: int) -> str:
    """Documents ``first``..``last`` (0-based) of the sample issue, as their own small issue."""
    import govnlp

    gazette = govnlp.parse(govnlp.SAMPLE_PATH)
    lines = govnlp.SAMPLE_PATH.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[gazette.documents[first].start_line - 1:gazette.documents[last].end_line])
