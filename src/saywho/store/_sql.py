"""What the SQLite and PostgreSQL stores share: the table layout, row building, speaker
linking, statistics and iteration. A backend supplies the connection, the write
transaction, the DDL and the full-text part of a search.

SQL here is written with ``?`` placeholders; :meth:`SQLStore._sql` turns them into the
backend's paramstyle (so no literal ``?`` or ``%`` may appear in it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import Any

from ..corpus.speakers import (
    Canonical,
    canonical_keys,
    fold,
    lookup_keys,
    normalize,
    resolution_order,
    resolve,
)
from ..types import Article
from ._utterances import UtteranceStore
from .base import ErrorRow, Hit, Query, SpeakerStats, content_hash

SCHEMA_VERSION = "1"
_BATCH = 500
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(value: str | None) -> str | None:
    """Text a database column accepts: no NUL, no lone surrogate (both become U+FFFD)."""
    if value is None:
        return None
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    if _SURROGATE.search(value):
        value = _SURROGATE.sub("\ufffd", value)
    return value


def dump(data: Any) -> str:
    """JSON text that any database stores exactly (lone surrogates stay as escapes)."""
    text = json.dumps(data, ensure_ascii=False)
    if _SURROGATE.search(text):
        text = json.dumps(data, ensure_ascii=True)
    return text


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _tokens(s: str) -> list[str]:
    return normalize(s, "person").split()


def speaker_matches(term: str, c: Canonical) -> bool:
    """Does the search term ``term`` name canonical speaker ``c``?

    Its id, its name or one of its names or aliases (case, diacritics and punctuation
    aside), or a part of its name ("lavrov", "sergey" for "Sergey Lavrov").
    """
    t = fold(term.strip())
    if not t:
        return False
    if t == c.id.casefold():
        return True
    want = _tokens(term)
    want_org = normalize(term, "organization")
    for form in [c.name, *c.names, *c.aliases]:
        if normalize(form, "person").split() == want or (want_org and normalize(form, "organization") == want_org):
            return True
    if not want:
        return False
    for form in [c.name, *c.names]:
        toks = _tokens(form)
        for i in range(len(toks) - len(want) + 1):
            if toks[i : i + len(want)] == want:
                return True
    return False


def _search_text(c: Canonical) -> str:
    parts = [c.id.casefold()] + [" ".join(_tokens(x)) for x in [c.name, *c.names, *c.aliases]]
    return "|".join(dict.fromkeys(p for p in parts if p))


class SQLStore(UtteranceStore):
    """The backend-independent part of a Store over a DB-API connection."""

    url: str
    _paramstyle = "qmark"  # or "format" (psycopg)

    # -- supplied by a backend --------------------------------------------------------------

    def _write(self) -> AbstractContextManager[Any]:  # pragma: no cover - abstract
        """A write transaction: commits on success, rolls back on any exception."""
        raise NotImplementedError

    def _insert_article(self, row: dict[str, Any]) -> int | None:  # pragma: no cover - abstract
        """Insert an article row; its pk, or None if an equal id/hash is already there."""
        raise NotImplementedError

    def _word_search(self, query: Query, where: list[str], params: list[Any]) -> list[tuple]:  # pragma: no cover
        raise NotImplementedError

    def _conn_execute(self, sql: str, params: Sequence[Any] = ()) -> Any:  # pragma: no cover
        raise NotImplementedError

    def _conn_executemany(self, sql: str, rows: list[tuple]) -> None:  # pragma: no cover
        raise NotImplementedError

    # -- helpers ----------------------------------------------------------------------------

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._paramstyle == "format" else sql

    def _x(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn_execute(self._sql(sql), tuple(params))

    def _many(self, sql: str, rows: list[tuple]) -> None:
        if rows:
            self._conn_executemany(self._sql(sql), rows)

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self._x(sql, params).fetchall())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        return self._x(sql, params).fetchone()

    @staticmethod
    def _marks(n: int) -> str:
        return ",".join("?" * n)

    # -- Store ------------------------------------------------------------------------------

    def known(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for i in range(0, len(wanted), _BATCH):
            chunk = wanted[i : i + _BATCH]
            rows = self._all(f"SELECT content_hash FROM articles WHERE content_hash IN ({self._marks(len(chunk))})", chunk)
            found.update(r[0] for r in rows)
        return found

    def add(self, article: Article, source: str | None = None) -> bool:
        digest = content_hash(article)
        with self._write():
            if self._one("SELECT 1 FROM articles WHERE content_hash = ?", (digest,)):
                return False
            base = article.id
            stored_id, n = base, 1
            while True:
                if not self._one("SELECT 1 FROM articles WHERE id = ?", (stored_id,)):
                    data = article.to_dict()
                    data["id"] = stored_id
                    pk = self._insert_article(
                        {
                            "id": stored_id,
                            "content_hash": digest,
                            "title": clean(article.title),
                            "date": clean(article.date),
                            "outlet": clean(article.outlet),
                            "outlet_key": fold(article.outlet.strip()) if article.outlet else None,
                            "url": clean(article.url),
                            "source": clean(source),
                            "json": dump(data),
                            "added_at": now(),
                        }
                    )
                    if pk is not None:
                        break
                    # lost a race with another writer: same content, or the same id
                    if self._one("SELECT 1 FROM articles WHERE content_hash = ?", (digest,)):
                        return False
                    if not self._one("SELECT 1 FROM articles WHERE id = ?", (stored_id,)):
                        raise RuntimeError(f"{base}: the article row was not stored")
                n += 1
                stored_id = f"{base}-{n}"
            links = self._link_speakers(article)
            self._insert_links(pk, links)
            self._insert_quotes(pk, article, links)
            self._link_utterances(pk, article)
        article.id = stored_id
        return True

    def _insert_links(self, pk: int, links: dict[str, str]) -> None:
        self._many(
            "INSERT INTO speaker_links (article_pk, speaker, canonical_id) VALUES (?, ?, ?)",
            [(pk, clean(sid), cid) for sid, cid in links.items()],
        )

    def _insert_quotes(self, pk: int, article: Article, links: dict[str, str]) -> None:
        outlet_key = fold(article.outlet.strip()) if article.outlet else None
        self._many(
            "INSERT INTO quotes (article_pk, pos, quote_id, kind, region, content, cue, cue_lemma, source,"
            " speaker, canonical_id, confidence, date, outlet, outlet_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    pk,
                    pos,
                    clean(q.id),
                    q.kind,
                    q.region,
                    clean(q.content.text),
                    clean(q.cue.text) if q.cue else None,
                    clean(q.cue.lemma) if q.cue else None,
                    clean(q.source.text) if q.source else None,
                    clean(q.speaker),
                    links.get(q.speaker) if q.speaker else None,
                    float(q.confidence),
                    clean(article.date),
                    clean(article.outlet),
                    outlet_key,
                )
                for pos, q in enumerate(article.quotes)
            ],
        )

    # -- canonical speakers -----------------------------------------------------------------

    def _canonical(self, row: tuple) -> Canonical:
        return Canonical(
            id=row[0],
            name=row[1],
            type=row[2],
            aliases=_load_list(row[3]),
            roles=_load_list(row[4]),
            names=_load_list(row[5]),
        )

    def _candidates(self, keys: Iterable[str]) -> list[Canonical]:
        keys = sorted(keys)
        if not keys:
            return []
        rows = self._all(
            "SELECT s.id, s.name, s.type, s.aliases, s.roles, s.names FROM speakers s WHERE s.id IN"
            f" (SELECT k.speaker_id FROM speaker_keys k WHERE k.key IN ({self._marks(len(keys))}))"
            " ORDER BY s.pk",
            keys,
        )
        return [self._canonical(r) for r in rows]

    def _link_speakers(self, article: Article) -> dict[str, str]:
        """Link each article speaker to a canonical speaker; {article speaker id: canonical id}."""
        links: dict[str, str] = {}
        for sp in resolution_order(article.speakers):
            if sp.id in links:
                continue
            cands = self._candidates(lookup_keys(sp))
            c, is_new = resolve(sp, cands, lambda i: self._one("SELECT 1 FROM speakers WHERE id = ?", (i,)) is not None)
            values = (
                clean(c.name),
                c.type,
                dump([clean(a) for a in c.aliases]),
                dump([clean(r) for r in c.roles]),
                dump([clean(n) for n in c.names]),
                clean(_search_text(c)),
            )
            if is_new:
                self._x(
                    "INSERT INTO speakers (name, type, aliases, roles, names, search, id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (*values, c.id),
                )
            else:
                self._x(
                    "UPDATE speakers SET name = ?, type = ?, aliases = ?, roles = ?, names = ?, search = ? WHERE id = ?",
                    (*values, c.id),
                )
            have = {r[0] for r in self._all("SELECT key FROM speaker_keys WHERE speaker_id = ?", (c.id,))}
            for key in sorted(canonical_keys(c) - have):
                self._x("INSERT INTO speaker_keys (key, speaker_id) VALUES (?, ?)", (clean(key), c.id))
            links[sp.id] = c.id
        return links

    def _speaker_ids(self, term: str) -> list[str]:
        """Canonical ids the search term names (see :func:`speaker_matches`)."""
        toks = _tokens(term)
        probe = max(toks, key=len) if toks else fold(term.strip())
        if not probe:
            return []
        rows = self._all(
            "SELECT id, name, type, aliases, roles, names FROM speakers WHERE search LIKE ? ESCAPE '\\' OR id = ?",
            ("%" + _like_escape(probe) + "%", term.strip()),
        )
        return [r[0] for r in rows if speaker_matches(term, self._canonical(r))]

    # -- reading ----------------------------------------------------------------------------

    _HIT_COLUMNS = (
        "a.id, q.quote_id, q.date, q.outlet, a.url, a.title, q.canonical_id, s.name, q.kind, q.cue, q.source,"
        " q.content, q.confidence"
    )

    def search(self, query: Query) -> list[Hit]:
        where: list[str] = []
        params: list[Any] = []
        if query.speaker and query.speaker.strip():
            ids = self._speaker_ids(query.speaker)
            if not ids:
                return []
            where.append(f"q.canonical_id IN ({self._marks(len(ids))})")
            params.extend(ids)
        if query.outlet and query.outlet.strip():
            where.append("q.outlet_key = ?")
            params.append(fold(query.outlet.strip()))
        if query.since and query.since.strip():
            where.append("q.date >= ?")
            params.append(query.since.strip())
        if query.until and query.until.strip():
            until = query.until.strip()
            where.append(f"substr(q.date, 1, {len(until)}) <= ?")
            params.append(until)
        limit = 2**62 if query.limit is None else max(int(query.limit), 0)
        if limit == 0:
            return []
        query = Query(
            words=query.words, speaker=query.speaker, outlet=query.outlet, since=query.since, until=query.until, limit=limit
        )
        if query.words and query.words.strip():
            rows = self._word_search(query, where, params)
        else:
            sql = (
                f"SELECT {self._HIT_COLUMNS} FROM quotes q JOIN articles a ON a.pk = q.article_pk"
                " LEFT JOIN speakers s ON s.id = q.canonical_id"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY q.date DESC NULLS LAST, q.article_pk DESC, q.pos LIMIT ?"
            )
            rows = self._all(sql, [*params, limit])
        return [_hit(r) for r in rows]

    def speakers(self, top: int | None = None) -> list[SpeakerStats]:
        sql = (
            "SELECT s.id, s.name, s.type, s.aliases, s.roles,"
            " (SELECT COUNT(*) FROM quotes q WHERE q.canonical_id = s.id) AS nq,"
            " COUNT(DISTINCT l.article_pk) AS na, MIN(a.date), MAX(a.date)"
            " FROM speakers s LEFT JOIN speaker_links l ON l.canonical_id = s.id"
            " LEFT JOIN articles a ON a.pk = l.article_pk"
            " GROUP BY s.pk"
            " ORDER BY nq DESC, na DESC, s.pk"
        )
        params: list[Any] = []
        if top is not None:
            sql += " LIMIT ?"
            params.append(max(int(top), 0))
        rows = self._all(sql, params)
        counted: dict[str, list[tuple[int, str]]] = {r[0]: [] for r in rows}
        ids = list(counted)
        for i in range(0, len(ids), _BATCH):
            chunk = ids[i : i + _BATCH]
            for cid, outlet, n in self._all(
                "SELECT l.canonical_id, a.outlet, COUNT(DISTINCT a.pk) FROM speaker_links l"
                " JOIN articles a ON a.pk = l.article_pk"
                f" WHERE a.outlet IS NOT NULL AND l.canonical_id IN ({self._marks(len(chunk))})"
                " GROUP BY l.canonical_id, a.outlet",
                chunk,
            ):
                counted[cid].append((-int(n), outlet))
        # most frequent outlet first
        outlets = {cid: [o for _, o in sorted(pairs)] for cid, pairs in counted.items()}
        return [
            SpeakerStats(
                id=r[0],
                name=r[1],
                type=r[2],
                quotes=int(r[5]),
                articles=int(r[6]),
                outlets=outlets[r[0]],
                first_date=r[7],
                last_date=r[8],
                aliases=_load_list(r[3]),
                roles=_load_list(r[4]),
            )
            for r in rows
        ]

    def get(self, article_id: str) -> Article | None:
        row = self._one("SELECT json FROM articles WHERE id = ?", (article_id,))
        return Article.from_dict(json.loads(row[0])) if row else None

    def articles(self) -> Iterator[Article]:
        last = 0
        while True:
            rows = self._all("SELECT pk, json FROM articles WHERE pk > ? ORDER BY pk LIMIT ?", (last, _BATCH))
            if not rows:
                return
            for pk, data in rows:
                yield Article.from_dict(json.loads(data))
            last = rows[-1][0]

    def add_error(self, source: str, stage: str, reason: str) -> None:
        with self._write():
            self._x(
                "INSERT INTO errors (source, stage, reason, at) VALUES (?, ?, ?, ?)",
                (clean(str(source)), clean(str(stage)), clean(str(reason)), now()),
            )

    def errors(self) -> list[ErrorRow]:
        return [
            ErrorRow(source, stage, reason, at if isinstance(at, str) else at.astimezone(timezone.utc).isoformat(timespec="seconds"))
            for source, stage, reason, at in self._all("SELECT source, stage, reason, at FROM errors ORDER BY pk")
        ]

    def counts(self) -> dict[str, int]:
        return {
            name: int(self._one(f"SELECT COUNT(*) FROM {table}")[0])  # type: ignore[index]
            for name, table in (("articles", "articles"), ("quotes", "quotes"), ("speakers", "speakers"), ("errors", "errors"))
        }

    def canonical(self, speaker_id: str) -> Canonical | None:
        """One canonical speaker with every name, alias and role seen (None if unknown)."""
        row = self._one("SELECT id, name, type, aliases, roles, names FROM speakers WHERE id = ?", (speaker_id,))
        return self._canonical(row) if row else None

    def speaker_links(self, article_id: str) -> dict[str, str]:
        """{article speaker id: canonical speaker id} for one stored article."""
        rows = self._all(
            "SELECT l.speaker, l.canonical_id FROM speaker_links l JOIN articles a ON a.pk = l.article_pk WHERE a.id = ?",
            (article_id,),
        )
        return dict(rows)

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # type: ignore[attr-defined]


def _load_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = json.loads(value)
    return [str(x) for x in value]


def _hit(r: Sequence[Any]) -> Hit:
    return Hit(
        article_id=r[0],
        quote_id=r[1],
        date=r[2],
        outlet=r[3],
        url=r[4],
        title=r[5],
        speaker_id=r[6],
        speaker=r[7],
        kind=r[8],
        cue=r[9],
        source=r[10],
        content=r[11],
        confidence=float(r[12]),
    )
