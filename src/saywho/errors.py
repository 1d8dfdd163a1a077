"""saywho's one exception tree, and the one record of a failed input.

Every error a user can act on derives from :class:`SaywhoError` and says, in one line,
what went wrong with which input and what to do. The faces (CLI, web, Spark) map the
branches to messages and exit codes in one place each:

- :class:`InputError` (and :class:`InputWarning`): an input that cannot be read; the batch goes on.
- :class:`ModelError` (:class:`ModelNotFound`): a spaCy or attribution model that is missing or broken.
- :class:`StoreError` (:class:`StoreNotFound`, :class:`StoreUnavailable`, :class:`SpeakerError`): the corpus store.
- :class:`MissingExtra`: an optional dependency (``saywho[spark]``, ``saywho[web]``, …) is not installed.

A :class:`Failure` is the record of one input that failed (or was read after a repair):
what batch runs report, what ``ingest`` stores and ``saywho errors`` lists, what a
Spark error row becomes when read back.
"""

from __future__ import annotations

from dataclasses import dataclass


class SaywhoError(Exception):
    """The root of every error saywho raises on purpose: catch this, not ``Exception``."""


class InputError(SaywhoError):
    """An input that cannot be read or processed; the batch goes on without it."""

    def __init__(self, source: str, reason: str) -> None:
        from saywho.safe import display_name

        source, reason = display_name(source), display_name(reason)  # always printable and storable
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InputWarning(InputError):
    """An input that was read after a repair (e.g. invalid characters replaced): reported, not fatal."""


class ModelError(SaywhoError):
    """A spaCy pipeline or attribution model that is missing, unreadable or incompatible."""


class ModelNotFound(ModelError):
    """No usable spaCy model is installed; the message says how to get one."""


class StoreError(SaywhoError):
    """The corpus store cannot be opened, read or written as asked."""


class StoreNotFound(StoreError):
    """A query command was pointed at a store that does not exist (or is not a saywho store)."""


class StoreUnavailable(StoreError):
    """The requested backend cannot be used here (e.g. its driver is not installed)."""


class MissingExtra(SaywhoError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


WARNING = "warning"  # the stage of a Failure that is a repair, not a failure


@dataclass(frozen=True)
class Failure:
    """One input that could not be processed: where, at which stage, why, and (once stored) when."""

    input: str
    stage: str  # "read", "extract", "store", or "warning" (read after a repair; not a failure)
    reason: str
    at: str | None = None  # ISO timestamp, set when the failure is recorded in a store

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"

    @property
    def fatal(self) -> bool:
        """False for a warning: the input was read (repaired), it did not fail."""
        return self.stage != WARNING

    @classmethod
    def of(cls, error: InputError) -> Failure:
        """The Failure for a reader's InputError (a warning for an InputWarning)."""
        return cls(error.source, WARNING if isinstance(error, InputWarning) else "read", error.reason)
