"""Starting Spark, and what every part of :mod:`saywho.spark` shares: its errors, where a path is."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtra, SaywhoError

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import SparkSession

INSTALL_HINT = "saywho.spark needs PySpark with Arrow: pip install 'saywho[spark]'"
#: where docs/spark.md explains the settings the executor check names
DOCS = "docs/spark.md, 'On a cluster'"


class SparkUnavailable(MissingExtra):
    """PySpark (or pyarrow/pandas, which it needs for Arrow) is not installed."""


class ExecutorError(SaywhoError):
    """The executors cannot run saywho (no Python, no saywho, no model): the message says which setting to fix."""


def require_pyspark() -> None:
    """Raise SparkUnavailable (one line: what to install) unless PySpark can run Arrow UDFs here."""
    try:
        import pandas  # noqa: F401  (PySpark's Arrow UDFs refuse to run without it)
        import pyarrow  # noqa: F401  (imported only to see that it is installed)
        import pyspark  # noqa: F401  (imported only to see that it is installed)
    except ImportError as exc:
        raise SparkUnavailable(f"{INSTALL_HINT} ({exc.name or exc} is missing)") from None


def spark_session(
    master: str | None = None, *, app_name: str = "saywho", conf: Mapping[str, str] | None = None
) -> SparkSession:
    """The active Spark session, or a new one (``master`` e.g. ``local[4]``; None: as spark-submit says).

    For a ``local`` master the Python workers run this interpreter (unless
    ``PYSPARK_PYTHON`` says otherwise), so they see the same installed saywho.
    """
    require_pyspark()
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


def first_error(exc: BaseException) -> str:
    """The line of a Spark/Py4J error that says what went wrong (not the stack trace around it)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip() and not ln.strip().startswith("at ")]
    found = next((ln for ln in lines if "Exception:" in ln or "Error:" in ln), lines[-1] if lines else repr(exc))
    return found.lstrip(": ")[:300]


def local_path(path: str) -> Path | None:
    """The local path a ``path`` or ``file://`` URI names; None for any other URI."""
    if path.startswith("file://"):
        return Path(path[len("file://") :])
    return None if "://" in path else Path(path)


def exists(spark: SparkSession, uri: str) -> bool:
    """Whether ``uri`` exists, asked of Hadoop's file system (any scheme Spark can write)."""
    from py4j.protocol import Py4JError

    local = local_path(uri)
    try:
        jvm: Any = spark._jvm  # None under Spark Connect: `.org` then raises AttributeError, caught below
        path = jvm.org.apache.hadoop.fs.Path(uri)
        return bool(path.getFileSystem(spark._jsc.hadoopConfiguration()).exists(path))
    except (AttributeError, Py4JError):  # no JVM (Spark Connect), no such file system: ask the local disk
        return local.exists() if local is not None else False
