"""Ingest: read inputs of every format, extract, and store, idempotently and resumably.

Each article is stored in one transaction, keyed by a hash of its text, so:
the same content ingested twice is stored once; a run killed at any moment leaves
only whole articles; running the same command again skips what is stored (before
any NLP work) and finishes the rest. Failures go to the store's errors table.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import InputError
from .readers import iter_articles
from .run import (
    Failure,
    as_failure,
    check_models,
    extract_all,
    extract_parallel,
)
from .store.base import Store, content_hash
from .types import Article

LOOKUP_BATCH = 256  # content hashes checked against the store per query


@dataclass
class IngestSummary:
    """What one ingest run did."""

    stored: int = 0
    skipped: int = 0  # already in the store (same content)
    quotes: int = 0
    warnings: int = 0  # inputs read after a repair (recorded in the errors table too)
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _new_only(
    articles: Iterable[Article], store: Store, summary: IngestSummary, tick: Callable[[], None]
) -> Iterator[Article]:
    """Drop articles whose content is already stored (or seen earlier in this run)."""
    seen: set[str] = set()
    batch: list[tuple[str, Article]] = []

    def flush() -> Iterator[Article]:
        known = store.known(h for h, _ in batch)
        for h, a in batch:
            if h in known or h in seen:
                summary.skipped += 1
                tick()
            else:
                seen.add(h)
                yield a
        batch.clear()

    for article in articles:
        batch.append((content_hash(article), article))
        if len(batch) >= LOOKUP_BATCH:
            yield from flush()
    yield from flush()


def ingest(
    inputs: list[str],
    store: Store,
    *,
    workers: int | None = None,
    spacy_model: str | None = None,
    model: str | None = None,
    fields: dict[str, str] | None = None,
    meta: Callable[[Article], Article] | None = None,
    on_article: Callable[[IngestSummary], None] | None = None,
    on_error: Callable[[Failure], None] | None = None,
) -> IngestSummary:
    """Read ``inputs`` (files, folders, globs, ``-``), extract quotes, store them; return a summary.

    ``workers`` processes each load one spaCy pipeline (default: one per CPU);
    ``spacy_model`` and ``model`` are as for :class:`saywho.Pipeline` (both are checked
    before any article is read: :class:`saywho.errors.ModelError`);
    ``meta`` sets metadata on each article read (see :func:`saywho.metadata.metadata`);
    ``on_article`` is called after each article (for progress), ``on_error`` for each failure.
    """
    check_models(spacy_model, model)  # fail here, in one line, not in every worker
    summary = IngestSummary()
    notify = on_article or (lambda s: None)

    def failed(f: Failure) -> None:
        if f.fatal:
            summary.failures.append(f)
        else:
            summary.warnings += 1
        store.add_error(f)
        if on_error:
            on_error(f)
        notify(summary)

    def readable() -> Iterator[Article]:
        for item in iter_articles(inputs, fields=fields):
            if isinstance(item, InputError):
                failed(as_failure(item))
            else:
                yield meta(item) if meta is not None else item

    todo = _new_only(readable(), store, summary, lambda: notify(summary))
    n = workers or default_workers()
    if n > 1:
        extracted = extract_parallel(todo, failed, workers=n, spacy_model=spacy_model, model=model)
    else:
        from .pipeline import Pipeline

        pipeline = Pipeline.shared(spacy_model, model)
        extracted = extract_all(todo, pipeline, failed)
    for article in extracted:
        try:
            added = store.add(article)
        except Exception as exc:  # noqa: BLE001  (a bad record must not stop the run)
            failed(Failure(article.id, "store", f"could not be stored ({type(exc).__name__}: {exc})"))
            continue
        if added:
            summary.stored += 1
            summary.quotes += len(article.quotes)
        else:
            summary.skipped += 1
        notify(summary)
    return summary
