"""Accuracy and speed of the attribution model against the rules alone, on any brat split.

    python benchmarks/accuracy.py                          # PolNeAR dev (../shared/polnear/data/dev)
    python benchmarks/accuracy.py SPLIT --model my-model   # a model written by `saywho train`
    python benchmarks/accuracy.py --limit 20 --json

Prints, side by side for the model (the one shipped with saywho unless ``--model``)
and for the rule system alone (``--model rules``), the metrics of ``saywho
evaluate`` (attribution, content partial and direct/mixed attribution P/R/F1; content and
source exact F1; the precision of attributions without quotation marks) and
articles/second, and the articles/second of the spaCy pipeline alone (``nlp.pipe``
without saywho) on the same articles with the ratio to it. All three run in this
process on the same texts with the same spaCy pipeline; loading is excluded (each
pipeline is loaded, then warmed on one article, before it is timed). Each is timed
``--repeat`` times, interleaved, and the best rate counts: on a shared machine other
work only ever slows a pass down, so the fastest pass is the one least disturbed.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from saywho import Pipeline
from saywho.errors import SaywhoError
from saywho.evaluate import GoldArticle, Report, load_brat, predict, score
from saywho.nlp import default_model, load
from saywho.readers import read_text
from saywho.readers.markup import plain_view
from saywho.run import load_pipeline

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPLIT = ROOT.parent / "shared" / "polnear" / "data" / "dev"
RULES = "rules"
ROWS = (
    ("attribution", "attribution_precision", "attribution_recall", "attribution_f1"),
    ("content partial", "content_precision", "content_recall", "content_f1"),
    ("direct/mixed attribution", "dm_precision", "dm_recall", "dm_f1"),
)


def spacy_pass(gold: list[GoldArticle], nlp) -> float:
    """Articles/second of the spaCy pipeline alone, parsing what saywho parses (the plain view)."""
    start = time.perf_counter()
    for _ in nlp.pipe((plain_view(g.text) for g in gold), batch_size=8):
        pass
    return len(gold) / (time.perf_counter() - start)


def saywho_pass(gold: list[GoldArticle], pipeline: Pipeline) -> tuple[Report, float]:
    """The evaluation report and articles/second of one extractor (as `saywho evaluate` runs it)."""
    predicted, rate = predict(gold, pipeline)
    return score(gold, predicted), rate


def measure(
    gold: list[GoldArticle], spacy_model: str | None, systems: dict[str, str], repeat: int
) -> tuple[float, dict]:
    """Best spaCy rate and, per system, its report and best rate, over ``repeat`` interleaved passes."""
    nlp = load(spacy_model, with_saywho=False)
    nlp(plain_view(gold[0].text))  # warm-up
    pipelines = {name: load_pipeline(spacy_model, model) for name, model in systems.items()}
    for pipeline in pipelines.values():
        pipeline(read_text(gold[0].text, id="warm-up"))
    spacy_rates: list[float] = []
    rates: dict[str, list[float]] = {name: [] for name in systems}
    reports: dict[str, Report] = {}
    for k in range(repeat):
        order = ["spacy", *systems]
        order = order[k % len(order) :] + order[: k % len(order)]  # each takes every place in turn
        for name in order:
            if name == "spacy":
                spacy_rates.append(spacy_pass(gold, nlp))
            else:
                reports[name], rate = saywho_pass(gold, pipelines[name])
                rates[name].append(rate)
    return max(spacy_rates), {name: (reports[name], max(rates[name])) for name in systems}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "split", nargs="?", type=Path, default=DEFAULT_SPLIT, help="a brat folder with text/ and attributions/"
    )
    ap.add_argument("--model", metavar="PATH", help="a folder written by `saywho train` (default: the shipped model)")
    ap.add_argument("--spacy-model", metavar="NAME", help="spaCy pipeline (default: as saywho chooses)")
    ap.add_argument("--limit", type=int, metavar="N", help="only the first N articles (sorted by id)")
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="timed passes per system, interleaved; the best counts (default 3)",
    )
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()

    systems = {"model": args.model or "", "rules": RULES}
    args.repeat = max(1, args.repeat)
    try:
        gold = load_brat(args.split)[: args.limit or None]
        base, measured = measure(gold, args.spacy_model, systems, args.repeat)
    except SaywhoError as err:  # a bad split, a missing spaCy pipeline, a bad model: one line
        raise SystemExit(f"accuracy.py: error: {err}") from None
    results: dict[str, Any] = {}
    for name, model in systems.items():
        report, rate = measured[name]
        results[name] = {
            "model": model or "shipped",
            **report.to_dict(),
            "articles_per_second": round(rate, 3),
            "ratio_to_spacy": round(rate / base, 3),
        }
    out = {
        "split": str(args.split),
        "articles": len(gold),
        "gold_attributions": sum(len(g.attributions) for g in gold),
        "spacy_model": args.spacy_model or default_model(),
        "spacy_articles_per_second": round(base, 3),
        "repeat": args.repeat,
        "systems": results,
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print_table(out)


def print_table(out: dict[str, Any]) -> None:
    model, rules = out["systems"]["model"], out["systems"]["rules"]
    names = (f"model ({model['model']})", "rules only")
    print(
        f"{out['split']}: {out['articles']} articles, {out['gold_attributions']} gold attributions; spaCy pipeline {out['spacy_model']}"
    )
    print()
    print(f"{'':26}{names[0]:>26}{names[1]:>26}")
    print(f"{'P / R / F1':26}" + "".join(f"{'P':>10}{'R':>8}{'F1':>8}" for _ in names))
    for label, p, r, f in ROWS:
        cells = "".join(
            f"{s['metrics'][p]:>10.1f}{s['metrics'][r]:>8.1f}{s['metrics'][f]:>8.1f}" for s in (model, rules)
        )
        print(f"{label:26}{cells}")
    for label, f in (("content exact", "content_exact_f1"), ("source exact", "source_exact_f1")):
        print(f"{label + ' F1':26}" + "".join(f"{s['metrics'][f]:>26.1f}" for s in (model, rules)))
    print(
        f"{'P without quotation marks':26}"
        + "".join(f"{s['metrics']['unquoted_precision']:>26.1f}" for s in (model, rules))
    )
    print(f"{'predicted attributions':26}" + "".join(f"{s['counts']['pred']:>26}" for s in (model, rules)))
    print()
    speed = "".join(
        f"{s['articles_per_second']:.2f} ({s['ratio_to_spacy']:.2f}x spaCy)".rjust(26) for s in (model, rules)
    )
    print(f"{'articles/s':26}{speed}")
    print(f"{'spaCy pipeline alone':26}{out['spacy_articles_per_second']:>26.2f} articles/s")
    print(
        f"(best of {out['repeat']} interleaved passes each; loading excluded; same texts, same spaCy pipeline, one process)"
    )


if __name__ == "__main__":
    main()
