"""The tables: each written once as an Arrow schema; the Spark schemas are derived from them.

The workers send Arrow batches of :data:`EXTRACTED_SCHEMA`, the output Parquet is
:data:`ARTICLE_SCHEMA` and :data:`QUOTE_SCHEMA`, and :func:`spark_schema` turns any of
them into the Spark ``StructType`` (PySpark's own Arrow mapping), so the two never
disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..output import CSV_COLUMNS
from ..readers.records import FIELDS
from .session import require_pyspark

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql.types import DataType, StructType

#: Our names for the input columns; ``columns=`` maps them to a DataFrame's own names.
INPUT_FIELDS = FIELDS
# internal input columns: an article read already (WARC: regions known), or a read error
REGIONS_COL, ERROR_COL = "_saywho_regions", "_saywho_error"

_SPANS = pa.list_(pa.list_(pa.int32()))
_STRINGS = pa.list_(pa.string())

REGION_TYPE = pa.struct([("kind", pa.string()), ("start", pa.int32()), ("end", pa.int32())])
INPUT_SCHEMA = pa.schema(
    [*((f, pa.string()) for f in INPUT_FIELDS), (REGIONS_COL, pa.list_(REGION_TYPE)), (ERROR_COL, pa.string())]
)

SPEAKER_TYPE = pa.struct(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("aliases", _STRINGS),
        ("roles", _STRINGS),
        ("quotes", pa.int32()),
        ("org", pa.string()),  # an unnamed source's organisation
        ("entity_id", pa.string()),  # a user entity list's id
    ]
)

_NUMERIC = {"content_start": pa.int64(), "content_end": pa.int64(), "confidence": pa.float64()}
#: quotes/: the columns of ``saywho extract --format parquet`` (types as there), then the spans
QUOTE_SCHEMA = pa.schema(
    [
        *((c, _NUMERIC.get(c, pa.string())) for c in CSV_COLUMNS),
        ("content_spans", _SPANS),
        ("cue_spans", _SPANS),
        ("source_spans", _SPANS),
    ]
)
QUOTE_COLUMNS = tuple(QUOTE_SCHEMA.names)

#: articles/: one row per input article, failed ones too (``error`` set)
ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("date", pa.string()),
        ("outlet", pa.string()),
        ("url", pa.string()),
        ("text", pa.string()),
        ("speakers", pa.list_(SPEAKER_TYPE)),
        ("n_quotes", pa.int32()),
        ("error_stage", pa.string()),  # "read" or "extract"; null when the article succeeded
        ("error", pa.string()),
    ]
)
ARTICLE_COLUMNS = tuple(ARTICLE_SCHEMA.names)

#: what the workers produce: an article row with its quotes nested (split by split_frame)
EXTRACTED_SCHEMA = ARTICLE_SCHEMA.append(pa.field("quotes", pa.list_(pa.struct(list(QUOTE_SCHEMA)))))


def spark_type(arrow_type: pa.DataType) -> DataType:
    """The Spark type of an Arrow type."""
    from pyspark.sql.pandas.types import from_arrow_type

    return from_arrow_type(arrow_type)


def spark_schema(schema: pa.Schema) -> StructType:
    """The Spark schema of an Arrow schema (same names, types and nullability)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def string_schema(names: Any) -> pa.Schema:
    """An Arrow schema of string columns (how the input files are read)."""
    return pa.schema([(name, pa.string()) for name in names])


def article_schema() -> StructType:
    """The Spark schema of the articles table."""
    require_pyspark()
    return spark_schema(ARTICLE_SCHEMA)


def quote_schema() -> StructType:
    """The Spark schema of the quotes table."""
    require_pyspark()
    return spark_schema(QUOTE_SCHEMA)
