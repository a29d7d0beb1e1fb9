"""The pipeline's user-facing costs, side by side in one run.

  (a) the bundled sample issue labelled end to end (parse + doctype + modality + keymods), warm,
      median of ``--repeats``; parse alone beside it as the baseline;            target <= 10 s
  (b) ``govnlp.load()`` in a fresh subprocess (cold-ish: new process, warm file cache), median;
      the imports (torch, transformers, govnlp) are timed separately;            target <= 3 s
  (c) peak RSS of a subprocess that loads the models and labels the sample
      (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``);                       target <= 1.5 GB
  (d) modality articles/s on the sample's articles (all 199 by default; one timed pass each): the given modality model against a
      bert-base-sized encoder (12 x 768 x 12, same vocabulary) with an untrained classification head,
      wrapped the same way (``BertTextClassifier`` -> ``ModalityTagger``), same articles, timed in
      alternation (speed does not depend on the weights);
  (e) ``govnlp label`` over N copies of the sample (20; 4 with ``--quick``), ``--workers 2`` against
      ``--workers 1``, wall seconds of the whole command in a subprocess, fresh temp dirs.

Every model comes from ``--models DIR`` (default ``govnlp.inference.models.models_dir()``, which honours
``GOVNLP_MODELS``); subprocesses get ``GOVNLP_MODELS=DIR``.

Run: ``python benchmarks/bench_pipeline.py [--models DIR] [--quick] [--json OUT]``.
For a trial before the shipped models exist: ``python -m govnlp.training.tiny /tmp/tiny`` then
``python benchmarks/bench_pipeline.py --models /tmp/tiny --quick`` (figures then say nothing about
the shipped models).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _report import write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

TARGET_LABEL_S = 10.0
TARGET_LOAD_S = 3.0
TARGET_RSS_BYTES = 1.5e9
BASE_SHAPE = dict(num_hidden_layers=12, hidden_size=768, num_attention_heads=12, intermediate_size=3072)


# ---------------------------------------------------------------------------------------------- child
def _child(mode: str, threads: int) -> None:
    """Runs in a fresh process: time the imports, load(), and (mode 'label') one labelling of the sample."""
    t0 = time.perf_counter()
    import torch
    import transformers  # noqa: F401

    import govnlp

    torch.set_num_threads(threads)
    t1 = time.perf_counter()
    nlp = govnlp.load()
    t2 = time.perf_counter()
    out = {"import_s": t1 - t0, "load_s": t2 - t1}
    if mode == "label":
        g = nlp(govnlp.SAMPLE_PATH)
        out["label_s"] = time.perf_counter() - t2
        out["documents"], out["articles"] = len(g.documents), len(g.articles)
    out["self_maxrss_bytes"] = _maxrss_bytes(resource.RUSAGE_SELF)
    print("BENCH-CHILD " + json.dumps(out))


def _maxrss_bytes(who) -> int:
    rss = resource.getrusage(who).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # kilobytes on Linux, bytes on macOS


def _env(models: Path) -> dict:
    return {**os.environ, "GOVNLP_MODELS": str(models), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false"}


def _run_child(mode: str, models: Path, threads: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--_child", mode, "--threads", str(threads)],
                          capture_output=True, text=True, env=_env(models))
    if proc.returncode != 0:
        raise SystemExit(f"child ({mode}) failed with status {proc.returncode}:\n{proc.stderr[-3000:]}")
    line = next(l for l in proc.stdout.splitlines() if l.startswith("BENCH-CHILD "))
    return json.loads(line[len("BENCH-CHILD "):])


# ---------------------------------------------------------------------------------------------- parts
def _median_seconds(fn, runs: int, warmup: int = 1) -> tuple[float, list[float]]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def bench_subprocess_load_and_rss(models: Path, runs: int, threads: int) -> dict:
    """(b) and (c).  The labelling child runs first, before any other child, so that
    RUSAGE_CHILDREN's ru_maxrss (the largest waited-for descendant so far) is its peak RSS."""
    before = _maxrss_bytes(resource.RUSAGE_CHILDREN)
    first = _run_child("label", models, threads)
    rss = _maxrss_bytes(resource.RUSAGE_CHILDREN)
    children = [first] + [_run_child("load", models, threads) for _ in range(runs - 1)]
    return {
        "load_s": statistics.median(c["load_s"] for c in children),
        "import_s": statistics.median(c["import_s"] for c in children),
        "load_runs_s": [round(c["load_s"], 3) for c in children],
        "cold_label_s": first["label_s"],
        "peak_rss_bytes": rss,
        "peak_rss_note": "" if before < rss else "RUSAGE_CHILDREN was already higher before the child ran",
        "child_self_maxrss_bytes": first["self_maxrss_bytes"],
    }


def bench_end_to_end(nlp, runs: int) -> dict:
    """(a): warm, in this process; parse alone as the baseline."""
    import govnlp

    parse_s, _ = _median_seconds(lambda: govnlp.parse(govnlp.SAMPLE_PATH), runs)
    label_s, times = _median_seconds(lambda: nlp(govnlp.SAMPLE_PATH), runs)
    g = nlp(govnlp.SAMPLE_PATH)
    return {"label_s": label_s, "label_runs_s": [round(t, 3) for t in times], "parse_s": parse_s,
            "documents": len(g.documents), "articles": len(g.articles)}


def bert_base_tagger(like):
    """A ModalityTagger over a bert-base-sized, randomly initialised BertForSequenceClassification,
    with the given modality classifier's tokenizer, labels, max_length and threshold."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    from govnlp.inference.classifier import BertTextClassifier
    from govnlp.components.modality import ModalityTagger

    torch.manual_seed(0)
    labels = list(like.labels_)
    config = BertConfig(vocab_size=like.model_.config.vocab_size, max_position_embeddings=512,
                        num_labels=len(labels), problem_type="multi_label_classification",
                        id2label=dict(enumerate(map(str, labels))), label2id={str(l): i for i, l in enumerate(labels)},
                        **BASE_SHAPE)
    model = BertForSequenceClassification(config).eval()
    clf = BertTextClassifier(labels=labels, multi_label=True, max_length=like.max_length, threshold=like.threshold)
    clf.labels_, clf.tokenizer_, clf.model_ = labels, like.tokenizer_, model
    return ModalityTagger(clf)


def bench_modality(nlp, runs: int, n_articles: int) -> dict:
    """(d): articles/s of the pipeline's modality tagger and of a bert-base-sized one, same articles."""
    import govnlp

    tagger = nlp.get_pipe("modality").tagger
    articles = govnlp.parse(govnlp.SAMPLE_PATH).articles
    if n_articles and n_articles < len(articles):  # an even spread over the issue, not its first documents
        step = len(articles) / n_articles
        articles = [articles[int(i * step)] for i in range(n_articles)]
    base = bert_base_tagger(tagger.classifier)
    taggers = {"modality model": tagger, "bert-base-sized": base}
    for t in taggers.values():
        t.tag_articles(articles[:4])  # warm-up
    times = {name: [] for name in taggers}
    for _ in range(runs):
        for name, t in taggers.items():
            t0 = time.perf_counter()
            t.tag_articles(articles)
            times[name].append(time.perf_counter() - t0)
    rate = {name: len(articles) / statistics.median(ts) for name, ts in times.items()}
    c = tagger.classifier.model_.config
    return {
        "articles": len(articles), "runs": runs, "sentences": sum(len(a.sentences) for a in articles),
        "articles_per_s": rate, "ratio": rate["modality model"] / rate["bert-base-sized"],
        "modality_model": f"{c.num_hidden_layers}x{c.hidden_size}x{c.num_attention_heads}",
        "runs_s": {k: [round(t, 3) for t in v] for k, v in times.items()},
    }


def bench_batch(models: Path, copies: int, workers_list=(1, 2)) -> dict:
    """(e): `govnlp label` over `copies` copies of the sample, each worker count in a fresh temp dir."""
    import govnlp

    out = {}
    with tempfile.TemporaryDirectory(prefix="govnlp-bench-batch-") as tmp:
        inputs = Path(tmp) / "issues"
        inputs.mkdir()
        for i in range(copies):
            shutil.copy(govnlp.SAMPLE_PATH, inputs / f"issue-{i + 1:02d}.txt")
        for workers in workers_list:
            dest = Path(tmp) / f"out-w{workers}"
            cmd = [sys.executable, "-m", "govnlp.cli", "label", str(inputs), "--out", str(dest),
                   "--workers", str(workers), "--quiet"]
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(models))
            wall = time.perf_counter() - t0
            done = len(list((dest / "issues").glob("*.json"))) if (dest / "issues").is_dir() else 0
            if proc.returncode != 0 or done != copies:
                raise SystemExit(f"govnlp label --workers {workers} failed (status {proc.returncode}, "
                                 f"{done}/{copies} issues):\n{proc.stderr[-3000:]}")
            out[workers] = wall
    return {"copies": copies, "wall_s": out, "speedup": out[1] / out[2] if 1 in out and 2 in out else None}


# ---------------------------------------------------------------------------------------------- main
def _mark(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def main(argv=None) -> dict:
    from govnlp.inference.models import models_dir

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", type=Path, default=None, help="models folder (default: govnlp.inference.models.models_dir())")
    ap.add_argument("--quick", action="store_true", help="a fast trial: 1 repeat, 4 copies, 24 articles for (d)")
    ap.add_argument("--repeats", type=int, default=None, help="timed runs for (a) and (b) (default 3; --quick 1)")
    ap.add_argument("--copies", type=int, default=None, help="copies of the sample for (e) (default 20; --quick 4)")
    ap.add_argument("--articles", type=int, default=None,
                    help="articles for (d), spread over the issue; 0 = all (default all; --quick 24)")
    ap.add_argument("--modality-repeats", type=int, default=1,
                    help="timed passes over the articles for (d), per model (default 1: one pass already spans "
                         "every article and sentence batch, and the bert-base-sized pass takes minutes on 2 cores)")
    ap.add_argument("--threads", type=int, default=2, help="torch threads in this process and the load/RSS children")
    ap.add_argument("--skip", nargs="*", default=[], choices=list("abcde"), help="parts to leave out ((b) and (c) go together)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--_child", choices=["load", "label"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._child:
        _child(args._child, args.threads)
        return {}

    models = (args.models or models_dir()).resolve()
    missing = [t for t in ("doctype", "modality", "keymods") if not (models / t).is_dir()]
    if missing:
        raise SystemExit(f"bench_pipeline: {models} has no {', '.join(m + '/' for m in missing)} model folder; "
                         "pass --models DIR (for a trial: python -m govnlp.training.tiny DIR)")
    os.environ["GOVNLP_MODELS"] = str(models)  # load() below and every subprocess use this folder
    repeats = args.repeats or (1 if args.quick else 3)
    copies = args.copies or (4 if args.quick else 20)
    n_articles = args.articles if args.articles is not None else (24 if args.quick else 0)
    skip = set(args.skip)
    if "b" in skip or "c" in skip:
        skip |= {"b", "c"}

    import torch
    from transformers.utils import logging as hf_logging

    import govnlp

    hf_logging.disable_progress_bar()
    torch.set_num_threads(args.threads)
    result: dict = {"models": str(models), "quick": args.quick, "repeats": repeats, "threads": args.threads,
                    "cpus": os.cpu_count(), "python": platform.python_version(), "torch": torch.__version__}
    print(f"govnlp pipeline benchmark: models {models}; {os.cpu_count()} CPUs, {args.threads} torch threads, "
          f"torch {torch.__version__}{'; --quick' if args.quick else ''}", flush=True)

    if "b" not in skip:  # subprocesses first, before this process grows
        print("(b, c) load time and peak RSS in fresh subprocesses ...", flush=True)
        result["load"] = bench_subprocess_load_and_rss(models, repeats, args.threads)
    nlp = None
    if {"a", "d"} - skip:
        t0 = time.perf_counter()
        nlp = govnlp.load()
        result["in_process_load_s"] = time.perf_counter() - t0
    if "a" not in skip:
        print("(a) end to end, warm ...", flush=True)
        result["end_to_end"] = bench_end_to_end(nlp, repeats)
    if "d" not in skip:
        print("(d) modality articles/s against a bert-base-sized encoder ...", flush=True)
        result["modality"] = bench_modality(nlp, args.modality_repeats, n_articles)
    del nlp
    if "e" not in skip:
        print(f"(e) govnlp label over {copies} copies, --workers 1 and 2 ...", flush=True)
        result["batch"] = bench_batch(models, copies)

    _print_table(result, repeats)
    if args.json:
        write_json(result, args.json, indent=2)
        print(f"figures written to {args.json}")
    return result


def _print_table(r: dict, repeats: int) -> None:
    rows = []  # (part, measure, value, target/baseline, verdict)
    if "end_to_end" in r:
        e = r["end_to_end"]
        rows.append(("a", f"sample issue end to end, warm (median of {repeats})", f"{e['label_s']:.2f} s",
                     "<= 10 s", _mark(e["label_s"] <= TARGET_LABEL_S)))
        rows.append(("a", f"  baseline: parse only ({e['documents']} documents, {e['articles']} articles)",
                     f"{e['parse_s']:.2f} s", "", ""))
    if "load" in r:
        l = r["load"]
        rows.append(("b", f"govnlp.load() in a fresh process (median of {len(l['load_runs_s'])})",
                     f"{l['load_s']:.2f} s", "<= 3 s", _mark(l["load_s"] <= TARGET_LOAD_S)))
        rows.append(("b", "  before it: import torch, transformers, govnlp", f"{l['import_s']:.2f} s", "", ""))
        rows.append(("b", "  first labelling of the sample in that fresh process", f"{l['cold_label_s']:.2f} s", "", ""))
        rows.append(("c", "peak RSS, subprocess that loads + labels the sample",
                     f"{l['peak_rss_bytes'] / 2**20:.0f} MiB", "<= 1.5 GB",
                     _mark(l["peak_rss_bytes"] <= TARGET_RSS_BYTES)))
    if "modality" in r:
        m = r["modality"]
        rows.append(("d", f"modality articles/s, modality model ({m['modality_model']}), {m['articles']} articles, "
                          f"{m['sentences']} sentences",
                     f"{m['articles_per_s']['modality model']:.1f} /s", "", ""))
        rows.append(("d", "  bert-base-sized encoder, untrained head, same articles",
                     f"{m['articles_per_s']['bert-base-sized']:.1f} /s", "", f"ratio {m['ratio']:.1f}x"))
    if "batch" in r:
        b = r["batch"]
        rows.append(("e", f"govnlp label, {b['copies']} copies, --workers 1", f"{b['wall_s'][1]:.1f} s", "", ""))
        rows.append(("e", f"govnlp label, {b['copies']} copies, --workers 2", f"{b['wall_s'][2]:.1f} s", "",
                     f"speed-up {b['speedup']:.2f}x"))
    w = max(len(row[1]) for row in rows) if rows else 20
    print(f"\n    {'measure':<{w}}  {'value':>10}  {'target':>9}  verdict")
    for part, measure, value, target, verdict in rows:
        print(f"({part}) {measure:<{w}}  {value:>10}  {target:>9}  {verdict}")


if __name__ == "__main__":
    main(sys.argv[1:])
