"""Bytes to text: UTF-8 first, a detected legacy encoding otherwise, binaries refused.

The decoded string becomes ``Article.text`` verbatim (offsets index into it),
so nothing is normalised here: a UTF-8 byte-order mark stays as U+FEFF.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import CharsetMatch, from_bytes

from saywho.errors import InputError

#: Largest input accepted, in bytes. One news article is kilobytes; anything
#: this big is a dump or a mistake, and would take minutes through the parser.
MAX_BYTES = 20 * 1024 * 1024

#: Suffixes that name text this package reads (used in error messages too).
READABLE = (".txt", ".md", ".markdown", ".text")

BINARY_REASON = (
    "looks like a binary file, not text; saywho reads plain text and Markdown (.txt, .md), "
    "web pages (.html), web archives (.warc) and records (.jsonl, .csv, .parquet) "
    "— convert PDF/Word to text first"
)

_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Share of control characters (or undecodable bytes) above which text is "binary".
_MAX_CONTROL_SHARE = 0.05
# C0/C1 control characters other than whitespace, and U+FFFD (undecodable bytes).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
# Codecs that decode Western-European curly quotes identically; when
# charset_normalizer cannot tell them apart, cp1252 is by far the likeliest.
_PREFERRED_LEGACY = "cp1252"


def too_large_reason(size: int) -> str:
    """The message for an input over MAX_BYTES."""
    return (
        f"is too large ({size / 1024 / 1024:.1f} MB; the limit is "
        f"{MAX_BYTES // 1024 // 1024} MB per article) — split it into one file per article"
    )


def decode_bytes(data: bytes, source: str) -> str:
    """Decode one input file exactly; raise InputError naming ``source`` if it is not text."""
    if len(data) > MAX_BYTES:
        raise InputError(source, too_large_reason(len(data)))
    if not data.strip():
        raise InputError(source, "is empty")
    text = _decode(data, source)
    if not text.strip():
        raise InputError(source, "is empty")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError(source, BINARY_REASON)
    return text


def _decode(data: bytes, source: str) -> str:
    if data.startswith(_UTF16_32_BOMS):
        # UTF-16/32 ("Unicode" in Windows Notepad); the codec drops the BOM,
        # which is not part of the article anyway.
        codec = "utf-32" if data.startswith(_UTF16_32_BOMS[:2]) else "utf-16"
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            raise InputError(source, BINARY_REASON) from None
    if b"\x00" in data:
        raise InputError(source, BINARY_REASON)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    return _detect(data, source)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (pasted from elsewhere) decodes with U+FFFD for them.

    Treating such a file as cp1252 would turn every correct “ into â€œ; the
    signal is that valid multi-byte sequences far outnumber the broken ones.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - broken
    return text if valid >= 3 * broken else None


def _detect(data: bytes, source: str) -> str:
    match = _best_match(data)
    if match is None:
        raise InputError(source, BINARY_REASON)
    return str(match)


def detect_encoding(data: bytes) -> str | None:
    """The legacy codec ``data`` is likeliest in (cp1252 among equals), or None if it is not text."""
    match = _best_match(data)
    return match.encoding if match is not None else None


def _best_match(data: bytes) -> CharsetMatch | None:
    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    # Among equally plausible single-byte codecs, prefer cp1252 (charset_normalizer
    # may say cp1250 for "“Café”", which decodes the quotes alike but not the é).
    for match in results:
        if (
            match.encoding == _PREFERRED_LEGACY
            and match.chaos <= best.chaos + 0.01
            and match.coherence >= best.coherence - 0.01
        ):
            return match
    return best


def _control_share(text: str) -> float:
    return sum(1 for _ in _CONTROL.finditer(text)) / len(text)
