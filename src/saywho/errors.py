"""Errors a user can act on: each names the input and the reason in one line."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be read or processed; the batch goes on without it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed; the message says how to get one."""
