"""Ingest throughput and search latency.

    python benchmarks/ingest.py ../shared/polnear/data/dev/text [--pg postgresql://…] [--quotes 100000]

1. articles/second of `saywho ingest` with 1 and 2 worker processes on the given
   texts (a fresh SQLite store each time; model loading included, as a user sees it);
2. search latency p50/p95 over a store of at least ``--quotes`` quotes for SQLite and,
   with ``--pg`` (or SAYWHO_TEST_PG), PostgreSQL. The large store is synthetic: the
   extracted articles are copied with new ids, dates and outlets (so content hashes
   differ) until the quote count is reached.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from saywho.ingest import ingest
from saywho.store import open_store
from saywho.store.base import Query, Store
from saywho.types import Article

OUTLETS = ["nyt", "politico", "breitbart", "usa-today", "wash-post", "huff-post", "west-journal"]


def ingest_rate(folder: Path, workers: int) -> tuple[float, list[Article]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        n = len(list(folder.glob("*.txt")))
        start = time.perf_counter()
        summary = ingest([str(folder)], store, workers=workers)
        rate = n / (time.perf_counter() - start)
        articles = list(store.articles())
        store.close()
        assert summary.stored == n, summary
        return rate, articles


def fill(store: Store, articles: list[Article], quotes: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total, copy_no = 0, 0
    while total < quotes:
        copy_no += 1
        for a in articles:
            b = copy.deepcopy(a)
            b.id = f"{a.id}-copy{copy_no}"
            b.text = a.text + f"\n\ncopy {copy_no}"
            b.outlet = rng.choice(OUTLETS)
            b.date = f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            store.add(b)
            total += len(b.quotes)
            if total >= quotes:
                break
    return total


def latency(store: Store, articles: list[Article], runs: int = 200, seed: int = 11) -> tuple[float, float]:
    rng = random.Random(seed)
    words = [w for a in articles for q in a.quotes for w in q.content.text.split() if w.isalpha() and len(w) > 4]
    names = [s.name for a in articles for s in a.speakers if s.type == "person"]
    times = []
    for i in range(runs):
        q = Query(words=" ".join(rng.sample(words, 2 if i % 3 else 1)), limit=20)
        if i % 4 == 0 and names:
            q.speaker = rng.choice(names).split()[-1]
        if i % 5 == 0:
            q.since = "2016-06-01"
        start = time.perf_counter()
        store.search(q)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--pg", default=os.environ.get("SAYWHO_TEST_PG"), help="PostgreSQL URL for the search benchmark")
    ap.add_argument("--quotes", type=int, default=100_000)
    args = ap.parse_args()

    rates = {}
    articles: list[Article] = []
    for workers in (1, 2):
        rates[workers], articles = ingest_rate(args.folder, workers)
        print(f"ingest, {workers} worker(s): {rates[workers]:.2f} articles/s (model load included)")
    print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")

    backends = [("sqlite", None)] + ([("postgresql", args.pg)] if args.pg else [])
    for name, url in backends:
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(url or str(Path(tmp) / "search.db"))
            start = time.perf_counter()
            total = fill(store, articles, args.quotes)
            fill_s = time.perf_counter() - start
            p50, p95 = latency(store, articles)
            counts = store.counts()
            store.close()
        print(
            f"search, {name}: {counts['quotes']} quotes ({total} added in {fill_s:.0f}s): p50 {p50:.1f} ms, p95 {p95:.1f} ms"
        )
    if not args.pg:
        print("search, postgresql: skipped (give --pg URL or set SAYWHO_TEST_PG)")


if __name__ == "__main__":
    main()
