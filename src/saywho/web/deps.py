"""What routes share: a store lent per request, a small per-worker cache, the extraction pipeline."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from fastapi import HTTPException, Request

from ..store import Store

T = TypeVar("T")

#: seconds a cached corpus-wide list (speakers, outlets) is kept; the store is read-only here
CACHE_SECONDS = 60.0


async def store(request: Request) -> AsyncIterator[Store]:
    """A FastAPI dependency: one of the worker's read-only store connections, for this request
    (waited for in the event loop, so the threads that run endpoints never wait for one)."""
    pool = request.app.state.stores
    async with pool.slot():
        with pool.lend() as s:
            yield s


#: entries the per-worker cache keeps (least recently used go first)
CACHE_ENTRIES = 4096


def cached(request: Request, key: str, make: Callable[[], T]) -> T:
    """``make()``, kept for :data:`CACHE_SECONDS` per worker: the store is read-only here, and
    corpus-wide aggregates (counts, speaker numbers, timelines) are the expensive reads."""
    cache: OrderedDict[str, tuple[float, Any]] = request.app.state.cache
    hit = cache.get(key)
    now = time.monotonic()
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        cache.move_to_end(key)
        return hit[1]
    value = make()
    cache[key] = (now, value)
    cache.move_to_end(key)
    while len(cache) > CACHE_ENTRIES:
        cache.popitem(last=False)
    return value


def speaker_term(request: Request, store: Store, term: str | None) -> str | None:
    """A speaker facet as the store takes it fastest: ``id:ID`` when the term names one speaker
    (resolved once per worker and cached); AmbiguousSpeaker when it names several."""
    from ..store import AmbiguousSpeaker

    if not term or term.strip().casefold() in ("unnamed",) or term.strip()[:3].casefold() == "id:":
        return term
    refs = cached(request, f"find:{term}", lambda: store.find_speakers(term))
    if len(refs) > 1:
        raise AmbiguousSpeaker(term.strip(), refs)
    return f"id:{refs[0].id}" if refs else term


def counter(request: Request, store: Store) -> Callable[[Any], int]:
    """``store.count``, cached per query."""

    def count(q: Any) -> int:
        key = repr(("count", q.words, q.speaker, q.outlet, q.since, q.until, q.kind))
        return cached(request, key, lambda: store.count(q))

    return count


def pipeline(request: Request) -> Any:
    """The worker's saywho pipeline, loaded on first use (spaCy takes seconds to load)."""
    state = request.app.state
    if not state.extract:
        raise HTTPException(404, "extraction is turned off on this server")
    with state.pipeline_lock:
        if state.pipeline is None:
            from .. import load

            state.pipeline = load()
        return state.pipeline


def extract_text(request: Request, text: str, name: str, data: bytes | None = None) -> Any:
    """Who said what in ``text`` (or in the uploaded ``data`` named ``name``: txt, md or html), stored nowhere."""
    from ..readers import read_bytes, read_text
    from ..readers.html import read_html

    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else "txt"
    stem = (name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "pasted")[:100]
    if data is not None:
        if suffix in ("html", "htm"):
            article = read_html(data, id=stem, source=name)
        else:
            article = read_bytes(data, id=stem, source=name if suffix in ("txt", "md") else stem + ".txt")
    else:
        article = read_text(text, id=stem, format="md" if suffix == "md" else "txt")
    nlp = pipeline(request)
    with request.app.state.pipeline_lock:  # one parse at a time per worker
        return nlp(article)
