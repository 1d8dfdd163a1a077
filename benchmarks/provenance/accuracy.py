"""Pairwise precision and recall of utterance linking on the judged PolNeAR pairs.

    python benchmarks/provenance/accuracy.py [--show-errors]

Stores every PolNeAR train/dev article (gold attributions) in a fresh SQLite store,
so linking runs exactly as on ingest, then checks each judged pair (RULES.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from saywho.store import content_hash, open_store

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import polnear  # noqa: E402  (a sibling module, importable once HERE is on sys.path)


def evaluate(show_errors: bool = False) -> dict[str, float]:
    pairs = [json.loads(x) for x in (HERE / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "polnear.db"))
        t = time.perf_counter()
        kept: dict[str, object] = {}
        alias: dict[str, str] = {}  # a quote of an article stored twice (same text) → the stored quote
        for a in polnear.articles():
            original = a.id
            if not store.add(a):
                first = kept[content_hash(a)]
                spans = {tuple(map(tuple, q.content.spans)): q.id for q in first.quotes}  # type: ignore[attr-defined]
                for q in a.quotes:
                    if tuple(map(tuple, q.content.spans)) in spans:
                        alias[f"{original}:{q.id}"] = f"{first.id}:{spans[tuple(map(tuple, q.content.spans))]}"  # type: ignore[attr-defined]
            else:
                kept.setdefault(content_hash(a), a)
        took = time.perf_counter() - t
        tp = fp = fn = tn = duplicates = 0
        for p in pairs:
            if p["label"] == "X":
                continue
            same = p["label"] in ("S", "P")
            ua, ub = store.utterance_of(alias.get(p["a"], p["a"])), store.utterance_of(alias.get(p["b"], p["b"]))
            duplicates += p["a"] in alias or p["b"] in alias
            linked = ua is not None and ua == ub
            tp += same and linked
            fp += linked and not same
            fn += same and not linked
            tn += not same and not linked
            if show_errors and same != linked:
                print(
                    f"{'FP' if linked else 'FN'} #{p['pair']} {p['label']}\n  a [{p['a_source']}] {p['a_text'][:200]}\n  b [{p['b_source']}] {p['b_text'][:200]}"
                )
        quotes = store.counts()["quotes"]
        store.close()
    return {
        "pairs": tp + fp + fn + tn, "positives": tp + fn, "negatives": fp + tn, "tp": tp, "fp": fp, "fn": fn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0, "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        "pairs_with_a_duplicate_article": duplicates, "ingest_s": round(took, 1), "quotes": quotes,
    }  # fmt: skip


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--show-errors", action="store_true")
    print(json.dumps(evaluate(ap.parse_args().show_errors)))
