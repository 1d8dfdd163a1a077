"""Apache Spark: saywho's per-article function over a DataFrame of articles.

The same library code as ``saywho extract``, run by Spark on one machine
(``local[N]``) or a cluster, reading JSON Lines / Parquet / CSV / WARC from any
path Spark can read (local, ``hdfs://``, ``s3a://``, ``gs://`` …) and writing
Parquet that ``saywho`` can load into a store::

    from saywho.spark import spark_extract, iter_output_articles

    spark_extract(["s3a://bucket/news/*.jsonl.gz"], "s3a://bucket/saywho-out")
    for article in iter_output_articles("out"):     # saywho/1 Articles again
        store.add(article)

or, with a DataFrame you already have::

    articles, quotes = extract_dataframe(df, columns={"text": "body", "id": "doc_id"})

Output (one typed table each, see :func:`article_schema` and :func:`quote_schema`):

``articles``
    id, title, date, outlet, url, text, speakers (array of struct), n_quotes,
    error_stage, error. An article that could not be read or processed is a row
    with ``error`` set (and no quotes); the job goes on.
``quotes``
    one row per quote: every column of ``saywho extract --format parquet`` (the
    CSV columns, same names and types) plus the spans as ``array<array<int>>``
    (code-point offsets into the article text): content_spans, cue_spans,
    source_spans.

Extraction runs in ``mapInArrow`` with ONE spaCy pipeline per Python worker
process, loaded on first use and kept in a module-level cache
(:meth:`saywho.Pipeline.shared`), never per row or batch. PySpark is optional:
the package imports it (and spaCy) only inside the functions that need it.

The parts: :mod:`~saywho.spark.schema` (the tables, as Arrow schemas; the Spark ones
derived), :mod:`~saywho.spark.inputs` (files → input rows), :mod:`~saywho.spark.rows`
(in the workers: rows → Articles → output rows), :mod:`~saywho.spark.job` (the
DataFrame functions and spark_extract), :mod:`~saywho.spark.check` (the executor
check), :mod:`~saywho.spark.output` (reading the output back, without Spark),
:mod:`~saywho.spark.session` (starting Spark; the errors) and
:mod:`~saywho.spark.cluster` (a throwaway standalone cluster, for tests and benchmarks).
"""

from __future__ import annotations

from .check import check_executors
from .inputs import INPUT_FORMATS, read_articles
from .job import extract_dataframe, extract_frame, spark_extract, split_frame
from .output import iter_output_articles, to_article
from .schema import (
    ARTICLE_COLUMNS,
    INPUT_FIELDS,
    QUOTE_COLUMNS,
    article_schema,
    quote_schema,
)
from .session import ExecutorError, SparkUnavailable, spark_session

__all__ = [
    "ARTICLE_COLUMNS",
    "INPUT_FIELDS",
    "INPUT_FORMATS",
    "QUOTE_COLUMNS",
    "ExecutorError",
    "SparkUnavailable",
    "article_schema",
    "check_executors",
    "extract_dataframe",
    "extract_frame",
    "iter_output_articles",
    "quote_schema",
    "read_articles",
    "spark_extract",
    "spark_session",
    "split_frame",
    "to_article",
]
