"""The job: extraction over a DataFrame (:func:`extract_frame`), and :func:`spark_extract` from files to Parquet."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .check import check_executors
from .inputs import canonical, read_articles
from .rows import extract_batches
from .schema import ARTICLE_COLUMNS, EXTRACTED_SCHEMA, QUOTE_COLUMNS, spark_schema
from .session import (
    DOCS,
    ExecutorError,
    exists,
    first_error,
    require_pyspark,
    spark_session,
)

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession


def extract_frame(
    df: DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    spacy_model: str | None = None,
    model: str | None = None,
    chunk_size: int = 16,
) -> DataFrame:
    """One row per input article: the articles table's columns plus ``quotes`` (array of quote structs).

    Lazy, like any DataFrame. ``columns`` maps our field names (:data:`INPUT_FIELDS`)
    to ``df``'s column names where they differ, e.g. ``{"text": "body", "id": "doc_id"}``;
    a DataFrame needs a ``text`` or an ``html`` column, the rest are optional.
    ``spacy_model`` is the spaCy pipeline to load in the workers (installed there);
    ``model`` the attribution model (None: the one shipped with saywho; ``"rules"``: the
    rule system alone; else a ``saywho train`` folder at a path the workers can read).
    """
    require_pyspark()
    from functools import partial

    func = partial(extract_batches, spacy_model=spacy_model, model=model, chunk_size=chunk_size)
    with warnings.catch_warnings():  # PySpark 4 warns about pandas 3, which mapInArrow does not use
        warnings.filterwarnings("ignore", message=".*pandas.*", category=FutureWarning)
        return canonical(df, columns).mapInArrow(func, spark_schema(EXTRACTED_SCHEMA))


def split_frame(extracted: DataFrame) -> tuple[DataFrame, DataFrame]:
    """The articles and quotes tables of an :func:`extract_frame` result.

    Both are computed from ``extracted``: persist it first if you use both, or
    extraction runs twice (:func:`spark_extract` does).
    """
    from pyspark.sql import functions as F

    articles = extracted.select(*ARTICLE_COLUMNS)
    quotes = extracted.select(F.explode("quotes").alias("q")).select(*(f"q.{c}" for c in QUOTE_COLUMNS))
    return articles, quotes


def extract_dataframe(
    df: DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    spacy_model: str | None = None,
    model: str | None = None,
    chunk_size: int = 16,
) -> tuple[DataFrame, DataFrame]:
    """``(articles, quotes)`` DataFrames for a DataFrame of articles (see :func:`extract_frame`)."""
    return split_frame(extract_frame(df, columns=columns, spacy_model=spacy_model, model=model, chunk_size=chunk_size))


def spark_extract(
    inputs: list[str],
    output: str,
    master: str | None = None,
    partitions: int | None = None,
    spacy_model: str | None = None,
    *,
    model: str | None = None,
    format: str | None = None,
    fields: Mapping[str, str] | None = None,
    overwrite: bool = False,
    conf: Mapping[str, str] | None = None,
    check: bool = True,
) -> dict[str, Any]:
    """Read ``inputs``, extract, and write Parquet ``OUTPUT/articles/`` and ``OUTPUT/quotes/``.

    ``inputs`` are files, folders or globs, local or any Hadoop URI (see
    :func:`read_articles`). ``partitions``: how many tasks share the articles (None:
    the input's own splits, at least two per core). ``spacy_model`` and ``model`` are
    passed to the executors as for :func:`extract_frame`. Returns a summary:
    ``{"output", "articles", "quotes", "errors", "partitions", "seconds"}``; per-article
    failures are rows of ``articles/`` with ``error`` set, not exceptions. Raises
    FileExistsError (before reading anything) if ``OUTPUT/articles`` or ``OUTPUT/quotes``
    exists and not ``overwrite``; ValueError for inputs it cannot plan; ExecutorError
    (one line: which setting, what to do) if ``check`` and the executors lack Python,
    saywho or a model (:func:`check_executors`). A session is created if none is
    active, and stopped again at the end.
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    started = time.perf_counter()
    own_session = SparkSession.getActiveSession() is None
    spark = _start(master, conf)
    try:
        base = output.rstrip("/")
        if not overwrite:
            taken = [f"{base}/{t}" for t in ("articles", "quotes") if exists(spark, f"{base}/{t}")]
            if taken:
                raise FileExistsError(f"{taken[0]} already exists; choose another output or overwrite")
        if check:
            check_executors(spark, spacy_model, model)
        df = read_articles(spark, inputs, format=format, fields=fields)
        n_parts = df.rdd.getNumPartitions()
        wanted = partitions or max(n_parts, 2 * spark.sparkContext.defaultParallelism)
        if wanted != n_parts:
            df = df.repartition(wanted)
        totals = _write(extract_frame(df, spacy_model=spacy_model, model=model), base, overwrite)
    finally:
        if own_session:
            spark.stop()
    return {"output": output, **totals, "partitions": wanted, "seconds": round(time.perf_counter() - started, 2)}


def _start(master: str | None, conf: Mapping[str, str] | None) -> SparkSession:
    """The session spark_extract runs in; ExecutorError (one line, not a JVM trace) if Spark cannot start."""
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    try:
        return spark_session(master, conf=conf)
    except (Py4JError, PySparkException, RuntimeError, OSError) as exc:
        where = master or os.environ.get("MASTER") or "the master spark-submit was given"
        raise ExecutorError(f"cannot start Spark on {where}: {first_error(exc)} ({DOCS})") from None


def _write(extracted: DataFrame, base: str, overwrite: bool) -> dict[str, int]:
    """Write ``BASE/articles`` and ``BASE/quotes`` (extracting once) and count the articles, quotes, errors."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    extracted = extracted.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        articles, quotes = split_frame(extracted)
        mode = "overwrite" if overwrite else "errorifexists"
        articles.write.mode(mode).parquet(f"{base}/articles")
        quotes.write.mode(mode).parquet(f"{base}/quotes")  # same partitions, same order: see iter_output_articles
        totals = extracted.agg(
            F.count(F.lit(1)).alias("articles"),
            F.coalesce(F.sum("n_quotes"), F.lit(0)).alias("quotes"),
            F.count("error").alias("errors"),
        ).first()
    finally:
        extracted.unpersist()
    assert totals is not None  # an aggregate without groupBy always has one row
    return {name: int(totals[name]) for name in ("articles", "quotes", "errors")}
