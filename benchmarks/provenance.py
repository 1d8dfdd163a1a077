"""Cost of utterance linking: time per linked quote, peak memory, and `trace` latency,
at several store sizes, on SQLite and PostgreSQL.

    python benchmarks/provenance.py --sizes 10000 100000 1000000 [--pg postgresql://…] [--no-sqlite]

For each size N the store is filled in bulk (one transaction per chunk, the utterance
tables written directly, no per-quote verification) with N synthetic quotes: each new
utterance is a real PolNeAR train/dev quote with half of its words swapped for others
from the corpus vocabulary, printed 1–3 times with edits (a cut, a replaced word, case).
Then ``--probe`` quotes in new articles (half new words, half edited copies of stored
quotes, unresolved speakers so they may link) are stored through ``store.add``, which
links each one against the index exactly as ingest does; we report the mean time per
probe quote (wall, this process's CPU and, for a PostgreSQL server on this machine, the
server process's CPU), the Python heap peak (tracemalloc, on a tenth of the probes added apart) and the process's max RSS during
the probe, and the p50/p95 of ``store.trace`` over fragments of stored quotes.

``--keep DIR`` keeps each SQLite fill (and its sample of texts) in DIR and reuses it on the
next run, probing a copy: a fill of 10^6 quotes takes about a quarter of an hour.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "provenance"))
import polnear

from saywho.provenance.group import quote_key, utterance_id
from saywho.provenance.text import linkable, plain, shingles, tokens
from saywho.store import open_store
from saywho.store._utterances import linked_text
from saywho.types import Article, Cue, Quote, Span, Speaker

OUTLETS = ["nyt", "politico", "breitbart", "usa-today", "wash-post", "huff-post", "west-journal"]
PER_ARTICLE = 5


def real_quotes() -> list[str]:
    out = []
    for a in polnear.articles():
        for q in a.quotes:
            t = " ".join(linked_text(q.kind, q.content.text).split())
            if len(plain(tokens(t))) >= 8:
                out.append(t)
    return out


class Synth:
    """Deterministic synthetic utterances and their edited printings."""

    def __init__(self, bases: list[str], seed: int = 1) -> None:
        self.bases = [b.split() for b in bases]
        self.vocab = sorted({w for b in self.bases for w in b if w.isalpha() and len(w) > 3})
        self.rng = random.Random(seed)

    def utterance(self, i: int) -> list[str]:
        words = list(self.bases[i % len(self.bases)])
        return [self.rng.choice(self.vocab) if self.rng.random() < 0.5 else w for w in words]

    def edit(self, words: list[str]) -> list[str]:
        kind = self.rng.randrange(3)
        if kind == 0 and len(words) > 10:
            s = self.rng.randrange(0, len(words) - 8)
            return words[s : s + self.rng.randint(8, len(words) - s)]
        if kind == 1:
            w = list(words)
            w[self.rng.randrange(len(w))] = self.rng.choice(self.vocab)
            return w
        return [w.upper() if self.rng.random() < 0.3 else w for w in words]


def _bulk(store: Any, table: str, rows: list[tuple]) -> None:
    """Insert rows that are new by construction: COPY on PostgreSQL (executemany there is ~10× slower)."""
    if not rows:
        return
    if store._paramstyle == "format":
        with store._conn.cursor().copy(f"COPY {table} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        store._many(f"INSERT INTO {table} VALUES ({store._marks(len(rows[0]))})", rows)


def _article_rows(store: Any, n_quotes: int, synth: Synth, speakers: int) -> list[str]:
    """Bulk-write ``n_quotes`` quotes with their utterance rows; returns some stored texts for probes."""
    sample: list[str] = []
    is_pg = store._paramstyle == "format"
    for sid in range(speakers):
        store._x(
            "INSERT INTO speakers (id, name, type) VALUES (?, ?, ?)", (f"s{sid}", f"Synthetic Speaker {sid}", "person")
        )
    done, u = 0, 0
    chunk_articles = 10000
    pending: list[tuple[list[str], int, int]] = []  # (words, utterance n, speaker)
    while done < n_quotes:
        with store._write():
            arts = []
            quotes = []
            for _ in range(chunk_articles):
                if done >= n_quotes:
                    break
                aid = f"syn-{uuid.UUID(int=synth.rng.getrandbits(128)).hex[:16]}"
                qs = []
                for _ in range(PER_ARTICLE):
                    if not pending:
                        words = synth.utterance(u)
                        spk = u % speakers
                        pending.extend([(words, u, spk)] + [(synth.edit(words), u, spk) for _ in range(u % 3)])
                        u += 1
                    qs.append(pending.pop(0))
                    done += 1
                    if done >= n_quotes:
                        break
                arts.append((aid, qs))
            for aid, qs in arts:
                d = synth.rng.randrange(0, 700)
                date = f"{2015 + d // 365}-{(d % 365) // 31 + 1:02d}-{d % 28 + 1:02d}"
                outlet = OUTLETS[d % len(OUTLETS)]
                row = {"id": aid, "content_hash": aid, "title": aid, "date": date, "outlet": outlet, "outlet_key": outlet,
                       "url": None, "source": "bench", "json": json.dumps({"schema": "saywho/1", "id": aid, "text": ""}),
                       "added_at": "2026-01-01T00:00:00+00:00"}  # fmt: skip
                pk = store._insert_article(row)
                for pos, (words, un, spk) in enumerate(qs):
                    quotes.append((pk, pos, aid, " ".join(words), un, spk, date, outlet))
            ut_rows, sh_rows, utt_rows, q_rows = [], [], [], []
            members: dict[int, list[int]] = {}
            qpk = int(store._one("SELECT COALESCE(MAX(pk), 0) FROM quotes")[0])
            for pk, pos, aid, text, un, spk, date, outlet in quotes:
                qpk += 1
                q_rows.append((qpk, pk, pos, f"q{pos + 1}", text, f"s{spk}", date, outlet, outlet))
                toks = tokens(text)
                members.setdefault(un, []).append(qpk)
                grams = shingles(toks) if linkable(toks) else set()
                ut_rows.append(
                    (
                        qpk,
                        quote_key(aid, pos),
                        text,
                        " ".join(toks),
                        len(plain(toks)),
                        len(grams),
                        f"s{spk}",
                        "neutral",
                        un,
                        utterance_id(f"{un}"),
                    )
                )
                sh_rows.extend((g, qpk) for g in grams)
                if len(sample) < 5000 and synth.rng.random() < 0.05:
                    sample.append(text)
            store._many(
                "INSERT INTO quotes (pk, article_pk, pos, quote_id, kind, region, content, cue, cue_lemma, source, speaker,"
                " canonical_id, confidence, date, outlet, outlet_key)"
                + (" OVERRIDING SYSTEM VALUE" if is_pg else "")
                + " VALUES (?, ?, ?, ?, 'direct', 'body', ?, 'said', 'say', 'X', 'x', ?, 0.9, ?, ?, ?)",
                q_rows,
            )
            store._many(
                "INSERT INTO utt_quotes (quote_pk, akey, text, words, ntok, ngrams, speaker, framing, component, utterance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ut_rows,
            )
            _bulk(store, "utt_shingles (shingle, quote_pk)", sorted(sh_rows))
            edges = [(a, b, "link", 1.0) for ms in members.values() for i, a in enumerate(ms) for b in ms[i + 1 :]]
            _bulk(store, "utt_edges (a, b, kind, score)", edges)
            for un, ms in members.items():
                utt_rows.append(
                    (utterance_id(f"{un}"), un, None, ms[0], ms[0], None, None, len(ms), len(ms), 1, 0, 0, 0, "neutral")
                )
            store._many(
                "INSERT INTO utterances (id, component, speaker, canonical_pk, first_pk, first_date, last_date, quotes, articles,"
                " outlets, altered, conflict, headline, framings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET quotes = utterances.quotes + excluded.quotes",
                utt_rows,
            )
    # components were labelled by utterance number; point them at a member pk as linking does
    store._x("UPDATE utt_quotes SET component = -component - 1")
    store._x("UPDATE utterances SET component = -component - 1")
    if is_pg:
        store._x("SELECT setval(pg_get_serial_sequence('quotes', 'pk'), (SELECT MAX(pk) FROM quotes))")
    store._x("ANALYZE")  # as autovacuum / a maintained store would have
    return sample


def _probe_article(i: int, texts: list[str]) -> Article:
    body, quotes = f"Probe {i}\n\n", []
    for j, t in enumerate(texts):
        s0 = len(body) + 1
        body += f"“{t}” said someone.\n\n"
        quotes.append(Quote(id=f"q{j + 1}", kind="direct", content=Span.of(body, [(s0, s0 + len(t))]),
                            cue=Cue.of(body, [(s0 + len(t) + 2, s0 + len(t) + 6)], lemma="say"), speaker="someone"))  # fmt: skip
    return Article(id=f"probe-{i}", text=body, date="2017-01-01", outlet="probe", quotes=quotes,
                   speakers=[Speaker(id="someone", name="someone", type="unknown", quotes=len(texts))])  # fmt: skip


def _server_pid(store: Any) -> int | None:
    """The PostgreSQL server process of this connection, if it runs on this machine."""
    if store._paramstyle != "format":
        return None
    pid = int(store._one("SELECT pg_backend_pid()")[0])
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _cpu_s(pid: int | None) -> float:
    """User + system CPU seconds of process ``pid`` (0 without one)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fill(target: str, n: int, synth: Synth) -> tuple[list[str], float]:
    """Bulk-fill a new store with ``n`` quotes; the sample of stored texts and the seconds it took."""
    store = open_store(target)
    t0 = time.perf_counter()
    if store._paramstyle == "qmark":
        store._x("PRAGMA cache_size = -2000000")  # a 2 GB page cache for the bulk fill only
    sample = _article_rows(store, n, synth, speakers=max(50, n // 200))
    store.close()
    return sample, time.perf_counter() - t0


def measure(target: str, n: int, probe: int, synth: Synth, traces: int, kept: Path | None = None) -> dict[str, Any]:
    """Fill (or reuse the kept fill of) a store of ``n`` quotes, then time linked adds and traces."""
    if kept is not None and (kept / f"fill-{n}.json").exists():
        sample, fill_s = json.loads((kept / f"fill-{n}.json").read_text()), 0.0
        shutil.copyfile(kept / f"fill-{n}.db", target)
    else:
        sample, fill_s = fill(target, n, synth)
        if kept is not None:
            kept.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, kept / f"fill-{n}.db")
            (kept / f"fill-{n}.json").write_text(json.dumps(sample))
    store = open_store(target)
    rng = random.Random(n)
    synth.rng = random.Random(n + 1)  # the same probes whether the fill was made now or kept
    texts = []
    for i in range(probe):
        if i % 2 and sample:
            texts.append(" ".join(synth.edit(rng.choice(sample).split())))
        else:
            texts.append(" ".join(synth.utterance(10**7 + i)))
    arts = [_probe_article(i, texts[i : i + 4]) for i in range(0, probe, 4)]
    heap_arts, arts = arts[: len(arts) // 10], arts[len(arts) // 10 :]
    backend = _server_pid(store)
    t, c, sc = time.perf_counter(), time.process_time(), _cpu_s(backend)
    for a in arts:
        store.add(a)
    timed = sum(len(a.quotes) for a in arts)
    link_s, link_cpu, server_cpu = time.perf_counter() - t, time.process_time() - c, _cpu_s(backend) - sc
    # the heap peak on a tenth of the probes, apart: tracing every allocation slows Python
    # down, the more the more work a quote takes, so it would distort the times above
    tracemalloc.start()
    for a in heap_arts:
        store.add(a)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    lat = []
    for _ in range(traces):
        words = rng.choice(sample).split()
        s = rng.randrange(0, max(1, len(words) - 8))
        q = " ".join(words[s : s + rng.randint(5, 12)])
        t = time.perf_counter()
        store.trace(q)
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    counts = store.counts()
    store.close()
    return {
        "quotes": counts["quotes"], "fill_s": round(fill_s, 1), "probe_quotes": probe,
        "link_ms_per_quote": round(link_s * 1000 / timed, 2), "link_cpu_ms_per_quote": round(link_cpu * 1000 / timed, 2),
        "server_cpu_ms_per_quote": round(server_cpu * 1000 / timed, 2) if backend else None, "probe_heap_peak_mb": round(peak / 2**20, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "trace_p50_ms": round(statistics.median(lat), 1), "trace_p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 1),
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--probe", type=int, default=2000)
    ap.add_argument("--traces", type=int, default=200)
    ap.add_argument("--pg", help="a PostgreSQL URL to measure too (each size in a fresh schema)")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument(
        "--keep", type=Path, help="keep each SQLite fill here and reuse it on the next run (probes run on a copy)"
    )
    args = ap.parse_args()
    synth = Synth(real_quotes())
    for n in args.sizes:
        if not args.no_sqlite:
            with tempfile.TemporaryDirectory() as tmp:
                r = measure(str(Path(tmp) / "bench.db"), n, args.probe, synth, args.traces, args.keep)
            print(json.dumps({"backend": "sqlite", "size": n, **r}), flush=True)
        if args.pg:
            import psycopg

            schema = f"bench_{n}_{uuid.uuid4().hex[:6]}"
            with psycopg.connect(args.pg, autocommit=True) as c:
                c.execute(f"CREATE SCHEMA {schema}")
            sep = "&" if "?" in args.pg else "?"
            try:
                r = measure(f"{args.pg}{sep}options=-csearch_path%3D{schema}", n, args.probe, synth, args.traces)
                print(json.dumps({"backend": "postgres", "size": n, **r}), flush=True)
            finally:
                with psycopg.connect(args.pg, autocommit=True) as c:
                    c.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
