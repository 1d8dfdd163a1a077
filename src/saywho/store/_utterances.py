"""Utterances in the store: link each quote as it is stored, against an n-gram table.

Why an n-gram table inside the store rather than an in-memory MinHash index: it lives
in the same transaction as the quote (a killed ingest leaves no half-linked quote and
a rerun continues exactly), it is the same SQL on SQLite and PostgreSQL, and lookups
are index probes, so linking cost does not grow with the corpus.

Tables (created on open when missing, so older stores gain them):
``utt_quotes`` (one row per linkable quote: its words, resolved speaker, framing,
component and utterance), ``utt_shingles`` (word 3-gram hash → quote), ``utt_edges``
(verified matches: ``link`` or ``conflict``) and ``utterances`` (one summary row each).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ..provenance.framing import cue_framing
from ..provenance.group import Edge, Node, group, quote_key
from ..provenance.model import (
    Occurrence,
    Paraphrase,
    Trace,
    TraceMatch,
    Utterance,
    UtteranceSummary,
)
from ..provenance.text import (
    FRAGMENT,
    align,
    diff,
    enough_shared,
    linkable,
    paraphrase_score,
    plain,
    quoted_fragments,
    same_words,
    shingles,
    tokens,
)
from ..types import Article
from .base import SpeakerRef

#: unresolved speaker types: neither confirm nor block a link
UNRESOLVED_TYPES = ("unnamed", "unknown")
#: at most this many candidates (most shared 3-grams first) are verified per quote
MAX_CANDIDATES = 200
#: a candidate must share this share of the smaller 3-gram set (see provenance.text.enough_shared)
_CHUNK = 500

UTTERANCE_DDL = [
    """CREATE TABLE IF NOT EXISTS utt_quotes (
        quote_pk BIGINT PRIMARY KEY REFERENCES quotes(pk) ON DELETE CASCADE,
        akey TEXT NOT NULL,
        text TEXT NOT NULL,
        words TEXT NOT NULL,
        ntok INTEGER NOT NULL,
        ngrams INTEGER NOT NULL DEFAULT 0,
        speaker TEXT,
        framing TEXT NOT NULL,
        component BIGINT NOT NULL,
        utterance TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS utt_quotes_component ON utt_quotes (component)",
    "CREATE INDEX IF NOT EXISTS utt_quotes_utterance ON utt_quotes (utterance)",
    # the 3-gram counts alone, so that the candidates of a quote are sifted without reading their rows
    "CREATE INDEX IF NOT EXISTS utt_quotes_ngrams ON utt_quotes (quote_pk, ngrams)",
    """CREATE TABLE IF NOT EXISTS utt_shingles (
        shingle BIGINT NOT NULL,
        quote_pk BIGINT NOT NULL,
        PRIMARY KEY (shingle, quote_pk)
    )""",
    """CREATE TABLE IF NOT EXISTS utt_edges (
        a BIGINT NOT NULL,
        b BIGINT NOT NULL,
        kind TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (a, b)
    )""",
    "CREATE INDEX IF NOT EXISTS utt_edges_b ON utt_edges (b)",
    """CREATE TABLE IF NOT EXISTS utterances (
        id TEXT PRIMARY KEY,
        component BIGINT NOT NULL,
        speaker TEXT,
        canonical_pk BIGINT NOT NULL,
        first_pk BIGINT NOT NULL,
        first_date TEXT,
        last_date TEXT,
        quotes INTEGER NOT NULL,
        articles INTEGER NOT NULL,
        outlets INTEGER NOT NULL,
        altered INTEGER NOT NULL,
        conflict INTEGER NOT NULL,
        headline INTEGER NOT NULL,
        framings TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS utterances_component ON utterances (component)",
    "CREATE INDEX IF NOT EXISTS utterances_rank ON utterances (articles, outlets)",
    # added after schema 2 and made like the tables above: a speaker looked up by entity id
    "CREATE INDEX IF NOT EXISTS speakers_entity ON speakers (entity_id)",
]
#: the tables and indexes UTTERANCE_DDL makes: a store lacking any of them runs it (all IF NOT EXISTS)
UTTERANCE_OBJECTS = tuple(re.findall(r"IF NOT EXISTS (\w+)", " ".join(UTTERANCE_DDL)))
#: the tables among them (the rest are indexes, which only make reads faster)
UTTERANCE_TABLES = frozenset(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", " ".join(UTTERANCE_DDL)))


def linked_text(kind: str, content: str) -> str:
    """What of a quote is linked: the speaker's own words. Direct content whole; mixed and
    indirect content only the words inside its quotation marks (a mixed quote without
    marks, as some extractors emit, whole)."""
    if kind == "direct":
        return content
    inner = quoted_fragments(content)
    return inner if inner or kind == "indirect" else content


class UtteranceStore:
    """The utterance part of :class:`~saywho.store._sql.SQLStore` (same helpers, same connection)."""

    # supplied by SQLStore
    def _x(self, sql: str, params: Sequence[Any] = ()) -> Any: ...  # pragma: no cover
    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...  # type: ignore[empty-body]  # a stub: SQLStore has it  # pragma: no cover
    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None: ...  # pragma: no cover
    def _many(self, sql: str, rows: list[tuple]) -> None: ...  # pragma: no cover
    def _marks(self, n: int) -> str: ...  # type: ignore[empty-body]  # a stub: SQLStore has it  # pragma: no cover
    def _write(self) -> AbstractContextManager[Any]: ...  # type: ignore[empty-body]  # a stub: SQLStore has it  # pragma: no cover
    def find_speakers(self, term: str) -> list[SpeakerRef]: ...  # type: ignore[empty-body]  # a stub: SQLStore has it  # pragma: no cover

    #: set while `saywho load` brings in links verified on Spark (see :meth:`import_links`)
    _defer_links: bool = False

    #: where a candidate's 3-gram count is read (SQLite is told to use the small index)
    _SIZES = "utt_quotes"

    def _utterance_ddl(self) -> list[str]:
        return UTTERANCE_DDL

    def has_utterances(self) -> bool:
        return self._one("SELECT 1 FROM utt_quotes LIMIT 1") is not None

    def import_links(self, edges: Iterable[tuple[str, str, str, float]]) -> int:
        """Link every not yet linked quote from matches verified elsewhere (Spark), without
        searching the index: ``edges`` are ``(quote key, quote key, kind, score)`` with keys
        as :func:`~saywho.provenance.group.quote_key`. The store's own speakers decide
        link or conflict; components are grouped as on ingest. Returns quotes linked.
        """
        with self._write():
            rows = self._all(
                "SELECT q.pk, q.pos, q.kind, q.content, q.cue_lemma, q.cue, q.canonical_id, s.type, a.id"
                " FROM quotes q JOIN articles a ON a.pk = q.article_pk LEFT JOIN speakers s ON s.id = q.canonical_id"
                " LEFT JOIN utt_quotes u ON u.quote_pk = q.pk WHERE u.quote_pk IS NULL ORDER BY q.pk"
            )
            info: dict[str, tuple[int, int, str | None]] = {}
            for pk, pos, kind, content, lemma, cue, cid, stype, aid in rows:
                text = linked_text(kind, content)
                toks = tokens(text)
                if kind == "indirect" and not toks:
                    continue
                speaker = cid if cid and stype not in UNRESOLVED_TYPES else None
                key, ntok = quote_key(aid, int(pos)), len(plain(toks))
                grams = sorted(shingles(toks)) if linkable(toks) else []
                self._x(
                    "INSERT INTO utt_quotes (quote_pk, akey, text, words, ntok, ngrams, speaker, framing, component, utterance)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        int(pk),
                        key,
                        text,
                        " ".join(toks),
                        ntok,
                        len(grams),
                        speaker,
                        cue_framing(lemma, cue),
                        int(pk),
                        "",
                    ),
                )
                self._many("INSERT INTO utt_shingles (shingle, quote_pk) VALUES (?, ?)", [(g, int(pk)) for g in grams])
                info[key] = (int(pk), ntok, speaker)
            parent = {pk: pk for pk, _, _ in info.values()}

            def find(x: int) -> int:
                while parent[x] != x:
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                return x

            stored = []
            for ka, kb, _, score in edges:
                if ka not in info or kb not in info:
                    continue
                (pa, na, sa), (pb, nb, sb) = info[ka], info[kb]
                if sa is None or sb is None or sa == sb:
                    kind = "link"
                elif min(na, nb) >= FRAGMENT:
                    kind = "conflict"
                else:
                    continue
                stored.append((min(pa, pb), max(pa, pb), kind, float(score)))
                ra, rb = find(pa), find(pb)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            self._many("INSERT INTO utt_edges (a, b, kind, score) VALUES (?, ?, ?, ?)", sorted(set(stored)))
            labels = {pk: find(pk) for pk in parent}
            self._many(
                "UPDATE utt_quotes SET component = ? WHERE quote_pk = ?",
                [(lab, pk) for pk, lab in labels.items() if lab != pk],
            )
            for label in sorted(set(labels.values())):
                self._regroup(label)
        return len(info)

    # -- linking ----------------------------------------------------------------------------

    def _link_utterances(self, article_pk: int, article: Article | None = None) -> None:
        """Link every quote of one stored article (inside the caller's transaction)."""
        if self._defer_links:
            return
        rows = self._all(
            "SELECT q.pk, q.pos, q.kind, q.content, q.cue_lemma, q.cue, q.canonical_id, s.type, a.id"
            " FROM quotes q JOIN articles a ON a.pk = q.article_pk LEFT JOIN speakers s ON s.id = q.canonical_id"
            " WHERE q.article_pk = ? ORDER BY q.pos",
            (article_pk,),
        )
        for pk, pos, kind, content, lemma, cue, cid, stype, aid in rows:
            speaker = cid if cid and stype not in UNRESOLVED_TYPES else None
            self._link_quote(int(pk), quote_key(aid, int(pos)), kind, content, cue_framing(lemma, cue), speaker)

    def _link_quote(self, pk: int, key: str, kind: str, content: str, framing: str, speaker: str | None) -> None:
        text = linked_text(kind, content)
        toks = tokens(text)
        ntok = len(plain(toks))
        if kind == "indirect" and not toks:
            return  # reported speech without quoted words: not an utterance (see paraphrase)
        grams = sorted(shingles(toks)) if linkable(toks) else []
        self._x(
            "INSERT INTO utt_quotes (quote_pk, akey, text, words, ntok, ngrams, speaker, framing, component, utterance)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pk, key, text, " ".join(toks), ntok, len(grams), speaker, framing, pk, ""),
        )
        edges: list[tuple[int, int, str, float]] = []
        if grams:
            for other, words, other_ntok, ospeaker in self._candidates_for(grams):
                m = same_words(toks, words.split())
                if m is None:
                    continue
                if speaker is None or ospeaker is None or speaker == ospeaker:
                    edges.append((min(pk, other), max(pk, other), "link", m.score))
                elif min(ntok, other_ntok) >= FRAGMENT:
                    edges.append((min(pk, other), max(pk, other), "conflict", m.score))
            self._many("INSERT INTO utt_shingles (shingle, quote_pk) VALUES (?, ?)", [(g, pk) for g in grams])
            self._many("INSERT INTO utt_edges (a, b, kind, score) VALUES (?, ?, ?, ?)", edges)
        others = [a if b == pk else b for a, b, _, _ in edges]
        comps = {pk}
        for i in range(0, len(others), _CHUNK):
            chunk = others[i : i + _CHUNK]
            comps.update(
                int(r[0])
                for r in self._all(
                    f"SELECT DISTINCT component FROM utt_quotes WHERE quote_pk IN ({self._marks(len(chunk))})", chunk
                )
            )
        label = min(comps)
        if len(comps) > 1:
            olds = sorted(comps - {label})
            self._x(
                f"UPDATE utt_quotes SET component = ? WHERE component IN ({self._marks(len(olds) + 1)})",
                (label, *olds, pk),
            )
        self._regroup(label)

    def _candidates_for(self, grams: list[int]) -> list[tuple[int, str, int, str | None]]:
        """Quotes sharing enough 3-grams to possibly match, in pk order: of the MAX_CANDIDATES that
        share the most, those :func:`enough_shared` keeps (index probes only)."""
        found: Counter[int] = Counter()
        for i in range(0, len(grams), _CHUNK):
            chunk = grams[i : i + _CHUNK]
            for qpk, n in self._all(
                f"SELECT quote_pk, COUNT(*) FROM utt_shingles WHERE shingle IN ({self._marks(len(chunk))}) GROUP BY quote_pk",
                chunk,
            ):
                found[int(qpk)] += int(n)
        best = sorted(found, key=lambda k: (-found[k], k))[:MAX_CANDIDATES]
        if not best:
            return []
        sized = self._all(
            f"SELECT quote_pk, ngrams FROM {self._SIZES} WHERE quote_pk IN ({self._marks(len(best))})", best
        )
        keep = sorted(int(pk) for pk, n in sized if enough_shared(found[int(pk)], len(grams), int(n)))
        if not keep:
            return []
        rows = self._all(
            f"SELECT quote_pk, words, ntok, speaker FROM utt_quotes WHERE quote_pk IN ({self._marks(len(keep))})", keep
        )
        return [(int(r[0]), r[1], int(r[2]), r[3]) for r in sorted(rows)]

    def _regroup(self, label: int) -> None:
        """Recompute the utterances of one component (see :mod:`saywho.provenance.group`)."""
        members = self._all(
            "SELECT u.quote_pk, u.akey, u.ntok, u.speaker, u.text, u.framing, u.utterance, q.date, q.outlet_key,"
            " q.article_pk, q.region FROM utt_quotes u JOIN quotes q ON q.pk = u.quote_pk WHERE u.component = ?",
            (label,),
        )
        pks = [int(m[0]) for m in members]
        by_pk = {int(m[0]): m for m in members}
        edges: list[Edge] = []
        for i in range(0, len(pks), _CHUNK):
            chunk = pks[i : i + _CHUNK]
            for a, b, kind, score in self._all(
                f"SELECT a, b, kind, score FROM utt_edges WHERE a IN ({self._marks(len(chunk))})", chunk
            ):
                if int(b) in by_pk:
                    edges.append(Edge(by_pk[int(a)][1], by_pk[int(b)][1], kind, float(score)))
        nodes = [Node(m[1], int(m[2]), m[3]) for m in members]
        assign, conflicted = group(nodes, edges)
        old = {m[6] for m in members if m[6]}
        if old:
            olds = sorted(old)
            self._x(f"DELETE FROM utterances WHERE id IN ({self._marks(len(olds))})", olds)
        changed = [(assign[m[1]], int(m[0])) for m in members if m[6] != assign[m[1]]]
        self._many("UPDATE utt_quotes SET utterance = ? WHERE quote_pk = ?", changed)
        groups: dict[str, list[tuple]] = {}
        for m in members:
            groups.setdefault(assign[m[1]], []).append(m)
        self._many(
            "INSERT INTO utterances (id, component, speaker, canonical_pk, first_pk, first_date, last_date, quotes,"
            " articles, outlets, altered, conflict, headline, framings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_summary(uid, label, ms, uid in conflicted) for uid, ms in sorted(groups.items())],
        )

    def relink(self) -> int:
        """Rebuild every utterance from the stored quotes, in ingest order; the number of quotes linked.

        The result equals incremental linking: the same quotes in the same order through
        the same code, and utterances that do not depend on the order anyway.
        """
        with self._write():
            for table in ("utterances", "utt_edges", "utt_shingles", "utt_quotes"):
                self._x(f"DELETE FROM {table}")
        last = 0
        while True:
            pks = [
                int(r[0]) for r in self._all("SELECT pk FROM articles WHERE pk > ? ORDER BY pk LIMIT ?", (last, _CHUNK))
            ]
            if not pks:
                break
            for pk in pks:
                with self._write():
                    self._link_utterances(pk)
            last = pks[-1]
        return int(self._one("SELECT COUNT(*) FROM utt_quotes")[0])  # type: ignore[index]  # COUNT(*) always gives a row

    # -- reading ----------------------------------------------------------------------------

    def utterance(self, utterance_id: str, paraphrases: bool = False) -> Utterance | None:
        """The lineage of one utterance (None if no such id); with ``paraphrases``, also the
        indirect quotes of its speaker that closely reword it (see :meth:`paraphrases_of`)."""
        head = self._one(
            "SELECT u.id, u.speaker, s.name, u.canonical_pk, u.first_pk, u.altered, u.conflict, u.headline, u.component"
            " FROM utterances u LEFT JOIN speakers s ON s.id = u.speaker WHERE u.id = ?",
            (utterance_id,),
        )
        if head is None:
            return None
        rows = self._all(
            "SELECT u.quote_pk, a.id, q.quote_id, a.title, q.outlet, q.date, a.url, q.region, q.kind, q.canonical_id,"
            " s.name, q.source, q.cue, u.framing, u.text FROM utt_quotes u JOIN quotes q ON q.pk = u.quote_pk"
            " JOIN articles a ON a.pk = q.article_pk LEFT JOIN speakers s ON s.id = q.canonical_id"
            " WHERE u.utterance = ?",
            (utterance_id,),
        )
        canonical = next(r[14] for r in rows if int(r[0]) == int(head[3]))
        rows.sort(key=lambda r: (r[5] is None, r[5] or "", int(r[0])))
        occ = [
            Occurrence(
                ref=f"{r[1]}:{r[2]}",
                article_id=r[1],
                quote_id=r[2],
                title=r[3],
                outlet=r[4],
                date=r[5],
                url=r[6],
                region=r[7],
                kind=r[8],
                speaker_id=r[9],
                speaker=r[10],
                attributed=r[11],
                cue=r[12],
                framing=r[13],
                text=r[14],
                diff=diff(r[14], canonical),
                first=i == 0,
            )
            for i, r in enumerate(rows)
        ]
        others = (
            [
                r[0]
                for r in self._all(
                    "SELECT id FROM utterances WHERE component = ? AND id <> ? ORDER BY id", (head[8], head[0])
                )
            ]
            if head[6]
            else []
        )
        u = Utterance(
            id=head[0],
            speaker_id=head[1],
            speaker=head[2],
            canonical=canonical,
            occurrences=occ,
            altered=bool(head[5]),
            conflict=bool(head[6]),
            headline=bool(head[7]),
            conflicts=others,
        )
        if paraphrases:
            u.paraphrases = self.paraphrases_of(u)
        return u

    def paraphrases_of(
        self, u: Utterance, min_score: float = 0.4, min_shared: int = 3, days: int = 31
    ) -> list[Paraphrase]:
        """Indirect quotes (no quoted words) of the utterance's resolved speaker, printed within
        ``days`` of it, whose content words overlap its canonical wording (Dice >= ``min_score``).
        Listed beside the utterance, never merged: reported speech is not the speaker's words."""
        if not u.speaker_id:
            return []
        dates = sorted(o.date[:10] for o in u.occurrences if o.date)
        where, params = "", [u.speaker_id]
        if dates:
            from datetime import date, timedelta

            try:
                lo = (date.fromisoformat(dates[0]) - timedelta(days=days)).isoformat()
                hi = (date.fromisoformat(dates[-1]) + timedelta(days=days + 1)).isoformat()
                where, params = " AND q.date >= ? AND q.date < ?", [u.speaker_id, lo, hi]
            except ValueError:
                pass
        rows = self._all(
            "SELECT a.id, q.quote_id, q.outlet, q.date, q.content FROM quotes q JOIN articles a ON a.pk = q.article_pk"
            " WHERE q.canonical_id = ? AND q.kind = 'indirect'"
            + where
            + " AND NOT EXISTS (SELECT 1 FROM utt_quotes m WHERE m.quote_pk = q.pk) ORDER BY q.date, q.pk LIMIT 5000",
            params,
        )
        found = []
        for aid, qid, outlet, qdate, content in rows:
            score, shared = paraphrase_score(u.canonical, content)
            if score >= min_score and shared >= min_shared:
                found.append(Paraphrase(f"{aid}:{qid}", aid, outlet, qdate, content, score))
        return sorted(found, key=lambda p: (-p.score, p.ref))

    def utterance_of(self, ref: str) -> str | None:
        """The utterance id of a stored quote ``ARTICLE_ID:QUOTE_ID`` (or of an utterance id itself)."""
        ref = ref.strip()
        if self._one("SELECT 1 FROM utterances WHERE id = ?", (ref,)):
            return ref
        article_id, sep, quote_id = ref.rpartition(":")
        if not sep:
            return None
        row = self._one(
            "SELECT u.utterance FROM utt_quotes u JOIN quotes q ON q.pk = u.quote_pk JOIN articles a ON a.pk = q.article_pk"
            " WHERE a.id = ? AND q.quote_id = ?",
            (article_id, quote_id),
        )
        return row[0] if row else None

    def trace(self, query: str, limit: int = 5, min_score: float = 0.6, paraphrases: bool = False) -> Trace:
        """The lineage of a stored quote (``ARTICLE_ID:QUOTE_ID``) or utterance id; for any other
        text, the utterances it belongs to, best first ("did X say this?")."""
        uid = self.utterance_of(query)
        if uid is not None:
            u = self.utterance(uid, paraphrases)
            return Trace(query, True, [TraceMatch(u, 1.0)] if u else [])
        toks = tokens(query)
        grams = sorted(shingles(toks))
        best: dict[str, float] = {}
        if grams:
            for pk, words, _, _ in self._candidates_for(grams):
                m = align(toks, words.split())
                if m.coverage >= min_score and m.matched >= min(3, len(toks)):
                    row = self._one("SELECT utterance FROM utt_quotes WHERE quote_pk = ?", (pk,))
                    if row:
                        best[row[0]] = max(best.get(row[0], 0.0), m.score)
        ranked = sorted(best, key=lambda k: (-best[k], k))[:limit]
        matches = [TraceMatch(u, best[k]) for k in ranked if (u := self.utterance(k, paraphrases)) is not None]
        return Trace(query, False, matches)

    def utterances(
        self,
        speaker: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        min_outlets: int = 1,
        altered: bool = False,
        conflict: bool = False,
        framed: str | None = None,
        limit: int | None = 20,
        headline: bool = False,
    ) -> list[UtteranceSummary]:
        """The most-repeated utterances (articles, then outlets), with their flags."""
        where = ["u.outlets >= ?"]
        params: list[Any] = [int(min_outlets)]
        if speaker and speaker.strip():
            ids = [ref.id for ref in self.find_speakers(speaker)]
            if not ids:
                return []
            where.append(f"u.speaker IN ({self._marks(len(ids))})")
            params.extend(ids)
        if outlet and outlet.strip():
            from ..text import fold

            where.append(
                "EXISTS (SELECT 1 FROM utt_quotes m JOIN quotes q ON q.pk = m.quote_pk WHERE m.utterance = u.id AND q.outlet_key = ?)"
            )
            params.append(fold(outlet.strip()))
        if since and since.strip():
            where.append("u.last_date >= ?")
            params.append(since.strip())
        if until and until.strip():
            where.append(f"substr(u.first_date, 1, {len(until.strip())}) <= ?")
            params.append(until.strip())
        if altered:
            where.append("u.altered = 1")
        if conflict:
            where.append("u.conflict = 1")
        if headline:
            where.append("u.headline = 1")
        if framed and framed.strip():
            where.append("EXISTS (SELECT 1 FROM utt_quotes m WHERE m.utterance = u.id AND m.framing = ?)")
            params.append(framed.strip().casefold())
        sql = (
            "SELECT u.id, u.speaker, s.name, c.text, u.quotes, u.articles, u.outlets, u.first_date, f.outlet, u.altered,"
            " u.conflict, u.headline, u.framings FROM utterances u JOIN utt_quotes c ON c.quote_pk = u.canonical_pk"
            " JOIN quotes f ON f.pk = u.first_pk LEFT JOIN speakers s ON s.id = u.speaker WHERE "
            + " AND ".join(where)
            + " ORDER BY u.articles DESC, u.outlets DESC, u.quotes DESC, u.first_date, u.id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(int(limit), 0))
        return [
            UtteranceSummary(
                id=r[0],
                speaker_id=r[1],
                speaker=r[2],
                canonical=r[3],
                quotes=int(r[4]),
                articles=int(r[5]),
                outlets=int(r[6]),
                first_date=r[7],
                first_outlet=r[8],
                altered=bool(r[9]),
                conflict=bool(r[10]),
                headline=bool(r[11]),
                framings=[x for x in r[12].split(",") if x],
            )
            for r in self._all(sql, params)
        ]

    def quote_utterances(self, article_id: str) -> dict[str, tuple[str, bool]]:
        """{quote id: (utterance id, altered against its canonical wording)} for one stored article."""
        rows = self._all(
            "SELECT q.quote_id, m.utterance, m.text, c.text FROM quotes q JOIN articles a ON a.pk = q.article_pk"
            " JOIN utt_quotes m ON m.quote_pk = q.pk JOIN utterances u ON u.id = m.utterance"
            " JOIN utt_quotes c ON c.quote_pk = u.canonical_pk WHERE a.id = ?",
            (article_id,),
        )
        return {r[0]: (r[1], diff(r[2], r[3]).altered) for r in rows}


def _summary(uid: str, label: int, members: Iterable[tuple], conflict: bool) -> tuple:
    ms = list(members)
    first = min(ms, key=first_order)
    canonical = max(ms, key=canonical_order)
    altered = any(diff(m[4], canonical[4]).altered for m in ms if m is not canonical)
    resolved = Counter(m[3] for m in ms if m[3])
    speaker = min(resolved, key=lambda s: (-resolved[s], s)) if resolved else None
    dates = sorted(m[7] for m in ms if m[7])
    return (
        uid,
        label,
        speaker,
        int(canonical[0]),
        int(first[0]),
        dates[0] if dates else None,
        dates[-1] if dates else None,
        len(ms),
        len({m[9] for m in ms}),
        len({m[8] for m in ms if m[8]}),
        int(altered),
        int(conflict),
        int(any(m[10] == "headline" for m in ms)),
        ",".join(sorted({m[5] for m in ms})),
    )


def first_order(m: Sequence[Any]) -> tuple:
    """First appearance: earliest date; ingest order (quote pk) breaks ties and missing dates."""
    return (m[7] is None, m[7] or "", int(m[0]))


def canonical_order(m: Sequence[Any]) -> tuple:
    """The canonical wording: the longest body version, the earliest among equals."""
    return (int(m[2]), m[10] != "headline", -int(m[0]))
