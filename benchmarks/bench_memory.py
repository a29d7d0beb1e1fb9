"""Peak memory of labelling large inputs, beside parsing them alone and labelling the sample.

Inputs made here: an issue of about ``--mb`` MB (the sample repeated), and a single "article" of
``--article-mb`` MB (one 第一条 followed by text without article breaks: the worst case for the
sentence scorer and the tokenizer). Each is labelled by ``govnlp label`` in its own subprocess
(shipped models, one worker); peak RSS is the child's ``ru_maxrss``. Baselines in the same run:
``govnlp parse`` of the same input (no models) and ``govnlp label`` of the bundled sample.

    python benchmarks/bench_memory.py [--mb 20] [--article-mb 10] [--json OUT]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import govnlp

from _report import write_json

_MEASURE = ("import resource, subprocess, sys, time; t = time.time(); "
            "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
            "print(rc, time.time() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak(cmd: list[str]) -> dict:
    """Exit status, wall seconds and peak RSS (MB) of ``cmd`` in a fresh process tree."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, env=env, check=True)
    rc, seconds, kb = out.stdout.split()
    return {"exit": int(rc), "seconds": round(float(seconds), 1), "peak_rss_mb": round(int(kb) / 1024, 1)}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--article-mb", type=float, default=10.0)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    govnlp_cli = [sys.executable, "-m", "govnlp.cli"]
    sample = govnlp.SAMPLE_PATH.read_text(encoding="utf-8")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = tmp / "big-issue.txt"
        copies = max(1, round(args.mb * 1e6 / len(sample.encode("utf-8"))))
        big.write_text((sample + "\n") * copies, encoding="utf-8")
        article = tmp / "one-article.txt"
        filler = "有关部门应当加强监督管理，保障公众的合法权益。"
        n = max(1, round(args.article_mb * 1e6 / len(filler.encode("utf-8"))))
        article.write_text("某某条例\n（2021年9月29日某某省人民代表大会常务委员会第三十一次会议通过）\n第一条　"
                           + filler * n + "\n", encoding="utf-8")
        inputs = {"sample": govnlp.SAMPLE_PATH, f"issue {big.stat().st_size / 1e6:.1f} MB": big,
                  f"one article {article.stat().st_size / 1e6:.1f} MB": article}
        for name, path in inputs.items():
            results[name] = {
                "parse only": peak(govnlp_cli + ["parse", str(path), "--out", str(tmp / "parsed.jsonl")]),
                "label": peak(govnlp_cli + ["label", str(path), "--out", str(tmp / f"out-{time.time_ns()}"), "--quiet"]),
            }
            print(f"{name:<26} parse only: {results[name]['parse only']}   label: {results[name]['label']}", flush=True)
    write_json(results, args.json)
    return results


if __name__ == "__main__":
    main()
