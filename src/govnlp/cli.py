"""``govnlp`` command line: parse, label, show, train, evaluate (cross-validated seed figures: ``benchmarks/eval.py``).

Errors the user can act on (bad file, damaged model) print one line naming the file and exit 2;
a batch records failures in ``errors.jsonl``, goes on, and exits 1 if any file failed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from govnlp.errors import GovNLPError
from govnlp.labels import TASKS


def _cmd_parse(args) -> int:
    from govnlp.parsing import SAMPLE_PATH, parse

    from govnlp.runners.store import display, expand_inputs

    paths, problems = expand_inputs(args.files or [str(SAMPLE_PATH)])
    for problem in problems:
        print(f"govnlp: error: {problem['error']}", file=sys.stderr)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    failed = len(problems)
    try:
        for path in paths:
            try:
                gazette = parse(Path(path))
            except GovNLPError as exc:
                print(f"govnlp: error: {exc}", file=sys.stderr)
                failed += 1
                continue
            for doc in gazette.documents:
                record = {"source": display(gazette.source), **doc.to_dict()}   # a name that is not UTF-8 as \xNN
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if args.out:
                counts = Counter(len(d.articles) > 0 for d in gazette.documents)
                print(f"{path}: {len(gazette.documents)} documents, {len(gazette.articles)} articles "
                      f"({counts[True]} documents with articles)", file=sys.stderr)
    finally:
        if args.out:
            out.close()
    return 1 if failed else 0


def _cmd_label(args) -> int:
    from govnlp.parsing import SAMPLE_PATH

    inputs = list(args.inputs)
    if args.sample or not inputs:
        inputs.append(str(SAMPLE_PATH))
    model_dirs = {k: getattr(args, k) for k in TASKS if getattr(args, k)}
    common = dict(resume=args.resume, model_dirs=model_dirs, progress=not args.quiet, device=args.device,
                  precision=args.precision)
    if args.engine == "ray":
        from govnlp.runners.distributed import label_batch_ray

        report = label_batch_ray(inputs, args.out, address=args.address, actors=args.workers,
                                 threads_per_actor=args.threads_per_worker, **common)
    else:
        if args.address:
            print("govnlp: error: --address needs --engine ray", file=sys.stderr)
            return 2
        from govnlp.inference.backends import resolve_device, resolve_precision

        try:   # here, not in each worker: a wrong setting is not a damaged model
            resolve_precision(args.precision, resolve_device(args.device))
        except ValueError as exc:
            print(f"govnlp: error: {exc}", file=sys.stderr)
            return 2
        from govnlp.runners.local import label_batch

        report = label_batch(inputs, args.out, workers=args.workers or 1, **common)
    _print_summary(Path(args.out), report)
    return 0 if report.ok else 1


def _print_summary(out: Path, report) -> None:
    rows = []
    docs_file = out / "documents.jsonl"
    if docs_file.is_file():
        with docs_file.open(encoding="utf-8") as fh:
            counts = Counter(json.loads(line).get("doc_type") for line in fh if line.strip())
        rows = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    print(f"\n{'document type':<22}{'documents':>10}")
    for label, n in rows:
        print(f"{str(label):<22}{n:>10}")
    print(f"{'total':<22}{report.documents:>10}")
    print(f"\nissues labelled: {len(report.done)}, skipped (--resume): {len(report.skipped)}, "
          f"failed: {len(report.failed)}; articles: {report.articles}, key modifications: "
          f"{report.modifications}; {report.seconds:.1f} s")
    print(f"outputs: {out}/{{documents,articles,modifications}}.{{jsonl,parquet}}, issues/, errors.jsonl")
    for e in report.failed:
        print(f"  failed: {e['error']}", file=sys.stderr)


def _cmd_train(args) -> int:
    import contextlib

    from govnlp.training.tasks import train_task

    with contextlib.redirect_stdout(sys.stderr):  # Trainer's logs go to stderr; stdout is the JSON
        result = train_task(args.task, data=args.data, base=args.base, out=args.out, gold=args.gold,
                            epochs=args.epochs, max_examples=args.max_examples, seed=args.seed)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _cmd_evaluate(args) -> int:
    from govnlp.evaluation.gold import evaluate

    model_dirs = {k: getattr(args, k) for k in TASKS if getattr(args, k)}
    result = evaluate(args.gold, issue=args.issue, tasks=args.tasks, model_dirs=model_dirs)
    print(result.format())
    print("\nScored with the models given (default: shipped). Figures are held out only if those models "
          "never saw this material; the shipped models were trained with the bundled sample issue.")
    if args.json:
        Path(args.json).write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def _cmd_show(args) -> int:
    import time

    from govnlp.doc.html import issue_html, write_archive
    from govnlp.doc.io import atomic_write_text
    from govnlp.errors import InputError

    start = time.perf_counter()
    src = Path(args.source)
    if src.is_dir():
        if not (src / "issues").is_dir():
            raise InputError(str(src), "not a labelled store (no issues/ folder): give the --out folder of "
                                       "govnlp label, a result .json or an issue")
        out = write_archive(src, args.out)
        what = f"{len(list((src / 'issues').glob('*.json')))} issues, pages in {out.parent / 'issues'}"
    else:
        from govnlp.doc.model import Gazette

        gazette = None
        if src.suffix.lower() == ".json":
            try:
                gazette = Gazette.from_json(src.read_text(encoding="utf-8"))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(str(src), f"not a govnlp result ({exc.__class__.__name__}: {exc})") from None
        else:
            from govnlp.pipeline import load

            model_dirs = {k: getattr(args, k) for k in TASKS if getattr(args, k)}
            gazette = load(**model_dirs)(src)
        out = Path(args.out or src.with_suffix(".html").name)
        atomic_write_text(out, issue_html(gazette))
        what = f"{len(gazette.documents)} documents, {len(gazette.articles)} articles"
    print(f"{out}: {what}; {out.stat().st_size / 1e6:.2f} MB, {time.perf_counter() - start:.1f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="govnlp", description="Parse and label people's-congress gazettes.")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse gazette issues into documents and articles (JSONL)")
    p.add_argument("files", nargs="*", help="issues: text, PDF, web page or scan files, folders or globs (default: the bundled sample)")
    p.add_argument("--out", help="write JSONL here instead of standard output")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser("label", help="label gazette issues (files, folders, globs) into DIR")
    p.add_argument("inputs", nargs="*", help="files (text, PDF, web page, scan), folders or glob patterns")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--sample", action="store_true", help="also label the bundled sample issue")
    p.add_argument("--resume", action="store_true", help="skip issues already labelled in DIR")
    p.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local: this machine's processes; ray: a Ray Data actor pool (pip install 'govnlp[ray]')")
    p.add_argument("--address", default=None,
                   help="with --engine ray: a running Ray cluster ('auto', 'ray://HOST:10001'); default: start Ray here")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (local, default 1) or actors (ray, default: the cluster's CPUs)")
    p.add_argument("--threads-per-worker", type=int, default=1, help="with --engine ray: CPU threads per actor")
    p.add_argument("--device", default="auto", help="auto (a GPU when torch sees one), cpu, cuda or cuda:N")
    p.add_argument("--precision", default="auto", choices=["auto", "fp32", "int8", "fp16"],
                   help="auto: on the CPU each model at the precision its settings declare (int8 where validated), fp32 on a GPU")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    for task in TASKS:
        p.add_argument(f"--{task}", help=f"model directory for {task} (default: shipped)")
    p.set_defaults(func=_cmd_label)

    p = sub.add_parser("train", help="fine-tune a task model on additional regulations")
    p.add_argument("task", choices=list(TASKS))
    p.add_argument("--data", required=True, nargs="+", help="folders/files of LawRefBook Markdown or gazette text")
    p.add_argument("--base", default=None, help="base BERT checkpoint (default: shipped govbert-mini)")
    p.add_argument("--out", required=True, help="output model directory")
    p.add_argument("--gold", default=None, help="optional gold JSONL in the guideline's format (keymods: key_modifications.jsonl; its reports are learnt from and a share held out for before/after)")
    p.add_argument("--epochs", type=float, default=2.0)
    p.add_argument("--max-examples", type=int, default=6000)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("evaluate", help="score the models on gold annotations (GUIDELINES.md format) beside baselines")
    p.add_argument("--gold", required=True, help="folder with documents.jsonl / modality.jsonl / key_modifications.jsonl")
    p.add_argument("--issue", default=None, help="the gazette text file the document and report gold refers to")
    p.add_argument("--tasks", nargs="+", choices=list(TASKS), default=None,
                   help="default: every task the gold folder has a file for")
    p.add_argument("--json", default=None, help="also write the tables as JSON here")
    for task in TASKS:
        p.add_argument(f"--{task}", help=f"model directory for {task} (default: shipped)")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("show", help="write a self-contained HTML view of an issue, a result .json or a labelled store")
    p.add_argument("source", help="an issue (labelled now), a result .json (govnlp label's issues/*.json, "
                                  "Gazette.to_json()) or the --out folder of govnlp label")
    p.add_argument("--out", default=None, help="the page to write (default: SOURCE's name with .html here; "
                                               "for a store STORE/view/index.html, issue pages beside it in issues/)")
    for task in TASKS:
        p.add_argument(f"--{task}", help=f"model directory for {task} when labelling an issue (default: shipped)")
    p.set_defaults(func=_cmd_show)

    return ap


def main(argv=None) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GovNLPError as exc:
        print(f"govnlp: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an output path that cannot be written (a file where a folder goes, ...)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"govnlp: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("govnlp: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
