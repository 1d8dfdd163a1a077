"""The speaker commands over a store filled without NLP: speakers, search --speaker, merge, split, corrections."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_store import obamas, unnamed
from typer.testing import CliRunner

from saywho.cli import app
from saywho.store import open_store

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "s.db")
    store = open_store(path)
    for a in [*obamas(), unnamed("u1", "a campaign aide", "Clinton campaign", named="Barack Obama")]:
        store.add(a)
    store.close()
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_speakers_formats_fill_every_column(db: str) -> None:
    code, out, _ = run("speakers", "--db", db, "-f", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert "unnamed" not in {r["type"] for r in rows}
    top = rows[0]
    assert top["id"] == "barack-obama" and top["quotes"] == 2 and top["articles"] == 2
    assert top["outlets"] == ["RT"] and top["first_date"] == top["last_date"] == "2016-10-01"
    assert {"Obama", "Mr. Obama"} <= set(top["aliases"]) and top["roles"] == ["President"]
    assert list(top) == ["id", "name", "type", "entity_id", "description", "org", "aliases", "roles", "quotes",
                         "articles", "outlets", "first_date", "last_date"]  # fmt: skip
    code, out, _ = run("speakers", "--db", db, "-f", "csv", "--unnamed")
    table = list(csv.DictReader(io.StringIO(out)))
    aide = next(r for r in table if r["type"] == "unnamed")
    assert (aide["name"], aide["org"], aide["id"]) == ("a campaign aide", "Clinton campaign", "unnamed-u1-a-campaign-aide")
    assert "Mr. Obama" in table[0]["aliases"].split("|")
    code, out, _ = run("speakers", "--db", db)
    assert code == 0 and "barack-obama" in out and "President" in out
    code, _, err = run("speakers", "--db", db, "-f", "xml")
    assert code == 2
    assert "table" in runner.invoke(app, ["speakers", "--help"]).stdout


def test_search_speaker_exact_ambiguous_and_missing(db: str) -> None:
    code, out, _ = run("search", "--speaker", "obama", "--db", db, "-f", "jsonl")
    assert code == 0 and sorted(json.loads(x)["content"] for x in out.splitlines()) == ["named u1", "one"]
    code, out, err = run("search", "--speaker", "smith", "--db", db)
    assert code == 2 and "john-smith (John Smith" in err and "jane-smith (Jane Smith" in err
    assert len(err.strip().splitlines()) == 1 and "give one of these ids" in err
    code, out, err = run("search", "--speaker", "michelle", "--db", db)
    assert code == 1 and "michelle-obama (Michelle Obama)" in err
    code, out, _ = run("search", "--speaker", "unnamed", "--db", db, "-f", "jsonl")
    hit = json.loads(out)
    assert (hit["speaker"], hit["speaker_type"], hit["content"]) == ("a campaign aide", "unnamed", "unnamed u1")


def test_merge_split_and_corrections_round_trip(db: str, tmp_path: Path) -> None:
    code, _, err = run("merge", "advisers to Mr. Obama", "obama", "--db", db)
    assert code == 0, err
    code, _, err = run("merge", "nobody", "obama", "--db", db)
    assert code == 1 and "nobody" in err
    code, _, err = run("split", "barack-obama", "--name", "advisers to Mr. Obama", "--db", db)
    assert code == 0, err
    code, _, err = run("split", "barack-obama", "--name", "Michelle Obama", "--db", db)
    assert code == 2 and "none of its article speakers" in err
    fixes = tmp_path / "fixes.jsonl"
    code, _, err = run("corrections", "export", "-o", str(fixes), "--db", db)
    assert code == 0
    kinds = [json.loads(x)["kind"] for x in fixes.read_text().splitlines()]
    assert kinds == ["merge", "split"]
    other = str(tmp_path / "other.db")
    code, _, err = run("corrections", "import", str(fixes), "--db", other)
    assert code == 0 and "2 new" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "merge", "source": "a", "target": "b"}\n{"kind": "rename"}\n')
    code, _, err = run("corrections", "import", str(bad), "--db", other)
    assert code == 2 and f"{bad}:2" in err and "rename" in err
