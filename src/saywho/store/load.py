"""``load``: store the articles of a ``saywho spark-extract`` output, by the rules of ingest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Failure, InputError, StoreError
from .base import Store


@dataclass
class LoadSummary:
    """What one load did."""

    stored: int = 0
    skipped: int = 0  # already in the store (same content)
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def load_output(store: Store, output: str, on_error: Callable[[Failure], None] | None = None) -> LoadSummary:
    """Store the articles of the spark-extract ``output`` (a folder or URI); the same content is stored once.

    Its error rows become :class:`saywho.errors.Failure` records in the store's errors table
    (and go to ``on_error``). With ``OUTPUT/utterances/`` (from ``saywho spark-utterances``)
    Spark's quote links are imported instead of searched again. An output that cannot be
    read is an :class:`saywho.errors.InputError` naming it.
    """
    from ..provenance.load import spark_links
    from ..spark import iter_output_articles

    summary = LoadSummary()

    def failed(f: Failure) -> None:
        summary.failures.append(f)
        store.add_error(f)
        if on_error is not None:
            on_error(f)

    try:
        with spark_links(store, output):  # OUTPUT/utterances/ from `saywho spark-utterances`, if any
            for article in iter_output_articles(output, on_error=failed):
                if store.add(article):
                    summary.stored += 1
                else:
                    summary.skipped += 1
    except StoreError:
        raise
    except (OSError, ValueError) as exc:  # pyarrow: a missing folder, a file that is not Parquet
        raise InputError(output, f"cannot read ({exc})") from None
    return summary
