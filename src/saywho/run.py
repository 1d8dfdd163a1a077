"""Batch execution: many inputs through one pipeline, failures recorded, never fatal.

A bad input (missing, empty, binary, undecodable, too large) or an article that
fails during extraction becomes a :class:`Failure` naming the input, the stage and
the reason; every other input is still processed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Failure, InputError
from .pipeline import Pipeline
from .readers import SINGLE, iter_articles, iter_paths
from .readers.fetch import is_url
from .types import Article

if TYPE_CHECKING:
    from concurrent.futures import Future

STDIN = "-"  # the input name for standard input


def check_models(spacy_model: str | None = None, model: str | None = None, *, spacy: bool = True) -> None:
    """Load the attribution model (and check the spaCy pipeline is installed) once, before any work:
    a bad setting fails here in one line (:class:`ModelError`), not in every worker."""
    from .models import check_attribution_model
    from .nlp import check_model

    if spacy:
        check_model(spacy_model)
    check_attribution_model(model)


def load_pipeline(spacy_model: str | None = None, model: str | None = None, min_confidence: float = 0.0) -> Pipeline:
    """``Pipeline(spacy_model, model=model, min_confidence=...)``; a bad model is a :class:`ModelError`."""
    from . import pipeline

    return pipeline.Pipeline(spacy_model, model=model, min_confidence=min_confidence)


def as_failure(error: InputError) -> Failure:
    """The Failure for a reader's InputError (a warning for an InputWarning)."""
    return Failure.of(error)


def read_inputs(inputs: Iterable[str], on_error: Callable[[Failure], None]) -> Iterator[Article]:
    """Articles from files, folders, globs and ``-`` (stdin), every format; bad inputs go to ``on_error``."""
    for item in iter_articles(list(inputs)):
        if isinstance(item, InputError):
            on_error(as_failure(item))
        else:
            yield item


def count_inputs(inputs: Iterable[str]) -> int | None:
    """How many articles the inputs hold, for a progress total; None when a file holds many."""
    n = 0
    for i in inputs:
        if i == STDIN or is_url(i):
            n += 1
            continue
        for p in iter_paths([i]):
            if isinstance(p, Path):
                if not p.name.lower().endswith(SINGLE):
                    return None
                n += 1
    return n


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_all(
    articles: Iterable[Article],
    pipeline: Pipeline,
    on_error: Callable[[Failure], None],
    chunk_size: int = 16,
) -> Iterator[Article]:
    """Run the pipeline over ``articles`` in batches; an article that fails is isolated and reported."""
    for chunk in _chunks(articles, chunk_size):
        try:
            yield from list(pipeline.pipe(chunk))
        except Exception:  # noqa: BLE001  (one bad article must not sink its batch)
            for article in chunk:
                try:
                    yield pipeline(article)
                except Exception as exc:  # noqa: BLE001  (the article fails alone, recorded)
                    on_error(Failure(article.id, "extract", f"extraction failed ({type(exc).__name__}: {exc})"))


# -- several processes: one pipeline per worker, loaded once ---------------------------------

_WORKER: Pipeline | None = None


def _init_worker(spacy_model: str | None, model: str | None, min_confidence: float) -> None:
    global _WORKER
    _exit_with_parent(os.getppid())
    _WORKER = Pipeline(spacy_model, model=model, min_confidence=min_confidence)


#: How often a worker checks that the process that started it is still there (seconds).
PARENT_POLL = 0.5


def _exit_with_parent(parent: int, poll: float = PARENT_POLL) -> None:
    """Exit this worker when its parent dies (kill -9 included), instead of running on under init.

    A pool's workers only notice a dead parent when they next wait for work; a
    worker busy with a long article, or idle in a pool whose manager thread
    died with the parent, would otherwise live on (and keep multiprocessing's
    resource tracker alive with it). A daemon thread watches ``os.getppid()``.
    """
    import threading

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)  # nothing to clean up that the parent still wants
            time.sleep(poll)

    threading.Thread(target=watch, name="saywho-parent-watch", daemon=True).start()


def _work(chunk: list[Article]) -> tuple[list[Article], list[Failure]]:
    assert _WORKER is not None
    failures: list[Failure] = []
    done = list(extract_all(chunk, _WORKER, failures.append, chunk_size=len(chunk)))
    return done, failures


def extract_parallel(
    articles: Iterable[Article],
    on_error: Callable[[Failure], None],
    *,
    workers: int = 2,
    spacy_model: str | None = None,
    model: str | None = None,
    min_confidence: float = 0.0,
    chunk_size: int = 8,
) -> Iterator[Article]:
    """Like :func:`extract_all` over ``workers`` processes; results come back in input order.

    Each worker loads ``Pipeline(spacy_model, model=model, min_confidence=...)`` once;
    check both first (:func:`saywho.nlp.check_model`, :func:`saywho.models.check_attribution_model`)
    so a bad setting fails in one line rather than in every worker.
    At most ``2 * workers`` chunks are in flight, so memory stays bounded on any corpus.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    ctx = get_context("spawn")  # a fresh interpreter per worker: no forked model state
    with (
        _single_threaded_children(),
        ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(spacy_model, model, min_confidence)
        ) as pool,
    ):
        pending: list[Future[tuple[list[Article], list[Failure]]]] = []
        for chunk in _chunks(articles, chunk_size):
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= 2 * workers:
                yield from _collect(pending.pop(0), on_error)
        for fut in pending:
            yield from _collect(fut, on_error)


def extract_inputs(
    inputs: Iterable[str],
    on_error: Callable[[Failure], None],
    *,
    workers: int = 1,
    spacy_model: str | None = None,
    model: str | None = None,
    min_confidence: float = 0.0,
    meta: Callable[[Article], Article] | None = None,
) -> Iterator[Article]:
    """Read ``inputs`` and extract their quotes, in input order: ``saywho extract``.

    The models are loaded (one process) or checked (``workers`` > 1, before any worker
    starts) now, so a bad one is a :class:`ModelError` before any input is read; the
    articles then come as the returned iterator is consumed. ``meta`` sets metadata on
    each article read; bad inputs and failed extractions go to ``on_error``.
    """
    pipeline = None
    if workers > 1:
        check_models(spacy_model, model)
    else:
        pipeline = load_pipeline(spacy_model, model, min_confidence)
    articles: Iterable[Article] = read_inputs(inputs, on_error)
    if meta is not None:
        articles = map(meta, articles)
    if pipeline is None:
        return extract_parallel(
            articles, on_error, workers=workers, spacy_model=spacy_model, model=model, min_confidence=min_confidence
        )
    return extract_all(articles, pipeline, on_error)


THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _single_threaded_children() -> Iterator[None]:
    """Workers are the parallelism: one BLAS thread each, so they don't fight over cores."""
    saved = {k: os.environ.get(k) for k in THREAD_VARS}
    for k in THREAD_VARS:
        os.environ.setdefault(k, "1")
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _collect(
    fut: Future[tuple[list[Article], list[Failure]]], on_error: Callable[[Failure], None]
) -> Iterator[Article]:
    done, failures = fut.result()
    for f in failures:
        on_error(f)
    yield from done
