"""Read methods for browsing a corpus (the web UI, ``saywho serve``): one speaker's numbers,
their quotes over time, the outlets. Part of :class:`~saywho.store._sql.SQLStore`; every
value reaches SQL as a parameter."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .base import OutletStats, SpeakerStats

__all__ = ["BrowseStore", "OutletStats"]


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(x) for x in (json.loads(value) if isinstance(value, str) else value)]


class BrowseStore:
    """Browsing reads over the SQL store's connection (SQLite and PostgreSQL alike)."""

    # supplied by SQLStore
    _paramstyle: str

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...  # type: ignore[empty-body]  # a stub: SQLStore has it
    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None: ...  # pragma: no cover
    def _x(self, sql: str, params: Sequence[Any] = ()) -> Any: ...  # pragma: no cover

    def speaker_stats(self, speaker_id: str) -> SpeakerStats | None:
        """One canonical speaker with its counts (as in :meth:`speakers`), or None if no such id."""
        row = self._one(
            "SELECT s.id, s.name, s.type, s.aliases, s.roles, s.entity_id, s.description, s.org,"
            " (SELECT COUNT(*) FROM quotes q WHERE q.canonical_id = s.id),"
            " (SELECT COUNT(DISTINCT l.article_pk) FROM speaker_links l WHERE l.canonical_id = s.id),"
            " (SELECT MIN(q.date) FROM quotes q WHERE q.canonical_id = s.id),"
            " (SELECT MAX(q.date) FROM quotes q WHERE q.canonical_id = s.id)"
            " FROM speakers s WHERE s.id = ?",
            (speaker_id,),
        )
        if row is None:
            return None
        outlets = self._all(
            "SELECT a.outlet, COUNT(DISTINCT a.pk) AS n FROM speaker_links l JOIN articles a ON a.pk = l.article_pk"
            " WHERE l.canonical_id = ? AND a.outlet IS NOT NULL GROUP BY a.outlet ORDER BY n DESC, a.outlet",
            (speaker_id,),
        )
        return SpeakerStats(
            id=row[0],
            name=row[1],
            type=row[2],
            aliases=_list(row[3]),
            roles=_list(row[4]),
            entity_id=row[5],
            description=row[6],
            org=row[7],
            quotes=int(row[8]),
            articles=int(row[9]),
            first_date=row[10],
            last_date=row[11],
            outlets=[o for o, _ in outlets],
        )

    def speaker_timeline(self, speaker_id: str) -> list[tuple[str, str | None, int]]:
        """(month ``YYYY-MM``, outlet, quotes) for one speaker's dated quotes, oldest month first."""
        rows = self._all(
            "SELECT substr(q.date, 1, 7) AS m, q.outlet, COUNT(*) FROM quotes q"
            " WHERE q.canonical_id = ? AND q.date IS NOT NULL GROUP BY substr(q.date, 1, 7), q.outlet ORDER BY m",
            (speaker_id,),
        )
        return [(str(m), o, int(n)) for m, o, n in rows if m]

    def outlets(self) -> list[OutletStats]:
        """Every outlet with its articles, quotes, speakers and dates, most articles first."""
        rows = self._all(
            "SELECT q.outlet_key, MIN(q.outlet), COUNT(DISTINCT q.article_pk), COUNT(*),"
            " COUNT(DISTINCT q.canonical_id), MIN(q.date), MAX(q.date)"
            " FROM quotes q WHERE q.outlet_key IS NOT NULL GROUP BY q.outlet_key"
        )
        out = [OutletStats(r[1], int(r[2]), int(r[3]), int(r[4]), r[5], r[6]) for r in rows]
        return sorted(out, key=lambda o: (-o.articles, o.name.casefold()))

    def read_only(self) -> None:
        """Refuse writes on this connection from now on (PostgreSQL; an SQLite store opened with
        ``readonly=True`` is read-only already). Such a connection serves many short reads at
        once, so PostgreSQL does not start parallel workers for them: starting two costs more
        than a page of quotes takes to find, and the cores are busy with other requests."""
        if self._paramstyle == "format":
            self._x("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            self._x("SET max_parallel_workers_per_gather = 0")
