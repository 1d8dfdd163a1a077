"""Where a corpus lives: ``open_store()`` picks SQLite (default) or PostgreSQL by target.

    >>> from saywho.store import open_store, Query
    >>> store = open_store()                      # ./saywho.db
    >>> store = open_store("corpus/news.db")      # another SQLite file
    >>> store = open_store("postgresql://localhost/news")
    >>> store.search(Query(words="ceasefire", speaker="lavrov"))
"""

from __future__ import annotations

from ..errors import StoreNotFound, StoreUnavailable
from .base import (
    DEFAULT_PATH,
    AmbiguousSpeaker,
    Correction,
    ErrorRow,
    Hit,
    Query,
    SpeakerError,
    SpeakerRef,
    SpeakerStats,
    Store,
    content_hash,
)

__all__ = [
    "DEFAULT_PATH",
    "AmbiguousSpeaker",
    "Correction",
    "ErrorRow",
    "Hit",
    "Query",
    "SpeakerError",
    "SpeakerRef",
    "SpeakerStats",
    "Store",
    "StoreUnavailable",
    "content_hash",
    "is_postgres_url",
    "open_store",
]




def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def open_store(target: str | None = None, readonly: bool = False) -> Store:
    """The store at ``target``: None → ``./saywho.db``; a ``postgresql://`` or
    ``postgres://`` URL → PostgreSQL; anything else → an SQLite file at that path
    (``sqlite:///path`` is accepted too).

    ``readonly`` (the query commands): an SQLite file is opened read-only (works in a
    read-only folder) and must exist; :class:`saywho.store.sqlite.StoreNotFound` if not."""
    if target is None or not str(target).strip():
        target = DEFAULT_PATH
    target = str(target).strip()
    if is_postgres_url(target):
        try:
            from .postgres import PostgresStore
        except ImportError:
            raise StoreUnavailable(
                "PostgreSQL support is not installed: install saywho[postgres] (pip install 'saywho[postgres]')"
            ) from None
        return PostgresStore(target)
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///") :] or DEFAULT_PATH  # sqlite:////abs/path as in SQLAlchemy
    from .sqlite import SQLiteStore

    return SQLiteStore(target, readonly=readonly)
