"""Train the shipped document-type model: every annotated national page and the sample issue.

The recipe is the one ``benchmarks/eval_doctype_national.py`` chose on dev (written in its results
file, with the splits it trains on: every annotated page but the held-out round) and the sample
issue; the held-out round stays for measuring. The model card gets the figures of that results file.

    python benchmarks/eval_doctype_national.py --json benchmarks/results/eval_doctype_national.json
    python training/train_doctype.py --out models/doctype
"""
from __future__ import annotations

import argparse
import json
import shutil
from collections import Counter
from pathlib import Path

from govnlp.evaluation.external import load_documents
from govnlp.training.doctype import fit_doctype, issue_examples, page_examples

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RESULTS = REPO / "benchmarks" / "results" / "eval_doctype_national.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "models" / "doctype")
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args()
    results = json.loads(args.results.read_text(encoding="utf-8"))
    recipe = results["chosen on dev"]                      # e.g. "C=5.0 +sample cited=title"
    params, with_sample = results["chosen recipe"]["params"], results["chosen recipe"]["sample"]
    splits = results["shipped model trains on"]
    pages = load_documents(REPO / "data" / "external" / "documents.jsonl", splits=set(splits))
    examples = page_examples(pages.records)
    if with_sample:
        examples += issue_examples(SHARED / "corpus" / "gazettes" / "shanxi-13th-sc-31st-session.txt",
                                   SHARED / "gold" / "seed" / "documents.jsonl", "sample")
    model = fit_doctype(examples, **params)
    if args.out.exists():
        shutil.rmtree(args.out)
    card = {"recipe": recipe, "splits": splits, "documents": len(examples), "pages_missing_from_cache": len(pages.missing),
            "by_label": dict(Counter(e.label for e in examples))}
    model.save(args.out, card=card)
    (args.out / "README.md").write_text(model_card(card, results), encoding="utf-8")
    from govnlp.inference.models import write_checksums
    write_checksums(args.out)
    print(json.dumps(card, ensure_ascii=False))


def _row(table: dict) -> str:
    return " · ".join(f"{name} {s['accuracy']:.3f} / {s['macro_f1']:.3f}" for name, s in table.items())


def model_card(card: dict, results: dict) -> str:
    test = results["test (model never trained on a test jurisdiction)"]
    rounds = {k.split()[2]: v for k, v in results.items() if k.startswith("held-out round ") and k.endswith("(model trained as shipped)")}
    logo = results["leave one jurisdiction group out (all national + sample)"]
    finder = results["title finder (all national pages)"]["all"]
    ours = "govnlp (title+opening model)"
    met = test["all"][ours]["accuracy"] >= 0.90 and test["all"][ours]["macro_f1"] >= 0.85
    lines = [
        "# govnlp doctype model",
        "",
        "Document type (GUIDELINES §1) from what a document says: its **title** and its **opening**, in the model view",
        "(simplified characters, Chinese punctuation). A linear model (logistic regression) over character 1–3-grams of the",
        "title and of the opening, stacked with the GUIDELINES §1 cue rules and the opening's moves as features",
        "(`govnlp.inference.title_opening.TitleOpeningClassifier`); with `scope_copies` every feature has a second copy",
        "that only NPC pages fire, so what the NPC writes differently is learned apart from what all congresses share;",
        "with `page_weight` its probabilities are blended with a page reader's (character n-grams of the title and the",
        "page's first 1,200 characters, no cue features), which reads what the short opening does not.",
        "On a web page the title is found first (`govnlp.parsing.titles.find_title`): navigation, metadata blocks and",
        "datelines never reach the model. Stored as JSON + NumPy arrays (no pickle), checksummed.",
        "",
        (f"Trained on {card['documents']} documents: every annotated national page of the splits "
         f"{', '.join(card['splits'])} (`data/external/documents.jsonl`, with their annotated titles as a second view) and"),
        (f"the sample issue's 79 (`shared/gold/seed`). The held-out round{'s' if len(rounds) > 1 else ''} "
         f"({', '.join(f'`{r}`' for r in rounds)}) never trained on. Recipe chosen on dev"),
        f"(one jurisdiction group left out at a time over the training material): `{card['recipe']}`. Labels: {card['by_label']}.",
        "",
        "## Figures (accuracy / macro-F1), from `python benchmarks/eval_doctype_national.py`",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| national test split, model trained without the test jurisdictions (n={test['all'][ours]['n']}) | {_row(test['all'])} |",
    ]
    for level in ("level=NPC", "level=province", "level=city"):
        if level in test:
            lines.append(f"| test, {level[6:]} (n={test[level][ours]['n']}) | {_row({ours: test[level][ours]})} |")
    for name, held in rounds.items():
        lines.append(f"| held-out round `{name}` ({held['scoring']}; model as shipped, n={held['all'][ours]['n']}) "
                     f"| {_row(held['all'])} |")
        for level in ("level=NPC", "level=province", "level=city"):
            if level in held:
                lines.append(f"| {name}, {level[6:]} (n={held[level][ours]['n']}) | {_row(held[level])} |")
    lines += [
        f"| leave one jurisdiction group out, all national + sample (n={logo['all']['n']}) | {logo['all']['accuracy']:.3f} / {logo['all']['macro_f1']:.3f}; NPC {logo['NPC']['accuracy']:.3f}, provinces and cities {logo['provinces and cities']['accuracy']:.3f}, sample {logo['sample']['accuracy']:.3f} |",
        f"| sample issue, 5-fold | {results['sample issue, 5-fold (national material in every fold' + chr(39) + 's training)']['accuracy']:.3f} |",
        f"| title finder on national pages (n={finder['n']}) | exact {finder.get('exact', 0)}, partly {finder.get('partly', 0)}, not found {finder.get('not found', 0)} (excerpt pages show no title) |",
        "",
        (f"**Targets {'met' if met else 'not met'} on the test split** (0.90 / 0.85): {test['level=NPC'][ours]['n']} of "
         f"its {test['all'][ours]['n']} documents are the NPC's, and the model behind that figure by construction never "
         "saw an NPC page. The shipped"),
        "model is trained on every annotated NPC page; the held-out rounds measure it on NPC and local pages it never",
        "saw. The previous models are read through today's title finder and cue rules (computed when a page is typed,",
        "so earlier weights gain from today's cue fixes too): `doctype-eb56534` the first trained on national",
        "pages, `doctype-3aed86b` and `doctype-0ad6c45` two later ones, `doctype-937926d` the one this model replaces.",
        "",
    ]
    for name, held in rounds.items():
        better = [other for other, row in held["all"].items()
                  if other != ours and row["accuracy"] > held["all"][ours]["accuracy"]]
        if better:
            lines += [f"**On the held-out round `{name}` these are ahead of this model**: {', '.join(better)}.", ""]
    lines += [
        "How the data were used: the test split has been scored ten times over the project's sessions (three before",
        "the national model, four in the session that built it, two in the next, and once for this model); seven of its",
        "documents (pages of test jurisdictions collected for training) are new and were scored here for the first",
        "time. The earlier held-out rounds are training material now: the first unseen round (scored more than five",
        "times), `unseen2` (twice) and `unseen3` (once, for `doctype-937926d`, whose figures there were read). This",
        "model was developed on dev figures (one group left out over the training material; the cue rules, masks, title",
        "finder changes and the page reader's weight were chosen from dev, so dev figures are not held out). `unseen4`",
        "was collected after `doctype-937926d` shipped, by annotators who did not read the code, and is scored here for",
        "the first time.",
        "",
        "Retrain: `python training/train_doctype.py --out models/doctype`. Fine-tune on your own annotations:",
        "`govnlp train doctype --data ISSUE --gold documents.jsonl`.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
