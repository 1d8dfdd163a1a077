"""Readers: turn text, Markdown, web pages, web archives and record files into ``Article`` objects.

For ``.txt`` and ``.md`` inputs ``Article.text`` is the decoded file content,
unchanged, because every offset saywho reports indexes into it; Markdown is
dealt with by :func:`plain_view` (same length, syntax blanked) rather than by
rewriting. For web pages (``.html``, in WARC archives, or the ``html`` field of
a record) it is the extracted article text. :func:`iter_articles` reads any mix
of files, directories, globs and ``-`` (stdin).
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from saywho.errors import InputError
from saywho.readers.decode import MAX_BYTES, READABLE, decode_bytes, too_large_reason
from saywho.readers.fetch import fetch as fetch_url
from saywho.readers.fetch import is_url
from saywho.readers.html import HTML_SUFFIXES, looks_like_html, read_html
from saywho.readers.layout import analyse
from saywho.readers.markup import plain_view
from saywho.readers.records import RECORD_SUFFIXES, field_map, iter_records
from saywho.readers.warc import WARC_SUFFIXES, iter_warc
from saywho.safe import display_name
from saywho.types import Article

__all__ = [
    "CORPUS",
    "HTML_SUFFIXES",
    "MAX_BYTES",
    "READABLE",
    "RECORD_SUFFIXES",
    "STDIN",
    "WARC_SUFFIXES",
    "iter_articles",
    "iter_paths",
    "iter_records",
    "iter_warc",
    "plain_view",
    "read_bytes",
    "read_html",
    "read_path",
    "read_text",
]

#: Suffixes of files that hold one article each (what :func:`read_path` reads).
SINGLE = READABLE + HTML_SUFFIXES
#: Suffixes :func:`iter_articles` looks for in directories: every format saywho reads.
CORPUS = SINGLE + WARC_SUFFIXES + RECORD_SUFFIXES
#: The input name that means standard input.
STDIN = "-"
_GLOB_CHARS = frozenset("*?[")

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
    """Read one file (text, Markdown or a web page); the id is the file stem.

    Raises InputError if unreadable. Archives and record files hold many
    articles: read them with :func:`iter_articles`.
    """
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
    stem = display_name(path.stem)  # a file name that is not UTF-8 still makes a valid id
    if _has_suffix(path, HTML_SUFFIXES):
        return read_html(data, id=stem, source=source)
    return read_bytes(data, id=stem, source=source)


def iter_paths(inputs: list[str]) -> Iterator[Path | InputError]:
    """The files to read, in order; problems are yielded as InputError, not raised.

    A file is yielded whatever its suffix (read_path decides if it is text). A
    directory is searched recursively for the files read_path reads (.txt, .md,
    .markdown, .text, .html, .htm…), sorted, skipping hidden files and folders.
    Each file is yielded once.
    """
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = _files(path, SINGLE)
            if not found:
                yield InputError(item, f"directory has no {', '.join(SINGLE)} files")
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


def _files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under ``root`` with one of ``suffixes``, sorted; hidden files and folders skipped."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):  # does not follow symlinked folders
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(folder, name) for name in files if not name.startswith(".") and name.lower().endswith(suffixes)
        )
    return sorted(found)


def _has_suffix(path: Path, suffixes: tuple[str, ...]) -> bool:
    return path.name.lower().endswith(suffixes)


# --- every format ---------------------------------------------------------------------------


def iter_articles(
    inputs: list[str],
    fields: dict[str, str] | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputError]:
    """Articles from every input, in order; problems are yielded as InputError, never raised.

    Each input is an http(s) URL (fetched, see :mod:`saywho.readers.fetch`), a file, a directory (searched recursively for every format in
    CORPUS, sorted, hidden files and folders skipped), a glob pattern
    (``*.html``, ``**/*.warc.gz``; expanded when the name holds ``* ? [`` and no
    such path exists) or ``-`` for standard input (text, or a web page if it
    starts with ``<``). Files are read by suffix: .txt/.md as text, .html/.htm
    as web pages, .warc/.warc.gz as archives, .jsonl/.ndjson[.gz]/.csv/.parquet
    as records (``fields`` maps record field names, see iter_records); a file
    with another suffix is read as a web page if it starts like one, else as
    text. Each file is read once. Raises ValueError only for a bad ``fields``
    (at once, before anything is read).
    """
    return _iter_articles(inputs, field_map(fields), stdin)


def _iter_articles(
    inputs: list[str], mapping: dict[str, str], stdin: BinaryIO | None
) -> Iterator[Article | InputError]:
    seen: set[Path] = set()
    for item in inputs:
        if item == STDIN:
            yield from _stdin(stdin)
            continue
        if is_url(item) and not Path(item).exists():
            yield from fetch_url(item.strip())
            continue
        for found in _expand(item):
            if isinstance(found, InputError):
                yield found
                continue
            key = found.resolve()
            if key in seen:
                continue
            seen.add(key)
            yield from _read_any(found, mapping)


def _expand(item: str) -> Iterator[Path | InputError]:
    path = Path(item)
    if path.is_dir():
        found = _files(path, CORPUS)
        if not found:
            yield InputError(item, "directory has no files saywho reads (" + ", ".join(CORPUS) + ")")
        yield from found
    elif path.exists():
        yield path
    elif _GLOB_CHARS & set(item):
        matches = sorted(glob.glob(item, recursive=True))
        files: list[Path] = []
        for match in matches:
            m = Path(match)
            if m.is_dir():
                files.extend(_files(m, CORPUS))
            elif not m.name.startswith("."):
                files.append(m)
        if not files:
            yield InputError(item, "no files match this pattern")
        yield from files
    else:
        yield InputError(item, "no such file or directory")


def _read_any(path: Path, mapping: dict[str, str]) -> Iterator[Article | InputError]:
    source = str(path)
    try:
        if _has_suffix(path, WARC_SUFFIXES):
            yield from iter_warc(path)
        elif _has_suffix(path, RECORD_SUFFIXES):
            yield from iter_records(path, mapping)
        elif _has_suffix(path, SINGLE):
            yield read_path(path)
        else:
            yield _read_unknown(path)
    except InputError as exc:
        yield exc
    except Exception as exc:  # noqa: BLE001  (a reader bug must not end the batch)
        yield InputError(source, f"could not be read ({type(exc).__name__}: {exc})")


def _read_unknown(path: Path) -> Article:
    """A file with a suffix of no known format: a web page if it looks like one, else text."""
    article = read_path(path)
    if looks_like_html(article.text):
        return read_html(article.text, id=article.id, source=str(path))
    return article


def _stdin(stream: BinaryIO | None) -> Iterator[Article | InputError]:
    source = "<stdin>"
    try:
        if stream is None:
            stream = sys.stdin.buffer
        data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(source, too_large_reason(len(data)))
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            yield read_html(data, id="stdin", source=source)
        else:
            yield read_bytes(data, id="stdin", source=source)
    except InputError as exc:
        yield exc
    except Exception as exc:  # noqa: BLE001  (a reader bug must not end the batch)
        yield InputError(source, f"could not be read ({type(exc).__name__}: {exc})")
