"""Metadata for text corpora: a sidecar table (--meta) or a file-name pattern (--name-pattern)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saywho.cli import app
from saywho.errors import InputError
from saywho.metadata import NamePattern, load_meta, metadata
from saywho.types import Article

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = next(
    (
        d
        for d in (ROOT.parent / "shared" / "polnear" / "data", ROOT.parent.parent / "shared" / "polnear" / "data")
        if d.exists()
    ),
    ROOT.parent / "shared" / "polnear" / "data",
)
POLNEAR_HEADER = "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle\n"


def polnear_like(folder: Path) -> Path:
    meta = folder / "metadata.tsv"
    meta.write_text(
        POLNEAR_HEADER
        + "dev\tnyt_2016-09-20_a-story\tNone\tx\tnyt\t2016-09-20\tA. Writer\tA Story\n"
        + "dev\tbreitbart_2016-08-01_other\tNone\tx\tbreitbart\t2016-08-01\tNone\tOther\n",
        encoding="utf-8",
    )
    return meta


def test_polnear_columns_are_recognised(tmp_path: Path) -> None:
    table = load_meta(polnear_like(tmp_path))
    assert table["nyt_2016-09-20_a-story"] == {"outlet": "nyt", "date": "2016-09-20", "title": "A Story"}
    set_meta = metadata(polnear_like(tmp_path))
    assert set_meta is not None
    # keyed by file name with or without suffix, case aside; other articles are left alone
    a = set_meta(Article(id="NYT_2016-09-20_a-story", text="x", outlet="Old", date=None))
    assert (a.outlet, a.date, a.title) == ("nyt", "2016-09-20", "A Story")
    b = set_meta(Article(id="unknown", text="x", outlet="Kept"))
    assert (b.outlet, b.date) == ("Kept", None)


def test_csv_with_mapping_and_url(tmp_path: Path) -> None:
    meta = tmp_path / "m.csv"
    meta.write_text("doc,paper,when,link\nstory.txt,The Times,2020-01-02,https://t.example/1\n", encoding="utf-8")
    with pytest.raises(InputError, match="no file name or id column"):
        load_meta(meta)
    table = load_meta(meta, {"key": "doc", "outlet": "paper", "date": "when"})
    assert table["story"] == {"outlet": "The Times", "date": "2020-01-02", "url": "https://t.example/1"}
    with pytest.raises(InputError, match=r"m\.csv:1: has no column 'nope'"):
        load_meta(meta, {"key": "doc", "outlet": "nope"})
    with pytest.raises(InputError, match="expected one of key"):
        load_meta(meta, {"author": "doc"})
    bad = tmp_path / "bad.csv"
    bad.write_text("filename,outlet\na,b\n,c\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv:3: has no file name"):
        load_meta(bad)
    with pytest.raises(InputError, match="cannot be read"):
        load_meta(tmp_path / "missing.tsv")


def test_name_pattern() -> None:
    p = NamePattern("{outlet}_{date}_{slug}")
    assert p.parse("breitbart_2016-09-12_stealth-over-health") == {"outlet": "breitbart", "date": "2016-09-12"}
    assert p.parse("wash-post_2016-10-01_a_b") == {"outlet": "wash-post", "date": "2016-10-01"}
    assert p.parse("no-date-here") == {}
    assert NamePattern("{date}-{outlet}").parse("20161001-rt") == {"date": "2016-10-01", "outlet": "rt"}
    with pytest.raises(ValueError, match="unknown field"):
        NamePattern("{outlet}_{author}")
    with pytest.raises(ValueError, match="no field"):
        NamePattern("plain")
    # the sidecar wins over the pattern
    set_meta = metadata(name_pattern="{outlet}_{date}_{slug}")
    assert set_meta is not None
    assert set_meta(Article(id="rt_2016-10-01_x", text="x")).outlet == "rt"


@pytest.fixture
def use_session_pipeline(monkeypatch, rules_pipeline):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "saywho.pipeline.Pipeline.shared", classmethod(lambda cls, spacy_model=None, model=None: rules_pipeline)
    )


ARTICLE = "Budget talks {n}\n\n“We will not cut the schools budget number {n},” Mayor Ana Ortiz said on Monday.\n"


def test_ingest_meta_then_search_by_outlet_and_date(tmp_path: Path, use_session_pipeline) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "text"
    corpus.mkdir()
    for n, stem in enumerate(["nyt_2016-09-20_a-story", "breitbart_2016-08-01_other", "nyt_2016-08-02_old"]):
        (corpus / f"{stem}.txt").write_text(ARTICLE.format(n=n), encoding="utf-8")
    meta = polnear_like(tmp_path)
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "ingest",
            str(corpus),
            "--db",
            db,
            "--workers",
            "1",
            "--meta",
            str(meta),
            "--name-pattern",
            "{outlet}_{date}_{slug}",
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["search", "--outlet", "nyt", "--since", "2016-09-01", "--db", db, "-f", "jsonl"])
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(h["article_id"], h["outlet"], h["date"], h["title"]) for h in hits} == {
        ("nyt_2016-09-20_a-story", "nyt", "2016-09-20", "A Story")
    }
    # the third file is not in the table: its outlet and date come from the name pattern
    result = runner.invoke(app, ["search", "--outlet", "nyt", "--until", "2016-08-31", "--db", db, "-f", "jsonl"])
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} == {"nyt_2016-08-02_old"}
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--meta", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 2 and "nope.tsv" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_extract_meta(tmp_path: Path, rules_pipeline, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("saywho.pipeline.Pipeline", lambda *a, **k: rules_pipeline)
    path = tmp_path / "nyt_2016-09-20_a-story.txt"
    path.write_text(ARTICLE.format(n=1), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "-f", "jsonl", "--meta", str(polnear_like(tmp_path))])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert (obj["outlet"], obj["date"], obj["title"]) == ("nyt", "2016-09-20", "A Story")


@pytest.mark.skipif(not (POLNEAR / "metadata.tsv").exists(), reason="PolNeAR is not in ../shared")
def test_polnear_metadata_covers_the_dev_split() -> None:
    table = load_meta(POLNEAR / "metadata.tsv")
    stems = [p.stem for p in (POLNEAR / "dev" / "text").glob("*.txt")]
    assert stems and all(table[s.casefold()]["outlet"] and table[s.casefold()]["date"] for s in stems)
    assert sum(table[s.casefold()]["outlet"] == "nyt" for s in stems) == 12
