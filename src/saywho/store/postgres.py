"""The shared store: PostgreSQL through psycopg 3.

Same tables and semantics as the SQLite store. Quote content is searched through a
generated ``tsvector`` column (``to_tsvector('english', content)``, GIN-indexed) and
``websearch_to_tsquery``, which accepts any user input without raising.

Each ``add`` is one transaction that first takes a transaction-scoped advisory lock,
so several processes (or machines) may ingest into one database at once: articles
are unique by content hash (``ON CONFLICT DO NOTHING``), ids stay unique, and two
writers never create the same canonical speaker twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

try:
    import psycopg
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("PostgreSQL support needs psycopg: install saywho[postgres]") from exc

from ._sql import SCHEMA_VERSION, SQLStore, migrations
from ._utterances import UTTERANCE_OBJECTS, UTTERANCE_TABLES
from .base import Query, StoreUnreachable, masked

__all__ = ["PostgresStore"]

#: advisory lock keys ("saywho" in ASCII, and +1 for schema creation)
_WRITE_LOCK = 0x736179776F
_SCHEMA_LOCK = _WRITE_LOCK + 1

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS articles (
        pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        date TEXT,
        outlet TEXT,
        outlet_key TEXT,
        url TEXT,
        source TEXT,
        json TEXT NOT NULL,
        added_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE IF NOT EXISTS speakers (
        pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        aliases JSONB NOT NULL DEFAULT '[]',
        roles JSONB NOT NULL DEFAULT '[]',
        names JSONB NOT NULL DEFAULT '[]',
        search TEXT NOT NULL DEFAULT '',
        org TEXT,
        entity_id TEXT,
        description TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS speaker_keys (
        key TEXT NOT NULL,
        speaker_id TEXT NOT NULL REFERENCES speakers(id),
        PRIMARY KEY (key, speaker_id)
    )""",
    """CREATE TABLE IF NOT EXISTS speaker_links (
        article_pk BIGINT NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        speaker TEXT NOT NULL,
        canonical_id TEXT NOT NULL REFERENCES speakers(id),
        PRIMARY KEY (article_pk, speaker)
    )""",
    """CREATE TABLE IF NOT EXISTS quotes (
        pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_pk BIGINT NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        quote_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        region TEXT NOT NULL,
        content TEXT NOT NULL,
        cue TEXT,
        cue_lemma TEXT,
        source TEXT,
        speaker TEXT,
        canonical_id TEXT REFERENCES speakers(id),
        confidence DOUBLE PRECISION NOT NULL,
        date TEXT,
        outlet TEXT,
        outlet_key TEXT,
        tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('english'::regconfig, content)) STORED
    )""",
    """CREATE TABLE IF NOT EXISTS errors (
        pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_pk, pos)",
    "CREATE INDEX IF NOT EXISTS quotes_canonical ON quotes (canonical_id, date)",
    "CREATE INDEX IF NOT EXISTS quotes_date ON quotes (date)",
    "CREATE INDEX IF NOT EXISTS quotes_outlet ON quotes (outlet_key, date)",
    "CREATE INDEX IF NOT EXISTS quotes_tsv ON quotes USING GIN (tsv)",
    "CREATE INDEX IF NOT EXISTS speaker_keys_speaker ON speaker_keys (speaker_id)",
    "CREATE INDEX IF NOT EXISTS speaker_links_canonical ON speaker_links (canonical_id)",
]

#: tables added in schema 2 (also created by the migration from 1)
_TABLES_2 = [
    """CREATE TABLE IF NOT EXISTS corrections (
        pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS entities (
        pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        id TEXT,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        description TEXT
    )""",
]
_SCHEMA += _TABLES_2
_MIGRATIONS = migrations(_TABLES_2)


class PostgresStore(SQLStore):
    """A corpus in a PostgreSQL database (tables are created on first use).

    ``url`` is a libpq connection URL (``postgresql://user:pass@host:5432/db``); its
    ``options=-csearch_path=NAME`` parameter puts the tables in another schema.
    """

    _paramstyle = "format"
    driver_errors = (psycopg.Error,)

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            extra: dict[str, Any] = {} if "connect_timeout" in url else {"connect_timeout": 15}
            self._conn = psycopg.connect(url, autocommit=True, **extra)
        except psycopg.OperationalError as exc:
            lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
            problem = lines[0] if lines else type(exc).__name__
            raise StoreUnreachable(f"cannot connect to {masked(url)}: {problem}") from None
        try:
            self._init_schema()
            self._init_utterances()
        except BaseException:
            self._conn.close()
            raise

    def _init_schema(self) -> None:
        version = self._schema_version()
        if version == SCHEMA_VERSION:
            return
        if version is not None:
            with self._write():
                self._migrate(_MIGRATIONS)
            return
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            for stmt in _SCHEMA:
                self._conn.execute(stmt)
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', %s) ON CONFLICT (key) DO NOTHING",
                (SCHEMA_VERSION,),
            )

    def _init_utterances(self) -> None:
        """The utterance tables (issue 13) and the indexes added since, made in stores that lack them."""
        missing = {
            str(r[0])
            for r in self._conn.execute(
                "SELECT n FROM unnest(%s::text[]) AS n WHERE to_regclass(n) IS NULL", (list(UTTERANCE_OBJECTS),)
            )
        }
        if not missing:
            return
        try:
            with self._conn.transaction():
                self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                for stmt in self._utterance_ddl():
                    self._conn.execute(stmt)
        except psycopg.errors.InsufficientPrivilege:
            if missing & UTTERANCE_TABLES:
                raise
            # a role that reads (a web server) may not create indexes; without them reads are slower, not wrong

    def _schema_version(self) -> str | None:
        row = self._conn.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return None
        found = self._conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        return str(found[0]) if found else None

    def _conn_execute(self, sql: str, params: Any = ()) -> Any:
        return self._conn.execute(sql, params)

    def _conn_executemany(self, sql: str, rows: list[tuple]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(sql, rows)

    @contextmanager
    def _write(self) -> Iterator[None]:
        with self._conn.transaction():
            # one writer at a time: the id suffix and the canonical speakers are read-then-write
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            yield

    def _insert_article(self, row: dict[str, Any]) -> int | None:
        row = dict(row)
        row.pop("added_at", None)  # now(), the transaction's time
        cols = list(row)
        found = self._conn.execute(
            f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
            " ON CONFLICT DO NOTHING RETURNING pk",
            [row[c] for c in cols],
        ).fetchone()
        return int(found[0]) if found else None

    def _word_search(self, query: Query, where: list[str], params: list[Any]) -> list[tuple]:
        """Matching quotes, newest first, best ranked first within a date.

        As on SQLite: ranking every match of a common word costs more than finding them, and
        only the date at the end of the page needs it, so the first pass finds that date
        unranked and the second ranks only the matches on that date or later. Same rows.
        """
        words = (query.words or "").strip()
        row = self._conn.execute("SELECT numnode(websearch_to_tsquery('english', %s))", (words,)).fetchone()
        if not row or not row[0]:
            return []  # nothing searchable (only stop words or punctuation)
        filters = "".join(" AND " + w for w in where)
        dated = (
            "SELECT q.date FROM quotes q WHERE q.tsv @@ websearch_to_tsquery('english', ?)"
            + filters
            + " ORDER BY q.date DESC NULLS LAST LIMIT 1 OFFSET ?"
        )
        last = self._one(dated, [words, *params, max(int(query.limit or 0) - 1, 0)])
        since, extra = (" AND q.date >= ?", [last[0]]) if last is not None and last[0] is not None else ("", [])
        page = (
            "SELECT q.pk, -ts_rank(q.tsv, tsq) AS rank FROM websearch_to_tsquery('english', ?) AS tsq"
            " CROSS JOIN quotes q WHERE q.tsv @@ tsq"
            + filters
            + since
            + " ORDER BY q.date DESC NULLS LAST, rank, q.article_pk DESC, q.pos LIMIT ?"
        )
        return self._all(self._hits_of(page), [words, *params, *extra, query.limit])

    def _word_count(self, query: Query, where: list[str], params: list[Any]) -> int:
        words = (query.words or "").strip()
        row = self._conn.execute("SELECT numnode(websearch_to_tsquery('english', %s))", (words,)).fetchone()
        if not row or not row[0]:
            return 0
        sql = "SELECT COUNT(*) FROM quotes q WHERE q.tsv @@ websearch_to_tsquery('english', ?)" + "".join(
            " AND " + w for w in where
        )
        found = self._one(sql, [words, *params])
        return int(found[0]) if found else 0

    def close(self) -> None:
        try:
            self._conn.close()
        except psycopg.Error:  # pragma: no cover
            pass
