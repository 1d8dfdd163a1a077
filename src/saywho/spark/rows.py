"""In the workers: input rows → Articles → output rows, and the ``mapInArrow`` function around them.

A row becomes an Article as a record of a file does (:func:`saywho.readers.records.record_article`);
a row that cannot be read or extracted becomes an error row, never an exception.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import Failure, InputError
from ..output import csv_rows
from ..readers.records import record_article
from ..text import meta_text
from ..types import Article, Region, Span
from .schema import ERROR_COL, EXTRACTED_SCHEMA, REGIONS_COL

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa


def content_id(text: str) -> str:
    """An id for a record that has none: stable across runs, from its content."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def row_id(row: Mapping[str, Any]) -> str:
    """The article id of an input row: its ``id``, else one from its content."""
    return meta_text(row.get("id")) or content_id(row.get("text") or row.get("html") or "")


def row_article(row: Mapping[str, Any]) -> Article | InputError:
    """The Article for one input row (our column names), or the InputError that says why not."""
    text, html = row.get("text"), row.get("html")
    article_id = row_id(row)
    regions = row.get(REGIONS_COL)
    if regions is not None and isinstance(text, str):  # read already (WARC): keep it exactly
        return Article(
            id=article_id,
            text=text,
            title=meta_text(row.get("title")),
            date=meta_text(row.get("date")),
            outlet=meta_text(row.get("outlet")),
            url=meta_text(row.get("url")),
            regions=[Region(r["kind"], int(r["start"]), int(r["end"])) for r in regions],
        )
    if not any(isinstance(v, str) and v.strip() for v in (text, html)):  # a row has no file fields to list
        given = isinstance(text, str) or isinstance(html, str)
        return InputError(article_id, "is empty" if given else "has neither text nor html")
    return record_article(row, article_id, article_id)


def error_row(row: Mapping[str, Any], stage: str, reason: str) -> dict[str, Any]:
    """The output row of an input row that failed at ``stage`` ("read" or "extract")."""
    return {
        "id": row_id(row),
        "title": meta_text(row.get("title")),
        "date": meta_text(row.get("date")),
        "outlet": meta_text(row.get("outlet")),
        "url": meta_text(row.get("url")),
        "text": row.get("text"),
        "speakers": [],
        "n_quotes": 0,
        "error_stage": stage,
        "error": reason,
        "quotes": [],
    }


def _spans(span: Span | None) -> list[list[int]] | None:
    return None if span is None else [[int(s), int(e)] for s, e in span.spans]


def article_row(article: Article) -> dict[str, Any]:
    """The output row (:data:`~saywho.spark.schema.EXTRACTED_SCHEMA`) of an extracted Article."""
    quotes = []
    for q, row in zip(article.quotes, csv_rows(article), strict=True):
        row = {c: (None if v == "" else v) for c, v in row.items()}
        row.update(content_spans=_spans(q.content), cue_spans=_spans(q.cue), source_spans=_spans(q.source))
        quotes.append(row)
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "outlet": article.outlet,
        "url": article.url,
        "text": article.text,
        "speakers": [s.to_dict() for s in article.speakers],
        "n_quotes": len(article.quotes),
        "error_stage": None,
        "error": None,
        "quotes": quotes,
    }


def _read(row: Mapping[str, Any]) -> Article | dict[str, Any]:
    """The Article of an input row, or its error row."""
    if row.get(ERROR_COL):
        return error_row(row, "read", row[ERROR_COL])
    try:
        article = row_article(row)
    except Exception as exc:  # noqa: BLE001  (one bad record must not sink the partition)
        return error_row(row, "read", f"could not be read ({type(exc).__name__}: {exc})")
    return error_row(row, "read", article.reason) if isinstance(article, InputError) else article


def extract_rows(rows: list[dict[str, Any]], pipeline: Callable[[], Any]) -> list[dict[str, Any]]:
    """Output rows for ``rows``, in order; a bad row becomes an error row, never an exception."""
    from ..run import extract_all  # imports spaCy: only in the workers

    out: list[dict[str, Any] | Article] = [_read(row) for row in rows]
    good = [(i, a) for i, a in enumerate(out) if isinstance(a, Article)]
    if good:
        failures: list[Failure] = []
        done = {id(a) for a in extract_all([a for _, a in good], pipeline(), failures.append, chunk_size=len(good))}
        missed = iter(failures)  # extract_all reports each article it does not yield, in order
        for i, article in good:
            if id(article) not in done:
                failure = next(missed, None)
                out[i] = error_row(rows[i], "extract", failure.reason if failure else "extraction failed")
                continue
            try:
                out[i] = article_row(article)
            except Exception as exc:  # noqa: BLE001  (one bad record must not sink the partition)
                out[i] = error_row(rows[i], "extract", f"output failed ({type(exc).__name__}: {exc})")
    return out  # type: ignore[return-value]  # every Article was replaced by its row above


def extract_batches(
    batches: Iterator[pa.RecordBatch], spacy_model: str | None, model: str | None, chunk_size: int
) -> Iterator[pa.RecordBatch]:
    """The mapInArrow function: input Arrow batches → output batches of :data:`EXTRACTED_SCHEMA`.

    Runs in a Python worker; the pipeline is loaded on the first article this
    worker process sees and reused for every later batch and task.
    """
    import pyarrow as pa

    from ..pipeline import Pipeline

    def pipeline() -> Any:
        return Pipeline.shared(spacy_model, model)

    for batch in batches:
        rows = batch.to_pylist()
        for start in range(0, len(rows), chunk_size):
            chunk = extract_rows(rows[start : start + chunk_size], pipeline)
            yield pa.RecordBatch.from_pylist(chunk, schema=EXTRACTED_SCHEMA)
