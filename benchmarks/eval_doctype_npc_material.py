"""What NPC pages in training do to document type, on dev data only (the test split is not read).

1. The NPC pages of the training material (``TRAINING`` of eval_doctype_national.py), 5-fold: each fold typed
   by a model trained on every local page of the training material and the sample issue, with and without the
   other NPC folds.
2. The local pages of the training material, one jurisdiction group left out at a time: with and without
   those NPC pages in training; the sample issue likewise.

The shipped model's recipe (``models/doctype/estimator.json``). Dev data: the cues and masks were written
after reading dev misses, so these figures compare training sets, they are not held-out accuracy.

    python benchmarks/eval_doctype_npc_material.py [--json benchmarks/results/eval_doctype_npc_material.json]
"""
from __future__ import annotations

import argparse
import json
import os
import random
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from _report import write_json  # noqa: E402
from eval_doctype_national import DOCS, ISSUE, SEED, TRAINING, logo_predictions, scores  # noqa: E402
from govnlp.evaluation.external import load_documents  # noqa: E402
from govnlp.training.doctype import fit_doctype, issue_examples, page_examples  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    params = json.loads((REPO / "models" / "doctype" / "estimator.json").read_text(encoding="utf-8"))["params"]
    examples = page_examples(load_documents(DOCS, splits=set(TRAINING)).records)
    sample = issue_examples(ISSUE, SEED, "sample")
    local = [e for e in examples if e.group != "NPC"]
    npc = [e for e in examples if e.group == "NPC"]
    gold = [e.label for e in npc]

    without = fit_doctype(local + sample, **params).predict([e.view for e in npc])
    order = list(range(len(npc)))
    random.Random(0).shuffle(order)
    with_npc = [None] * len(npc)
    for k in range(5):
        held = set(order[k::5])
        model = fit_doctype(local + sample + [e for i, e in enumerate(npc) if i not in held], **params)
        for i in held:
            with_npc[i] = model.predict([npc[i].view])[0]
    result = {"params": params, "NPC pages of the training material, 5-fold": {
        "local pages and the sample in training": scores(gold, without),
        "the other NPC folds too": scores(gold, with_npc)}}

    n_local = len(local)
    table = {}
    for name, pool in (("without the NPC pages", local + sample), ("with them", local + sample + npc)):
        pred = logo_predictions(pool, params)
        table[name] = {"local pages": scores([e.label for e in local], pred[:n_local]),
                       "sample issue": scores([e.label for e in sample], pred[n_local:n_local + len(sample)])}
    result["local pages and the sample, one group left out"] = table
    write_json(result, args.json, echo=True)
    return result


if __name__ == "__main__":
    main()
