"""Articles/second of saywho against the spaCy pipeline alone, on the same articles, in one process.

    python benchmarks/speed.py ../shared/polnear/data/dev/text [--repeat 2]

Model loading is excluded; both runs parse the same texts with the same model, so the
ratio is the cost of saywho's detection and resolution on top of the parse.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from saywho import Pipeline
from saywho.nlp import load
from saywho.readers import read_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="a folder of .txt/.md articles")
    ap.add_argument("--repeat", type=int, default=1, help="process the articles this many times")
    args = ap.parse_args()
    articles = [read_path(p) for p in sorted(args.folder.glob("*.txt")) + sorted(args.folder.glob("*.md"))]
    articles = articles * args.repeat
    n = len(articles)

    spacy_only = load(with_saywho=False)
    start = time.perf_counter()
    for _ in spacy_only.pipe((a.text for a in articles), batch_size=8):
        pass
    spacy_rate = n / (time.perf_counter() - start)

    pipeline = Pipeline()
    start = time.perf_counter()
    quotes = sum(len(a.quotes) for a in pipeline.pipe(articles))
    saywho_rate = n / (time.perf_counter() - start)

    print(f"articles: {n}, quotes found: {quotes}")
    print(f"spaCy pipeline alone : {spacy_rate:7.2f} articles/s")
    print(f"saywho extract       : {saywho_rate:7.2f} articles/s  ({saywho_rate / spacy_rate:.2f}x spaCy alone)")


if __name__ == "__main__":
    main()
