"""``saywho export`` with provenance: each quote carries its ``utterance_id`` and ``cue_framing``.

The saywho/1 writers in :mod:`saywho.output` stay untouched (extract output is
unchanged); these wrap them for a store, adding the two fields per quote (jsonl) or
two columns per row (csv, parquet).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from os import PathLike
from typing import IO, Any, Protocol, cast

from ..output import CSV_COLUMNS, _csv_rows, dumps, neutralise
from ..types import Article
from .framing import cue_framing

EXPORT_COLUMNS: tuple[str, ...] = (*CSV_COLUMNS, "cue_framing", "utterance_id")


class _Linked(Protocol):
    def articles(self) -> Iterator[Article]: ...
    def quote_utterances(self, article_id: str) -> dict[str, tuple[str, bool]]: ...


def _rows(store: _Linked) -> Iterator[tuple[Article, dict[str, dict[str, Any]]]]:
    for article in store.articles():
        linked = store.quote_utterances(article.id)
        extra = {
            q.id: {
                "cue_framing": cue_framing(q.cue.lemma if q.cue else None, q.cue.text if q.cue else None),
                "utterance_id": linked[q.id][0] if q.id in linked else None,
            }
            for q in article.quotes
        }
        yield article, extra


def write_export(store: _Linked, fmt: str, target: IO[str] | str | PathLike[str], *, raw_csv: bool = False) -> None:
    """The whole store as jsonl, csv or parquet, with utterance ids and cue framing; ``target``
    is an open text stream or a path (parquet: a path). JSON is written by the same safe
    dumper as ``saywho extract`` and CSV cells are neutralised unless ``raw_csv``."""
    if fmt in ("jsonl", "csv") and not hasattr(target, "write"):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            write_export(store, fmt, stream, raw_csv=raw_csv)
        return
    if fmt == "jsonl":
        fp: Any = target
        for article, extra in _rows(store):
            data = article.to_dict()
            for q in data["quotes"]:
                q.update(extra[q["id"]])
            fp.write(dumps(data) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(
            cast("IO[str]", target), fieldnames=list(EXPORT_COLUMNS)
        )  # a stream: paths were opened above
        writer.writeheader()
        for article, extra in _rows(store):
            for row in _csv_rows(article):
                row.update({k: v or "" for k, v in extra[row["quote_id"]].items()})
                writer.writerow(row if raw_csv else {k: neutralise(v) for k, v in row.items()})
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        numeric = {"content_start": pa.int64(), "content_end": pa.int64(), "confidence": pa.float64()}
        schema = pa.schema([(c, numeric.get(c, pa.string())) for c in EXPORT_COLUMNS])
        with pq.ParquetWriter(str(target), schema) as out:
            rows: list[dict[str, Any]] = []

            def flush() -> None:
                out.write_table(
                    pa.table(
                        {c: [None if r[c] in ("", None) else r[c] for r in rows] for c in EXPORT_COLUMNS}, schema=schema
                    )
                )
                rows.clear()

            for article, extra in _rows(store):
                for row in _csv_rows(article):
                    row.update(extra[row["quote_id"]])
                    rows.append(row)
                if len(rows) >= 10_000:
                    flush()
            flush()
    else:
        raise ValueError(f"{fmt!r}: choose jsonl, csv or parquet")
