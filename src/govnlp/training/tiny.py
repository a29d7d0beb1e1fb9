"""A throw-away models folder of tiny task models: the real code paths in seconds, for tests and trials.

A randomly initialised 1-layer BERT on the shipped vocabulary, and doctype / modality / keymods
classifiers fitted on two examples each. Figures measured on it say nothing about the shipped
models; the tests use it so that they do not depend on the shipped weights.

Run: ``python -m govnlp.training.tiny [DIR]`` (prints the folder; default: a new temp dir), then
``python benchmarks/bench_pipeline.py --models DIR --quick``.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path




def vocab_file() -> Path:
    """The shipped vocabulary (bert-base-chinese's 21,128 entries)."""
    from govnlp.inference.models import shipped_model_path

    return shipped_model_path("govbert-mini") / "vocab.txt"


def build_tiny_bert(out: Path) -> Path:
    import torch
    from transformers import BertConfig, BertForMaskedLM, BertTokenizerFast

    torch.manual_seed(0)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(vocab_file(), out / "vocab.txt")
    tok = BertTokenizerFast.from_pretrained(str(out))
    config = BertConfig(vocab_size=len(tok), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    BertForMaskedLM(config).save_pretrained(str(out))
    tok.save_pretrained(str(out))
    return out


def build_tiny_models(root: str | os.PathLike | None = None) -> Path:
    """A complete models folder (govbert-mini, doctype, modality, keymods) under ``root``."""
    from govnlp.inference.classifier import BertTextClassifier
    from govnlp.inference.models import write_checksums
    from govnlp.labels import DOC_TYPES, MODALITY_LABELS

    root = Path(root) if root else Path(tempfile.mkdtemp(prefix="govnlp-tiny-models-"))
    root.mkdir(parents=True, exist_ok=True)
    base = build_tiny_bert(root / "govbert-mini")
    common = dict(base_model=base, epochs=1, batch_size=8, max_length=32)
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


if __name__ == "__main__":
    print(build_tiny_models(sys.argv[1] if len(sys.argv) > 1 else None))
