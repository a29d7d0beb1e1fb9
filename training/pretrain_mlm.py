"""Masked-LM pre-training of govbert-mini, the small Chinese legal BERT govnlp ships.

Why a custom step at all: on 2 CPU cores a plain ``BertForMaskedLM`` spends most of its
time in the 21,128-way output layer over every position.  ``SparseMLMBert`` below computes
logits only at masked positions, and sequences are packed (no padding), so every FLOP goes
to real tokens.  Everything else is stock ``transformers``/``datasets``: the Trainer, its
checkpoints and ``save_pretrained``.

Whole-word masking: jieba splits each line into words; a word's tokens are masked together.

Usage (the shipped model):
    python training/pretrain_mlm.py --out models/govbert-mini --time-budget 6600
On a GPU machine without jieba/datasets/the corpus: export the packed data here, carry it there:
    python training/pretrain_mlm.py --out models/govbert-mini --export-npz data.npz
    python training/pretrain_mlm.py --out OUT --packed-npz data.npz --init-from models/govbert-mini ...
Tiny smoke run (seconds, used by the tests):
    python training/pretrain_mlm.py --out /tmp/tiny --tiny
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import shutil
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from transformers import (
    BertConfig,
    BertForMaskedLM,
    BertTokenizerFast,
    Trainer,
    TrainerCallback,
    TrainingArguments,
)
from transformers.modeling_outputs import MaskedLMOutput

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_VOCAB = SHARED / "tokenizer" / "bert-base-chinese"
DEFAULT_CORPORA = [SHARED / "corpus" / "lawrefbook", SHARED / "corpus" / "gazettes"]


class SparseMLMBert(BertForMaskedLM):
    """BertForMaskedLM whose loss only runs the output layer on masked positions."""

    def forward(self, input_ids=None, attention_mask=None, labels=None, **kwargs):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        if labels is None:
            return MaskedLMOutput(logits=self.cls(hidden))
        selected = labels != -100
        logits = self.cls(hidden[selected])
        loss = F.cross_entropy(logits.float(), labels[selected])
        return MaskedLMOutput(loss=loss, logits=logits)


# ---------------------------------------------------------------- corpus

_MD_NOISE = re.compile(r"^(#+\s*|<!--.*?-->\s*$)")


def read_corpus_documents(roots: list[Path], limit: int | None = None) -> list[tuple[str, list[str]]]:
    """(document id, non-empty lines) for every .md/.txt file under the roots."""
    docs = []
    for root in roots:
        files = sorted(p for p in root.rglob("*") if p.suffix in {".md", ".txt"} and p.is_file())
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".txt":
                # Gazette PDF extraction: drop blank lines, join hard-wrapped lines per paragraph.
                text = _join_wrapped_gazette_lines(text)
            lines = []
            for line in text.splitlines():
                line = _MD_NOISE.sub("", line).strip()
                if line and not line.startswith("<!--"):
                    lines.append(line)
            if lines:
                docs.append((str(path.relative_to(root.parent)), lines))
            if limit and len(docs) >= limit:
                return docs
    return docs


def _join_wrapped_gazette_lines(text: str) -> str:
    try:  # the library's own normalizer, when installed
        from govnlp.text.normalize import normalize_gazette_text

        return normalize_gazette_text(text)
    except Exception:  # noqa: BLE001 - fall back to a plain join
        return "\n".join(l.strip() for l in text.splitlines() if l.strip())


def is_held_out(doc_id: str, fraction: float) -> bool:
    h = int(hashlib.md5(doc_id.encode("utf-8")).hexdigest()[:8], 16)
    return (h % 10_000) < fraction * 10_000


def encode_documents(docs, tokenizer, use_jieba=True):
    """Token ids and word-start flags for each document (lines joined by [SEP])."""
    import jieba

    jieba.setLogLevel(60)
    all_ids, all_starts = [], []
    for _, lines in docs:
        enc = tokenizer(lines, add_special_tokens=False, return_offsets_mapping=True)
        ids, starts = [], []
        for line, line_ids, offsets in zip(lines, enc["input_ids"], enc["offset_mapping"]):
            if use_jieba:
                word_starts, pos = set(), 0
                for w in jieba.cut(line):
                    word_starts.add(pos)
                    pos += len(w)
            ids.extend(line_ids)
            for (a, _b) in offsets:
                starts.append(1 if (not use_jieba or a in word_starts) else 0)
            ids.append(tokenizer.sep_token_id)
            starts.append(1)
        all_ids.append(ids)
        all_starts.append(starts)
    return all_ids, all_starts


def pack(all_ids, all_starts, seq_len, cls_id, sep_id):
    """Concatenate documents and cut into full [CLS] ... [SEP] blocks: no padding."""
    from datasets import Dataset

    flat_ids = np.fromiter((t for d in all_ids for t in d), dtype=np.int32)
    flat_st = np.fromiter((t for d in all_starts for t in d), dtype=np.int8)
    body = seq_len - 2
    n = len(flat_ids) // body
    ids = flat_ids[: n * body].reshape(n, body)
    st = flat_st[: n * body].reshape(n, body)
    ids = np.concatenate([np.full((n, 1), cls_id), ids, np.full((n, 1), sep_id)], axis=1)
    st = np.concatenate([np.ones((n, 1)), st, np.ones((n, 1))], axis=1).astype(np.int8)
    return Dataset.from_dict({"input_ids": ids.tolist(), "word_start": st.tolist()})


class PackedSequences(torch.utils.data.Dataset):
    """The packed data as two arrays (ids as uint16: the vocabulary has 21,128 entries).

    Why not a ``datasets.Dataset``: this form travels as one small .npz to a machine that
    has torch and transformers but neither ``datasets`` nor jieba nor the corpus.
    """

    def __init__(self, input_ids: np.ndarray, word_start: np.ndarray):
        self.input_ids, self.word_start = input_ids, word_start

    def __len__(self):
        return len(self.input_ids)

    def __getitem__(self, i):
        return {"input_ids": self.input_ids[i].astype(np.int64), "word_start": self.word_start[i].astype(np.int64)}

    @classmethod
    def from_dataset(cls, ds) -> "PackedSequences":
        ds = ds.with_format("numpy")
        return cls(np.asarray(ds["input_ids"], dtype=np.uint16), np.asarray(ds["word_start"], dtype=np.uint8))

    def arrays(self, prefix: str) -> dict:
        """What ``np.savez_compressed`` stores; word starts as bits."""
        return {f"{prefix}_ids": self.input_ids, f"{prefix}_starts": np.packbits(self.word_start, axis=1)}

    @classmethod
    def load(cls, npz, prefix: str) -> "PackedSequences":
        ids = npz[f"{prefix}_ids"]
        starts = np.unpackbits(npz[f"{prefix}_starts"], axis=1)[:, : ids.shape[1]]
        return cls(ids, starts)


class WholeWordMaskCollator:
    """Masks ~15% of whole words; 80% [MASK], 10% random token, 10% unchanged.

    ``char_fraction`` of the sequences are masked character by character instead: with
    whole words only, the model never sees ``[MASK]行`` where 施行 is one jieba word, and
    fill-mask on a single character (what users and the tests ask) is out of distribution.
    """

    def __init__(self, tokenizer, mlm_probability=0.15, seed=None, char_fraction=0.0):
        self.tok = tokenizer
        self.p = mlm_probability
        self.char_fraction = char_fraction
        self.generator = torch.Generator().manual_seed(seed) if seed is not None else None
        self.special = torch.tensor(sorted(set(tokenizer.all_special_ids)))

    def __call__(self, features):
        ids = torch.as_tensor(np.stack([np.asarray(f["input_ids"]) for f in features]), dtype=torch.long)
        starts = torch.as_tensor(np.stack([np.asarray(f["word_start"]) for f in features]), dtype=torch.long)
        g = self.generator
        if self.char_fraction:
            per_char = torch.rand(ids.size(0), 1, generator=g) < self.char_fraction
            starts = torch.where(per_char, torch.ones_like(starts), starts)
        word_index = starts.cumsum(dim=1)  # tokens of one word share an index
        n_words = int(word_index.max()) + 1
        word_pick = torch.rand(ids.size(0), n_words + 1, generator=g) < self.p
        mask = torch.gather(word_pick, 1, word_index)
        mask &= ~torch.isin(ids, self.special)
        labels = torch.where(mask, ids, torch.full_like(ids, -100))
        r = torch.rand(ids.shape, generator=g)
        ids = ids.clone()
        ids[mask & (r < 0.8)] = self.tok.mask_token_id
        rand_pos = mask & (r >= 0.8) & (r < 0.9)
        ids[rand_pos] = torch.randint(len(self.tok), (int(rand_pos.sum()),), generator=g)
        return {"input_ids": ids, "labels": labels}


@torch.no_grad()
def evaluate_mlm(model, dataset, tokenizer, batch_size=64, max_sequences=2000, seed=1234):
    """Masked-token accuracy and perplexity under a fixed (seeded) masking."""
    model.eval()
    device = next(model.parameters()).device
    collate = WholeWordMaskCollator(tokenizer, seed=seed)
    n = min(len(dataset), max_sequences)
    total_loss, correct, count = 0.0, 0, 0
    for i in range(0, n, batch_size):
        batch = collate([dataset[j] for j in range(i, min(i + batch_size, n))])
        hidden = model.bert(input_ids=batch["input_ids"].to(device)).last_hidden_state
        labels = batch["labels"].to(device)
        sel = labels != -100
        logits = model.cls(hidden[sel]).float()
        gold = labels[sel]
        total_loss += F.cross_entropy(logits, gold, reduction="sum").item()
        correct += (logits.argmax(-1) == gold).sum().item()
        count += int(sel.sum())
    return {
        "masked_tokens": count,
        "masked_token_accuracy": correct / max(count, 1),
        "perplexity": math.exp(total_loss / max(count, 1)),
    }


class TimeBudget(TrainerCallback):
    """Stops (and saves) when the wall-clock budget is spent: the machine sets the budget."""

    def __init__(self, seconds: float):
        self.seconds, self.start = seconds, time.time()

    def on_step_end(self, args, state, control, **kw):
        if time.time() - self.start > self.seconds:
            control.should_training_stop = True
            control.should_save = True
        return control


def local_attention_init_(model, pos_dims: int = 64, scale: float = 0.05, sharpness: float = 1.0) -> None:
    """Start every layer with one head reading the previous token and one the next.

    Why: from a random init, govbert-mini's first run (lr 1e-3, 2,800 steps, 22.9 M tokens)
    never learned to use positions: attention stayed content-only (≈1/n on the neighbours),
    adjacent position vectors stayed orthogonal and the loss sat on the bag-of-words plateau
    (~5.0, held-out masked accuracy 0.13).  Escaping that plateau takes more steps than two CPU
    cores give.  So positions start as sinusoids in the first ``pos_dims`` hidden dimensions
    (word and segment embeddings start at zero there), and in each layer the query/key weights
    of heads 0 and 1 rotate a position's sinusoids by ±1 step, so q_i·k_j peaks at j = i∓1
    (about 0.9 of the attention at ``sharpness`` 1).  It is only an initialization: every
    weight stays trainable and the model is a stock ``BertForMaskedLM``.  On a 2-layer test
    model, 800 steps: loss 3.96 with it vs 5.56 without.
    """
    emb = model.bert.embeddings
    n, d = emb.position_embeddings.weight.shape
    cfg = model.config
    head_dim = cfg.hidden_size // cfg.num_attention_heads
    half = min(pos_dims, head_dim) // 2
    # Frequencies from 3 down to 0.03 rad per token: high enough that ±1 step is distinct.
    freqs = 3.0 * torch.exp(-math.log(100.0) * torch.arange(half, dtype=torch.float32) / half)
    angles = torch.arange(n, dtype=torch.float32)[:, None] * freqs
    table = torch.zeros(n, d)
    table[:, 0:2 * half:2] = torch.sin(angles)
    table[:, 1:2 * half:2] = torch.cos(angles)
    with torch.no_grad():
        emb.position_embeddings.weight.copy_(table * scale)
        emb.word_embeddings.weight[:, : 2 * half] = 0
        emb.token_type_embeddings.weight[:, : 2 * half] = 0
        for layer in model.bert.encoder.layer:
            attention = layer.attention.self
            for head, shift in ((0, -1), (1, 1)):
                rows = slice(head * head_dim, (head + 1) * head_dim)
                w_key, w_query = torch.zeros(head_dim, d), torch.zeros(head_dim, d)
                for f in range(half):
                    c, s = math.cos(freqs[f] * shift), math.sin(freqs[f] * shift)
                    w_key[2 * f, 2 * f] = w_key[2 * f + 1, 2 * f + 1] = sharpness
                    # query = the sinusoids of position i + shift
                    w_query[2 * f, 2 * f], w_query[2 * f, 2 * f + 1] = c * sharpness, s * sharpness
                    w_query[2 * f + 1, 2 * f], w_query[2 * f + 1, 2 * f + 1] = -s * sharpness, c * sharpness
                attention.key.weight[rows] = w_key
                attention.query.weight[rows] = w_query
                attention.key.bias[rows] = 0
                attention.query.bias[rows] = 0


# Legal clozes a pre-trained govbert-mini must fill (tests/test_govbert.py, the model card).
LEGAL_CLOZES = [
    ("本条例自公布之日起[MASK]行。", "施"),
    ("任何单位和个人不[MASK]擅自占用。", "得"),
    ("违反本条例规定的，由有关部门责令改[MASK]。", "正"),
    ("县级以上人民政府应当加强对本行政区域内相关工作的领[MASK]。", "导"),
]


def trained_and_untrained(model_dir):
    """(tokenizer, the saved model, the same architecture at a seeded initialization)."""
    from transformers import AutoModelForMaskedLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    trained = AutoModelForMaskedLM.from_pretrained(str(model_dir)).eval()
    torch.manual_seed(0)
    untrained = BertForMaskedLM(trained.config).eval()
    return tokenizer, trained, untrained


def mask_logits(model, tokenizer, sentence: str) -> torch.Tensor:
    """Output-layer logits at the one [MASK] of ``sentence``."""
    enc = tokenizer(sentence, return_tensors="pt")
    pos = (enc["input_ids"][0] == tokenizer.mask_token_id).nonzero()[0, 0]
    with torch.inference_mode():
        return model(**enc).logits[0, pos]


def top5(model, tokenizer, sentence: str) -> list[str]:
    return tokenizer.convert_ids_to_tokens(mask_logits(model, tokenizer, sentence).topk(5).indices.tolist())


def mini_config(vocab_size: int, tiny: bool) -> BertConfig:
    if tiny:
        return BertConfig(vocab_size=vocab_size, hidden_size=32, num_hidden_layers=1,
                          num_attention_heads=2, intermediate_size=64, max_position_embeddings=128)
    return BertConfig(vocab_size=vocab_size, hidden_size=256, num_hidden_layers=4,
                      num_attention_heads=4, intermediate_size=1024, max_position_embeddings=512)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--vocab", type=Path, default=DEFAULT_VOCAB)
    ap.add_argument("--corpus", type=Path, nargs="*", default=DEFAULT_CORPORA)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--max-steps", type=int, default=6000)
    ap.add_argument("--time-budget", type=float, default=7200.0, help="seconds of training")
    ap.add_argument("--heldout-fraction", type=float, default=0.01)
    ap.add_argument("--work-dir", type=Path, default=None, help="checkpoints and cached data")
    ap.add_argument("--tiny", action="store_true", help="1-layer model, few documents: a smoke run")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init-from", type=Path, default=None,
                    help="continue from these weights (a saved govbert-mini) instead of a random init")
    ap.add_argument("--no-local-attention-init", dest="local_attention_init", action="store_false",
                    help="plain random init (see local_attention_init_ for why it is the default)")
    ap.add_argument("--char-mask-fraction", type=float, default=0.5,
                    help="share of sequences masked per character rather than per jieba word")
    ap.add_argument("--data-dir", type=Path, default=None, help="cached packed data (default: WORK/data)")
    ap.add_argument("--export-npz", type=Path, default=None,
                    help="write the packed train/held-out data to this .npz and stop")
    ap.add_argument("--packed-npz", type=Path, default=None,
                    help="read the packed data from an --export-npz file (no corpus, jieba or datasets needed)")
    ap.add_argument("--save-steps", type=int, default=250)
    ap.add_argument("--dataloader-workers", type=int, default=0)
    args = ap.parse_args(argv)
    if args.tiny:
        args.seq_len = min(args.seq_len, 64)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    work = args.work_dir or args.out.parent / f".{args.out.name}-work"
    work.mkdir(parents=True, exist_ok=True)
    tokenizer = BertTokenizerFast.from_pretrained(str(args.vocab), model_max_length=512)

    data_dir = args.data_dir or work / "data"
    if args.packed_npz:
        with np.load(args.packed_npz) as npz:
            train, heldout = PackedSequences.load(npz, "train"), PackedSequences.load(npz, "heldout")
    elif (data_dir / "train").exists() and not args.tiny:
        from datasets import load_from_disk
        train, heldout = load_from_disk(str(data_dir / "train")), load_from_disk(str(data_dir / "heldout"))
    else:
        t0 = time.time()
        docs = read_corpus_documents(args.corpus, limit=40 if args.tiny else None)
        held = [d for d in docs if is_held_out(d[0], args.heldout_fraction)]
        if args.tiny and not held:
            held = docs[:2]
        trn = [d for d in docs if d not in held]
        train = pack(*encode_documents(trn, tokenizer), args.seq_len, tokenizer.cls_token_id, tokenizer.sep_token_id)
        heldout = pack(*encode_documents(held, tokenizer), args.seq_len, tokenizer.cls_token_id, tokenizer.sep_token_id)
        if not args.tiny:
            train.save_to_disk(str(data_dir / "train"))
            heldout.save_to_disk(str(data_dir / "heldout"))
        print(json.dumps({"documents": len(docs), "heldout_documents": len(held),
                          "train_sequences": len(train), "heldout_sequences": len(heldout),
                          "prep_seconds": round(time.time() - t0, 1)}), flush=True)
    if args.export_npz:
        arrays = {**PackedSequences.from_dataset(train).arrays("train"),
                  **PackedSequences.from_dataset(heldout).arrays("heldout")}
        np.savez_compressed(args.export_npz, **arrays)
        print(json.dumps({"exported": str(args.export_npz), "bytes": args.export_npz.stat().st_size}))
        return None
    on_gpu = torch.cuda.is_available()

    if args.init_from:
        # float(): the weights may have travelled as fp16 (the device tool's file limits)
        model = SparseMLMBert.from_pretrained(str(args.init_from)).float()
        config = model.config
    else:
        config = mini_config(len(tokenizer), args.tiny)
        model = SparseMLMBert(config)
    use_local_init = args.local_attention_init and not args.init_from
    if use_local_init:
        local_attention_init_(model)
    # The model card compares against the same architecture at random initialization,
    # also when this run continues from earlier weights.
    if on_gpu:
        model.to("cuda")
    init_metrics = evaluate_mlm(SparseMLMBert(config), heldout, tokenizer)
    print("init", json.dumps(init_metrics), flush=True)
    start_metrics = evaluate_mlm(model, heldout, tokenizer) if args.init_from else init_metrics
    if args.init_from:
        print("start", json.dumps(start_metrics), flush=True)

    targs = TrainingArguments(
        output_dir=str(work / "checkpoints"),
        per_device_train_batch_size=args.batch_size,
        learning_rate=args.lr,
        weight_decay=0.01,
        warmup_steps=max(1, args.max_steps // 20),
        lr_scheduler_type="linear",
        max_steps=args.max_steps if not args.tiny else 5,
        logging_steps=50 if not args.tiny else 1,
        save_steps=args.save_steps,
        save_total_limit=2,
        remove_unused_columns=False,
        report_to=[],
        dataloader_num_workers=args.dataloader_workers,
        use_cpu=not on_gpu,
        bf16=on_gpu,
        seed=0,
        disable_tqdm=True,
    )
    trainer = Trainer(model=model, args=targs, train_dataset=train,
                      data_collator=WholeWordMaskCollator(tokenizer, char_fraction=args.char_mask_fraction),
                      callbacks=[TimeBudget(args.time_budget)])
    ckpts = sorted((work / "checkpoints").glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
    t0 = time.time()
    trainer.train(resume_from_checkpoint=str(ckpts[-1]) if ckpts and not args.tiny else None)
    train_seconds = time.time() - t0
    final_metrics = evaluate_mlm(model, heldout, tokenizer)
    print("final", json.dumps(final_metrics), flush=True)

    # Save as a stock BertForMaskedLM so AutoModel / pipelines load it without this file.
    args.out.mkdir(parents=True, exist_ok=True)
    plain = BertForMaskedLM(config)
    plain.load_state_dict({k: v.float().cpu() for k, v in model.state_dict().items()})
    plain.config.architectures = ["BertForMaskedLM"]
    plain.save_pretrained(str(args.out), safe_serialization=True)
    tokenizer.save_pretrained(str(args.out))
    shutil.copy(args.vocab / "vocab.txt", args.out / "vocab.txt")  # the vocabulary itself, unchanged
    state = trainer.state
    report = {
        "parameters": sum(p.numel() for p in plain.parameters()),
        "steps": state.global_step,
        "max_steps_schedule": args.max_steps,
        "tokens_seen": state.global_step * args.batch_size * args.seq_len,
        "train_seconds_this_run": round(train_seconds),
        "seq_len": args.seq_len,
        "batch_size": args.batch_size,
        "heldout_sequences": len(heldout),
        "train_sequences": len(train),
        "heldout_init": init_metrics,
        "heldout_start": start_metrics,
        "init_from": str(args.init_from) if args.init_from else None,
        "local_attention_init": use_local_init,
        "char_mask_fraction": args.char_mask_fraction,
        "learning_rate": args.lr,
        "device": torch.cuda.get_device_name(0) if on_gpu else "cpu",
        "heldout_final": final_metrics,
        "log_tail": state.log_history[-5:],
    }
    (args.out / "pretraining_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return report


if __name__ == "__main__":
    main()
