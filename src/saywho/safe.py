"""Text that every writer and terminal accepts: lone surrogates, control characters, file names.

Input can carry lone surrogates (a JSON ``"\\udfff"`` escape, a file name that is
not UTF-8); no UTF-8 writer accepts them. :func:`scrub` swaps each for U+FFFD,
one code point for one, so every offset into the text still holds.
"""

from __future__ import annotations

import os
import re

__all__ = ["SURROGATE", "display_name", "for_terminal", "scrub"]

#: A lone surrogate code point (never valid in UTF-8 output).
SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls but tab and newline, DEL, C1 controls (ESC starts terminal escape
# sequences), and bidirectional overrides that can reorder what a terminal shows.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def scrub(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (same length)."""
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


def display_name(name: str) -> str:
    """A file name (or any str) as valid text: undecodable bytes kept visible as ``\\xNN``.

    Python turns a file name that is not UTF-8 into surrogate escapes; this gives
    the same name back readable and writable (``caf\\xe9.txt``), and unique.
    """
    if not SURROGATE.search(name):
        return name
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte (from a JSON escape)
        return name.encode("utf-8", "backslashreplace").decode("ascii")


def for_terminal(text: str) -> str:
    """``text`` safe to print: control characters (escape sequences) dropped, surrogates replaced."""
    return _TERMINAL_UNSAFE.sub("", scrub(text))
