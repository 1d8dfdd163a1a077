"""Record files: one Article per record of a JSON Lines, CSV or Parquet file.

A record has some of the fields ``id``, ``text`` or ``html``, ``title``,
``date``, ``outlet`` and ``url``; ``fields`` maps these names to the file's own
column names (``{"text": "body", "id": "doc_id"}``). ``text`` is kept exactly
as the article text; ``html`` is a web page, read with
:func:`saywho.readers.html.read_html`. Metadata given in the record wins over
what the text or page says; dates become ISO ``YYYY-MM-DD`` (unparseable ones
are dropped).

Problems are yielded as InputError, never raised, and the file goes on where it
can: a broken JSON line is reported as ``path:LINE`` and the next line is read.
Sources name ``path:LINE`` for JSON Lines and CSV (the line the record starts
on) and ``path:ROW`` (1-based) for Parquet. Parquet files are read in batches.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import itertools
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from io import BufferedIOBase
from pathlib import Path
from typing import Any

from saywho.errors import InputError, InputWarning
from saywho.readers.dates import parse_date
from saywho.readers.decode import BINARY_REASON, MAX_BYTES, detect_encoding
from saywho.readers.html import read_html
from saywho.safe import SURROGATE, display_name, scrub
from saywho.text import meta_text
from saywho.types import Article

__all__ = ["FIELDS", "JSONL_SUFFIXES", "RECORD_SUFFIXES", "field_map", "iter_records", "record_article"]

#: Our names for the fields of a record.
FIELDS = ("id", "text", "html", "title", "date", "outlet", "url")
_OURS = {name: name for name in FIELDS}

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
#: Suffixes of files read as records.
RECORD_SUFFIXES = (*JSONL_SUFFIXES, ".csv", ".parquet")

#: Rows per Parquet batch: small enough that a huge file never sits in memory.
BATCH_ROWS = 256
# A file whose first lines are all broken is not JSON Lines: say so once.
_MAX_LEADING_BROKEN = 10


def field_map(fields: dict[str, str] | None = None) -> dict[str, str]:
    """Our field names to the file's column names; ValueError for a name we do not know."""
    mapping = {name: name for name in FIELDS}
    for ours, theirs in (fields or {}).items():
        if ours not in FIELDS:
            raise ValueError(f"unknown field {ours!r} in the field map; expected one of {', '.join(FIELDS)}")
        if not isinstance(theirs, str) or not theirs:
            raise ValueError(f"the column for field {ours!r} must be a non-empty string")
        mapping[ours] = theirs
    return mapping


def iter_records(path: str | Path, fields: dict[str, str] | None = None) -> Iterator[Article | InputError]:
    """Articles from the records of ``path`` (.jsonl/.ndjson[.gz], .csv, .parquet).

    Raises ValueError only for a bad ``fields`` map (before reading anything);
    problems with the file are yielded as InputError.
    """
    mapping = field_map(fields)
    return _iter_records(Path(path), mapping)


def _iter_records(path: Path, mapping: dict[str, str]) -> Iterator[Article | InputError]:
    source = str(path)
    name = path.name.lower()
    try:
        if path.is_dir():
            yield InputError(source, "is a directory")
            return
        if not path.exists():
            yield InputError(source, "no such file or directory")
            return
        if name.endswith(JSONL_SUFFIXES):
            yield from _jsonl(path, mapping)
        elif name.endswith(".csv"):
            yield from _csv(path, mapping)
        elif name.endswith(".parquet"):
            yield from _parquet(path, mapping)
        else:
            yield InputError(source, f"is not a record file ({', '.join(RECORD_SUFFIXES)})")
    except OSError as exc:
        yield InputError(source, f"cannot be read ({exc.strerror or exc})")


# --- JSON Lines ---------------------------------------------------------------------------


def _jsonl(path: Path, mapping: dict[str, str]) -> Iterator[Article | InputError]:
    source = str(path)
    gz = path.name.lower().endswith(".gz")
    records = 0  # non-blank lines, broken ones included: record n keeps its id
    good = 0
    with gzip.open(path, "rb") if gz else open(path, "rb") as fh:
        try:
            for lineno, raw in _lines(fh, MAX_BYTES):
                if records == 0 and raw is not None and b"\x00" in raw:
                    yield InputError(source, BINARY_REASON)
                    return
                records += 1
                where = f"{source}:{lineno}"
                obj, problem = _json_object(raw) if raw is not None else (None, _too_large_line())
                if problem is not None:
                    yield InputError(where, problem)
                    if good == 0 and records >= _MAX_LEADING_BROKEN:
                        yield InputError(
                            source,
                            f"is not JSON Lines: its first {records} records are not valid JSON objects",
                        )
                        return
                    continue
                assert obj is not None  # _json_object gives an object or a problem
                good += 1
                yield from _record(obj, records, where, path, mapping)
        except (EOFError, OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            what = "gzip" if gz else "file"
            yield InputError(source, f"truncated or corrupt {what} after {records} records: {exc}")
            return
    if records == 0:
        yield InputError(source, "is empty")


_BLANK = re.compile(rb"[ \t\r\n]*")
_BLOCK = 1 << 20


def _too_large_line() -> str:
    return f"line is too large (over {MAX_BYTES // 1024 // 1024} MB); the line was skipped"


def _lines(fh: BufferedIOBase, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` for each non-blank line, read in blocks; None for a line over ``limit``.

    Memory stays under ``limit`` plus one block whatever the file holds (a gzip
    that inflates to one 1 GB line is refused while streaming), and runs of blank
    lines are skipped at C speed rather than line by line. ``read1`` returns what
    one read decompressed, so a gzip cut short loses nothing before the cut.
    """
    read = getattr(fh, "read1", fh.read)
    buf = bytearray(read(_BLOCK))
    if buf.startswith(b"\xef\xbb\xbf"):
        del buf[:3]
    lineno, pos, scanned, eof, skipping = 1, 0, 0, not buf, False
    while True:
        if skipping:  # inside a line over the limit: drop it up to its newline
            nl = buf.find(b"\n")
            if nl == -1:
                if eof:
                    return
                buf = bytearray(read(_BLOCK))
                eof = not buf
                continue
            lineno, pos, scanned, skipping = lineno + 1, nl + 1, nl + 1, False
        if scanned <= pos:  # at the start of a line: skip blank lines in one go
            blank_end = _BLANK.match(buf, pos).end()  # type: ignore[union-attr]  # a starred pattern always matches
            lineno += buf.count(b"\n", pos, blank_end)
            pos = scanned = blank_end
        nl = buf.find(b"\n", scanned)
        if nl != -1:
            yield lineno, (bytes(buf[pos : nl + 1]) if nl + 1 - pos <= limit else None)
            lineno, pos, scanned = lineno + 1, nl + 1, nl + 1
            continue
        if eof:
            if pos < len(buf):
                yield lineno, (bytes(buf[pos:]) if len(buf) - pos <= limit else None)
            return
        if len(buf) - pos > limit:
            yield lineno, None
            skipping, buf, pos, scanned = True, bytearray(), 0, 0
            continue
        del buf[:pos]
        scanned, pos = len(buf), 0
        block = read(_BLOCK)
        eof = not block
        buf += block


def _json_object(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    if len(raw) > MAX_BYTES:
        return None, f"line is too large ({len(raw) / 1024 / 1024:.1f} MB)"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 (byte {exc.start + 1})"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON: {exc.msg} (column {exc.colno})"
    except RecursionError:
        return None, "not valid JSON: nested too deeply"
    if not isinstance(obj, dict):
        return None, f"not a JSON object (found {type(obj).__name__})"
    return obj, None


# --- CSV ----------------------------------------------------------------------------------


def _csv(path: Path, mapping: dict[str, str]) -> Iterator[Article | InputError]:
    """Rows of a CSV file; a malformed row (an unclosed quotation mark) is reported and skipped.

    The reader is strict, so a quote left open no longer swallows the rows after
    it into one text: the row is reported and reading resumes on the next line.
    """
    source = str(path)
    with open(path, "rb") as fb:
        head = fb.read(8192)
    if not head.strip():
        yield InputError(source, "is empty")
        return
    if b"\x00" in head:
        yield InputError(source, BINARY_REASON)
        return
    encoding = _text_encoding(path)
    if encoding is None:
        yield InputError(source, BINARY_REASON)
        return
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)  # an article is one field; the default is 128 kB
    records = 0
    header: list[str] | None = None
    skip = 0  # physical lines already dealt with (the reader restarts after a bad row)
    while True:
        resume: int | None = None
        with open(path, encoding=encoding, newline="") as fh:
            lines = iter(fh)
            for _ in itertools.islice(lines, skip):
                pass
            reader = csv.DictReader(lines, fieldnames=header, strict=True)
            start = skip + 1
            try:
                if header is None:
                    header = list(reader.fieldnames or ())
                    if not header:
                        yield InputError(source, "is empty")
                        return
                    if mapping["text"] not in header and mapping["html"] not in header:
                        yield InputError(source, _no_text_column(mapping, header))
                        return
                    start = skip + reader.line_num + 1
                for row in reader:
                    records += 1
                    where = f"{source}:{start}"
                    start = skip + reader.line_num + 1
                    if None in row:  # more cells than the header names
                        row.pop(None)
                    yield from _record(row, records, where, path, mapping)
            except UnicodeDecodeError as exc:
                yield InputError(
                    source, f"is not valid {encoding} after {records} records (byte {exc.start + 1} of a chunk)"
                )
            except csv.Error as exc:
                records += 1
                reason = "an unclosed quotation mark" if "end of data" in str(exc) else str(exc)
                yield InputError(f"{source}:{start}", f"not valid CSV ({reason}); the row was skipped")
                resume = start  # go on with the line after the one the bad row starts on
        if resume is None or resume <= skip:
            break
        skip = resume
    if records == 0:
        yield InputError(source, "has a header but no records")


def _text_encoding(path: Path, chunk: int = 1 << 20) -> str | None:
    """``utf-8-sig`` if the whole file is UTF-8 (checked while streaming), else the detected codec.

    A Latin-1 or Windows-1252 CSV is decoded as text files are rather than
    refused; None means it is not text at all.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    sample = b""
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            if len(sample) < chunk:
                sample += block[: chunk - len(sample)]
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                bad = block[max(0, exc.start - 4096) : exc.start + 4096]
                return detect_encoding(sample + b"\n" + bad)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            pass  # cut inside the last character: reported as undecodable when read
    return "utf-8-sig"


# --- Parquet ------------------------------------------------------------------------------


def _parquet(path: Path, mapping: dict[str, str]) -> Iterator[Article | InputError]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = str(path)
    if path.stat().st_size == 0:
        yield InputError(source, "is empty")
        return
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield InputError(source, f"is not a Parquet file ({exc})")
        return
    names = parquet.schema_arrow.names
    if mapping["text"] not in names and mapping["html"] not in names:
        yield InputError(source, _no_text_column(mapping, names))
        return
    columns = sorted({column for column in mapping.values() if column in names}, key=names.index)
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            for record in batch.to_pylist():
                row += 1
                yield from _record(record, row, f"{source}:{row}", path, mapping)
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield InputError(source, f"corrupt Parquet file after {row} records ({exc})")
        return
    if row == 0:
        yield InputError(source, "has no records")


# --- one record ---------------------------------------------------------------------------


def _no_text_column(mapping: dict[str, str], columns: Iterable[Any]) -> str:
    wanted = " or ".join(repr(mapping[k]) for k in ("text", "html"))
    have = ", ".join(str(c) for c in columns if c is not None) or "none"
    return f"has no {wanted} column (its columns: {have}); map yours with fields, e.g. {{'text': 'body'}}"


def _record(
    record: dict[str, Any], n: int, where: str, path: Path, mapping: dict[str, str]
) -> Iterator[Article | InputError]:
    """The Article for one record, after a warning if any of its text had to be repaired.

    A lone surrogate (a JSON ``"\\udfff"`` escape) can be written by no UTF-8
    writer; it becomes U+FFFD here, on the way in, so the article and the store stay
    exportable, and the repair is reported without failing the record.
    """
    bad = sorted(str(k) for k, v in record.items() if isinstance(v, str) and SURROGATE.search(v))
    if bad:
        record = {k: scrub(v) if isinstance(v, str) else v for k, v in record.items()}
        yield InputWarning(where, f"invalid characters (lone surrogates) in {', '.join(bad)} replaced by U+FFFD")
    yield _article(record, n, where, path, mapping)


def _article(record: dict[str, Any], n: int, where: str, path: Path, mapping: dict[str, str]) -> Article | InputError:
    """The Article for one record, or an InputError naming ``where``."""
    article_id = meta_text(record.get(mapping["id"])) or f"{_stem(path)}-{n}"
    return record_article(record, article_id, where, mapping)


def record_article(
    record: Mapping[str, Any], article_id: str, where: str, mapping: Mapping[str, str] | None = None
) -> Article | InputError:
    """The Article (id ``article_id``) for one record, or an InputError naming ``where``; never raises.

    ``text`` is kept exactly, ``html`` is read as a web page, the record's metadata
    wins. ``mapping`` is :func:`field_map`'s (None: the record has our field names).
    What the record files and the Spark workers both use.
    """
    mapping = mapping or _OURS

    def get(name: str) -> Any:
        return record.get(mapping[name])

    text, html = get("text"), get("html")
    url = meta_text(get("url"))
    try:
        if isinstance(text, str) and text.strip():
            from saywho.readers import read_text  # the package imports this module

            article = read_text(text, id=article_id, format="txt")
        elif isinstance(html, (str, bytes)) and html.strip():
            article = read_html(html, id=article_id, url=url, source=where)
        elif (wrong := _wrong_type(mapping, text, html)) is not None:
            return InputError(where, wrong)
        else:
            present = [str(k) for k, v in record.items() if v is not None and v != ""]
            empty = [mapping[k] for k in ("text", "html") if isinstance(get(k), str)]
            what = f"an empty {' and '.join(repr(e) for e in empty)}" if empty else "neither text nor html"
            fields = ", ".join(present) or "none"
            return InputError(where, f"has {what} (its fields: {fields})")
    except InputError as exc:
        return InputError(where, exc.reason)
    except Exception as exc:  # noqa: BLE001  (one bad record must not end the file)
        return InputError(where, f"could not be read ({type(exc).__name__}: {exc})")

    if title := meta_text(get("title")):
        article.title = title
    if (date := _date(get("date"))) is not None:
        article.date = date
    if outlet := meta_text(get("outlet")):
        article.outlet = outlet
    if url:
        article.url = url
    return article


def _wrong_type(mapping: Mapping[str, str], text: Any, html: Any) -> str | None:
    """What is wrong when ``text`` or ``html`` is there but not a string (a number, a list)."""
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, (str, bytes)):
            kind = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}
            what = kind.get(type(value), f"a {type(value).__name__}")
            return f"has {what} in {mapping[name]!r}, where the article {name} should be a string"
    return None


def _stem(path: Path) -> str:
    """The file name without its record suffix (``news.jsonl.gz`` → ``news``)."""
    name = path.name
    for suffix in sorted(RECORD_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return display_name(name[: -len(suffix)])
    return display_name(path.stem)


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return parse_date(value)
    return None
