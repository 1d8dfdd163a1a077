"""Shared fixtures: one loaded pipeline for the whole test session (loading is the slow part)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest_plugins = ["conftest_pg"]  # a throwaway PostgreSQL server for the store tests

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
