"""`saywho spark-utterances` on a real local[2] session gives the store's utterances,
and `saywho load` brings them in (issue 13, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from saywho.cli import app
from saywho.store import open_store
from tests.provenance.test_provenance import STOCK_A, STOCK_B, TULSA, TULSA_2, WALL, fill, partition
from tests.store.test_store import make


def corpus() -> list:
    return [
        make("cnn-1", [("Hillary Clinton", TULSA)], date="2016-09-20", outlet="CNN"),
        make("fox-1", [("Hillary Clinton", TULSA_2), ("Hillary Clinton", STOCK_A)], date="2016-09-21", outlet="Fox"),
        make("nyt-1", [("Hillary Clinton", "this is just unbearable")], date="2016-09-22", outlet="NYT"),
        make("bb-1", [("Donald Trump", TULSA)], date="2016-09-23", outlet="Breitbart"),
        make("bb-2", [("Donald Trump", STOCK_B), ("Donald Trump", WALL)], date="2016-09-24", outlet="Breitbart"),
        make("wp-1", [("a campaign aide", WALL.replace("great", "big"), "unknown")], date=None, outlet="WaPo"),
        make("rt-1", [("Donald Trump", "We will build a great wall … and Mexico will pay for that wall")], date="2016-09-25", outlet="RT"),
        make("ap-1", [("Donald Trump", "thank you"), ("Donald Trump", "an unarmed man with his hands in the air")], outlet="AP"),
    ]  # fmt: skip


def write_output(articles: list, folder: Path) -> None:
    """A spark-extract output (articles/ and quotes/ Parquet) for these articles, without extraction."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from saywho.spark.rows import article_row
    from saywho.spark.schema import ARTICLE_SCHEMA, QUOTE_SCHEMA

    rows = [article_row(a) for a in articles]
    for name, schema, data in (
        ("articles", ARTICLE_SCHEMA, [{k: v for k, v in r.items() if k != "quotes"} for r in rows]),
        ("quotes", QUOTE_SCHEMA, [q for r in rows for q in r["quotes"]]),
    ):
        (folder / name).mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(data, schema=schema), folder / name / "part-00000.parquet")


@pytest.mark.slow
def test_spark_utterances_equal_the_store_and_load_brings_them_in(spark, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    arts = corpus()
    out = tmp_path / "out"
    write_output(arts, out)
    incremental = str(tmp_path / "incremental.db")
    fill(incremental, corpus())
    with open_store(incremental) as s:
        want = partition(s)
        want_ids = {u.id for u in s.utterances(min_outlets=0, limit=None)}
        want_conflict = {u.id for u in s.utterances(conflict=True, min_outlets=0, limit=None)}
    runner = CliRunner()
    r = runner.invoke(app, ["spark-utterances", str(out)])
    assert r.exit_code == 0, r.output
    rows = pq.read_table(out / "utterances").to_pylist()
    groups: dict[str, set[str]] = {}
    for row in rows:
        groups.setdefault(row["utterance_id"], set()).add(f"{row['article_id']}:{row['quote_id']}")
    assert {frozenset(g) for g in groups.values()} == want and set(groups) == want_ids
    assert {row["utterance_id"] for row in rows if row["conflict"]} == want_conflict
    loaded = str(tmp_path / "loaded.db")
    r = runner.invoke(app, ["load", str(out), "--db", loaded])
    assert r.exit_code == 0, r.output
    with open_store(loaded) as s:
        assert partition(s) == want and {u.id for u in s.utterances(min_outlets=0, limit=None)} == want_ids
        assert s.counts()["quotes"] == 11
    r = runner.invoke(app, ["spark-utterances", str(out)])
    assert r.exit_code == 2 and "already exists" in r.output
