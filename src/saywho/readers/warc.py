"""Web archives: one Article per archived HTML page in a ``.warc`` / ``.warc.gz`` file.

Every ``response`` record (and ``resource`` record) holding an HTML page
(``text/html``, ``application/xhtml+xml``) fetched with HTTP status 200 is read
with :func:`saywho.readers.html.read_html`. Requests, revisits, metadata,
warcinfo records, redirects, errors and non-HTML payloads are skipped.

A damaged archive does not lose what was read before the damage: the records
up to it are yielded, then one InputError naming the file, and reading of that
file stops. warcio itself is lenient about truncation (a cut-off gzip member
just ends early), so each record is checked against its declared length.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from collections.abc import Iterator
from io import BufferedIOBase
from pathlib import Path
from typing import Any

from saywho.errors import InputError
from saywho.readers.dates import parse_date
from saywho.readers.decode import MAX_BYTES, too_large_reason
from saywho.readers.html import decode_html, read_html
from saywho.types import Article

__all__ = ["HTML_TYPES", "WARC_SUFFIXES", "iter_warc", "warc_id"]

#: Suffixes of files read as web archives.
WARC_SUFFIXES = (".warc", ".warc.gz")

#: Content types read as web pages.
HTML_TYPES = ("text/html", "application/xhtml+xml")

_PAGE_RECORDS = ("response", "resource")
_CHUNK = 1 << 16


class _Corrupt(Exception):
    """The archive is damaged at the current record."""


def warc_id(uri: str, warc_date: str) -> str:
    """A short stable id for the capture of ``uri`` at ``warc_date``."""
    digest = hashlib.sha1(f"{uri} {warc_date}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"warc-{digest[:12]}"


def iter_warc(path: str | Path) -> Iterator[Article | InputError]:
    """Articles from the HTML pages archived in ``path``; problems are yielded, never raised."""
    from warcio.archiveiterator import ArchiveIterator

    source = str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115  (closed in finally; a generator)
    except FileNotFoundError:
        yield InputError(source, "no such file or directory")
        return
    except IsADirectoryError:
        yield InputError(source, "is a directory")
        return
    except OSError as exc:
        yield InputError(source, f"cannot be read ({exc.strerror or exc})")
        return

    records = 0
    try:
        head = fh.read(1 << 12)
        if not head:
            yield InputError(source, "is empty")
            return
        if not _looks_like_warc(head):
            yield InputError(source, "is not a WARC file (it does not start with a WARC record)")
            return
        fh.seek(0)
        iterator = ArchiveIterator(fh)
        decompressor = None
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                break
            decompressor = getattr(iterator.reader, "decompressor", None) or decompressor
            result = _read_record(record, source)
            records += 1
            if result is not None:
                yield result
        # a last gzip member cut short inside its trailer: the data ended early
        if decompressor is not None and getattr(decompressor, "eof", True) is False:
            raise _Corrupt("the last gzip member is cut short")
        if records == 0:
            yield InputError(source, "has no complete WARC record (is it a WARC file, or cut short?)")
            return
        # warcio stops quietly at a record cut inside its headers (and at some
        # other cuts): check the framing of the whole file on its own
        complete, damage = check_framing(path)
        if damage is not None:
            records = min(records, complete)
            raise _Corrupt(damage)
    except Exception as exc:  # noqa: BLE001  (any damage ends this file, not the batch)
        reason = _describe(exc)
        yield InputError(source, f"truncated or corrupt WARC after {_plural(records, 'record')}: {reason}")
    finally:
        fh.close()


def _read_record(record: Any, source: str) -> Article | InputError | None:
    """The Article (or per-record InputError) for one record; None for a skipped record.

    The record is always read to its end here, so a short one is noticed.
    """
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI") or ""
    if _int(headers.get_header("Content-Length")) is None:
        raise _Corrupt(f"a {record.rec_type or 'WARC'} record has no valid Content-Length (cut off in its headers?)")
    result: Article | InputError | None = None
    if record.rec_type in _PAGE_RECORDS and _is_html_page(record):
        where = f"{source}#{uri}" if uri else source
        length = _int(headers.get_header("Content-Length"))
        if length is not None and length > MAX_BYTES:
            result = InputError(where, too_large_reason(length))
            _drain(record)
        else:
            payload = record.content_stream().read()
            _drain(record)
            result = _article(record, payload, uri, where)
    else:
        _drain(record)
    return result


def check_framing(path: str | Path) -> tuple[int, str | None]:
    """How many whole records ``path`` holds, and what is wrong with it (None: nothing).

    Reads the file once, gunzipping it if need be, and follows the record
    framing (headers, ``Content-Length`` bytes, a blank line): a file cut
    anywhere but between records is caught, whatever warcio made of it.
    """
    with open(path, "rb") as raw:
        gz = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        stream: BufferedIOBase = gzip.GzipFile(fileobj=raw) if gz else raw
        records = 0
        try:
            while True:
                line = stream.readline(_CHUNK)
                while line in (b"\r\n", b"\n"):
                    line = stream.readline(_CHUNK)
                if not line:
                    return records, None
                if line.startswith(b"filedesc://") and records == 0:
                    return 0, None  # an old ARC file: warcio's checks are all there are
                if not line.startswith(b"WARC/"):
                    return records, f"record {records + 1} does not start with a WARC/ line"
                length = None
                while True:
                    line = stream.readline(_CHUNK)
                    if not line:
                        return records, f"record {records + 1} is cut off in its headers"
                    if line in (b"\r\n", b"\n"):
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = _int(value.strip().decode("ascii", "replace"))
                if length is None:
                    return records, f"record {records + 1} has no valid Content-Length"
                left = length
                while left > 0:
                    block = stream.read(min(left, _CHUNK))
                    if not block:
                        return records, f"record {records + 1} ends {left} bytes early"
                    left -= len(block)
                end = stream.read(4)
                if end != b"\r\n\r\n":
                    return records, f"record {records + 1} is cut off after its content (no end-of-record line)"
                records += 1
        except (OSError, EOFError, zlib.error) as exc:
            return records, f"the gzip data ends early or is damaged ({exc})"


def _is_html_page(record: Any) -> bool:
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or str(http.get_statuscode()) != "200":
            return False  # redirects, errors, non-HTTP responses
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def _drain(record: Any) -> None:
    """Read the rest of the record; raise _Corrupt if the file ends before it does."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        uri = record.rec_headers.get_header("WARC-Target-URI")
        what = f"the {record.rec_type} record for {uri}" if uri else f"a {record.rec_type} record"
        raise _Corrupt(f"{what} ends {missing} bytes early")


def _article(record: Any, payload: bytes, uri: str, where: str) -> Article | InputError:
    warc_date = record.rec_headers.get_header("WARC-Date") or ""
    charset = _charset(record)
    try:
        text = decode_html(payload, where, charset)
        article = read_html(text, id=warc_id(uri, warc_date), url=uri or None, source=where)
    except InputError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001  (one bad page must not end the archive)
        return InputError(where, f"could not read the page ({type(exc).__name__}: {exc})")
    if uri:
        article.url = uri
    if article.date is None and warc_date:
        article.date = parse_date(warc_date[:10])
    return article


def _charset(record: Any) -> str | None:
    http = record.http_headers
    content_type = (http.get_header("Content-Type") if http is not None else None) or (
        record.rec_headers.get_header("Content-Type") or ""
    )
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _looks_like_warc(head: bytes) -> bool:
    """Whether the file's first bytes (gzipped or not) open a WARC (or older ARC) record."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    head = head.lstrip(b"\r\n")
    return head.startswith((b"WARC/", b"filedesc://"))


def _describe(exc: Exception, limit: int = 160) -> str:
    """One readable line for ``exc``; warcio quotes the raw bytes it choked on, cut those off."""
    message = re.sub(r",?\s*first line:.*$", "", str(exc), flags=re.S)
    cut = next((i for i, ch in enumerate(message) if not ch.isprintable()), len(message))
    message = message[:cut].rstrip(" :,") or type(exc).__name__
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
