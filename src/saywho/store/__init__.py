"""Where a corpus lives: ``open_store()`` picks SQLite (default) or PostgreSQL by target.

    >>> from saywho.store import opened, Query
    >>> with opened("corpus/news.db", readonly=True) as store:   # or None: ./saywho.db
    ...     hits = store.search(Query(words="ceasefire", speaker="lavrov"))
    >>> store = open_store("postgresql://localhost/news")   # closed by you

Every failure to open, read or write a store is a :class:`saywho.errors.StoreError`
(inside ``with opened(...)``: the database driver's own errors are turned into one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import StoreError, StoreNotFound, StoreUnavailable
from ._utterances import UTTERANCE_TABLES
from .base import (
    DEFAULT_PATH,
    AmbiguousSpeaker,
    Correction,
    Hit,
    NotFound,
    Query,
    SpeakerError,
    SpeakerRef,
    SpeakerStats,
    Store,
    StoreUnreachable,
    UnknownSpeaker,
    content_hash,
    masked,
    pick_speaker,
)
from .load import LoadSummary, load_output

__all__ = [
    "DEFAULT_PATH",
    "AmbiguousSpeaker",
    "Correction",
    "Hit",
    "LoadSummary",
    "NotFound",
    "Query",
    "SpeakerError",
    "SpeakerRef",
    "SpeakerStats",
    "Store",
    "StoreError",
    "StoreNotFound",
    "StoreUnavailable",
    "StoreUnreachable",
    "UnknownSpeaker",
    "content_hash",
    "is_postgres_url",
    "load_output",
    "open_store",
    "opened",
    "pick_speaker",
]


#: SQLite's and PostgreSQL's words for a table the store lacks
_MISSING_TABLE = re.compile(r'no such table: (\w+)|relation "(\w+)" does not exist')


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def open_store(target: str | None = None, readonly: bool = False) -> Store:
    """The store at ``target``: None → ``./saywho.db``; a ``postgresql://`` or
    ``postgres://`` URL → PostgreSQL; anything else → an SQLite file at that path
    (``sqlite:///path`` is accepted too).

    ``readonly`` (the query commands): an SQLite file is opened read-only (works in a
    read-only folder) and must exist (:class:`saywho.errors.StoreNotFound` if not).
    Any failure to open is a :class:`saywho.errors.StoreError` whose message names the store."""
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
        try:
            return PostgresStore(target)
        except StoreError:
            raise
        except (OSError, *PostgresStore.driver_errors) as exc:
            raise StoreError(f"{masked(target)}: cannot open the store ({exc})") from None
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///") :] or DEFAULT_PATH  # sqlite:////abs/path as in SQLAlchemy
    from .sqlite import SQLiteStore

    try:
        return SQLiteStore(target, readonly=readonly)
    except StoreError:
        raise
    except (OSError, *SQLiteStore.driver_errors) as exc:
        raise StoreError(f"{target}: cannot open the store ({exc})") from None


def shown(store: Store) -> str:
    """How messages name ``store``: its file, or its URL without the password."""
    return masked(str(store.url))


@contextmanager
def opened(target: str | None = None, readonly: bool = False, doing: str | None = None) -> Iterator[Store]:
    """:func:`open_store` for a ``with`` block: closed at its end, whatever happens.

    A database failure inside the block (a corrupt file, a read-only database, a server
    gone) becomes a one-line :class:`saywho.errors.StoreError`: "STORE: cannot DOING the
    store (…)", ``doing`` being "read" for a ``readonly`` store and "write to" otherwise."""
    store = open_store(target, readonly=readonly)
    try:
        yield store
    except store.driver_errors as exc:
        doing = doing or ("read" if readonly else "write to")
        missing = _MISSING_TABLE.search(str(exc))
        hint = ""
        if missing and (missing.group(1) or missing.group(2)) in UTTERANCE_TABLES:
            hint = f"; it was made before utterances: run `saywho relink --db {shown(store)}` once"
        raise StoreError(f"{shown(store)}: cannot {doing} the store ({type(exc).__name__}: {exc}){hint}") from exc
    finally:
        store.close()
