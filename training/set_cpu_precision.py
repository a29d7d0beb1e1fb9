"""Declare the precision a task model runs at on the CPU when ``precision="auto"``.

Run it only after ``python benchmarks/bench_precision.py`` showed the model's gold figures at that
precision within 0.005 of fp32's; the model's checksums are rewritten.

    python training/set_cpu_precision.py models/modality int8
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from govnlp.inference.models import write_checksums

SETTINGS = "govnlp_classifier.json"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("precision", choices=["fp32", "int8"])
    args = ap.parse_args(argv)
    path = args.model / SETTINGS
    settings = json.loads(path.read_text(encoding="utf-8"))
    settings["cpu_precision"] = args.precision
    path.write_text(json.dumps(settings, ensure_ascii=False, indent=2), encoding="utf-8")
    write_checksums(args.model)
    print(f"{args.model}: cpu_precision = {args.precision}")


if __name__ == "__main__":
    main()
