"""Reading a :func:`~saywho.spark.spark_extract` output back, streamed, without Spark (pyarrow alone)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ..errors import Failure
from ..types import Article, Cue, Quote, Span, Speaker
from .session import local_path

_PART = re.compile(r"part-(\d+)")


def to_article(article: Mapping[str, Any], quotes: Iterable[Mapping[str, Any]]) -> Article:
    """The saywho/1 Article for one articles row and its quotes rows (as dicts)."""

    def span(text: Any, spans: Any) -> Span | None:
        return None if spans is None else Span(spans=[(int(s), int(e)) for s, e in spans], text=text or "")

    rebuilt = []
    for q in quotes:
        content = span(q["content"], q["content_spans"]) or Span(spans=[], text=q["content"] or "")
        cue = None
        if q["cue_spans"] is not None:
            spans = [(int(s), int(e)) for s, e in q["cue_spans"]]
            cue = Cue(spans=spans, text=q["cue"] or "", lemma=q["cue_lemma"] or "")
        rebuilt.append(
            Quote(
                id=q["quote_id"],
                kind=q["kind"],
                content=content,
                cue=cue,
                source=span(q["source"], q["source_spans"]),
                speaker=q["speaker_id"],
                confidence=float(q["confidence"]) if q["confidence"] is not None else 0.5,
                region=q["region"] or "body",
            )
        )
    return Article(
        id=article["id"],
        text=article["text"],
        title=article["title"],
        date=article["date"],
        outlet=article["outlet"],
        url=article["url"],
        quotes=rebuilt,
        speakers=[Speaker.from_dict(s) for s in article["speakers"] or []],
    )


def open_output(output: str) -> tuple[Any, str]:
    """The pyarrow file system and root folder of a Spark output (a local folder or a URI pyarrow can open)."""
    from pyarrow import fs as pafs

    local = local_path(output)
    if local is not None:
        return pafs.LocalFileSystem(), str(local.resolve()).rstrip("/")
    fs, root = pafs.FileSystem.from_uri(output)
    return fs, root.rstrip("/")


def parquet_files(fs: Any, folder: str) -> list[str]:
    """The Parquet part files of one table folder, in Spark's partition order (none if no folder)."""
    from pyarrow import fs as pafs

    infos = fs.get_file_info(pafs.FileSelector(folder, recursive=True, allow_not_found=True))
    files = []
    for info in infos:
        rel = info.path[len(folder) :].lstrip("/")
        if info.type == pafs.FileType.File and not any(p.startswith((".", "_")) for p in rel.split("/")):
            files.append(info.path)
    return sorted(files, key=_part_key)


def _part_key(path: str) -> tuple[int, str]:
    """Spark's part files in partition order (``part-100000`` comes after ``part-99999``)."""
    name = path.rsplit("/", 1)[-1]
    m = _PART.match(name)
    return (int(m.group(1)) if m else sys.maxsize, name)


def read_rows(fs: Any, files: list[str], batch_rows: int = 256) -> Iterator[dict[str, Any]]:
    """The rows of Parquet ``files`` as dicts, in order, ``batch_rows`` in memory at a time."""
    import pyarrow.parquet as pq

    for path in files:
        with fs.open_input_file(path) as fh:
            for batch in pq.ParquetFile(fh).iter_batches(batch_size=batch_rows):
                yield from batch.to_pylist()


def iter_output_articles(output: str, on_error: Callable[[Failure], None] | None = None) -> Iterator[Article]:
    """The saywho/1 Articles in a :func:`~saywho.spark.spark_extract` output, streamed (no Spark needed).

    ``output`` is a local folder or a URI pyarrow can open (``hdfs://``, ``s3://``,
    ``gs://``; spell ``s3a://`` as ``s3://``). Articles whose ``error`` is set are
    not yielded but passed to ``on_error`` as :class:`saywho.errors.Failure`.

    spark_extract writes both tables from the same partitions, so the part files
    of ``quotes/`` hold the quotes in the order of ``articles/``: each article's
    ``n_quotes`` rows are taken in turn (and checked against its id).
    """
    fs, root = open_output(output)
    article_files = parquet_files(fs, f"{root}/articles")
    if not article_files:
        raise FileNotFoundError(f"{output}: no articles/ Parquet files (is it a spark_extract output?)")
    quotes = read_rows(fs, parquet_files(fs, f"{root}/quotes"))
    for row in read_rows(fs, article_files):
        if row.get("error") is not None:
            if on_error is not None:
                on_error(Failure(row["id"], row.get("error_stage") or "extract", row["error"]))
            continue
        yield to_article(row, _take(quotes, row, output))


def _take(quotes: Iterator[dict[str, Any]], row: Mapping[str, Any], output: str) -> list[dict[str, Any]]:
    """The next ``n_quotes`` quotes rows, which must be the article's (ValueError if not)."""
    mine = []
    for _ in range(row["n_quotes"] or 0):
        q = next(quotes, None)
        if q is None or q["article_id"] != row["id"]:
            found = "no more quotes" if q is None else f"a quote of {q['article_id']!r}"
            raise ValueError(
                f"{output}: quotes/ is not in the order of articles/ (article {row['id']!r} expects "
                f"{row['n_quotes']} quotes, found {found}); was it rewritten after spark_extract?"
            )
        mine.append(q)
    return mine
