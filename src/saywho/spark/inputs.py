"""Reading inputs: files Spark can read (JSON Lines, Parquet, CSV, WARC) → a DataFrame of input rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..readers.records import field_map
from .schema import (
    ERROR_COL,
    INPUT_FIELDS,
    INPUT_SCHEMA,
    spark_schema,
    spark_type,
    string_schema,
)
from .session import local_path, require_pyspark

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession

_SUFFIXES = (
    ((".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".jsonl.bz2", ".json.bz2"), "json"),
    ((".parquet",), "parquet"),
    ((".csv", ".csv.gz"), "csv"),
    ((".warc", ".warc.gz"), "warc"),
)
#: Input formats spark_extract reads (``jsonl``/``ndjson`` are accepted for ``json``).
INPUT_FORMATS = ("json", "parquet", "csv", "warc")


def format_of(path: str) -> str | None:
    """The input format a file name says (by its suffix), or None."""
    name = path.rstrip("/").lower()
    for suffixes, fmt in _SUFFIXES:
        if name.endswith(suffixes):
            return fmt
    return None


def plan_inputs(inputs: Iterable[str], format: str | None) -> dict[str, list[str]]:
    """Inputs grouped by format: by ``format``, else by suffix; a local folder by the files in it."""
    if format is not None:
        format = {"jsonl": "json", "ndjson": "json"}.get(format.lower(), format.lower())
        if format not in INPUT_FORMATS:
            raise ValueError(f"unknown input format {format!r}; expected one of {', '.join(INPUT_FORMATS)}")
    plan: dict[str, list[str]] = {}
    for item in inputs:
        fmt = format or format_of(item)
        local = local_path(item)
        if fmt is None and local is not None and local.is_dir():
            found: dict[str, list[str]] = {}
            for p in sorted(local.rglob("*")):
                rel = p.relative_to(local).parts
                if p.is_file() and not any(part.startswith((".", "_")) for part in rel) and (f := format_of(p.name)):
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


def canonical(df: DataFrame, columns: Mapping[str, str] | None) -> DataFrame:
    """``df`` with exactly the input columns (:data:`~saywho.spark.schema.INPUT_SCHEMA`), by our names.

    ``columns`` maps our field names to ``df``'s (as ``fields`` does for record files);
    missing columns are null. ValueError for a bad map or a DataFrame without text or html.
    """
    from pyspark.sql import functions as F

    mapping = field_map(dict(columns or {}))
    have = set(df.columns)
    if mapping["text"] not in have and mapping["html"] not in have:
        wanted = " or ".join(repr(mapping[k]) for k in ("text", "html"))
        raise ValueError(
            f"the DataFrame has no {wanted} column (its columns: {', '.join(df.columns) or 'none'}); "
            "map yours with columns={'text': 'body'}"
        )
    cols = [
        (F.col(f"`{mapping[f]}`") if mapping[f] in have else F.lit(None)).cast("string").alias(f) for f in INPUT_FIELDS
    ]
    for field in list(INPUT_SCHEMA)[len(INPUT_FIELDS) :]:
        missing = F.lit(None).cast(spark_type(field.type)).alias(field.name)
        cols.append(F.col(field.name) if field.name in have else missing)
    return df.select(*cols)


def warc_rows(pairs: Iterable[tuple[str, bytes]]) -> Iterator[tuple[Any, ...]]:
    """Input rows for the pages in WARC files given as (path, bytes) (from ``binaryFiles``)."""
    import tempfile

    from ..readers.warc import iter_warc

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
    becomes a row that :func:`~saywho.spark.extract_frame` turns into an error row.
    """
    require_pyspark()
    field_map(dict(fields or {}))  # a bad map fails before anything is planned or read
    frames = [_read(spark, fmt, paths, fields) for fmt, paths in plan_inputs(inputs, format).items()]
    if not frames:
        raise ValueError("no inputs given")
    df = frames[0]
    for other in frames[1:]:
        df = df.unionByName(other)
    return df


def _read(spark: SparkSession, fmt: str, paths: list[str], fields: Mapping[str, str] | None) -> DataFrame:
    """The input rows of the files ``paths``, all of format ``fmt``."""
    from pyspark.sql import functions as F

    if fmt == "json":
        mapping = field_map(dict(fields or {}))
        schema = string_schema([*sorted(set(mapping.values())), "_corrupt_record"])
        raw = spark.read.schema(spark_schema(schema)).option("columnNameOfCorruptRecord", "_corrupt_record").json(paths)
        broken = F.col("_corrupt_record").isNotNull()
        why = F.concat(F.lit("not a valid JSON object: "), F.substring("_corrupt_record", 1, 60))
        raw = raw.withColumn(ERROR_COL, F.when(broken, why)).withColumn(
            mapping["id"], F.when(broken, F.input_file_name()).otherwise(F.col(f"`{mapping['id']}`"))
        )
        return canonical(raw, fields)
    if fmt == "parquet":
        return canonical(spark.read.parquet(*paths), fields)
    if fmt == "csv":
        reader = spark.read.options(header=True, multiLine=True, escape='"', mode="PERMISSIVE")
        return canonical(reader.csv(paths), fields)
    sc = spark.sparkContext  # warc
    rdd = sc.union([sc.binaryFiles(p, minPartitions=1) for p in paths]).mapPartitions(warc_rows)
    return spark.createDataFrame(rdd, spark_schema(INPUT_SCHEMA))
