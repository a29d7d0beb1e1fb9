"""Train the shipped document-type model: every annotated national page and the sample issue.

The recipe is the one ``benchmarks/eval_doctype_national.py`` chose on the dev split (written in its
results file); the model is trained on the train, dev and test jurisdictions and the sample issue,
never on the ``unseen`` round, which stays for measuring. The model card gets the figures of that
results file.

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
    pages = load_documents(REPO / "data" / "external" / "documents.jsonl", splits={"train", "dev", "test"})
    examples = page_examples(pages.records)
    if with_sample:
        examples += issue_examples(SHARED / "corpus" / "gazettes" / "shanxi-13th-sc-31st-session.txt",
                                   SHARED / "gold" / "seed" / "documents.jsonl", "sample")
    model = fit_doctype(examples, **params)
    if args.out.exists():
        shutil.rmtree(args.out)
    card = {"recipe": recipe, "documents": len(examples), "pages_missing_from_cache": len(pages.missing),
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
    unseen = results.get("unseen round (model trained as shipped)", {})
    logo = results["leave one jurisdiction group out (all national + sample)"]
    finder = results["title finder (all national pages)"]["all"]
    lines = [
        "# govnlp doctype model",
        "",
        "Document type (GUIDELINES §1) from what a document says: its **title** and its **opening**, in the model view",
        "(simplified characters, Chinese punctuation). A linear model (logistic regression) over character 1–3-grams of the",
        "title and of the opening, stacked with the GUIDELINES §1 cue rules as features",
        "(`govnlp.inference.title_opening.TitleOpeningClassifier`). On a web page the title is found first",
        "(`govnlp.parsing.titles.find_title`): navigation, metadata blocks and datelines never reach the model.",
        "Stored as JSON + NumPy arrays (no pickle), checksummed.",
        "",
        f"Trained on {card['documents']} documents: the annotated national pages of the train, dev and test jurisdictions",
        "(`data/external/documents.jsonl`, with their annotated titles as a second view) and the sample issue's 79",
        "(`shared/gold/seed`). The `unseen` round is never trained on. Recipe chosen on dev (one group left out at a time over the train and dev splits): "
        f"`{card['recipe']}`. Labels: {card['by_label']}.",
        "",
        "## Figures (accuracy / macro-F1), from `python benchmarks/eval_doctype_national.py`",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| national test split, model trained without the test jurisdictions (n={test['all']['govnlp (title+opening model)']['n']}) | {_row(test['all'])} |",
    ]
    if unseen:
        lines.append(f"| unseen round (collected after the recipe was fixed; model as shipped, n={unseen['all']['govnlp (title+opening model)']['n']}) | {_row(unseen['all'])} |")
    lines += [
        f"| leave one jurisdiction group out, all national + sample (n={logo['all']['n']}) | {logo['all']['accuracy']:.3f} / {logo['all']['macro_f1']:.3f}; NPC {logo['NPC']['accuracy']:.3f}, provinces and cities {logo['provinces and cities']['accuracy']:.3f}, sample {logo['sample']['accuracy']:.3f} |",
        f"| sample issue, 5-fold | {results['sample issue, 5-fold (national material in every fold' + chr(39) + 's training)']['accuracy']:.3f} |",
        f"| title finder on national pages (n={finder['n']}) | exact {finder.get('exact', 0)}, partly {finder.get('partly', 0)}, not found {finder.get('not found', 0)} (excerpt pages show no title) |",
        "",
        "**Targets not met**: the test split (103 of its 133 documents are the NPC's) is scored by a model that by",
        "construction never saw an NPC page; it stays below 0.90. With NPC pages in training, NPC pages gain much",
        "(`python benchmarks/eval_doctype_npc_material.py`, dev data, not held out: the 88 NPC dev documents 5-fold);",
        "local pages lose a little there. The shipped model is trained on every annotated NPC page for that reason.",
        "",
        "How the data were used: the test split was looked at twice while the approach was first developed and once to",
        "report the previous model. This model was developed on the dev split, which now holds 88 NPC documents",
        "collected for it (rounds N1, N2); the opening's cues (`govnlp.inference.doctype_cues.opening_cues`), the cited-",
        "name and head-note masks and the title finder's changes were written after reading dev misses, so dev figures",
        "are not held out. This session ran the test split and the unseen round four times: (1) with a protocol error",
        "(the test model left out whole provinces, 105 training documents; recipe chosen on one dev split): test 0.782 /",
        "0.709, unseen 0.796 (`benchmarks/results/eval_doctype_national_first_run.json`); (2) as specified: test 0.782 /",
        "0.703, unseen 0.796; (3) after the intercept was dropped so that a short page (the README's example, a title and",
        "a line) is typed by what it says; (4) after a missing opening stopped firing the opening's 'no cue' features (a",
        "bare title was read as a regulation): the table above, (3) and (4) equal for this model. Both changes were made",
        "for those inputs, not for a figure. **On the unseen round this model is below the previous weights** (0.878 /",
        "0.787 read through the same title finder and rules; 49 documents, 4 of the 29 local pages lost).",
        "",
        "Retrain: `python training/train_doctype.py --out models/doctype`. Fine-tune on your own annotations:",
        "`govnlp train doctype --data ISSUE --gold documents.jsonl`.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
