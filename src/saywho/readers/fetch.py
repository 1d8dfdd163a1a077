"""Web pages by URL: ``saywho extract https://…`` and ``--urls FILE``, standard library only.

A fetch has a timeout per attempt, a size limit (the article limit, checked
while reading, not after), a few retries with backoff for errors that may pass
(timeouts, refused connections, HTTP 429 and 5xx) and a user agent that names
saywho. Only ``http`` and ``https`` are fetched; a failure is one InputError
naming the URL, never a crash.
"""

from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from saywho.errors import InputError
from saywho.readers.decode import MAX_BYTES, too_large_reason
from saywho.types import Article

__all__ = ["SETTINGS", "FetchSettings", "fetch", "is_url", "read_url_list"]

_URL = re.compile(r"(?i)https?://\S+")
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass
class FetchSettings:
    """How pages are fetched (tests shorten the waits)."""

    timeout: float = 30.0  # seconds per attempt (connect and each read)
    retries: int = 2  # further attempts after the first, for errors that may pass
    backoff: float = 1.0  # seconds before retry n: backoff * n
    max_bytes: int = MAX_BYTES
    user_agent: str = "saywho/0.1 (who-said-what quote extractor; +https://pypi.org/project/saywho/)"


#: The settings :func:`fetch` uses by default.
SETTINGS = FetchSettings()


def is_url(item: str) -> bool:
    """Whether an input names a web page rather than a file."""
    return _URL.fullmatch(item.strip()) is not None


def read_url_list(path: str | Path) -> list[str]:
    """The URLs in a file, one a line (blank lines and ``#`` comments skipped); InputError if unreadable."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as a list of URLs ({exc})") from None
    urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    bad = next((u for u in urls if not is_url(u)), None)
    if bad is not None:
        raise InputError(str(path), f"has a line that is not an http(s) URL: {bad[:100]!r}")
    return urls


def _id(url: str) -> str:
    """A readable id from the URL: its last path segment without suffix, or its host."""
    parts = urlsplit(url)
    segment = next((s for s in reversed(parts.path.split("/")) if s), "")
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", segment)
    return re.sub(r"[^\w.-]+", "-", stem or parts.hostname or "page").strip("-") or "page"


def fetch(url: str, settings: FetchSettings | None = None) -> Iterator[Article | InputError]:
    """The article at ``url`` (a web page, or plain text), or one InputError naming it."""
    from saywho.readers import read_bytes
    from saywho.readers.html import HTML_SUFFIXES, read_html

    s = settings or SETTINGS
    try:
        data, content_type, final = _download(url, s)
        article_id = _id(final)
        if "html" in content_type or (not content_type and final.lower().endswith(HTML_SUFFIXES)):
            article = read_html(data, id=article_id, url=final, source=url)
        elif content_type.startswith("text/") or not content_type:
            article = read_bytes(data, id=article_id, source=url)
            article.url = article.url or final
        else:
            raise InputError(url, f"is not a web page or text (Content-Type {content_type})")
        yield article
    except InputError as exc:
        yield exc if exc.source == url else InputError(url, exc.reason)


def _download(url: str, s: FetchSettings) -> tuple[bytes, str, str]:
    """Body, content type and final URL (after redirects), retrying what may pass."""
    request = urllib.request.Request(
        url, headers={"User-Agent": s.user_agent, "Accept": "text/html, text/plain;q=0.9, */*;q=0.1"}
    )
    attempt = 0
    while True:
        try:
            with urllib.request.urlopen(request, timeout=s.timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > s.max_bytes:
                    raise InputError(url, too_large_reason(int(length)))
                data = response.read(s.max_bytes + 1)
                if len(data) > s.max_bytes:
                    raise InputError(url, too_large_reason(len(data)) + " (stopped reading)")
                content_type = (
                    (response.headers.get_content_type() or "").lower() if response.headers.get("Content-Type") else ""
                )
                return data, content_type, response.geturl()
        except urllib.error.HTTPError as exc:
            reason = f"could not be fetched (HTTP {exc.code} {exc.reason})"
            if exc.code not in _RETRY_STATUS or attempt >= s.retries:
                raise InputError(url, reason + _tries(attempt)) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            cause = getattr(exc, "reason", exc)
            reason = (
                f"could not be fetched ({'timed out' if isinstance(cause, (socket.timeout, TimeoutError)) else cause})"
            )
            if attempt >= s.retries:
                raise InputError(url, reason + _tries(attempt)) from None
        except ValueError as exc:  # a malformed URL
            raise InputError(url, f"is not a valid URL ({exc})") from None
        attempt += 1
        time.sleep(s.backoff * attempt)


def _tries(attempt: int) -> str:
    return f" after {attempt + 1} attempts" if attempt else ""
