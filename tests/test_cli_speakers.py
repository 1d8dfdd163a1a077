"""The speaker commands over a store filled without NLP: speakers, search --speaker, merge, split, corrections."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saywho.cli import app
from saywho.store import open_store
from tests.store.test_store import obamas, unnamed

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
    assert (aide["name"], aide["org"], aide["id"]) == (
        "a campaign aide",
        "Clinton campaign",
        "unnamed-u1-a-campaign-aide",
    )
    assert "Mr. Obama" in table[0]["aliases"].split("|")
    code, out, _ = run("speakers", "--db", db)
    assert code == 0 and "barack-obama" in out and "President" in out
    code, _, _err = run("speakers", "--db", db, "-f", "xml")
    assert code == 2
    assert "table" in runner.invoke(app, ["speakers", "--help"]).stdout


def test_search_speaker_exact_ambiguous_and_missing(db: str) -> None:
    code, out, _ = run("search", "--speaker", "obama", "--db", db, "-f", "jsonl")
    assert code == 0 and sorted(json.loads(x)["content"] for x in out.splitlines()) == ["named u1", "one"]
    code, out, err = run("search", "--speaker", "smith", "--db", db)
    assert code == 2 and "id:john-smith (John Smith" in err and "id:jane-smith (Jane Smith" in err
    assert len(err.strip().splitlines()) == 1 and "give one of these" in err
    code, out, err = run("search", "--speaker", "michelle", "--db", db)
    assert code == 1 and "michelle-obama (Michelle Obama)" in err
    code, out, _ = run("search", "--speaker", "unnamed", "--db", db, "-f", "jsonl")
    hit = json.loads(out)
    assert (hit["speaker"], hit["speaker_type"], hit["content"]) == ("a campaign aide", "unnamed", "unnamed u1")
    code, out, _ = run("search", "--speaker", "unnamed", "--db", db)
    assert code == 0 and "a campaign aide" in out and "(unnamed)" in out


def test_merge_split_and_corrections_round_trip(db: str, tmp_path: Path) -> None:
    code, _, err = run("merge", "advisers to Mr. Obama", "obama", "--db", db)
    assert code == 0, err
    code, _, err = run("merge", "nobody", "obama", "--db", db)
    assert code == 1 and "nobody" in err
    code, _, err = run("split", "barack-obama", "--name", "advisers to Mr. Obama", "--db", db)
    assert code == 0, err
    code, _, err = run("split", "barack-obama", "--name", "Michelle Obama", "--db", db)
    assert code == 2 and "none of its article speakers" in err
    code, _, err = run("merge", "jane-smith", "john-smith", "--db", db)
    assert code == 0, err
    fixes = tmp_path / "fixes.jsonl"
    code, _, err = run("corrections", "export", "-o", str(fixes), "--db", db)
    assert code == 0
    # the split brought back the speaker merged first: the latest fix wins, the merge is gone
    fixed = [json.loads(x) for x in fixes.read_text().splitlines()]
    assert [(c["kind"], c["source"], c["target"]) for c in fixed] == [
        ("split", "barack-obama", "advisers-to-mr-obama"),
        ("merge", "jane-smith", "john-smith"),
    ]
    other = str(tmp_path / "other.db")
    code, _, err = run("corrections", "import", str(fixes), "--db", other)
    assert code == 0 and "2 new" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "merge", "source": "a", "target": "b"}\n{"kind": "rename"}\n')
    code, _, err = run("corrections", "import", str(bad), "--db", other)
    assert code == 2 and f"{bad}:2" in err and "rename" in err


@pytest.fixture
def use_session_pipeline(monkeypatch, rules_pipeline):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "saywho.pipeline.Pipeline.shared", classmethod(lambda cls, spacy_model=None, model=None: rules_pipeline)
    )


def test_read_entities_is_strict(tmp_path: Path) -> None:
    from saywho.corpus.files import read_entities
    from saywho.errors import InputError

    good = tmp_path / "e.csv"
    good.write_text(
        'name,aliases,type,id,description\nAna Ortiz,Ortiz|Mayor Ortiz;A. Ortiz,person,Q1,"Mayor, city"\nCity Council,,org,,\n'
    )
    a, b = read_entities(good)
    assert (a.name, a.aliases, a.type) == ("Ana Ortiz", ["Ortiz", "Mayor Ortiz", "A. Ortiz"], "person")
    assert (a.id, a.description) == ("Q1", "Mayor, city")
    assert (b.type, b.id, b.aliases) == ("organization", None, [])
    for text, where, why in (
        ("aliases,type\nx,person\n", ":1", "no name column"),
        ("name,type\nAna,planet\n", ":2", "planet"),
        ("name,type\n,person\n", ":2", "has no name"),
        ("name,type\nAna,person,extra\n", ":2", "fields"),
        ("", "", "is empty"),
    ):
        bad = tmp_path / "bad.csv"
        bad.write_text(text)
        with pytest.raises(InputError, match=why) as info:
            read_entities(bad)
        assert str(info.value).startswith(f"{bad}{where}:")


def test_ingest_entities_exported(tmp_path: Path, use_session_pipeline) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(2):
        (corpus / f"a{i}.txt").write_text(
            f"Budget {i}\n\n“We will not cut the schools budget number {i},” Mayor Ana Ortiz said on Monday.\n",
            encoding="utf-8",
        )
    entities = tmp_path / "entities.csv"
    entities.write_text("name,aliases,type,id,description\nAna M. Ortiz,Ana Ortiz|Ortiz,person,Q42,Mayor of the city\n")
    db = str(tmp_path / "s.db")
    code, _, err = run("ingest", str(corpus), "--db", db, "--workers", "1", "--entities", str(entities))
    assert code == 0, err
    code, out, _ = run("speakers", "--db", db, "-f", "jsonl")
    (row,) = [json.loads(x) for x in out.splitlines() if json.loads(x)["entity_id"]]
    assert (row["name"], row["entity_id"], row["description"], row["quotes"]) == (
        "Ana M. Ortiz",
        "Q42",
        "Mayor of the city",
        2,
    )
    out_csv = tmp_path / "q.csv"
    assert run("export", "-f", "csv", "-o", str(out_csv), "--db", db)[0] == 0
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert [r["speaker_entity_id"] for r in rows] == ["Q42", "Q42"]
    code, out, _ = run("export", "--db", db)
    speakers = [s for line in out.splitlines() for s in json.loads(line)["speakers"]]
    assert {s.get("entity_id") for s in speakers} == {"Q42"}
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text('{"kind": "split", "source": "ana-ortiz", "target": "ana-ortiz-jr", "name": "Ana Ortiz"}\n')
    code, _, err = run("ingest", str(corpus), "--db", db, "--workers", "1", "--corrections", str(fixes))
    assert code == 0, err
    store = open_store(db)
    assert [c.target for c in store.corrections()] == ["ana-ortiz-jr"]  # type: ignore[attr-defined]
    store.close()
    entities.write_text("name,type\nAna,planet\n")
    code, _, err = run("ingest", str(corpus), "--db", db, "--entities", str(entities))
    assert code == 2 and f"{entities}:2" in err and len(err.strip().splitlines()) == 1
