"""Time to read a PDF issue with each reader, in one run, on the same file; and reading cost against
the number of text objects on a page (it should grow in proportion, not with the square).

The PDF is the bundled sample rendered as a two-column issue by the test fixture code
(``tests/formats.py``: running head, folio, content stream interleaving the columns), about 130
pages. Readers timed, each the median of ``--runs`` (interleaved, after one warm-up each):

* ``pdfium``   — govnlp's default: characters from pypdfium2, govnlp's layout;
* ``pdfminer`` — the alternative: characters from pdfminer.six (no layout analysis), the same layout;
* ``pdfminer + layout analysis`` — pdfminer.six's ``extract_pages`` with its default layout analysis,
  as govnlp read PDFs before (the characters only; govnlp's layout not included), for reference.

Both govnlp readers read in their helper process, as by default (the time includes sending the
file there and the lines back). They must give the same lines with the same pages; the script says
whether they do. Target: pdfium ≤ 1/3 of pdfminer's time. ``govnlp.parse`` of the PDF (reading and
parsing into documents) is timed with each reader too.

Run: ``python benchmarks/bench_readers.py [--runs N] [--json PATH] [--txt PATH]``
(defaults write ``benchmarks/results/bench_readers.{txt,json}``).
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

from _report import write_json

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _objects_pdf(n: int) -> bytes:
    """One page of ``n`` text objects of one character each, spread over the page."""
    from formats import pdf_from_objects

    content = b"".join(b"BT /F1 4 Tf %d %d Td (a) Tj ET\n" % (20 + (i * 7) % 550, 20 + (i * 13) % 800)
                       for i in range(n))
    stream = zlib.compress(content)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_from_objects(objects)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-layout-analysis", action="store_true", help="skip the pdfminer + layout analysis row")
    ap.add_argument("--objects", type=int, nargs="*", default=[2000, 4000, 8000, 16000, 32000],
                    help="text objects a page for the scaling table")
    ap.add_argument("--json", default=str(REPO / "benchmarks" / "results" / "bench_readers.json"))
    ap.add_argument("--txt", default=str(REPO / "benchmarks" / "results" / "bench_readers.txt"))
    args = ap.parse_args()

    from formats import printed_pages, two_column_pdf

    from govnlp.readers.pdf import read_pdf

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample-two-column.pdf"
        pages = two_column_pdf(path, printed_pages())
        data = path.read_bytes()

    lines = {reader: read_pdf(data, "sample.pdf", reader=reader) for reader in ("pdfium", "pdfminer")}  # warm-up
    same = [(x.text, x.page, x.line) for x in lines["pdfium"]] == [(x.text, x.page, x.line) for x in lines["pdfminer"]]
    times = {"pdfium": [], "pdfminer": []}
    for _ in range(args.runs):        # interleaved, so that a busy moment of the machine hits both
        for reader in times:
            t0 = time.perf_counter()
            read_pdf(data, "sample.pdf", reader=reader)
            times[reader].append(time.perf_counter() - t0)
    seconds = {reader: statistics.median(t) for reader, t in times.items()}
    if not args.no_layout_analysis:
        from pdfminer.high_level import extract_pages

        seconds["pdfminer + layout analysis"] = _median(
            lambda: [list(p) for p in extract_pages(io.BytesIO(data))], max(1, args.runs // 2))
    import govnlp

    for reader in ("pdfium", "pdfminer"):
        os.environ["GOVNLP_PDF_READER"] = reader
        seconds[f"govnlp.parse, {reader}"] = _median(lambda: govnlp.parse(data), max(1, args.runs // 2))
    os.environ.pop("GOVNLP_PDF_READER")
    ratio = seconds["pdfium"] / seconds["pdfminer"]

    scaling = []
    for n in args.objects:
        pdf = _objects_pdf(n)
        row = {"objects": n}
        for reader in ("pdfium", "pdfminer"):
            s = _median(lambda: _read_or_error(pdf, reader), max(1, args.runs // 2))
            row[reader] = s
        scaling.append(row)

    cpu = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores visible"
    out = [f"PDF: the sample as a two-column issue of {pages} pages ({len(data) / 1e6:.1f} MB), "
           f"{len(lines['pdfium'])} lines; machine: {cpu}; median of {args.runs} runs",
           f"{'reader':<30}{'seconds':>10}{'pages/s':>10}"]
    for reader, s in seconds.items():
        out.append(f"{reader:<30}{s:>10.3f}{pages / s:>10.1f}")
    out.append(f"pdfium / pdfminer: {ratio:.2f} (target <= 0.33: {'OK' if ratio <= 1 / 3 else 'MISSED'}); "
               f"same lines, pages and lines on pages: {'yes' if same else 'NO'}")
    out.append("")
    out.append("one page of N one-character text objects (seconds, and microseconds an object)")
    out.append(f"{'objects':>8}{'pdfium s':>11}{'us/obj':>8}{'pdfminer s':>12}{'us/obj':>8}")
    for row in scaling:
        n = row["objects"]
        out.append(f"{n:>8}{row['pdfium']:>11.3f}{row['pdfium'] / n * 1e6:>8.1f}"
                   f"{row['pdfminer']:>12.3f}{row['pdfminer'] / n * 1e6:>8.1f}")
    text = "\n".join(out)
    print(text)
    Path(args.txt).parent.mkdir(parents=True, exist_ok=True)
    Path(args.txt).write_text(text + "\n", encoding="utf-8")
    write_json({
        "pdf": {"pages": pages, "bytes": len(data), "lines": len(lines["pdfium"])},
        "machine": cpu, "runs": args.runs, "seconds": seconds, "pdfium_over_pdfminer": ratio,
        "same_output": same, "objects_scaling": scaling,
        "command": "python benchmarks/bench_readers.py " + " ".join(sys.argv[1:]),
    }, args.json)


def _read_or_error(pdf: bytes, reader: str) -> None:
    from govnlp.errors import InputError
    from govnlp.readers.pdf import read_pdf

    try:
        read_pdf(pdf, "objects.pdf", reader=reader)
    except InputError:
        pass


if __name__ == "__main__":
    main()
