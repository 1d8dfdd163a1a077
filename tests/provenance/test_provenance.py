"""Quote provenance (issue 13): matching, grouping, framing, and utterances in both stores."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from saywho.cli import app
from saywho.provenance import (
    cue_framing,
    diff,
    render_utterance_html,
    same_words,
    tokens,
)
from saywho.provenance.framing import CLASSES
from saywho.provenance.group import Edge, Node, group
from saywho.provenance.text import FRAGMENT, MIN_COVERAGE, align, linkable
from saywho.store import open_store
from saywho.store.sqlite import SQLiteStore
from tests.store.test_store import make

TULSA = "In Tulsa, an unarmed man with his hands in the air. This is just unbearable and it has to stop"
TULSA_2 = "In Tulsa, an unarmed man with his hands in the air? I mean, this is just unbearable and it has to stop"
WALL = "We will build a great wall on our southern border and Mexico will pay for that wall, believe me"
STOCK_A = "We are going to make America great again by bringing back the jobs that were shipped to China"
STOCK_B = "Folks, we are going to make America great again and we will win so much you will get tired of winning"


def linked(a: str, b: str) -> bool:
    return same_words(tokens(a), tokens(b)) is not None


# -- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        TULSA.upper(),  # case
        "«" + TULSA.replace(",", "").replace(".", " ") + "»",  # marks, punctuation, whitespace
        "In Tulsa, an unarmed man … This is just unbearable and it has to stop",  # ellipsis
        "an unarmed man with his hands in the air",  # a contiguous cut
        "this is just unbearable",  # a headline fragment
        TULSA_2,  # words inserted
        TULSA.replace("unbearable", "intolerable"),  # one word replaced
        "In Tulsa, an unarmed man with his hands in the air.",  # one half of a split quote
    ],
)
def test_same_utterance_despite_edits(variant: str) -> None:
    assert linked(TULSA, variant)


@pytest.mark.parametrize(
    "other",
    [
        STOCK_B,  # shares a stock phrase only
        WALL,  # different words
        "thank you",  # too little to say anything
        "it has to stop",  # a stock fragment: one content word in four
    ],
)
def test_different_utterances_stay_apart(other: str) -> None:
    assert not linked(STOCK_A if other == STOCK_B else TULSA, other)


def test_diff_names_cut_inserted_replaced_ellipsis() -> None:
    d = diff("In Tulsa … his hands in the air? I mean, this is just intolerable", TULSA)
    assert "intolerable" in [new for _, new in d.replaced] and d.inserted == ["I mean"]
    assert d.ellipsis and d.altered and "an unarmed man with" in [o.text for o in d.ops if o.kind == "cut"]
    cut_only = diff("an unarmed man with his hands in the air", TULSA)
    assert not cut_only.altered and cut_only.cut
    moved = diff(
        "This is just unbearable and it has to stop. In Tulsa, an unarmed man with his hands in the air", TULSA
    )
    assert moved.reordered and not moved.altered


# -- grouping: a pure function of the component ---------------------------------------------


def test_group_is_order_independent_and_splits_speakers() -> None:
    nodes = [
        Node("a", 12, "trump"),
        Node("b", 12, None),
        Node("c", 12, "clinton"),
        Node("d", 4, None),
        Node("e", 12, "trump"),
    ]
    edges = [
        Edge("a", "b", "link"),
        Edge("b", "c", "link"),
        Edge("d", "a", "link"),
        Edge("a", "e", "link"),
        Edge("a", "c", "conflict"),
    ]
    first, flagged = group(nodes, edges)
    for _ in range(5):
        random.shuffle(nodes)
        random.shuffle(edges)
        assert group(nodes, edges) == (first, flagged)
    assert first["a"] == first["e"] == first["d"] != first["c"]
    assert first["b"] in (first["a"], first["c"])
    assert flagged == {first["a"], first["c"]}


def test_fragment_in_two_utterances_is_ambiguous() -> None:
    nodes = [Node("a", 12, "x"), Node("b", 12, "x"), Node("f", 4, "x")]
    assign, _ = group(nodes, [Edge("f", "a", "link"), Edge("f", "b", "link")])
    assert len({assign["a"], assign["b"], assign["f"]}) == 3


# -- framing: one test per class ------------------------------------------------------------

EXAMPLES = {
    "neutral": ("say", "said"),
    "distancing": ("claim", "claimed"),
    "concession": ("admit", "admitted"),
    "insistence": ("insist", "insisted"),
    "rebuttal": ("deny", "denied"),
    "criticism": ("slam", "slammed"),
    "emotive": ("complain", "complained"),
    "warning": ("warn", "warned"),
    "question": ("ask", "asked"),
    "suggestion": ("suggest", "suggested"),
}


@pytest.mark.parametrize("cls", sorted(CLASSES))
def test_framing_class(cls: str) -> None:
    lemma, text = EXAMPLES[cls]
    assert cue_framing(lemma, text) == cls
    assert cue_framing("", text) == cls  # the cue's words alone, when no lemma was recorded


def test_framing_without_cue_or_unknown() -> None:
    assert cue_framing(None, None) == "none"
    assert cue_framing("xyzzy", "xyzzied") == "other"
    assert cue_framing("", "fired back at") == "rebuttal"


# -- the store, both backends ---------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    return str(request.getfixturevalue("pg_store_url"))


def articles() -> list:
    arts = _articles()
    arts[2].quotes[0].region = "headline"  # NYT's fragment is its headline
    return arts


def _articles() -> list:
    return [
        make("cnn-1", [("Hillary Clinton", TULSA)], date="2016-09-20", outlet="CNN", url="https://cnn.example/1"),
        make("fox-1", [("Hillary Clinton", TULSA_2), ("Hillary Clinton", STOCK_A)], date="2016-09-21", outlet="Fox"),
        make(
            "nyt-1",
            [("Clinton", "this is just unbearable")],
            date="2016-09-22",
            outlet="NYT",
            title="Clinton: this is just unbearable",
        ),
        make("bb-1", [("Donald Trump", TULSA)], date="2016-09-23", outlet="Breitbart"),
        make("bb-2", [("Donald Trump", STOCK_B), ("Donald Trump", WALL)], date="2016-09-24", outlet="Breitbart"),
        make("wp-1", [("a campaign aide", WALL.replace("great", "big"), "unknown")], date=None, outlet="WaPo"),
        make(
            "rt-1",
            [("Donald Trump", "We will build a great wall … and Mexico will pay for that wall")],
            date="2016-09-25",
            outlet="RT",
        ),
    ]


def partition(store) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    """The utterances as sets of quote refs (ids aside)."""
    out = set()
    for s in store.utterances(min_outlets=0, limit=None):
        u = store.utterance(s.id)
        out.add(frozenset(o.ref for o in u.occurrences))
    return out


def fill(target: str, arts: list) -> None:
    with open_store(target) as s:
        for a in arts:
            assert s.add(a)


def test_store_links_across_articles(target: str) -> None:
    fill(target, articles())
    with open_store(target) as s:
        groups = partition(s)
        assert frozenset({"cnn-1:q1", "fox-1:q1", "nyt-1:q1"}) in groups  # inserted words, a fragment
        assert frozenset({"bb-1:q1"}) in groups  # same words, another speaker: apart
        assert frozenset({"bb-2:q2", "wp-1:q1", "rt-1:q1"}) in groups  # unresolved joins; ellipsis
        assert frozenset({"fox-1:q2"}) in groups and frozenset({"bb-2:q1"}) in groups  # stock phrase
        clinton = s.utterance(s.utterance_of("cnn-1:q1"))  # type: ignore[arg-type]
        assert clinton is not None and clinton.conflict and clinton.conflicts == [s.utterance_of("bb-1:q1")]
        assert clinton.occurrences[0].ref == "cnn-1:q1" and clinton.first.first
        assert clinton.canonical == TULSA_2  # the longest version
        assert [o.diff.cut for o in clinton.occurrences if o.ref == "cnn-1:q1"] == [["I mean"]]
        wall = s.utterance(s.utterance_of("rt-1:q1"))  # type: ignore[arg-type]
        assert wall is not None and wall.altered and wall.speaker_id == "donald-trump"
        assert wall.occurrences[-1].ref == "wp-1:q1"  # no date: last
        listed = s.utterances(min_outlets=2)
        assert [u.id for u in listed][:1] == [clinton.id] and listed[0].articles == 3
        assert [u.id for u in s.utterances(altered=True, min_outlets=0, limit=None)] == [wall.id]
        assert {u.id for u in s.utterances(conflict=True, min_outlets=0, limit=None)} == {
            clinton.id,
            s.utterance_of("bb-1:q1"),
        }
        assert [u.id for u in s.utterances(speaker="Donald Trump", outlet="RT")] == [wall.id]
        assert s.utterances(until="2016-09-19", min_outlets=0) == []
        assert [u.id for u in s.utterances(headline=True, min_outlets=0)] == [clinton.id] and clinton.headline
        assert [o.region for o in clinton.occurrences if o.ref == "nyt-1:q1"] == ["headline"]


def test_trace_by_quote_and_by_words(target: str) -> None:
    fill(target, articles())
    with open_store(target) as s:
        by_ref = s.trace("fox-1:q1")
        assert by_ref.stored and len(by_ref.matches) == 1 and by_ref.matches[0].utterance.articles == 3
        asked = s.trace("an unarmed man with his hands in the air")
        assert not asked.stored and len(asked.matches) == 2  # Clinton's and Trump's
        assert all(0.6 <= m.score <= 1 for m in asked.matches)
        assert s.trace("nothing anybody here ever said at all").matches == []


def test_relink_equals_incremental_and_order_does_not_matter(target: str, tmp_path: Path) -> None:
    arts = articles()
    fill(target, arts)
    with open_store(target) as s:
        before = partition(s)
        ids = {u.id for u in s.utterances(min_outlets=0, limit=None)}
        assert s.relink() == 9
        assert partition(s) == before and {u.id for u in s.utterances(min_outlets=0, limit=None)} == ids
    shuffled = tmp_path / "shuffled.db"
    random.Random(7).shuffle(arts := articles())
    fill(str(shuffled), arts)
    with open_store(str(shuffled)) as s:
        assert partition(s) == before and {u.id for u in s.utterances(min_outlets=0, limit=None)} == ids


def test_interrupted_ingest_then_rerun_equals_one_run(target: str, tmp_path: Path) -> None:
    arts = articles()
    fill(target, arts)
    with open_store(target) as s:
        want = partition(s)
    other = str(tmp_path / "resumed.db")
    fill(other, arts[:3])  # the first run dies here; whole articles only (one transaction each)
    with open_store(other) as s:
        boom = articles()[3]
        s._link_utterances = lambda *a: (_ for _ in ()).throw(KeyboardInterrupt)  # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            s.add(boom)  # killed inside the transaction: nothing of it stays
        assert s.counts()["articles"] == 3
    with open_store(other) as s:
        for a in articles():
            s.add(a)  # the rerun skips what is stored
        assert partition(s) == want


def test_older_store_gains_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    fill(str(path), articles()[:2])
    con = sqlite3.connect(path)
    for t in ("utterances", "utt_edges", "utt_shingles", "utt_quotes"):
        con.execute(f"DROP TABLE {t}")
    con.commit()
    con.close()
    for args in (["trace", TULSA], ["utterances"]):  # read-only commands say what to run, and write nothing
        res = CliRunner().invoke(app, [*args, "--db", str(path)])
        assert res.exit_code == 2
        assert f"run `saywho relink --db {path}` once" in res.output
        assert len(res.output.strip().splitlines()) == 1
    with open_store(str(path)) as s:
        assert s.utterances(min_outlets=0) == []
        assert s.relink() == 3
        assert len(s.utterances(min_outlets=0)) == 2


def test_trace_and_utterances_on_no_store_make_none(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    for args in (["trace", TULSA], ["utterances"]):
        res = CliRunner().invoke(app, [*args, "--db", str(path)])
        assert res.exit_code == 2
        assert "no such store" in res.output
        assert not path.exists()


def test_store_without_the_newest_indexes_gains_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    fill(str(path), articles()[:3])
    con = sqlite3.connect(path)
    con.execute("DROP INDEX utt_quotes_ngrams")
    con.execute("DROP INDEX speakers_entity")
    con.commit()
    con.close()
    with SQLiteStore(path, readonly=True) as ro:  # read-only: cannot make the index, still links words
        assert ro.trace(TULSA).matches
    with open_store(str(path)) as s:
        sql = f"EXPLAIN QUERY PLAN SELECT quote_pk, ngrams FROM {s._SIZES} WHERE quote_pk IN (1, 2)"  # type: ignore[attr-defined]
        plan = " ".join(str(r) for r in s._all(sql))  # type: ignore[attr-defined]
        assert "COVERING INDEX utt_quotes_ngrams" in plan  # candidates are sifted on the index, not their rows
        sql = "EXPLAIN QUERY PLAN SELECT id FROM speakers WHERE entity_id = 'Q1'"
        assert "speakers_entity" in " ".join(str(r) for r in s._all(sql))  # type: ignore[attr-defined]


def test_lineage_html_escapes_everything(tmp_path: Path) -> None:
    path = str(tmp_path / "c.db")
    evil = "<script>alert(1)</script> we will never ever surrender to these people"
    fill(
        path,
        [
            make("x", [("Eve <b>", evil)], url="javascript:alert(1)"),
            make("y", [("Eve <b>", evil + " tonight")], outlet="<i>"),
        ],
    )
    with open_store(path) as s:
        page = render_utterance_html(s.trace("x:q1").matches[0].utterance)
    assert "<script>" not in page and "&lt;script&gt;" in page and "<i>" not in page and "javascript:" not in page
    assert '<span class="cut" title="cut">tonight</span>' in page  # x drops the canonical's last word
    assert '"Segoe UI"' in page  # the inline CSS is CSS, not HTML-escaped text


# -- CLI ------------------------------------------------------------------------------------


def test_cli_trace_utterances_export_show(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    fill(db, articles())
    run = CliRunner().invoke
    r = run(app, ["trace", "cnn-1:q1", "--db", db, "-f", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data[0]["occurrences"][0]["ref"] == "cnn-1:q1" and data[0]["conflict"]
    r = run(app, ["trace", "this is just unbearable", "--db", db, "-f", "csv"])
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("utterance_id,score")
    r = run(app, ["trace", "words nobody ever said in any article", "--db", db])
    assert r.exit_code == 1 and "no stored quote says this" in r.output
    r = run(app, ["trace", "cnn-1:q1", "--db", db])
    assert r.exit_code == 0 and "CNN" in r.stdout
    r = run(app, ["utterances", "--db", db, "--min-outlets", "2", "-f", "jsonl"])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.exit_code == 0 and len(rows) == 2 and {x["outlets"] for x in rows} == {3}
    r = run(app, ["utterances", "--db", db, "--framed", "sideways"])
    assert r.exit_code == 2 and "--framed" in r.output
    r = run(app, ["export", "--db", db])
    quotes = [q for line in r.stdout.splitlines() for q in json.loads(line)["quotes"]]
    assert all(q["utterance_id"].startswith("u") and q["cue_framing"] == "neutral" for q in quotes)
    r = run(app, ["export", "--db", db, "-f", "csv"])
    assert r.stdout.splitlines()[0].endswith("cue_framing,utterance_id")
    for fmt in ("csv", "jsonl", "parquet"):  # to a file, as `-o` gives it
        out = tmp_path / f"q.{fmt}"
        r = run(app, ["export", "--db", db, "-f", fmt, "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert out.stat().st_size > 0
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "q.parquet")
    assert table.num_rows == 9 and set(table.column("cue_framing").to_pylist()) == {"neutral"}
    assert len(set(table.column("utterance_id").to_pylist())) == 5
    assert (tmp_path / "q.csv").read_text(encoding="utf-8").splitlines()[0].endswith("cue_framing,utterance_id")
    r = run(app, ["show", "wp-1", "--db", db, "-f", "html"])
    assert r.exit_code == 0 and 'class="q altered' in r.stdout
    r = run(app, ["show", "cnn-1", "--db", db, "-f", "html"])
    assert 'class="q altered' not in r.stdout
    r = run(app, ["relink", "--db", db])
    assert r.exit_code == 0 and "linked 9 quote(s) into 5 utterance(s)" in r.output


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun_equals_one_run(tmp_path: Path) -> None:
    """A real SIGKILL while a process stores (and links) articles; a rerun gives the same utterances."""
    import signal
    import subprocess
    import sys
    import time

    arts = [a for i in range(10) for a in articles_renamed(i)]
    data = tmp_path / "arts.jsonl"
    data.write_text("\n".join(json.dumps(a.to_dict()) for a in arts) + "\n", encoding="utf-8")
    script = (
        "import json, sys, time\n"
        "from saywho.store import open_store\n"
        "from saywho.types import Article\n"
        "s = open_store(sys.argv[1])\n"
        "for line in open(sys.argv[2], encoding='utf-8'):\n"
        "    s.add(Article.from_dict(json.loads(line)))\n"
        "    time.sleep(float(sys.argv[3]))\n"
    )
    one = str(tmp_path / "one.db")
    subprocess.run([sys.executable, "-c", script, one, str(data), "0"], check=True, timeout=300)
    killed = str(tmp_path / "killed.db")
    proc = subprocess.Popen([sys.executable, "-c", script, killed, str(data), "0.02"])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            con = sqlite3.connect(killed, timeout=5)
            n = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            con.close()
        except sqlite3.Error:
            n = 0
        if n >= 20:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with open_store(killed) as s:
        assert 0 < s.counts()["articles"] < len(arts)
    subprocess.run([sys.executable, "-c", script, killed, str(data), "0"], check=True, timeout=300)
    with open_store(one) as a, open_store(killed) as b:
        assert partition(a) == partition(b)
        assert {u.id for u in a.utterances(min_outlets=0, limit=None)} == {
            u.id for u in b.utterances(min_outlets=0, limit=None)
        }


def articles_renamed(i: int) -> list:
    out = []
    for a in articles():
        a.id = f"{a.id}-{i}"
        a.text += f"\n(copy {i})"  # distinct content, the same quotes
        out.append(a)
    return out


# -- item 6: paraphrases, listed beside an utterance and never merged -----------------------


def test_indirect_paraphrase_is_listed_not_merged(target: str) -> None:
    arts = articles()
    para = make(
        "ap-9",
        [("Hillary Clinton", "the killing of an unarmed man in Tulsa with his hands in the air was unbearable")],
        date="2016-09-21",
        outlet="AP",
    )
    other = make(
        "ap-8", [("Hillary Clinton", "taxes on the wealthy should rise next year")], date="2016-09-21", outlet="AP"
    )
    trump = make(
        "ap-7",
        [("Donald Trump", "an unarmed man in Tulsa with his hands in the air was shot, which is unbearable")],
        date="2016-09-21",
        outlet="AP",
    )
    for a in (para, other, trump):
        a.quotes[0].kind = "indirect"
    fill(target, [*arts, para, other, trump])
    with open_store(target) as s:
        uid = s.utterance_of("cnn-1:q1")
        assert uid is not None and s.utterance_of("ap-9:q1") is None  # not an utterance of its own
        plain_u = s.utterance(uid)
        assert plain_u is not None and plain_u.paraphrases == []  # only when asked for
        u = s.utterance(uid, paraphrases=True)
        assert u is not None and [p.ref for p in u.paraphrases] == ["ap-9:q1"]
        assert 0.4 <= u.paraphrases[0].score <= 1 and "ap-9:q1" not in {o.ref for o in u.occurrences}
        assert "Paraphrased" in render_utterance_html(u)


_VOCAB = ["we", "will", "build", "wall", "the", "border", "mexico", "pay", "great", "jobs", "china", "…", "tulsa"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCAB), min_size=0, max_size=24),
    st.lists(st.sampled_from(_VOCAB), min_size=0, max_size=24),
)
def test_same_words_shortcut_never_changes_the_answer(a: list[str], b: list[str]) -> None:
    """same_words skips the alignment when too few words are shared; the full rule, spelled out
    here from align, must give the same answer on any pair."""
    ta, tb = tokens(" ".join(a)), tokens(" ".join(b))
    if not (linkable(ta) and linkable(tb)):
        expected = None
    else:
        m = align(ta, tb)
        if m.short < FRAGMENT:
            ok = m.matched >= m.short - (1 if m.short >= 5 else 0)
        else:
            ok = m.matched >= 5 and m.coverage >= MIN_COVERAGE
        expected = m if ok else None
    assert same_words(ta, tb) == expected


def test_postgres_reader_opens_a_store_without_the_newest_indexes(pg_store_url: str) -> None:
    """A role that may only read (a web server's) cannot make the indexes added since; it opens and reads."""
    import uuid

    import psycopg

    fill(pg_store_url, articles()[:3])
    role = "reader_" + uuid.uuid4().hex[:8]
    schema = pg_store_url.rsplit("%3D", 1)[1]
    with psycopg.connect(pg_store_url, autocommit=True) as conn:
        conn.execute("DROP INDEX utt_quotes_ngrams")
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}')
        conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {role}')
    try:
        url = pg_store_url.replace("://saywho@", f"://{role}@", 1)
        assert url != pg_store_url
        with open_store(url) as s:
            assert s.trace(TULSA).matches
    finally:
        with psycopg.connect(pg_store_url, autocommit=True) as conn:
            conn.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM {role}')
            conn.execute(f'REVOKE ALL ON SCHEMA "{schema}" FROM {role}')
            conn.execute(f"DROP ROLE {role}")
