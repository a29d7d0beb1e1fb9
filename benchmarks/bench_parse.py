"""Time to parse the bundled sample issue, warm, beside a plain read+splitlines of the same file.

Run: ``python benchmarks/bench_parse.py [--runs N]``.  Target: parse < 1 s on 2 cores.
"""
from __future__ import annotations

import argparse
import statistics
import time

from govnlp.parsing import SAMPLE_PATH, parse


def _median_seconds(fn, runs: int) -> float:
    fn()  # warm-up: imports, regex compilation, file cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    baseline = _median_seconds(lambda: SAMPLE_PATH.read_text(encoding="utf-8").splitlines(), args.runs)
    parsed = _median_seconds(lambda: parse(SAMPLE_PATH), args.runs)
    g = parse(SAMPLE_PATH)
    n_lines = len(SAMPLE_PATH.read_text(encoding="utf-8").splitlines())
    print(f"sample: {SAMPLE_PATH.name} ({n_lines} lines, {len(g)} documents, {len(g.articles)} articles)")
    print(f"baseline read+splitlines  median of {args.runs}: {baseline * 1000:8.1f} ms")
    print(f"govnlp.parse              median of {args.runs}: {parsed * 1000:8.1f} ms"
          f"  ({parsed / baseline:.0f}x baseline; target < 1000 ms: {'OK' if parsed < 1 else 'MISSED'})")


if __name__ == "__main__":
    main()
