"""Errors a user can act on: each names the input and the reason in one line."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be read or processed; the batch goes on without it."""

    def __init__(self, source: str, reason: str) -> None:
        from saywho.safe import display_name

        source, reason = display_name(source), display_name(reason)  # always printable and storable
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InputWarning(InputError):
    """An input that was read after a repair (e.g. invalid characters replaced): reported, not fatal."""


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed; the message says how to get one."""
