"""The Store protocol, one suite for both backends: SQLite (embedded) and PostgreSQL.

PostgreSQL comes from tests/conftest_pg.py (SAYWHO_TEST_PG, or a throwaway cluster).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from saywho.store import Query, Store, content_hash, open_store
from saywho.store.sqlite import SQLiteStore, fts5_phrases
from saywho.types import Article, Cue, Quote, Span, Speaker

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD = DATA / "000_8b469b86e2e04f6a.gold.json"
SRC = Path(__file__).resolve().parents[2] / "src"

# -- data -----------------------------------------------------------------------------------


def gold() -> Article:
    return Article.from_dict(json.loads(GOLD.read_text(encoding="utf-8")))


def make(
    id: str,
    quotes: list[tuple],
    date: str | None = "2016-10-01",
    outlet: str | None = "RT",
    title: str | None = None,
    url: str | None = None,
    extra: str = "",
) -> Article:
    """A small article: one paragraph per quote, ``NAME said: "CONTENT"``.

    Each quote is ``(name, content)`` or ``(name, content, type, roles, aliases)``.
    """
    text = (title or f"Article {id}") + "\n\n"
    qs: list[Quote] = []
    speakers: dict[str, Speaker] = {}
    for i, q in enumerate(quotes, 1):
        name, content = q[0], q[1]
        type_ = q[2] if len(q) > 2 else "person"
        roles = list(q[3]) if len(q) > 3 else []
        aliases = list(q[4]) if len(q) > 4 else []
        s0 = len(text)
        text += name
        s1 = len(text)
        text += " said: “"
        c0 = len(text)
        text += content
        c1 = len(text)
        text += "”\n\n"
        sid = "-".join(name.lower().split())
        if sid not in speakers:
            speakers[sid] = Speaker(id=sid, name=name, type=type_, aliases=[name, *aliases], roles=roles)
        speakers[sid].quotes += 1
        qs.append(
            Quote(
                id=f"q{i}",
                kind="direct",
                content=Span.of(text, [(c0, c1)]),
                cue=Cue.of(text, [(s1 + 1, s1 + 5)], lemma="say"),
                source=Span.of(text, [(s0, s1)]),
                speaker=sid,
                confidence=0.9,
            )
        )
    text += extra
    return Article(
        id=id, text=text, title=title or f"Article {id}", date=date, outlet=outlet, url=url, quotes=qs,
        speakers=list(speakers.values()),
    )  # fmt: skip


FM = ["Russian Foreign Minister"]


def corpus() -> list[Article]:
    """The gold article (2016-09-30, no outlet) and five synthetic ones."""
    return [
        gold(),
        make(
            "rt-1",
            [
                ("Sergei Lavrov", "We don't accept U.S. demands on al-Nusra", "person", FM),
                ("Lavrov", "The ceasefire must hold in Aleppo", "person", FM),
                ("United Nations", "Humanitarian pauses are needed", "organization"),
            ],
            date="2016-10-02",
            outlet="RT",
            url="https://rt.example/1",
        ),
        make(
            "bbc-1",
            [
                ("John Kerry", "Russia must stop the strikes on Aleppo", "person", ["US Secretary of State"]),
                ("Hillary Clinton", "The ceasefire is a first step", "person", ["Democratic nominee"]),
            ],
            date="2016-10-03T09:30:00",
            outlet="BBC News",
        ),
        make(
            "bbc-2",
            [("Bill Clinton", "Peace in Syria needs everyone at the table", "person", ["Former US President"])],
            date="2016-10-05",
            outlet="bbc news",
        ),
        make("undated", [("Mark Toner", "We are reviewing the ceasefire proposals")], date=None, outlet="Reuters"),
        make(
            "rt-2",
            [
                ("S. Lavrov", "Ceasefire talks will continue", "person", FM),
                ("UN", "Aid convoys are ready", "organization"),
            ],
            date="2016-10-04",
            outlet="RT",
        ),
    ]


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    return str(request.getfixturevalue("pg_store_url"))


@pytest.fixture
def store(target: str):
    s = open_store(target)
    yield s
    s.close()


@pytest.fixture
def filled(store: Store) -> Store:
    for a in corpus():
        assert store.add(a, source=f"{a.id}.json")
    return store


def ids(hits) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(h.article_id, h.quote_id) for h in hits]


def whole(store: Store) -> None:
    """Every stored article is complete: its quotes are all searchable, none are orphans."""
    arts = list(store.articles())
    assert store.counts()["quotes"] == sum(len(a.quotes) for a in arts)
    assert store.counts()["articles"] == len(arts)
    for a in arts:
        assert a.to_dict() == store.get(a.id).to_dict()  # type: ignore[union-attr]


# -- open_store -----------------------------------------------------------------------------


def test_open_store_targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = open_store()
    assert isinstance(s, SQLiteStore) and (tmp_path / "saywho.db").exists()
    s.close()
    s = open_store(str(tmp_path / "sub" / "x.db"))
    assert isinstance(s, SQLiteStore) and (tmp_path / "sub" / "x.db").exists()
    s.close()
    s = open_store("sqlite:///y.db")
    assert (tmp_path / "y.db").exists()
    s.close()


def test_open_store_without_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    import saywho.store as st

    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.delitem(sys.modules, "saywho.store.postgres", raising=False)
    with pytest.raises(st.StoreUnavailable, match=r"install saywho\[postgres\]"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_sqlite_is_wal(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "w.db")
    assert s._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


# -- add / get ------------------------------------------------------------------------------


def test_add_get_round_trip(store: Store) -> None:
    a = gold()
    expected = gold().to_dict()
    assert store.add(a, source="000.txt") is True
    assert a.id == "000_8b469b86e2e04f6a"
    got = store.get(a.id)
    assert got is not None
    assert got.to_dict() == expected
    assert store.get("no-such-article") is None
    assert store.counts() == {"articles": 1, "quotes": len(expected["quotes"]), "speakers": 9, "errors": 0}


def test_round_trip_odd_text(store: Store) -> None:
    a = make("odd", [("Zoë Ångström", "Ça va? 日本語 — “quoted” \\ % _ ' \" \x00 end")], title="NUL\x00 and ‘marks’")
    expected = a.to_dict()
    assert store.add(a)
    assert store.get("odd").to_dict() == expected  # type: ignore[union-attr]
    assert [h.article_id for h in store.search(Query(speaker="zoe angstrom"))] == ["odd"]


def test_same_content_stored_once(store: Store) -> None:
    a = gold()
    assert store.add(a) is True
    b = gold()
    b.id = "another-file-same-text"
    b.outlet = "Elsewhere"
    assert store.add(b) is False
    assert store.add(gold()) is False
    assert store.counts()["articles"] == 1
    assert store.get("another-file-same-text") is None
    h = content_hash(a)
    assert store.known([h, "0" * 64]) == {h}
    assert store.known([]) == set()


def test_same_id_different_content_gets_suffix(store: Store) -> None:
    a = make("dup", [("John Kerry", "First text")])
    b = make("dup", [("John Kerry", "Second text")])
    c = make("dup", [("John Kerry", "Third text")])
    assert store.add(a) and store.add(b) and store.add(c)
    assert (a.id, b.id, c.id) == ("dup", "dup-2", "dup-3")
    assert "First" in store.get("dup").text  # type: ignore[union-attr]
    got = store.get("dup-2")
    assert got is not None and "Second" in got.text and got.id == "dup-2"
    assert store.counts()["articles"] == 3


def test_known_many(store: Store) -> None:
    arts = [make(f"k{i}", [("John Kerry", f"text number {i}")]) for i in range(30)]
    for a in arts[:20]:
        store.add(a)
    hashes = [content_hash(a) for a in arts]
    assert store.known(hashes) == set(hashes[:20])


# -- search ---------------------------------------------------------------------------------


def test_search_words(filled: Store) -> None:
    hits = filled.search(Query(words="barbarism"))
    assert ids(hits) == [("000_8b469b86e2e04f6a", "q7")]
    h = hits[0]
    assert h.speaker == "Samantha Power" and h.speaker_id == "samantha-power"
    assert h.date == "2016-09-30" and h.outlet is None and h.kind
    assert "barbarism" in h.content
    # stemming: "munitions" finds "munition"
    assert [h.article_id for h in filled.search(Query(words="munitions"))] == ["000_8b469b86e2e04f6a"]
    # all words must occur
    both = filled.search(Query(words="ceasefire Aleppo"))
    assert ids(both) == [("rt-1", "q2")]
    # user syntax of each backend: OR
    either = {h.article_id for h in filled.search(Query(words="barbarism OR convoys"))}
    assert either == {"000_8b469b86e2e04f6a", "rt-2"}


@pytest.mark.parametrize(
    "words",
    ["don't", "U.S.", '"unbalanced', "AND", "*", "-", ":", "al-Nusra", "(", ")", "NEAR(", "^x", "a:b", "OR", "NOT",
     "\"\"", "'", "lavrov -kerry", "&|!", "ceasefire*", "-ceasefire", "“smart quotes”", "%", "_", "\\"],
)  # fmt: skip
def test_search_user_syntax_never_raises(filled: Store, words: str) -> None:
    hits = filled.search(Query(words=words))
    assert isinstance(hits, list)


def test_search_special_words_find_quotes(filled: Store) -> None:
    assert ("rt-1", "q1") in ids(filled.search(Query(words="U.S.")))
    assert ("rt-1", "q1") in ids(filled.search(Query(words="al-Nusra demands")))
    assert ("rt-1", "q1") in ids(filled.search(Query(words='"accept U.S. demands"')))


def test_fts5_phrases() -> None:
    assert fts5_phrases("don't U.S. \"unbalanced * - :") == '"don\'t" "U.S." "unbalanced"'
    assert fts5_phrases("* - :") is None


def test_search_no_words_lists_everything_newest_first(filled: Store) -> None:
    hits = filled.search(Query(limit=1000))
    assert len(hits) == filled.counts()["quotes"]
    dates = [h.date for h in hits]
    dated = [d for d in dates if d is not None]
    assert dates[: len(dated)] == dated  # undated last
    assert dated == sorted(dated, reverse=True)
    assert hits[-1].article_id == "undated"
    assert hits[0].article_id == "bbc-2"
    # within an article, in article order
    rt1 = [h.quote_id for h in hits if h.article_id == "rt-1"]
    assert rt1 == ["q1", "q2", "q3"]
    assert filled.search(Query(words="   ", limit=3)) == hits[:3]


def test_search_limit_and_order_with_words(filled: Store) -> None:
    hits = filled.search(Query(words="ceasefire"))
    assert [h.article_id for h in hits] == ["rt-2", "bbc-1", "rt-1", "undated"]
    assert [h.article_id for h in filled.search(Query(words="ceasefire", limit=2))] == ["rt-2", "bbc-1"]
    assert filled.search(Query(words="ceasefire", limit=0)) == []


def test_search_speaker(filled: Store) -> None:
    lavrov = filled.search(Query(speaker="lavrov", limit=100))
    # 18 in the gold article, 2 by "Sergei Lavrov"/"Lavrov" in rt-1, 1 by "S. Lavrov" in rt-2
    assert len(lavrov) == 21
    assert {h.speaker_id for h in lavrov} == {"sergey-lavrov"}
    assert {h.speaker for h in lavrov} == {"Sergey Lavrov"}
    for term in ("LAVROV", "Sergey Lavrov", "sergei lavrov", "sergey-lavrov", "Russian Foreign Minister Sergey Lavrov"):
        assert len(filled.search(Query(speaker=term, limit=100))) == 21, term
    # a name part is not a name: no one here is called just "Clinton"; both are suggested
    assert filled.search(Query(speaker="clinton")) == []
    assert {r.name for r in filled.suggest_speakers("clinton")} == {"Bill Clinton", "Hillary Clinton"}
    assert [h.speaker for h in filled.search(Query(speaker="Hillary Clinton"))] == ["Hillary Clinton"]
    un = filled.search(Query(speaker="united nations"))
    assert {h.article_id for h in un} == {"000_8b469b86e2e04f6a", "rt-1", "rt-2"}
    assert ids(filled.search(Query(speaker="UN"))) == ids(un)
    assert filled.search(Query(speaker="nobody at all")) == []
    assert filled.search(Query(speaker="%")) == []
    both = filled.search(Query(words="ceasefire", speaker="lavrov"))
    assert ids(both) == [("rt-2", "q1"), ("rt-1", "q2")]


def test_search_outlet(filled: Store) -> None:
    bbc = filled.search(Query(outlet="bbc news"))
    assert {h.article_id for h in bbc} == {"bbc-1", "bbc-2"}
    assert ids(filled.search(Query(outlet="BBC NEWS"))) == ids(bbc)
    assert {h.outlet for h in bbc} == {"BBC News", "bbc news"}
    assert {h.article_id for h in filled.search(Query(outlet="rt"))} == {"rt-1", "rt-2"}
    assert filled.search(Query(outlet="BBC")) == []  # equality, not substring


def test_search_dates(filled: Store) -> None:
    def arts(**kw):  # type: ignore[no-untyped-def]
        return [h.article_id for h in filled.search(Query(limit=100, **kw))]

    assert set(arts(since="2016-10-03")) == {"bbc-1", "bbc-2", "rt-2"}
    assert set(arts(until="2016-10-02")) == {"000_8b469b86e2e04f6a", "rt-1"}
    # inclusive at both ends, also for a date with a time
    assert set(arts(since="2016-10-03", until="2016-10-03")) == {"bbc-1"}
    assert set(arts(since="2016-10-02", until="2016-10-04")) == {"rt-1", "bbc-1", "rt-2"}
    assert arts(since="2017-01-01") == []
    assert set(arts(until="2016-09")) == {"000_8b469b86e2e04f6a"}
    hits = filled.search(Query(words="ceasefire", speaker="lavrov", outlet="RT", since="2016-10-03"))
    assert ids(hits) == [("rt-2", "q1")]


# -- speakers -------------------------------------------------------------------------------


def test_speakers(filled: Store) -> None:
    rows = filled.speakers()
    assert [r.quotes for r in rows] == sorted((r.quotes for r in rows), reverse=True)
    top = rows[0]
    assert (top.id, top.name, top.type, top.quotes, top.articles) == ("sergey-lavrov", "Sergey Lavrov", "person", 21, 3)
    assert top.outlets == ["RT"]
    assert (top.first_date, top.last_date) == ("2016-09-30", "2016-10-04")
    assert {"Sergey Lavrov", "Sergei Lavrov", "Lavrov", "S. Lavrov"} <= set(top.aliases)
    assert top.roles == ["Russian Foreign Minister"]
    by_name = {r.name: r for r in rows}
    assert by_name["UN"].quotes == 3 and by_name["UN"].articles == 3 and by_name["UN"].type == "organization"
    assert "United Nations" in by_name["UN"].aliases
    assert by_name["Bill Clinton"].id != by_name["Hillary Clinton"].id
    assert by_name["Hillary Clinton"].outlets == ["BBC News"]
    kerry = by_name["John Kerry"]
    assert (kerry.quotes, kerry.articles, kerry.first_date, kerry.last_date) == (
        2,
        2,
        "2016-09-30",
        "2016-10-03T09:30:00",
    )
    assert kerry.outlets == ["BBC News"]
    toner = by_name["Mark Toner"]
    assert toner.outlets == ["Reuters"] and toner.articles == 2
    assert len(rows) == filled.counts()["speakers"] == 11
    assert [r.id for r in filled.speakers(top=3)] == [r.id for r in rows[:3]]
    assert filled.speakers(top=0) == []


def test_speakers_outlets_most_frequent_first(store: Store) -> None:
    for i, outlet in enumerate(["A", "B", "B", "C", "B", "C"]):
        store.add(make(f"o{i}", [("John Kerry", f"quote {i}")], outlet=outlet, date=f"2020-01-0{i + 1}"))
    (kerry,) = store.speakers()
    assert kerry.outlets == ["B", "C", "A"]
    assert (kerry.quotes, kerry.articles, kerry.first_date, kerry.last_date) == (6, 6, "2020-01-01", "2020-01-06")


def test_canonical_speakers_across_articles(store: Store) -> None:
    store.add(make("a1", [("Sergey Lavrov", "one", "person", FM)]))
    store.add(make("a2", [("Ivan Lavrov", "two", "person", ["chess coach"])]))
    store.add(make("a3", [("Lavrov", "three", "person", ["Russia's Foreign Minister"])]))
    store.add(make("a4", [("Lavrov", "four", "person", ["Olympic athlete"])]))
    store.add(make("a5", [("Sergei Lavrov", "five")]))
    sp = {r.id: r for r in store.speakers()}
    assert sp["sergey-lavrov"].quotes == 3  # a1, a3 (roles agree), a5 (transliteration)
    assert sp["ivan-lavrov"].quotes == 1
    assert sp["lavrov"].quotes == 1  # ambiguous surname: neither person
    # same date: the latest stored first
    assert [h.article_id for h in store.search(Query(speaker="sergey lavrov"))] == ["a5", "a3", "a1"]


# -- errors, counts, iteration --------------------------------------------------------------


def test_errors(store: Store) -> None:
    assert store.errors() == []
    store.add_error("bad.html", "read", "cannot decode: invalid start byte")
    store.add_error("huge.txt", "extract", "timeout after 60s")
    errs = store.errors()
    assert [(e.input, e.stage, e.reason) for e in errs] == [
        ("bad.html", "read", "cannot decode: invalid start byte"),
        ("huge.txt", "extract", "timeout after 60s"),
    ]
    for e in errs:
        assert e.at is not None and datetime.fromisoformat(e.at).tzinfo is not None
    assert store.counts() == {"articles": 0, "quotes": 0, "speakers": 0, "errors": 2}


def test_failures_round_trip(store: Store) -> None:
    """The errors table holds saywho.errors.Failure records: what ingest, batch runs and Spark rows report."""
    from saywho.errors import Failure, InputWarning

    failures = [
        Failure("bad.html", "read", "cannot decode"),
        Failure.of(InputWarning("odd.txt", "invalid characters replaced")),
    ]
    for f in failures:
        store.add_error(f)
    back = store.errors()
    assert [(f.input, f.stage, f.reason, f.fatal) for f in back] == [
        ("bad.html", "read", "cannot decode", True),
        ("odd.txt", "warning", "invalid characters replaced", False),
    ]
    assert all(isinstance(f, Failure) and f.at for f in back)
    assert [Failure(f.input, f.stage, f.reason) for f in back] == failures  # the same record, now with its time
    assert str(back[0]) == "bad.html: cannot decode"


def test_counts(filled: Store) -> None:
    arts = corpus()
    assert filled.counts() == {
        "articles": len(arts),
        "quotes": sum(len(a.quotes) for a in arts),
        "speakers": 11,
        "errors": 0,
    }


def test_articles_in_insertion_order(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import saywho.store._sql as sql

    monkeypatch.setattr(sql, "_BATCH", 2)  # page through several batches
    arts = corpus()
    random.Random(7).shuffle(arts)
    expected = [a.to_dict() for a in arts]
    for a in arts:
        store.add(a)
    assert [a.to_dict() for a in store.articles()] == expected


# -- crashes and concurrent writers ---------------------------------------------------------


def test_exception_inside_add_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(make("before", [("John Kerry", "kept")]))
    before = store.counts()
    speakers_before = [r.id for r in store.speakers()]
    original = store._insert_quotes  # type: ignore[attr-defined]

    def half_then_fail(pk, article, links):  # type: ignore[no-untyped-def]
        article = Article.from_dict(article.to_dict())
        article.quotes = article.quotes[:1]
        original(pk, article, links)
        raise RuntimeError("simulated crash after the first quote")

    monkeypatch.setattr(store, "_insert_quotes", half_then_fail)
    g = gold()
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.add(g)
    assert g.id == "000_8b469b86e2e04f6a"
    assert store.counts() == before
    assert [r.id for r in store.speakers()] == speakers_before
    assert store.get(g.id) is None and store.known([content_hash(g)]) == set()
    assert store.search(Query(words="barbarism")) == []
    monkeypatch.undo()
    assert store.add(gold()) is True  # the store is usable and the article can come again
    whole(store)


CRASH_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    sys.path.insert(0, {src!r})
    from saywho.store import open_store
    from saywho.types import Article

    store = open_store(sys.argv[1])
    original = store._insert_quotes
    n = 0

    def slow(pk, article, links):
        global n
        n += 1
        if n == 3:  # the third article: die (SIGKILL from the parent) halfway through its quotes
            half = Article.from_dict(article.to_dict())
            half.quotes = half.quotes[: len(half.quotes) // 2]
            original(pk, half, links)
            print("inside", flush=True)
            time.sleep(60)
        original(pk, article, links)

    store._insert_quotes = slow
    for line in sys.stdin:
        a = Article.from_dict(json.loads(line))
        store.add(a)
        print("added", a.id, flush=True)
    """
)


def test_killed_process_leaves_whole_articles(store: Store, target: str, tmp_path: Path) -> None:
    arts = corpus()
    script = tmp_path / "crash.py"
    script.write_text(CRASH_SCRIPT.format(src=str(SRC)), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), target],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin and proc.stdout
    for a in arts[:4]:
        proc.stdin.write(json.dumps(a.to_dict()) + "\n")
    proc.stdin.flush()
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line.strip())
            if line.startswith("inside"):
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert seen == [f"added {arts[0].id}", f"added {arts[1].id}", "inside"]
    # a fresh connection sees the two whole articles and nothing of the third
    fresh = open_store(target)
    try:
        assert [a.id for a in fresh.articles()] == [arts[0].id, arts[1].id]
        whole(fresh)
        assert fresh.get(arts[2].id) is None
        assert fresh.add(arts[2]) is True  # and ingest resumes
        assert fresh.add(arts[0]) is False
        whole(fresh)
    finally:
        fresh.close()


WRITER_SCRIPT = textwrap.dedent(
    """
    import json, random, sys
    sys.path.insert(0, {src!r})
    from saywho.store import open_store
    from saywho.types import Article

    store = open_store(sys.argv[1])
    arts = [Article.from_dict(json.loads(line)) for line in open(sys.argv[2], encoding="utf-8")]
    random.Random(int(sys.argv[3])).shuffle(arts)
    sys.stdin.readline()  # start together
    added = [a.id for a in arts if store.add(a)]
    store.close()
    print(json.dumps(added), flush=True)
    """
)


def test_concurrent_writers(store: Store, target: str, tmp_path: Path) -> None:
    arts = corpus() + [
        make(f"extra-{i}", [("Sergey Lavrov", f"statement {i}", "person", FM), ("UN", f"note {i}", "organization")])
        for i in range(6)
    ]
    data = tmp_path / "arts.jsonl"
    data.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in arts), encoding="utf-8")
    script = tmp_path / "writer.py"
    script.write_text(WRITER_SCRIPT.format(src=str(SRC)), encoding="utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), target, str(data), str(seed)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in range(4)
    ]
    for p in procs:  # let them all open the store first, then go
        assert p.stdin
        p.stdin.write("go\n")
        p.stdin.flush()
    added: list[str] = []
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        added += json.loads(out.strip().splitlines()[-1])
    assert sorted(added) == sorted(a.id for a in arts)  # each article stored by exactly one writer
    assert store.counts()["articles"] == len(arts)
    whole(store)
    names = [r.name for r in store.speakers()]
    assert len(names) == len(set(names))
    top = store.speakers(top=1)[0]
    # whichever spelling came first names it; a name of initials ("S. Lavrov") gives way
    assert top.name in ("Sergey Lavrov", "Sergei Lavrov") and top.quotes == 18 + 3 + 6


def test_postgres_connection_error_is_one_line() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(ConnectionError) as info:
        open_store("postgresql://someone:secret@127.0.0.1:1/nothing")
    message = str(info.value)
    assert "\n" not in message and "secret" not in message and "127.0.0.1" in message


# -- unnamed sources, finding, merging and splitting speakers -----------------------------


@pytest.fixture
def second_target(target: str, tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Another empty store on the same backend (for "rebuilt from scratch")."""
    if not target.startswith("postgresql"):
        yield str(tmp_path / "rebuilt.db")
        return
    import uuid

    import psycopg

    from tests.conftest_pg import with_search_path

    url = request.getfixturevalue("pg_url")
    schema = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_search_path(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def unnamed(id: str, description: str, org: str | None, named: str = "John Kerry") -> Article:
    a = make(id, [(named, f"named {id}"), (description, f"unnamed {id}", "unnamed", ["aide"])])
    a.speakers[1].org = org
    return a


def test_unnamed_sources_stay_in_their_article(store: Store) -> None:
    store.add(unnamed("u1", "a campaign aide", "Hillary Clinton campaign"))
    store.add(unnamed("u2", "a campaign aide", "Hillary Clinton campaign"))
    store.add(unnamed("u3", "a campaign aide", None))
    # a named speaker is one canonical speaker; each unnamed source is its own
    assert [(r.name, r.type, r.articles) for r in store.speakers()] == [("John Kerry", "person", 3)]
    rows = [r for r in store.speakers(unnamed=True) if r.type == "unnamed"]
    assert len(rows) == 3 and len({r.id for r in rows}) == 3
    assert {r.id for r in rows} == {
        "unnamed-u1-a-campaign-aide",
        "unnamed-u2-a-campaign-aide",
        "unnamed-u3-a-campaign-aide",
    }
    assert {r.name for r in rows} == {"a campaign aide"}
    assert sorted(r.org or "" for r in rows) == ["", "Hillary Clinton campaign", "Hillary Clinton campaign"]
    assert all(r.quotes == 1 and r.articles == 1 for r in rows)
    hits = store.search(Query(speaker="unnamed", limit=100))
    assert sorted(h.content for h in hits) == ["unnamed u1", "unnamed u2", "unnamed u3"]
    assert {h.speaker_type for h in hits} == {"unnamed"} and {h.speaker for h in hits} == {"a campaign aide"}
    # never found by their description (that would be many sources), only by id
    assert store.find_speakers("a campaign aide") == []
    assert [h.content for h in store.search(Query(speaker="unnamed-u2-a-campaign-aide"))] == ["unnamed u2"]
    assert store.counts()["speakers"] == 1
    assert store.speaker_links("u1")["a-campaign-aide"] == "unnamed-u1-a-campaign-aide"  # type: ignore[attr-defined]


def test_candidates_carry_their_article_count(store: Store) -> None:
    for i in range(3):
        store.add(
            make(
                f"t{i}",
                [("Donald Trump", f"quote {i}"), ("Melania Trump", f"other {i}")] if i else [("Donald Trump", "x")],
            )
        )
    cands = {c.id: c.articles for c in store._candidates({"s:trump"})}  # type: ignore[attr-defined]
    assert cands == {"donald-trump": 3, "melania-trump": 2}


def obamas() -> list[Article]:
    return [
        make("o1", [("Barack Obama", "one", "person", ["President"], ["Obama", "Mr. Obama"])]),
        make("o2", [("Michelle Obama", "two", "person", ["First Lady"], ["Mrs. Obama"])]),
        make("o3", [("advisers to Mr. Obama", "three")]),
        make("o4", [("John Smith", "four", "person", [], ["Smith"]), ("Jane Smith", "five", "person", [], ["Smith"])]),
    ]


def test_speaker_term_is_a_name_not_a_substring(store: Store) -> None:
    from saywho.store import AmbiguousSpeaker

    for a in obamas():
        store.add(a)
    assert [h.content for h in store.search(Query(speaker="obama"))] == ["one"]
    assert [h.content for h in store.search(Query(speaker="Mr. Obama"))] == ["one"]
    assert [h.content for h in store.search(Query(speaker="mrs obama"))] == ["two"]
    assert [h.content for h in store.search(Query(speaker="Michelle Obama"))] == ["two"]
    assert [h.content for h in store.search(Query(speaker="barack-obama"))] == ["one"]
    with pytest.raises(AmbiguousSpeaker) as info:
        store.search(Query(speaker="smith"))
    assert {c.id for c in info.value.candidates} == {"john-smith", "jane-smith"}
    assert "john-smith" in str(info.value) and "\n" not in str(info.value)
    assert [h.content for h in store.search(Query(speaker="jane-smith"))] == ["five"]
    assert store.search(Query(speaker="barack")) == []
    assert [r.id for r in store.suggest_speakers("barack")] == ["barack-obama"]
    assert {r.id for r in store.suggest_speakers("obama")} == {"barack-obama", "michelle-obama", "advisers-to-mr-obama"}
    assert len(store.suggest_speakers("obama", limit=2)) == 2
    # names come before aliases (an article's aliases can be loose): a speaker named "Obama"
    # wins over Barack Obama's alias "Obama"; ids are always exact, also written as id:ID
    store.add(make("o5", [("Obama", "six", "organization")]))
    assert [r.id for r in store.find_speakers("obama")] == ["obama"]
    assert [h.content for h in store.search(Query(speaker="id:barack-obama"))] == ["one"]
    assert store.find_speakers("id:barack") == []


def test_merge_survives_reingest_and_rebuild(store: Store, second_target: str) -> None:
    from saywho.store import SpeakerError

    store.add(make("m1", [("Barack Obama", "one")]))
    store.add(make("m2", [("Derelict Obama", "two")]))
    assert {r.id for r in store.speakers()} == {"barack-obama", "derelict-obama"}
    store.merge_speakers("derelict-obama", "barack-obama")
    (obama,) = store.speakers()
    assert (obama.id, obama.name, obama.quotes, obama.articles) == ("barack-obama", "Barack Obama", 2, 2)
    assert "Derelict Obama" in obama.aliases
    assert store.speaker_links("m2") == {"derelict-obama": "barack-obama"}  # type: ignore[attr-defined]
    # a later article that says "Derelict Obama" links to Barack Obama
    store.add(make("m3", [("Derelict Obama", "three")]))
    assert [(r.id, r.quotes) for r in store.speakers()] == [("barack-obama", 3)]
    with pytest.raises(SpeakerError, match="no such speaker"):
        store.merge_speakers("derelict-obama", "barack-obama")
    # a store rebuilt from scratch gets the same fix from the exported corrections,
    # whether they are imported before or after the articles
    fixes = store.corrections()  # type: ignore[attr-defined]
    assert [(c.kind, c.source, c.target) for c in fixes] == [("merge", "derelict-obama", "barack-obama")]
    rebuilt = open_store(second_target)
    try:
        assert rebuilt.add_corrections(fixes) == 1  # type: ignore[attr-defined]
        assert rebuilt.add_corrections(fixes) == 0  # type: ignore[attr-defined]
        for a in (make("m2", [("Derelict Obama", "two")]), make("m1", [("Barack Obama", "one")])):
            rebuilt.add(a)
        assert [(r.id, r.quotes) for r in rebuilt.speakers()] == [("barack-obama", 2)]
    finally:
        rebuilt.close()


def test_split_survives_reingest_and_rebuild(store: Store, second_target: str) -> None:
    from saywho.store import SpeakerError

    store.add(make("s1", [("Barack Obama", "one", "person", ["President"])]))
    store.add(make("s2", [("Obama", "two")]))  # the only Obama: joins Barack; the user knows better
    assert [(r.id, r.quotes) for r in store.speakers()] == [("barack-obama", 2)]
    with pytest.raises(SpeakerError, match="none of its article speakers"):
        store.split_speaker("barack-obama", "Michelle Obama")
    new = store.split_speaker("barack-obama", "Obama")
    assert new == "obama"
    sp = {r.id: r for r in store.speakers()}
    assert (sp["barack-obama"].quotes, sp["obama"].quotes) == (1, 1)
    assert "Obama" not in sp["barack-obama"].aliases and sp["barack-obama"].name == "Barack Obama"
    assert [h.content for h in store.search(Query(speaker="obama"))] == ["two"]
    store.add(make("s3", [("Obama", "three")]))
    assert store.speaker_links("s3") == {"obama": "obama"}  # type: ignore[attr-defined]
    assert [c.kind for c in store.corrections()] == ["split"]  # type: ignore[attr-defined]
    rebuilt = open_store(second_target)
    try:
        rebuilt.add(make("s1", [("Barack Obama", "one", "person", ["President"])]))
        rebuilt.add(make("s2", [("Obama", "two")]))
        rebuilt.add_corrections(store.corrections())  # type: ignore[attr-defined]
        rebuilt.add(make("s3", [("Obama", "three")]))
        assert sorted((r.id, r.quotes) for r in rebuilt.speakers()) == [("barack-obama", 1), ("obama", 2)]
    finally:
        rebuilt.close()


def test_schema_1_store_is_migrated(target: str) -> None:
    s = open_store(target)
    s.add(make("old", [("John Kerry", "old quote")]))
    for stmt in (  # make it a schema-1 store
        "DROP INDEX speakers_entity",
        "DROP TABLE corrections",
        "DROP TABLE entities",
        "ALTER TABLE speakers DROP COLUMN org",
        "ALTER TABLE speakers DROP COLUMN entity_id",
        "ALTER TABLE speakers DROP COLUMN description",
        "UPDATE meta SET value = '1' WHERE key = 'schema'",
    ):
        s._x(stmt)  # type: ignore[attr-defined]
    s.close()
    s = open_store(target)
    try:
        assert s._one("SELECT value FROM meta WHERE key = 'schema'")[0] == "2"  # type: ignore[attr-defined]
        s.add(unnamed("new", "a source", "State Department"))
        assert {r.org for r in s.speakers(unnamed=True)} == {None, "State Department"}
        assert [r.quotes for r in s.speakers()] == [2]  # the old article's speaker is still there
        assert s.corrections() == []  # type: ignore[attr-defined]
        s._x("UPDATE meta SET value = '99' WHERE key = 'schema'")  # type: ignore[attr-defined]
    finally:
        s.close()
    with pytest.raises(RuntimeError, match="schema version is 99"):
        open_store(target)


def test_entity_list_links_speakers_now_and_later(store: Store) -> None:
    from saywho.corpus.files import Entity
    from saywho.output import write

    store.add(make("e1", [("Obama", "one"), ("UN", "two", "organization")]))
    # an article's aliases can be loose: they never link a speaker to an entry, its names do
    store.add(make("e0", [("Melania Trump", "zero", "person", [], ["Donald Trump"])]))
    entries = [
        Entity("Donald Trump", "person", [], "Q22686", None),
        Entity("Barack Obama", "person", ["Obama", "President Obama"], "Q76", "44th U.S. president"),
        Entity("United Nations", "organization", ["UN"], "Q1065", None),
        Entity("Obama", "organization", [], "Q-wrong-type", None),  # same name, other type: never a person
    ]
    assert store.set_entities(entries) == 2  # type: ignore[attr-defined]
    sp = {r.id: r for r in store.speakers()}
    assert (sp["obama"].name, sp["obama"].entity_id, sp["obama"].description) == (
        "Barack Obama",
        "Q76",
        "44th U.S. president",
    )
    assert "President Obama" in sp["obama"].aliases
    assert sp["un"].entity_id == "Q1065"
    assert (sp["melania-trump"].name, sp["melania-trump"].entity_id) == ("Melania Trump", None)
    # a later article: its speaker links to the entry as it is stored
    store.add(make("e2", [("President Obama", "three"), ("Mark Toner", "four")]))
    sp = {r.id: r for r in store.speakers()}
    assert sp["obama"].quotes == 2 and sp["mark-toner"].entity_id is None
    assert sorted(h.content for h in store.search(Query(speaker="Q76"))) == ["one", "three"]  # by entity id too
    # exported per speaker (jsonl) and per quote (csv)
    arts = {a.id: a for a in store.articles()}
    assert {s.name: s.entity_id for s in arts["e1"].speakers} == {"Obama": "Q76", "UN": "Q1065"}
    assert store.get("e2").speakers[0].to_dict()["entity_id"] == "Q76"  # type: ignore[union-attr]
    import io

    buf = io.StringIO()
    write(store.articles(), "csv", buf)
    rows = buf.getvalue().splitlines()
    assert rows[0].split(",").count("speaker_entity_id") == 1
    assert sum(",Q76," in r for r in rows[1:]) == 2


def test_unnamed_source_merged_into_a_named_speaker(store: Store) -> None:
    store.add(unnamed("n1", "a senior aide", "State Department", named="Mark Toner"))
    aide = next(r.id for r in store.speakers(unnamed=True) if r.type == "unnamed")
    store.merge_speakers(aide, "mark-toner")
    (toner,) = store.speakers(unnamed=True)
    assert (toner.id, toner.quotes, toner.name) == ("mark-toner", 2, "Mark Toner")
    assert "a senior aide" in toner.aliases
    # the description is no lookup key: another article's "a senior aide" stays its own source
    store.add(unnamed("n2", "a senior aide", None, named="John Kerry"))
    assert {r.type for r in store.speakers(unnamed=True) if r.name == "a senior aide"} == {"unnamed"}
    from saywho.store import SpeakerError

    with pytest.raises(SpeakerError, match="unnamed source"):
        store.merge_speakers("john-kerry", next(r.id for r in store.speakers(unnamed=True) if r.type == "unnamed"))


def test_latest_correction_wins(store: Store, second_target: str) -> None:
    articles = [make("w1", [("Barack Obama", "one")]), make("w2", [("Derelict Obama", "two")])]
    for a in articles:
        store.add(a)
    store.merge_speakers("derelict-obama", "barack-obama")
    assert store.split_speaker("barack-obama", "Derelict Obama") == "derelict-obama"  # undo it
    assert [(c.kind, c.target) for c in store.corrections()] == [("split", "derelict-obama")]  # type: ignore[attr-defined]
    store.add(make("w3", [("Derelict Obama", "three")]))
    assert sorted((r.id, r.quotes) for r in store.speakers()) == [("barack-obama", 1), ("derelict-obama", 2)]
    rebuilt = open_store(second_target)
    try:
        rebuilt.add_corrections(store.corrections())  # type: ignore[attr-defined]
        for a in [*articles, make("w3", [("Derelict Obama", "three")])]:
            rebuilt.add(a)
        assert sorted((r.id, r.quotes) for r in rebuilt.speakers()) == [("barack-obama", 1), ("derelict-obama", 2)]
        # and a merge of the split-off speaker ends the split
        rebuilt.merge_speakers("derelict-obama", "barack-obama")
        assert [c.kind for c in rebuilt.corrections()] == ["merge"]  # type: ignore[attr-defined]
        rebuilt.add(make("w4", [("Derelict Obama", "four")]))
        assert [(r.id, r.quotes) for r in rebuilt.speakers()] == [("barack-obama", 4)]
    finally:
        rebuilt.close()


def test_word_search_pages_are_the_first_rows_of_the_whole_ranking(store: Store) -> None:
    """Newest first, best ranked first within a date: every page size cuts the same order
    (both backends find the page's last date first and rank only from there on)."""
    for i in range(24):
        budget = " ".join(["budget"] * (1 + i % 4))  # different ranks on the same date
        date = ["2016-01-05", "2016-01-04", None, "2016-01-03"][i % 4]
        store.add(make(f"r{i}", [(f"Speaker {i}", f"{budget} talk number {i}")], date=date))
    everything = [(h.article_id, h.date) for h in store.search(Query(words="budget", limit=100))]
    assert len(everything) == 24
    assert [d for _, d in everything] == ["2016-01-05"] * 6 + ["2016-01-04"] * 6 + ["2016-01-03"] * 6 + [None] * 6
    for limit in (1, 5, 6, 7, 12, 17, 18, 19, 23, 24, 30):
        assert [(h.article_id, h.date) for h in store.search(Query(words="budget", limit=limit))] == everything[:limit]
    for offset in (3, 6, 13):
        page = store.search(Query(words="budget", limit=5, offset=offset))
        assert [(h.article_id, h.date) for h in page] == everything[offset : offset + 5]
