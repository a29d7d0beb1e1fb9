"""The sample issue as it is published, read back: how many of the text route's documents and articles
each rendering gives.

Renderings (``tests/formats.py``, made from the sample's own paragraphs): a 16K two-column gazette
wrapped at 22 characters a line with titles in the body face and size; the same with larger centered
titles (24 characters); three columns of 20 characters on A4 landscape; a web page of ``<p>``
paragraphs without headings; a web page of ``<br>`` lines with ``<strong>`` and centered titles.
For each: documents found, the text route's titles found (comparison key), articles, and articles
with the text route's number and identical text as the models read it (its view).

Run: ``python benchmarks/eval_formats.py [--txt PATH]``
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def main() -> None:
    import govnlp
    from formats import PAGE_A4_LANDSCAPE, line_break_page, paragraph_page, sample_blocks, tally, typeset_pdf

    parser = argparse.ArgumentParser()
    parser.add_argument("--txt", type=Path)
    args = parser.parse_args()
    reference = govnlp.parse(govnlp.SAMPLE_PATH)
    blocks = sample_blocks()
    rows = [("text route", tally(reference, reference), 0.0)]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fixtures = {
            "PDF, 2 columns, 22 chars, titles in body face": lambda p: typeset_pdf(p, blocks),
            "PDF, 2 columns, 24 chars, centered larger titles": lambda p: typeset_pdf(p, blocks, chars=24,
                                                                                       titles="centered"),
            "PDF, 3 columns, 20 chars, A4 landscape": lambda p: typeset_pdf(p, blocks, columns=3, chars=20,
                                                                             page=PAGE_A4_LANDSCAPE),
            "web page, <p> paragraphs, no headings": lambda p: paragraph_page(p, blocks),
            "web page, <br> lines, <strong>/centered titles": lambda p: line_break_page(p, blocks),
        }
        for name, render in fixtures.items():
            path = tmp / ("issue.pdf" if name.startswith("PDF") else "issue.html")
            render(path)
            t0 = time.perf_counter()
            gazette = govnlp.parse(path)
            rows.append((name, tally(gazette, reference), time.perf_counter() - t0))
    lines = [f"{'fixture':52s} {'docs':>5s} {'titles':>7s} {'articles':>8s} {'identical':>9s} {'parse s':>8s}"]
    for name, t, seconds in rows:
        lines.append(f"{name:52s} {t['documents']:5d} {t['titles_found']:4d}/79 {t['articles']:8d} "
                     f"{t['articles_identical']:5d}/199 {seconds:8.2f}")
    print("\n".join(lines))
    if args.txt:
        args.txt.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
