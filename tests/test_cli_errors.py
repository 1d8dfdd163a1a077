"""One error tree, mapped in one place: each SaywhoError is one line and an exit code; --format is checked everywhere.

No spaCy pipeline is loaded here: the stores are filled without NLP, the model checks are the attribution model's.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saywho.cli import app
from saywho.cli_app import CommandError, exit_code
from saywho.errors import (
    InputError,
    MissingExtra,
    ModelError,
    SaywhoError,
    StoreError,
    StoreNotFound,
)
from saywho.store import NotFound, UnknownSpeaker, open_store, opened
from tests.store.test_store import obamas

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "s.db")
    store = open_store(path)
    for a in obamas():
        store.add(a)
    store.close()
    return path


def one_line(result, code: int) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("saywho: error:"), result.stderr
    return str(lines[0])


def test_exit_codes_come_from_one_table() -> None:
    assert exit_code(UnknownSpeaker("x")) == exit_code(NotFound("x")) == 1
    for error in (InputError("f", "bad"), ModelError("m"), StoreNotFound("s"), MissingExtra("e"), CommandError("c")):
        assert isinstance(error, SaywhoError) and exit_code(error) == 2


@pytest.mark.parametrize(
    "command,choices",
    [
        (["show", "o1"], "text|json|html"),
        (["speakers"], "table|jsonl|csv"),
        (["errors"], "table|jsonl"),
        (["search", "one"], "table|jsonl|csv"),
        (["export"], "jsonl|csv|parquet"),
        (["trace", "one"], "table|jsonl|json|csv|html"),
        (["utterances"], "table|jsonl"),
    ],
)
def test_an_unknown_format_is_an_error_in_every_command(db: str, command: list[str], choices: str) -> None:
    result = runner.invoke(app, [*command, "--db", db, "-f", "bogus"])
    assert result.exit_code == 2 and "bogus" in result.stderr  # show and speakers took it silently
    assert f"<{choices}>" in runner.invoke(app, [command[0], "--help"], env={"COLUMNS": "200"}).stdout


def test_show_json_and_a_missing_article(db: str) -> None:
    result = runner.invoke(app, ["show", "o1", "--db", db, "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == "o1"
    line = one_line(runner.invoke(app, ["show", "nope", "--db", db]), 1)
    assert "nope: no such article" in line


def test_errors_output_keeps_its_columns(tmp_path: Path) -> None:
    from saywho.errors import Failure

    path = str(tmp_path / "e.db")
    with opened(path) as store:
        store.add_error(Failure("in.txt", "read", "is empty"))
    result = runner.invoke(app, ["errors", "--db", path, "-f", "jsonl"])
    (row,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert list(row) == ["source", "stage", "reason", "at"] and row["source"] == "in.txt" and row["at"]


def test_a_bad_model_file_is_a_model_error(tmp_path: Path) -> None:
    from saywho.run import check_models

    bad = tmp_path / "bad-model"
    bad.mkdir()
    (bad / "model.json.gz").write_bytes(gzip.compress(b"{not json"))
    with pytest.raises(ModelError, match="not a saywho attribution model") as info:
        check_models(None, str(bad), spacy=False)
    assert not isinstance(info.value, InputError)
    # through the CLI: one line, exit 2, before Spark is even looked for
    line = one_line(runner.invoke(app, ["spark-extract", "in.jsonl", str(tmp_path / "out"), "--model", str(bad)]), 2)
    assert str(bad) in line and "not a saywho attribution model" in line


def test_usage_errors_are_one_line(db: str, tmp_path: Path) -> None:
    assert "--conf" in one_line(runner.invoke(app, ["spark-extract", "x", "out", "--conf", "nokey"]), 2)
    assert "parquet is a binary format" in one_line(runner.invoke(app, ["export", "--db", db, "-f", "parquet"]), 2)
    assert "no input" in one_line(runner.invoke(app, ["extract"], input=""), 2)
    assert "--field" in one_line(runner.invoke(app, ["ingest", "x.txt", "--field", "text"]), 2)
    assert "--framed" in one_line(runner.invoke(app, ["utterances", "--db", db, "--framed", "sideways"]), 2)


def test_an_unknown_speaker_is_1_a_bad_correction_2(db: str) -> None:
    """(An ambiguous speaker term, exit 2, is tested in test_cli_speakers.)"""
    assert "TARGET 'o2': no speaker" in one_line(runner.invoke(app, ["merge", "obama", "o2", "--db", db]), 1)
    assert "into itself" in one_line(runner.invoke(app, ["merge", "obama", "barack-obama", "--db", db]), 2)
    line = one_line(runner.invoke(app, ["split", "nobody-at-all", "--name", "X", "--db", db]), 1)
    assert line.endswith("list them with `saywho speakers`") and "SPEAKER 'nobody-at-all'" in line


def test_opened_turns_driver_errors_into_store_errors(tmp_path: Path) -> None:
    path = str(tmp_path / "s.db")
    with (
        pytest.raises(StoreError, match=r"s\.db: cannot write to the store \(OperationalError: "),
        opened(path) as store,
    ):
        store._conn.execute("SELECT * FROM no_such_table")  # type: ignore[attr-defined]
    with pytest.raises(StoreNotFound, match=r"missing\.db: no such store"):
        open_store(str(tmp_path / "missing.db"), readonly=True)
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StoreError, match=r"dir\.db: cannot open the store"):
        open_store(str(tmp_path / "dir.db"))


def test_load_of_a_missing_output_is_an_input_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from saywho.store import load_output

    with opened(str(tmp_path / "s.db")) as store, pytest.raises(InputError, match="cannot read"):
        load_output(store, str(tmp_path / "no-output"))
    line = one_line(runner.invoke(app, ["load", str(tmp_path / "no-output"), "--db", str(tmp_path / "s.db")]), 2)
    assert "no-output: cannot read" in line


def test_write_hits_csv_neutralises_and_jsonl_is_one_object_a_line(db: str) -> None:
    from saywho.output import write_hits
    from saywho.store import Query

    with opened(db, readonly=True) as store:
        hits = store.search(Query(limit=5))
    hits[0].content = "=SUM(A1)"
    buf = io.StringIO()
    write_hits(hits, "csv", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == len(hits) and rows[0]["content"] == "'=SUM(A1)"
    raw = io.StringIO()
    write_hits(hits, "csv", raw, raw_csv=True)
    assert next(csv.DictReader(io.StringIO(raw.getvalue())))["content"] == "=SUM(A1)"
    lines = io.StringIO()
    write_hits(hits, "jsonl", lines)
    assert [json.loads(x)["quote_id"] for x in lines.getvalue().splitlines()] == [h.quote_id for h in hits]


def test_predict_times_the_extraction_alone() -> None:
    from saywho.evaluate import GoldArticle, predict

    class Fake:
        def pipe(self, articles):  # type: ignore[no-untyped-def]
            yield from articles

    seen: list[str] = []
    predicted, rate = predict(
        [GoldArticle("a", "x"), GoldArticle("b", "y")], Fake(), on_article=lambda a: seen.append(a.id)
    )  # type: ignore[arg-type]
    assert predicted == {"a": [], "b": []} and seen == ["a", "b"] and rate > 0
