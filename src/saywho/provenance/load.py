"""``saywho load`` with a ``spark-utterances`` output: bring Spark's verified matches into a store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _edge_rows(output: str) -> list[tuple[str, str, str, float]] | None:
    """The verified pairs in ``OUTPUT/utterance_edges/`` (None when there is none)."""
    from pyarrow import fs as pafs

    from ..spark import _local, _parquet_files, _rows

    local = _local(output)
    if local is not None:
        fs, root = pafs.LocalFileSystem(), str(local.resolve())
    else:
        fs, root = pafs.FileSystem.from_uri(output)
    root = root.rstrip("/")
    if not _parquet_files(fs, f"{root}/utterances"):
        return None
    return [(r["a"], r["b"], r["kind"], float(r["score"])) for r in _rows(fs, _parquet_files(fs, f"{root}/utterance_edges"))]


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
