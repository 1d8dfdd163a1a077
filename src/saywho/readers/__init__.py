"""Readers: turn ``.txt`` and ``.md`` inputs into ``Article`` objects.

``Article.text`` is always the decoded file content, unchanged, because every
offset saywho reports indexes into it. Markup is dealt with by
:func:`plain_view` (same length, syntax blanked) rather than by rewriting.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from saywho.errors import InputError
from saywho.readers.decode import MAX_BYTES, READABLE, decode_bytes, too_large_reason
from saywho.readers.layout import analyse
from saywho.readers.markup import plain_view
from saywho.types import Article

__all__ = [
    "MAX_BYTES",
    "READABLE",
    "iter_paths",
    "plain_view",
    "read_bytes",
    "read_path",
    "read_text",
]

_FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
_FORMAT_NAMES = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md"}


def format_of(name: str | Path) -> str:
    """``md`` for Markdown suffixes, else ``txt`` (unknown suffixes are tried as text)."""
    return _FORMATS.get(Path(name).suffix.lower(), "txt")


def read_text(text: str, id: str = "stdin", format: str = "txt") -> Article:
    """An Article for ``text`` (kept exactly), with title, date and regions filled in."""
    fmt = _FORMAT_NAMES.get(format.lower().lstrip("."))
    if fmt is None:
        raise ValueError(f"unknown format {format!r}; expected 'txt' or 'md'")
    if not text.strip():
        raise InputError(id, "is empty")
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(id, too_large_reason(len(text.encode("utf-8", "surrogatepass"))))
    layout = analyse(text, fmt)
    return Article(
        id=id,
        text=text,
        title=layout.title,
        date=layout.date,
        outlet=layout.outlet,
        url=layout.url,
        regions=layout.regions,
    )


def read_bytes(data: bytes, id: str, source: str) -> Article:
    """Decode ``data`` (errors name ``source``) and read it; format from ``source``'s suffix."""
    text = decode_bytes(data, source)
    return read_text(text, id=id, format=format_of(source))


def read_path(path: str | Path) -> Article:
    """Read one file; the article id is the file stem. Raises InputError if unreadable."""
    path = Path(path)
    source = str(path)
    try:
        if path.is_dir():
            raise InputError(source, "is a directory; pass it to iter_paths to read the files in it")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(source, too_large_reason(size))
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file or directory") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    return read_bytes(data, id=path.stem, source=source)


def iter_paths(inputs: list[str]) -> Iterator[Path | InputError]:
    """The files to read, in order; problems are yielded as InputError, not raised.

    A file is yielded whatever its suffix (read_path decides if it is text). A
    directory is searched recursively for .txt/.md/.markdown/.text files, sorted,
    skipping hidden files and folders. Each file is yielded once.
    """
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = _text_files(path)
            if not found:
                yield InputError(item, f"directory has no {', '.join(READABLE)} files")
            files = found
        elif path.exists():
            files = [path]
        else:
            yield InputError(item, "no such file or directory")
            continue
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def _text_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):  # does not follow symlinked folders
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(folder, name)
            for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in READABLE
        )
    return sorted(found)
