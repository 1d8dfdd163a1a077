"""Ingest end to end: idempotent, resumable after a kill, failures recorded, commands over the store."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saywho.cli import app
from saywho.ingest import ingest
from saywho.store import open_store

ARTICLE = (
    "Officials trade words over budget {n}\n\n"
    "“We will not cut the schools budget number {n},” Mayor Ana Ortiz said on Monday.\n\n"
    "Council member Tom Reed said that the plan {n} would raise taxes for families."
)


def make_corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"a{i:03d}.txt"
        p.write_text(ARTICLE.format(n=i), encoding="utf-8")
        paths.append(p)
    return paths


@pytest.fixture
def use_session_pipeline(monkeypatch, rules_pipeline):
    """In-process ingest with an already loaded pipeline (workers=1); the rules keep counts exact."""
    monkeypatch.setattr(
        "saywho.pipeline.Pipeline.shared", classmethod(lambda cls, spacy_model=None, model=None: rules_pipeline)
    )


def test_ingest_is_idempotent_and_records_failures(tmp_path, use_session_pipeline):
    corpus = tmp_path / "in"
    make_corpus(corpus, 3)
    (corpus / "copy.txt").write_text(ARTICLE.format(n=0), encoding="utf-8")  # same content, other name
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    store = open_store(str(tmp_path / "s.db"))
    first = ingest([str(corpus)], store, workers=1)
    assert (first.stored, first.skipped, first.failed) == (3, 1, 1)
    assert first.quotes >= 6
    again = ingest([str(corpus)], store, workers=1)
    assert (again.stored, again.skipped) == (0, 4)
    counts = store.counts()
    assert counts["articles"] == 3
    assert counts["errors"] >= 1
    assert any("empty.txt" in e.input and e.stage == "read" for e in store.errors())
    store.close()


def test_commands_over_the_store(tmp_path, use_session_pipeline):
    corpus = tmp_path / "in"
    make_corpus(corpus, 2)
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["search", "schools", "--db", db, "-f", "jsonl"])
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert hits and all("schools" in h["content"] for h in hits)
    assert {h["speaker"] for h in hits} == {"Ana Ortiz"}
    result = runner.invoke(app, ["search", "--speaker", "tom reed", "--db", db, "-f", "jsonl"])
    assert {json.loads(line)["speaker"] for line in result.stdout.splitlines()} == {"Tom Reed"}
    result = runner.invoke(app, ["search", "--speaker", "reed", "--db", db])  # a name part is no name
    assert result.exit_code == 1 and "tom-reed (Tom Reed)" in result.output
    result = runner.invoke(app, ["search", 'U.S. "unbalanced AND -*:', "--db", db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["speakers", "--db", db, "-f", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["name"]: r["quotes"] for r in rows}["Ana Ortiz"] == 2
    result = runner.invoke(app, ["show", "a000", "--db", db, "-f", "json"])
    assert json.loads(result.stdout)["id"] == "a000"
    result = runner.invoke(app, ["show", "nope", "--db", db])
    assert result.exit_code == 1
    out = tmp_path / "quotes.csv"
    result = runner.invoke(app, ["export", "-f", "csv", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").strip().splitlines()) == 1 + 4


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return con.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_and_resume_stores_every_article_exactly_once(tmp_path):
    """SIGKILL a real `saywho ingest` mid-run, run it again: every article stored once."""
    n = 60
    corpus = tmp_path / "in"
    make_corpus(corpus, n)
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "saywho.cli", "ingest", str(corpus), "--db", str(db), "--workers", "1"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while _stored(db) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed; use more articles"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = _stored(db)
    assert 0 < killed_at < n
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as con:
        rows = con.execute("select id, content_hash from articles").fetchall()
    assert len(rows) == n
    assert len({h for _, h in rows}) == n
    assert sorted(i for i, _ in rows) == [f"a{i:03d}" for i in range(n)]
