"""Store connections for the web app: opened read-only, a few per worker process, lent per request."""

from __future__ import annotations

import asyncio
import queue
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from typing import Any

from ..errors import StoreNotFound, StoreUnavailable
from ..store import Store, is_postgres_url, open_store


def open_readonly(url: str) -> Store:
    """The store at ``url``, never created or written: StoreNotFound if it is missing or not a
    saywho store, StoreUnavailable if it cannot be reached."""
    if is_postgres_url(url):
        try:
            import psycopg
        except ImportError:
            raise StoreUnavailable(
                "PostgreSQL support is not installed: install saywho[postgres] (pip install 'saywho[postgres]')"
            ) from None
        from ..store.postgres import masked

        try:
            with psycopg.connect(url, connect_timeout=15) as conn:
                row = conn.execute(
                    "SELECT to_regclass('meta') IS NOT NULL AND to_regclass('quotes') IS NOT NULL"
                    " AND to_regclass('utterances') IS NOT NULL"
                ).fetchone()
        except psycopg.Error as exc:
            lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
            why = lines[0] if lines else type(exc).__name__
            raise StoreUnavailable(f"cannot connect to {masked(url)}: {why}") from None
        if not row or not row[0]:
            raise StoreNotFound("is not a saywho store (it has no saywho tables; create one with `saywho ingest`)")
        store = open_store(url)
        store.read_only()
        return store
    import sqlite3

    try:
        return open_store(url, readonly=True)
    except sqlite3.DatabaseError as exc:
        raise StoreNotFound(f"is not a saywho store ({exc})") from None


class StorePool:
    """``size`` read-only connections to one store, all opened at startup.

    A request first takes one of ``size`` slots in the event loop (:meth:`slot`, an asyncio
    semaphore), then a connection (:meth:`lend`, which then never blocks). Waiting happens in the
    event loop, never in a thread of the pool that runs the endpoints, so a burst of requests
    cannot take every thread while the requests holding connections wait for one.
    """

    def __init__(self, url: str, size: int = 4) -> None:
        self.url = url
        self._free: queue.LifoQueue[Store] = queue.LifoQueue()
        self._all: list[Store] = []
        try:
            for _ in range(max(1, int(size))):
                store = open_readonly(url)
                self._all.append(store)
                self._free.put(store)
        except BaseException:
            self.close()
            raise
        self._slots: asyncio.Semaphore | None = None

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._slots is None:
            self._slots = asyncio.Semaphore(len(self._all))
        async with self._slots:
            yield

    @contextmanager
    def lend(self) -> Iterator[Store]:
        """A connection; without a slot it may wait (up to a minute) for one to come back."""
        store = self._free.get(timeout=60)
        try:
            yield store
        finally:
            self._free.put(store)

    def close(self) -> None:
        for store in self._all:
            with suppress(Exception):  # closing at shutdown: nothing left to do about a failure
                store.close()
        self._all.clear()


def describe(store: Any) -> str:
    return "PostgreSQL" if is_postgres_url(getattr(store, "url", "")) else "SQLite"
