"""Shared fixtures: one loaded pipeline for the whole test session (loading is the slow part)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest_plugins = ["tests.conftest_pg"]  # a throwaway PostgreSQL server for the store tests

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ROOT / "examples" / "000_8b469b86e2e04f6a.txt"
POLNEAR_DEV = ROOT.parent / "shared" / "polnear" / "data" / "dev"


@pytest.fixture(scope="session")
def pipeline():
    """The default pipeline: spaCy + saywho with the shipped attribution model."""
    from saywho import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def rules_pipeline():
    """The rule system alone (model="rules"): what the detector tests pin down."""
    from saywho import Pipeline

    return Pipeline(model="rules")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((DATA / "000_8b469b86e2e04f6a.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_article(pipeline):
    from saywho.readers import read_path

    return pipeline(read_path(EXAMPLE))


@pytest.fixture(scope="session")
def spark():
    """One local[2] Spark session for the Spark tests (needs Java 17+ and pyspark[sql])."""
    import os
    import shutil
    import sys

    pytest.importorskip("pyspark")
    pytest.importorskip("pandas")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java 17+ (no java on PATH, no JAVA_HOME)")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers see what this Python imports (PYTHONPATH too)
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("saywho-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
