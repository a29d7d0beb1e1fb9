"""Encoder throughput: govbert-mini against a bert-base-sized BERT of the same vocabulary, one run.

Sequences per second of a plain ``transformers.BertModel`` forward under ``torch.inference_mode()``
at 128 tokens (no padding), with 2 torch threads.  govbert-mini comes from ``MODELS/govbert-mini``
when that folder holds a model, else the same architecture (4 layers x 256 hidden x 4 heads) randomly
initialised; the output says which.  The bert-base-sized model (12 x 768 x 12, vocab 21128) is always
randomly initialised: the speed of a forward pass does not depend on the weights.

Both models are warmed up, then timed in alternation (mini, base, mini, base, ...), so that the load
of anything else running on the machine falls on both alike; the figure is the median over repeats.

Run: ``python benchmarks/bench_encoder.py [--models DIR] [--threads 2] [--seq-len 128] [--batch 8]
[--repeats 5] [--json OUT]``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from _report import write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

VOCAB_SIZE = 21128
MINI = dict(num_hidden_layers=4, hidden_size=256, num_attention_heads=4, intermediate_size=1024)
BASE = dict(num_hidden_layers=12, hidden_size=768, num_attention_heads=12, intermediate_size=3072)


def _config(shape: dict, vocab_size: int = VOCAB_SIZE):
    from transformers import BertConfig

    return BertConfig(vocab_size=vocab_size, max_position_embeddings=512, **shape)


def load_mini(models: Path):
    """(BertModel, description) of govbert-mini: shipped weights if present, else random init."""
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # the MLM head's weights are "unexpected" in a BertModel: expected
    path = models / "govbert-mini"
    if (path / "config.json").is_file():
        model = BertModel.from_pretrained(str(path), add_pooling_layer=False)
        return model, f"weights from {path}"
    return BertModel(_config(MINI), add_pooling_layer=False), f"random init ({path} not found)"


def describe(model) -> str:
    c = model.config
    n = sum(p.numel() for p in model.parameters())
    return (f"{c.num_hidden_layers} layers x {c.hidden_size} hidden x {c.num_attention_heads} heads, "
            f"vocab {c.vocab_size}, {n / 1e6:.1f} M parameters")


def main(argv=None) -> dict:
    import torch
    from transformers import BertModel

    from govnlp.inference.models import models_dir

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", type=Path, default=None, help="models folder (default: govnlp.inference.models.models_dir())")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--batch", type=int, default=8, help="sequences per forward pass")
    ap.add_argument("--repeats", type=int, default=5, help="timed forward passes per model (median reported)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed forward passes per model first")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    models = args.models or models_dir()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    mini, mini_source = load_mini(models)
    base = BertModel(_config(BASE, vocab_size=mini.config.vocab_size), add_pooling_layer=False)
    encoders = {"govbert-mini": mini, "bert-base-sized": base}
    for m in encoders.values():
        m.eval()

    ids = torch.randint(1000, mini.config.vocab_size, (args.batch, args.seq_len))
    ids[:, 0], ids[:, -1] = 101, 102  # [CLS] ... [SEP]
    inputs = dict(input_ids=ids, attention_mask=torch.ones_like(ids), token_type_ids=torch.zeros_like(ids))

    times: dict[str, list[float]] = {name: [] for name in encoders}
    with torch.inference_mode():
        for m in encoders.values():
            for _ in range(args.warmup):
                m(**inputs)
        for _ in range(args.repeats):
            for name, m in encoders.items():
                t0 = time.perf_counter()
                m(**inputs)
                times[name].append(time.perf_counter() - t0)

    rate = {name: args.batch / statistics.median(ts) for name, ts in times.items()}
    ratio = rate["govbert-mini"] / rate["bert-base-sized"]
    print(f"encoder throughput: {args.seq_len} tokens/sequence, batch {args.batch}, {torch.get_num_threads()} threads, "
          f"median of {args.repeats} (after {args.warmup} warm-up), torch {torch.__version__}, {os.cpu_count()} CPUs")
    print(f"govbert-mini    ({describe(mini)}; {mini_source})")
    print(f"bert-base-sized ({describe(base)}; random init)")
    print(f"{'model':<18}{'sequences/s':>14}{'ms/sequence':>14}")
    for name, r in rate.items():
        print(f"{name:<18}{r:>14.2f}{1000 / r:>14.1f}")
    print(f"ratio govbert-mini / bert-base-sized: {ratio:.1f}x")

    result = {
        "seq_len": args.seq_len, "batch": args.batch, "threads": torch.get_num_threads(), "repeats": args.repeats,
        "govbert_mini_source": mini_source, "govbert_mini": describe(mini), "bert_base": describe(base),
        "sequences_per_s": {k: round(v, 3) for k, v in rate.items()}, "ratio": round(ratio, 2),
        "raw_seconds": times,
    }
    write_json(result, args.json, indent=2)
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
