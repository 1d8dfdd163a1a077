"""What the SQLite and PostgreSQL stores share: the table layout, row building, speaker
linking, statistics and iteration. A backend supplies the connection, the write
transaction, the DDL and the full-text part of a search.

SQL here is written with ``?`` placeholders; :meth:`SQLStore._sql` turns them into the
backend's paramstyle (so no literal ``?`` or ``%`` may appear in it).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from ..corpus.speakers import (
    Canonical,
    canonical_keys,
    lookup_keys,
    merge,
    new_canonical,
    normalize,
    resolution_order,
    resolve,
    unique_id,
)
from ..errors import Failure
from ..text import fold
from ..types import Article, Speaker
from ._browse import BrowseStore
from ._utterances import UtteranceStore
from .base import (
    AmbiguousSpeaker,
    Correction,
    Hit,
    Query,
    SpeakerError,
    SpeakerRef,
    SpeakerStats,
    content_hash,
)

#: 2: speakers.org/entity_id/description, the corrections and entities tables
SCHEMA_VERSION = "2"


def migrations(tables_2: list[str]) -> dict[str, list[str]]:
    """Schema version → the statements that bring a store of that version to the next one.

    The same steps on both backends; ``tables_2`` is the backend's DDL of the tables version 2 added.
    """
    return {
        "1": [
            "ALTER TABLE speakers ADD COLUMN org TEXT",
            "ALTER TABLE speakers ADD COLUMN entity_id TEXT",
            "ALTER TABLE speakers ADD COLUMN description TEXT",
            *tables_2,
        ],
    }


UNNAMED = "unnamed"
_WORD = re.compile(r"\w+")
_APOSTROPHE = re.compile("['’‘`´]")
_BATCH = 500
_MAX_ROWS = 2**62  # a LIMIT both databases take (a larger one overflows their integers)
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
    return datetime.now(UTC).isoformat(timespec="seconds")


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _tokens(s: str) -> list[str]:
    return normalize(s, "person").split()


def _plain(s: str) -> str:
    """Words only: case, diacritics, apostrophes and punctuation aside ("Mrs. Obama" → "mrs obama")."""
    return " ".join(_WORD.findall(fold(_APOSTROPHE.sub("", s or ""))))


def _forms(c: Canonical) -> list[str]:
    return [x for x in dict.fromkeys([c.name, *c.names, *c.aliases]) if x]


def _names(c: Canonical) -> list[str]:
    return [x for x in dict.fromkeys([c.name, *c.names]) if x]


def _union(items: list[str], new: Iterable[str]) -> list[str]:
    out = list(items)
    seen = {x.casefold() for x in out}
    for x in new:
        if x and x.casefold() not in seen:
            seen.add(x.casefold())
            out.append(x)
    return out


def speaker_matches(term: str, c: Canonical) -> bool:
    """Does the search term ``term`` name canonical speaker ``c``?

    Its id, or exactly one of its names or aliases (case, diacritics, punctuation and
    honorifics aside): never a part of a name, so "obama" is not "Michelle Obama".
    """
    t = fold(term.strip())
    if not t:
        return False
    if t == c.id.casefold():
        return True
    want = _tokens(term)
    want_org = normalize(term, "organization")
    return any(
        normalize(form, "person").split() == want or (want_org and normalize(form, "organization") == want_org)
        for form in _forms(c)
    )


def _search_text(c: Canonical) -> str:
    if c.type == UNNAMED:
        return c.id.casefold()
    parts = [c.id.casefold()] + [" ".join(_tokens(x)) for x in _forms(c)] + [_plain(x) for x in _forms(c)]
    return "|".join(dict.fromkeys(p for p in parts if p))


class SQLStore(UtteranceStore, BrowseStore):
    """The backend-independent part of a Store over a DB-API connection."""

    url: str
    _paramstyle = "qmark"  # or "format" (psycopg)
    #: the database driver's exceptions, turned into StoreError by :func:`saywho.store.opened`
    driver_errors: tuple[type[Exception], ...] = ()

    # -- supplied by a backend --------------------------------------------------------------

    def close(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

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

    def _migrate(self, migrations: dict[str, list[str]]) -> None:
        """Bring an existing store up to SCHEMA_VERSION, inside the caller's write transaction."""
        row = self._one("SELECT value FROM meta WHERE key = 'schema'")
        version = str(row[0]) if row else SCHEMA_VERSION
        while version != SCHEMA_VERSION:
            if version not in migrations:
                raise RuntimeError(
                    f"its schema version is {version}, this saywho reads {SCHEMA_VERSION}: "
                    "upgrade saywho, or ingest into a new store"
                )
            for stmt in migrations[version]:
                self._x(stmt)
            version = str(int(version) + 1)
            self._x("UPDATE meta SET value = ? WHERE key = 'schema'", (version,))

    # -- Store ------------------------------------------------------------------------------

    def known(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for i in range(0, len(wanted), _BATCH):
            chunk = wanted[i : i + _BATCH]
            rows = self._all(
                f"SELECT content_hash FROM articles WHERE content_hash IN ({self._marks(len(chunk))})", chunk
            )
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
            links = self._link_speakers(article, stored_id)
            self._insert_links(pk, links)
            self._insert_quotes(pk, article, links)
            touched = set(links.values())
            self._apply_merges(touched)
            self._link_entities(touched)
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

    _CANON_COLUMNS = "s.id, s.name, s.type, s.aliases, s.roles, s.names"

    def _canonical(self, row: tuple) -> Canonical:
        return Canonical(
            id=row[0],
            name=row[1],
            type=row[2],
            aliases=_load_list(row[3]),
            roles=_load_list(row[4]),
            names=_load_list(row[5]),
            articles=int(row[6]) if len(row) > 6 and row[6] is not None else 0,
        )

    def _candidates(self, keys: Iterable[str]) -> list[Canonical]:
        """The canonical speakers recorded under ``keys``, each with its article count (one query)."""
        keys = sorted(keys)
        if not keys:
            return []
        rows = self._all(
            f"SELECT {self._CANON_COLUMNS},"
            " (SELECT COUNT(DISTINCT l.article_pk) FROM speaker_links l WHERE l.canonical_id = s.id)"
            " FROM speakers s WHERE s.id IN"
            f" (SELECT k.speaker_id FROM speaker_keys k WHERE k.key IN ({self._marks(len(keys))}))"
            " ORDER BY s.pk",
            keys,
        )
        return [self._canonical(r) for r in rows]

    def _taken(self, speaker_id: str) -> bool:
        return self._one("SELECT 1 FROM speakers WHERE id = ?", (speaker_id,)) is not None

    def _save(self, c: Canonical, is_new: bool, org: str | None = None) -> None:
        """Write canonical speaker ``c`` and record any lookup key it does not have yet."""
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
                "INSERT INTO speakers (name, type, aliases, roles, names, search, org, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, clean(org), c.id),
            )
        else:
            self._x(
                "UPDATE speakers SET name = ?, type = ?, aliases = ?, roles = ?, names = ?, search = ? WHERE id = ?",
                (*values, c.id),
            )
        if c.type == UNNAMED:
            return  # an unnamed source belongs to its article: never found by name
        have = {r[0] for r in self._all("SELECT key FROM speaker_keys WHERE speaker_id = ?", (c.id,))}
        for key in sorted(canonical_keys(c) - have):
            self._x("INSERT INTO speaker_keys (key, speaker_id) VALUES (?, ?)", (clean(key), c.id))

    def _link_speakers(self, article: Article, article_id: str | None = None) -> dict[str, str]:
        """Link each article speaker to a canonical speaker; {article speaker id: canonical id}.

        Unnamed sources get a canonical row of their own (never a key, never merged); a
        name that a ``split`` correction moved goes to that correction's speaker.
        """
        links: dict[str, str] = {}
        splits = self._splits()
        for sp in resolution_order(article.speakers):
            if sp.id in links:
                continue
            if sp.type == UNNAMED:
                uid = unique_id(f"unnamed {article_id or article.id} {sp.id}", self._taken)
                c = new_canonical(sp, uid)
                c.names = []  # a description, not a name: merged into a speaker it must not become a key
                self._save(c, True, org=sp.org)
                links[sp.id] = uid
                continue
            forced = splits.get(_plain(normalize(sp.name, "person")))
            if forced is not None:
                found = self.canonical(forced)
                c, is_new = (merge(found, sp), False) if found is not None else (new_canonical(sp, forced), True)
            else:
                c, is_new = resolve(sp, self._candidates(lookup_keys(sp)), self._taken)
            self._save(c, is_new)
            links[sp.id] = c.id
        return links

    # -- finding speakers -------------------------------------------------------------------

    def _refs(self, where: str, params: Sequence[Any], limit: int | None = None) -> list[tuple[SpeakerRef, Canonical]]:
        rows = self._all(
            f"SELECT {self._CANON_COLUMNS}, (SELECT COUNT(*) FROM quotes q WHERE q.canonical_id = s.id) AS nq"
            f" FROM speakers s WHERE {where} ORDER BY nq DESC, s.pk" + (f" LIMIT {int(limit)}" if limit else ""),
            params,
        )
        return [(SpeakerRef(r[0], r[1], r[2], int(r[6])), self._canonical(r[:6])) for r in rows]

    def find_speakers(self, term: str) -> list[SpeakerRef]:
        """Canonical speakers ``term`` names: its id or entity id, or exactly one of their names
        or aliases (the same words first: "Obama" is not "Mrs. Obama"; then honorifics aside).

        ``id:ID`` names an id only (for an id that is also someone else's name).
        """
        t = (term or "").strip()
        if t[:3].casefold() == "id:":
            return [ref for ref, _ in self._refs("s.id = ?", (t[3:].strip(),))]
        if not t:
            return []
        found: dict[str, SpeakerRef] = {}
        for ref, _ in self._refs("s.id = ? OR s.id = ? OR s.entity_id = ?", (t, t.casefold(), t)):
            found[ref.id] = ref
        plain = _plain(t)
        toks = _tokens(t)
        probe = max(toks, key=len) if toks else plain
        if probe:
            named = self._refs(
                f"s.type <> '{UNNAMED}' AND s.search LIKE ? ESCAPE '\\'", ("%" + _like_escape(probe) + "%",)
            )
            # names before aliases (an article's aliases can be loose), the same words before honorifics aside
            tiers = (
                lambda c: any(_plain(f) == plain for f in _names(c)),
                lambda c: any(_plain(f) == plain for f in c.aliases),
                lambda c: any(speaker_matches(t, Canonical(c.id, n)) for n in _names(c)),
                lambda c: speaker_matches(t, c),
            )
            for fits in tiers:
                hits = [ref for ref, c in named if fits(c)]
                if hits:
                    for ref in hits:
                        found.setdefault(ref.id, ref)
                    break
        return sorted(found.values(), key=lambda r: -r.quotes)

    def suggest_speakers(self, term: str, limit: int = 5) -> list[SpeakerRef]:
        words = _plain(term).split()
        if not words:
            return []
        where = " AND ".join(["s.search LIKE ? ESCAPE '\\'"] * len(words))
        found = self._refs(f"s.type <> '{UNNAMED}' AND {where}", ["%" + _like_escape(w) + "%" for w in words])
        out = [ref for ref, c in found if any(all(w in _plain(f) for w in words) for f in _forms(c))]
        return out[: max(limit, 0)]

    def _speaker_where(self, term: str) -> tuple[str, list[Any]] | None:
        """The quotes filter for ``--speaker term`` (None: no such speaker); AmbiguousSpeaker if several."""
        if _plain(term) == UNNAMED:
            return f"q.canonical_id IN (SELECT id FROM speakers WHERE type = '{UNNAMED}')", []
        refs = self.find_speakers(term)
        if not refs:
            return None
        if len(refs) > 1:
            raise AmbiguousSpeaker(term.strip(), refs)
        return "q.canonical_id = ?", [refs[0].id]

    # -- corrections ------------------------------------------------------------------------

    def _splits(self) -> dict[str, str]:
        """{plain normalised name: target id} of the split corrections, the latest winning."""
        rows = self._all("SELECT name, target FROM corrections WHERE kind = 'split' ORDER BY pk")
        return {_plain(normalize(name, "person")): target for name, target in rows}

    def _record(self, c: Correction) -> bool:
        """Record a correction unless the same one is already recorded; whether it was new."""
        if self._one(
            "SELECT 1 FROM corrections WHERE kind = ? AND source = ? AND target = ? AND name = ?",
            (c.kind, c.source, c.target, c.name),
        ):
            return False
        # the latest fix wins: a split that brings back a merged speaker ends that merge, and a merge
        # of a split-off speaker ends that split (else replaying both would undo one)
        if c.kind == "split":
            self._x("DELETE FROM corrections WHERE kind = 'merge' AND source = ?", (clean(c.target),))
        else:
            self._x("DELETE FROM corrections WHERE kind = 'split' AND target = ?", (clean(c.source),))
        self._x(
            "INSERT INTO corrections (kind, source, target, name, at) VALUES (?, ?, ?, ?, ?)",
            (c.kind, clean(c.source), clean(c.target), clean(c.name), c.at or now()),
        )
        return True

    def _apply_merges(self, touched: set[str] | None) -> None:
        """Replay the merge corrections whose two speakers exist (and one was ``touched``)."""
        pairs = self._all("SELECT source, target FROM corrections WHERE kind = 'merge' ORDER BY pk")
        changed = True
        while changed:
            changed = False
            for a, b in pairs:
                if a == b or (touched is not None and a not in touched and b not in touched):
                    continue
                if self._taken(a) and self._taken(b):
                    self._merge_rows(a, b)
                    if touched is not None:
                        touched.add(b)
                    changed = True

    def _merge_rows(self, a: str, b: str) -> None:
        ca, cb = self.canonical(a), self.canonical(b)
        assert ca is not None and cb is not None
        combined = Canonical(
            id=b,
            name=cb.name,
            type=cb.type if cb.type != "unknown" else ca.type,
            aliases=_union(cb.aliases, [ca.name, *ca.aliases]),
            roles=_union(cb.roles, ca.roles),
            names=_union(cb.names, ca.names),
        )
        self._save(combined, False)
        self._x(
            "UPDATE speakers SET entity_id = ?, description = ? WHERE id = ? AND entity_id IS NULL AND description IS NULL",
            (*self._entity_of(a), b),
        )
        self._x("DELETE FROM speaker_keys WHERE speaker_id = ?", (a,))
        self._x("UPDATE speaker_links SET canonical_id = ? WHERE canonical_id = ?", (b, a))
        self._x("UPDATE quotes SET canonical_id = ? WHERE canonical_id = ?", (b, a))
        self._x("DELETE FROM speakers WHERE id = ?", (a,))

    def _entity_of(self, speaker_id: str) -> tuple[str | None, str | None]:
        row = self._one("SELECT entity_id, description FROM speakers WHERE id = ?", (speaker_id,))
        return (row[0], row[1]) if row else (None, None)

    def _article_speakers(self, speaker_id: str) -> list[tuple[int, Speaker]]:
        """(article pk, article speaker) of every article speaker linked to ``speaker_id``."""
        out = []
        for pk, sid, data in self._all(
            "SELECT l.article_pk, l.speaker, a.json FROM speaker_links l JOIN articles a ON a.pk = l.article_pk"
            " WHERE l.canonical_id = ? ORDER BY l.article_pk",
            (speaker_id,),
        ):
            for d in json.loads(data).get("speakers", []):
                if d.get("id") == sid:
                    out.append((int(pk), Speaker.from_dict(d)))
                    break
        return out

    def _split_rows(self, speaker_id: str, name: str, target: str | None) -> str:
        c = self.canonical(speaker_id)
        if c is None:
            raise SpeakerError(f"{speaker_id}: no such speaker; list them with `saywho speakers`")
        want = _plain(normalize(name, "person"))
        linked = self._article_speakers(speaker_id)
        moved = [(pk, sp) for pk, sp in linked if _plain(normalize(sp.name, "person")) == want]
        kept = [(pk, sp) for pk, sp in linked if (pk, sp) not in moved]
        if not moved:
            names = ", ".join(dict.fromkeys(sp.name for _, sp in linked)) or "none"
            raise SpeakerError(f"{speaker_id}: none of its article speakers is named {name!r} (its names: {names})")
        if not kept:
            raise SpeakerError(
                f"{speaker_id}: all its article speakers are named {name!r}; nothing would be left to split from"
            )
        existing = self.canonical(target) if target else None
        if existing is not None:
            new, is_new = existing, False
        else:
            new, is_new = new_canonical(moved[0][1], target or unique_id(name, self._taken)), True
        for _, sp in moved[0 if not is_new else 1 :]:
            new = merge(new, sp)
        rest = new_canonical(kept[0][1], speaker_id)
        for _, sp in kept[1:]:
            rest = merge(rest, sp)
        if any(_plain(n) == _plain(c.name) for n in rest.names):
            rest.name = c.name
        self._x("DELETE FROM speaker_keys WHERE speaker_id = ?", (speaker_id,))
        self._save(rest, False)
        self._save(new, is_new)
        for pk, sp in moved:
            self._x(
                "UPDATE speaker_links SET canonical_id = ? WHERE article_pk = ? AND speaker = ?", (new.id, pk, sp.id)
            )
            self._x("UPDATE quotes SET canonical_id = ? WHERE article_pk = ? AND speaker = ?", (new.id, pk, sp.id))
        return new.id

    def merge_speakers(self, source: str, target: str) -> None:
        with self._write():
            for sid in (source, target):
                if not self._taken(sid):
                    raise SpeakerError(f"{sid}: no such speaker; list them with `saywho speakers`")
            if source == target:
                raise SpeakerError(f"{source}: cannot merge a speaker into itself")
            if self.canonical(target).type == UNNAMED:  # type: ignore[union-attr]  # _taken(target) was checked above
                raise SpeakerError(f"{target}: is an unnamed source of one article; merge into a named speaker")
            self._record(Correction("merge", source, target))
            self._merge_rows(source, target)
            self._apply_merges({target})
            self._link_entities([target])

    def split_speaker(self, speaker: str, name: str) -> str:
        with self._write():
            new = self._split_rows(speaker, name, None)
            self._record(Correction("split", speaker, new, name))
            self._apply_merges({new, speaker})
            self._link_entities([speaker, new])
        return new

    def corrections(self) -> list[Correction]:
        return [
            Correction(kind, source, target, name or "", at if isinstance(at, str) or at is None else str(at))
            for kind, source, target, name, at in self._all(
                "SELECT kind, source, target, name, at FROM corrections ORDER BY pk"
            )
        ]

    def add_corrections(self, corrections: Iterable[Correction]) -> int:
        added = 0
        with self._write():
            for c in corrections:
                if not self._record(c):
                    continue
                added += 1
                if c.kind == "split" and self._taken(c.source):
                    try:
                        self._split_rows(c.source, c.name, c.target)
                    except SpeakerError:
                        pass  # nothing to move yet: later ingests link that name to c.target
            self._apply_merges(None)
            self._link_entities(None)
        return added

    # -- entities ---------------------------------------------------------------------------

    def set_entities(self, entities: Iterable[Any]) -> int:
        """Record a user entity list (``Entity``-like: name, type, aliases, id, description) and link
        every canonical speaker it names; how many speakers are linked to an entry now.

        A speaker matches an entry when one of its names equals the entry's name or an alias
        (normalised, same type); it takes the entry's id, description and name.
        Later ingests link new speakers too. An entry with an id replaces an earlier one with it.
        """
        with self._write():
            for e in entities:
                key = e.id or f"name:{e.type}:{normalize(e.name, e.type)}"
                values = (clean(e.id), clean(e.name), e.type, dump([clean(a) for a in e.aliases]), clean(e.description))
                if self._one("SELECT 1 FROM entities WHERE key = ?", (key,)):
                    self._x(
                        "UPDATE entities SET id = ?, name = ?, type = ?, aliases = ?, description = ? WHERE key = ?",
                        (*values, key),
                    )
                else:
                    self._x(
                        "INSERT INTO entities (id, name, type, aliases, description, key) VALUES (?, ?, ?, ?, ?, ?)",
                        (*values, key),
                    )
            self._entity_index = None
            self._link_entities(None)
            row = self._one("SELECT COUNT(*) FROM speakers WHERE entity_id IS NOT NULL OR description IS NOT NULL")
        return int(row[0]) if row else 0

    _entity_index: tuple[tuple[int, int], dict[tuple[str, str], tuple]] | None = None

    def _entities(self) -> dict[tuple[str, str], tuple]:
        """{(type, normalised name or alias): (id, name, aliases, description)}, the first entry winning."""
        stamp_row = self._one("SELECT COUNT(*), MAX(pk) FROM entities")
        stamp = (int(stamp_row[0]), int(stamp_row[1] or 0)) if stamp_row else (0, 0)
        if self._entity_index is not None and self._entity_index[0] == stamp:
            return self._entity_index[1]
        index: dict[tuple[str, str], tuple] = {}
        for eid, name, type_, aliases, description in self._all(
            "SELECT id, name, type, aliases, description FROM entities ORDER BY pk"
        ):
            entry = (eid, name, _load_list(aliases), description)
            for form in [name, *entry[2]]:
                index.setdefault((type_, normalize(form, type_)), entry)
        self._entity_index = (stamp, index)
        return index

    def _link_entities(self, speaker_ids: Iterable[str] | None) -> None:
        """Link the given canonical speakers (None: all) to the entity list entry that names them."""
        index = self._entities()
        if not index:
            return
        if speaker_ids is None:
            rows = self._all(f"SELECT {self._CANON_COLUMNS} FROM speakers s WHERE s.type <> '{UNNAMED}' ORDER BY s.pk")
        else:
            ids = sorted(set(speaker_ids))
            rows = [
                r
                for i in range(0, len(ids), _BATCH)
                for r in self._all(
                    f"SELECT {self._CANON_COLUMNS} FROM speakers s WHERE s.type <> '{UNNAMED}'"
                    f" AND s.id IN ({self._marks(len(ids[i : i + _BATCH]))})",
                    ids[i : i + _BATCH],
                )
            ]
        for row in rows:
            c = self._canonical(row)
            types = ("person", "organization") if c.type == "unknown" else (c.type,)
            # its names, not its aliases: an article's aliases can be loose ("Donald Trump" on Melania Trump)
            entry = next(
                (index[(t, normalize(f, t))] for f in _names(c) for t in types if (t, normalize(f, t)) in index), None
            )
            if entry is None:
                continue
            eid, name, aliases, description = entry
            linked = Canonical(
                id=c.id,
                name=name,
                type=c.type,
                aliases=_union(c.aliases, [name, *aliases]),
                roles=c.roles,
                names=_union(c.names, [name]),
            )
            if linked != c:
                self._save(linked, False)
            self._x(
                "UPDATE speakers SET entity_id = ?, description = ? WHERE id = ?",
                (clean(eid), clean(description), c.id),
            )

    # -- reading ----------------------------------------------------------------------------

    _HIT_COLUMNS = (
        "a.id, q.quote_id, q.date, q.outlet, a.url, a.title, q.canonical_id, s.name, q.kind, q.cue, q.source,"
        " q.content, q.confidence, s.type"
    )

    def _hits_of(self, page: str) -> str:
        """The hit rows of the quotes ``page`` selects (``pk``, ``rank``), in the page's order.

        The page is found on the quotes alone and only its rows are joined to their articles
        and speakers: joined first, a planner may hash every speaker to keep 20 rows.
        """
        return (
            f"SELECT {self._HIT_COLUMNS} FROM ({page}) p JOIN quotes q ON q.pk = p.pk"
            " JOIN articles a ON a.pk = q.article_pk LEFT JOIN speakers s ON s.id = q.canonical_id"
            " ORDER BY q.date DESC NULLS LAST, p.rank, q.article_pk DESC, q.pos"
        )

    def _filters(self, query: Query) -> tuple[list[str], list[Any]] | None:
        """The quotes filters of ``query`` besides its words (None: a speaker no one is)."""
        where: list[str] = []
        params: list[Any] = []
        if query.speaker and query.speaker.strip():
            found = self._speaker_where(query.speaker)
            if found is None:
                return None
            where.append(found[0])
            params.extend(found[1])
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
        if query.kind and query.kind.strip():
            where.append("q.kind = ?")
            params.append(query.kind.strip().casefold())
        return where, params

    def count(self, query: Query) -> int:
        """How many quotes :meth:`search` would find with no limit (limit and offset are ignored)."""
        filters = self._filters(query)
        if filters is None:
            return 0
        where, params = filters
        if query.words and query.words.strip():
            return self._word_count(query, where, params)
        row = self._one("SELECT COUNT(*) FROM quotes q" + (" WHERE " + " AND ".join(where) if where else ""), params)
        return int(row[0]) if row else 0

    def _word_count(self, query: Query, where: list[str], params: list[Any]) -> int:  # pragma: no cover
        raise NotImplementedError

    def search(self, query: Query) -> list[Hit]:
        filters = self._filters(query)
        if filters is None:
            return []
        where, params = filters
        offset = min(max(int(query.offset or 0), 0), _MAX_ROWS // 2)
        limit = _MAX_ROWS if query.limit is None else min(max(int(query.limit), 0), _MAX_ROWS // 2)
        if limit == 0:
            return []
        limit += offset  # the backends take the first rows; the page is cut below
        query = dataclasses.replace(query, limit=limit, offset=0)
        if query.words and query.words.strip():
            rows = self._word_search(query, where, params)
        else:
            page = (
                "SELECT q.pk, 0 AS rank FROM quotes q"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY q.date DESC NULLS LAST, q.article_pk DESC, q.pos LIMIT ?"
            )
            rows = self._all(self._hits_of(page), [*params, limit])
        return [_hit(r) for r in rows[offset:]]

    def speakers(self, top: int | None = None, unnamed: bool = False) -> list[SpeakerStats]:
        sql = (
            "SELECT s.id, s.name, s.type, s.aliases, s.roles,"
            " (SELECT COUNT(*) FROM quotes q WHERE q.canonical_id = s.id) AS nq,"
            " COUNT(DISTINCT l.article_pk) AS na, MIN(a.date), MAX(a.date), s.entity_id, s.description, s.org"
            " FROM speakers s LEFT JOIN speaker_links l ON l.canonical_id = s.id"
            " LEFT JOIN articles a ON a.pk = l.article_pk"
            + ("" if unnamed else f" WHERE s.type <> '{UNNAMED}'")
            + " GROUP BY s.pk, s.id, s.name, s.type, s.aliases, s.roles, s.entity_id, s.description, s.org"
            " ORDER BY nq DESC, na DESC, s.pk"
        )
        params: list[Any] = []
        if top is not None:
            sql += " LIMIT ?"
            params.append(min(max(int(top), 0), _MAX_ROWS))  # a 64-bit SQL integer at most
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
                entity_id=r[9],
                description=r[10],
                org=r[11],
            )
            for r in rows
        ]

    def get(self, article_id: str) -> Article | None:
        row = self._one("SELECT pk, json FROM articles WHERE id = ?", (article_id,))
        return self._with_entities([(row[0], row[1])])[0] if row else None

    def articles(self) -> Iterator[Article]:
        last = 0
        while True:
            rows = self._all("SELECT pk, json FROM articles WHERE pk > ? ORDER BY pk LIMIT ?", (last, _BATCH))
            if not rows:
                return
            yield from self._with_entities(rows)
            last = rows[-1][0]

    def _with_entities(self, rows: Sequence[tuple]) -> list[Article]:
        """Articles from stored rows, each speaker with the entity id of its canonical speaker."""
        pks = [r[0] for r in rows]
        ids: dict[tuple[int, str], str] = {}
        for pk, sid, eid in self._all(
            "SELECT l.article_pk, l.speaker, s.entity_id FROM speaker_links l JOIN speakers s ON s.id = l.canonical_id"
            f" WHERE s.entity_id IS NOT NULL AND l.article_pk IN ({self._marks(len(pks))})",
            pks,
        ):
            ids[(int(pk), sid)] = eid
        out = []
        for pk, data in rows:
            article = Article.from_dict(json.loads(data))
            for sp in article.speakers:
                sp.entity_id = ids.get((int(pk), sp.id), sp.entity_id)
            out.append(article)
        return out

    def add_error(self, failure: Failure | str, stage: str = "", reason: str = "") -> None:
        if not isinstance(failure, Failure):
            failure = Failure(str(failure), stage, reason)
        with self._write():
            self._x(
                "INSERT INTO errors (source, stage, reason, at) VALUES (?, ?, ?, ?)",
                (clean(str(failure.input)), clean(str(failure.stage)), clean(str(failure.reason)), failure.at or now()),
            )

    def errors(self) -> list[Failure]:
        return [
            Failure(
                source, stage, reason, at if isinstance(at, str) else at.astimezone(UTC).isoformat(timespec="seconds")
            )
            for source, stage, reason, at in self._all("SELECT source, stage, reason, at FROM errors ORDER BY pk")
        ]

    def counts(self) -> dict[str, int]:
        return {
            name: int(self._one(f"SELECT COUNT(*) FROM {table}")[0])  # type: ignore[index]  # COUNT(*) always gives a row
            for name, table in (
                ("articles", "articles"),
                ("quotes", "quotes"),
                ("speakers", f"speakers WHERE type <> '{UNNAMED}'"),
                ("errors", "errors"),
            )
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
        self.close()


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
        speaker_type=r[13],
    )
