"""``saywho load`` with a ``spark-utterances`` output: bring Spark's verified matches into a store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _edge_rows(output: str) -> list[tuple[str, str, str, float]] | None:
    """The verified pairs in ``OUTPUT/utterance_edges/`` (None when there is no ``utterances/``)."""
    from ..spark.output import open_output, parquet_files, read_rows

    fs, root = open_output(output)
    if not parquet_files(fs, f"{root}/utterances"):
        return None
    edges = read_rows(fs, parquet_files(fs, f"{root}/utterance_edges"))
    return [(r["a"], r["b"], r["kind"], float(r["score"])) for r in edges]


@contextmanager
def spark_links(store: Any, output: str) -> Iterator[dict[str, int]]:
    """Around loading ``output``'s articles: when it has ``utterances/`` and the store has no
    utterances yet, articles are stored without searching the index and Spark's verified
    matches are imported at the end (same result, no per-quote search). Otherwise the
    articles link as on ingest. Yields a dict that gets ``{"imported": n}``.
    """
    result = {"imported": 0}
    edges = _edge_rows(output) if not store.has_utterances() else None
    if edges is None:
        yield result
        return
    store._defer_links = True
    try:
        yield result
    finally:
        store._defer_links = False
    result["imported"] = store.import_links(edges)
