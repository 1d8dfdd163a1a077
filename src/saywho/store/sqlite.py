"""The embedded store: one SQLite file, WAL mode, FTS5 over quote content.

Every ``add`` is one ``BEGIN IMMEDIATE`` transaction, so a process killed at any
moment leaves whole articles only, and several processes may write to one file
(they take turns; ``busy_timeout`` makes them wait rather than fail).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import StoreNotFound
from ._sql import SCHEMA_VERSION, SQLStore, migrations
from ._utterances import UTTERANCE_OBJECTS
from .base import Query

__all__ = ["SQLiteStore", "fts5_phrases"]

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS articles (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        date TEXT,
        outlet TEXT,
        outlet_key TEXT,
        url TEXT,
        source TEXT,
        json TEXT NOT NULL,
        added_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS speakers (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        roles TEXT NOT NULL DEFAULT '[]',
        names TEXT NOT NULL DEFAULT '[]',
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
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        speaker TEXT NOT NULL,
        canonical_id TEXT NOT NULL REFERENCES speakers(id),
        PRIMARY KEY (article_pk, speaker)
    )""",
    """CREATE TABLE IF NOT EXISTS quotes (
        pk INTEGER PRIMARY KEY,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
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
        confidence REAL NOT NULL,
        date TEXT,
        outlet TEXT,
        outlet_key TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS errors (
        pk INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_pk, pos)",
    "CREATE INDEX IF NOT EXISTS quotes_canonical ON quotes (canonical_id, date)",
    "CREATE INDEX IF NOT EXISTS quotes_date ON quotes (date)",
    "CREATE INDEX IF NOT EXISTS quotes_outlet ON quotes (outlet_key, date)",
    "CREATE INDEX IF NOT EXISTS speaker_keys_speaker ON speaker_keys (speaker_id)",
    "CREATE INDEX IF NOT EXISTS speaker_links_canonical ON speaker_links (canonical_id)",
    """CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
        content, content='quotes', content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts (rowid, content) VALUES (new.pk, new.content);
    END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts (quotes_fts, rowid, content) VALUES ('delete', old.pk, old.content);
    END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_update AFTER UPDATE OF content ON quotes BEGIN
        INSERT INTO quotes_fts (quotes_fts, rowid, content) VALUES ('delete', old.pk, old.content);
        INSERT INTO quotes_fts (rowid, content) VALUES (new.pk, new.content);
    END""",
]

#: tables added in schema 2 (also created by the migration from 1)
_TABLES_2 = [
    """CREATE TABLE IF NOT EXISTS corrections (
        pk INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS entities (
        pk INTEGER PRIMARY KEY,
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


def fts5_phrases(words: str) -> str | None:
    """``words`` as an FTS5 query of quoted phrases, one per word (None if none is searchable).

    ``don't`` → ``"don't"``, ``U.S.`` → ``"U.S."``; words with no letter or digit
    (``*``, ``-``, ``:``) are dropped.
    """
    parts = []
    for w in words.split():
        w = w.replace('"', "")
        if any(c.isalnum() for c in w):
            parts.append(f'"{w}"')
    return " ".join(parts) or None


def _open_readonly(path: str) -> sqlite3.Connection:
    """A connection that never writes: not the database, not its WAL side files.

    ``mode=ro`` still needs the ``-shm`` file of a WAL database, which cannot be
    made in a read-only folder; there ``immutable=1`` is the only way in (nothing
    can be writing to a database nobody may write next to).
    """
    file = Path(path).expanduser()
    if not file.is_file():
        raise StoreNotFound(f"{path}: no such store (create one with `saywho ingest FILES --db {path}`)")
    uri = "file:" + quote(str(file.resolve()))
    last: sqlite3.Error | None = None
    for flags in ("?mode=ro", "?immutable=1"):
        try:
            conn = sqlite3.connect(uri + flags, uri=True, timeout=60.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 60000")
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        except sqlite3.DatabaseError as exc:
            last = exc
            continue
        if not found:
            conn.close()
            raise StoreNotFound(f"{path}: is not a saywho store (it has no saywho tables)")
        return conn
    assert last is not None
    raise last


class SQLiteStore(SQLStore):
    """A corpus in one SQLite file (created on first use; ``readonly``: opened, never created or written)."""

    _paramstyle = "qmark"
    driver_errors = (sqlite3.Error,)

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        self.url = self.path
        if readonly:
            self._conn = _open_readonly(self.path)
            self._use_sizes_index()
            return
        if self.path != ":memory:" and not self.path.startswith("file:"):
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(
            self.path, timeout=60.0, isolation_level=None, check_same_thread=False, uri=self.path.startswith("file:")
        )
        self._conn.execute("PRAGMA busy_timeout = 60000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._init_schema()
        self._init_utterances()
        self._use_sizes_index()

    def _use_sizes_index(self) -> None:
        """Sift candidates on the small index, named: without statistics SQLite would take the
        primary key's and read each row (a store opened read-only may be older than the index)."""
        if self._conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'utt_quotes_ngrams'").fetchone():
            self._SIZES = "utt_quotes INDEXED BY utt_quotes_ngrams"

    def _init_utterances(self) -> None:
        """The utterance tables (issue 13) and the indexes added since, made in stores that lack them."""
        marks = self._marks(len(UTTERANCE_OBJECTS))
        have = self._conn.execute(f"SELECT COUNT(*) FROM sqlite_master WHERE name IN ({marks})", UTTERANCE_OBJECTS)
        if have.fetchone()[0] == len(UTTERANCE_OBJECTS):
            return
        with self._write():
            for stmt in self._utterance_ddl():
                self._conn.execute(stmt)

    def _init_schema(self) -> None:
        row = self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        version = self._conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() if row else None
        if version and version[0] == SCHEMA_VERSION:
            return
        with self._write():
            if version:
                self._migrate(_MIGRATIONS)
                return
            for stmt in _SCHEMA:
                self._conn.execute(stmt)
            self._conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def _conn_execute(self, sql: str, params: Any = ()) -> Any:
        return self._conn.execute(sql, params)

    def _conn_executemany(self, sql: str, rows: list[tuple]) -> None:
        self._conn.executemany(sql, rows)

    @contextmanager
    def _write(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")

    def _insert_article(self, row: dict[str, Any]) -> int | None:
        cols = list(row)
        cur = self._conn.execute(
            f"INSERT OR IGNORE INTO articles ({', '.join(cols)}) VALUES ({self._marks(len(cols))})",
            [row[c] for c in cols],
        )
        return cur.lastrowid if cur.rowcount == 1 else None

    def _word_search(self, query: Query, where: list[str], params: list[Any]) -> list[tuple]:
        """Matching quotes, newest first, best ranked first within a date.

        Ranking (bm25) every match of a common word costs more than finding them, and
        only the date at the end of the page needs it: the first pass finds that date
        unranked, the second ranks only the matches on that date or later. Same rows.
        """
        filters = "".join(" AND " + w for w in where)
        dated = (
            "SELECT q.date FROM quotes_fts CROSS JOIN quotes q ON q.pk = quotes_fts.rowid"
            " WHERE quotes_fts MATCH ?" + filters + " ORDER BY q.date DESC NULLS LAST LIMIT 1 OFFSET ?"
        )
        ranked = self._hits_of(
            "SELECT q.pk, quotes_fts.rank AS rank FROM quotes_fts JOIN quotes q ON q.pk = quotes_fts.rowid"
            " WHERE quotes_fts MATCH ?" + filters + "{since}"
            " ORDER BY q.date DESC NULLS LAST, quotes_fts.rank, q.article_pk DESC, q.pos LIMIT ?"
        )

        def run(match: str) -> list[tuple]:
            last = self._conn.execute(dated, [match, *params, max(int(query.limit or 0) - 1, 0)]).fetchone()
            if last is not None and last[0] is not None:  # a full page: rank only from its last date on
                sql, extra = ranked.format(since=" AND q.date >= ?"), [last[0]]
            else:  # fewer matches than a page, or the page reaches undated quotes: rank them all
                sql, extra = ranked.format(since=""), []
            return self._conn.execute(sql, [match, *params, *extra, query.limit]).fetchall()

        words = (query.words or "").strip()
        try:
            return run(words)
        except sqlite3.OperationalError:
            phrases = fts5_phrases(words)
            if phrases is None:
                return []
            return run(phrases)

    def _word_count(self, query: Query, where: list[str], params: list[Any]) -> int:
        sql = (
            # CROSS JOIN keeps the full-text match the outer loop (else SQLite may match row by row)
            "SELECT COUNT(*) FROM quotes_fts CROSS JOIN quotes q ON q.pk = quotes_fts.rowid WHERE quotes_fts MATCH ?"
            + "".join(" AND " + w for w in where)
        )
        words = (query.words or "").strip()
        try:
            return int(self._conn.execute(sql, [words, *params]).fetchone()[0])
        except sqlite3.OperationalError:
            phrases = fts5_phrases(words)
            return 0 if phrases is None else int(self._conn.execute(sql, [phrases, *params]).fetchone()[0])

    def close(self) -> None:
        try:
            self._conn.close()
        except sqlite3.Error:  # pragma: no cover
            pass
