"""Score saywho on the out-of-domain set: the `saywho evaluate` metrics and the look-alikes it takes.

    python benchmarks/ood/score.py                 # the shipped model
    python benchmarks/ood/score.py --model rules   # the rule system alone
    python benchmarks/ood/score.py --json

A look-alike (``decoys.tsv``: a clause that reads like an attribution and is not one, by
RULES.md) is *taken* when the content of a predicted attribution covers half or more of its
words; the share of look-alikes taken is the out-of-domain false-quote rate beside the
precision against the annotated attributions.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from saywho.evaluate import Tokens, load_brat, predict, score
from saywho.run import load_pipeline

HERE = Path(__file__).resolve().parent


def decoys() -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {}
    with (HERE / "decoys.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.setdefault(row["file"], []).append((int(row["start"]), int(row["end"]), row["category"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", metavar="PATH", help="a `saywho train` folder, or `rules` (default: the shipped model)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    gold = load_brat(HERE)
    predicted, _ = predict(gold, load_pipeline(None, args.model or ""))
    report = score(gold, predicted)
    taken: dict[str, int] = {}
    total: dict[str, int] = {}
    listed = decoys()
    for g in gold:
        toks = Tokens(g.text)
        covered = frozenset().union(*(toks.cover(q.content.spans) for q in predicted.get(g.id, [])))
        for s, e, category in listed.get(g.id, []):
            words = toks.cover([(s, e)])
            total[category] = total.get(category, 0) + 1
            if words and 2 * len(words & covered) >= len(words):
                taken[category] = taken.get(category, 0) + 1
    out = {
        "model": args.model or "shipped",
        **report.to_dict(),
        "decoys": sum(total.values()),
        "decoys_taken": sum(taken.values()),
        "decoys_taken_by_category": {c: f"{taken.get(c, 0)}/{n}" for c, n in sorted(total.items())},
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return
    m = out["metrics"]
    print(f"out-of-domain set: {report.articles} articles, {report.gold} attributions ({out['model']})")
    print(
        f"attribution P / R / F1       {m['attribution_precision']:.1f} / {m['attribution_recall']:.1f} / {m['attribution_f1']:.1f}"
    )
    print(f"content partial F1           {m['content_f1']:.1f}   exact F1 {m['content_exact_f1']:.1f}")
    print(f"direct/mixed attribution F1  {m['dm_f1']:.1f}")
    print(
        f"P without quotation marks    {m['unquoted_precision']:.1f} ({report.unquoted_correct}/{report.unquoted_pred})"
    )
    print(f"look-alikes taken            {out['decoys_taken']} of {out['decoys']}: {out['decoys_taken_by_category']}")


if __name__ == "__main__":
    main()
