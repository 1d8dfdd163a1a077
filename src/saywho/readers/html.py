"""Web pages: the article text of an HTML page (boilerplate dropped) and its metadata.

The main text is extracted with trafilatura (navigation, footers, "related"
lists and comments dropped) and becomes ``Article.text``; every offset saywho
reports indexes into that extracted text, not into the HTML. Paragraphs are
separated by a blank line, as in the plain-text exports the rest of saywho
reads, so paragraph logic (quotes continued across paragraphs) works alike.

Title, date, URL and outlet come from the page's metadata (``<title>``,
OpenGraph, JSON-LD, ``<link rel=canonical>``…) when present. Nothing is ever
fetched: trafilatura is only given the markup.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from saywho.errors import InputError
from saywho.readers.dates import parse_date
from saywho.readers.decode import MAX_BYTES, decode_bytes, too_large_reason
from saywho.readers.layout import analyse
from saywho.text import meta_text
from saywho.types import Article, Region

__all__ = ["HTML_SUFFIXES", "NO_TEXT_REASON", "decode_html", "looks_like_html", "read_html"]

#: Suffixes of files read as web pages.
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")

NO_TEXT_REASON = "no article text found in the HTML (is it a page of links or a script?)"

# trafilatura's block elements whose children are themselves blocks (a
# blockquote of several paragraphs): each child becomes its own paragraph.
_CONTAINERS = {"quote", "div", "section", "article", "body"}
_BLOCKS = {"p", "head", "quote", "list", "table", "code", "div", "section", "article"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
# a sentence: what a list of links or headlines has not
_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*$")
_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")
# what browsers really use for pages labelled Latin-1
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}


def looks_like_html(text: str) -> bool:
    """True when ``text`` opens like an HTML document (doctype, <html>, <head> or <body>)."""
    return bool(_HTML_START.match(text[:2000]))


def decode_html(data: bytes, source: str, charset: str | None = None) -> str:
    """Decode an HTML page: UTF-8 if valid, else the declared charset, else a detected one.

    ``charset`` is the one an HTTP header declared; a ``<meta charset>`` in the
    page is used when there is none. Empty and binary data raise InputError.
    """
    if len(data) > MAX_BYTES:
        raise InputError(source, too_large_reason(len(data)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None:
        declared = charset
        if not declared and (m := _META_CHARSET.search(data[:4096])):
            declared = m.group(1).decode("ascii", "replace")
        if declared:
            codec = _CHARSET_ALIASES.get(declared.strip().lower(), declared.strip())
            try:
                text = data.decode(codec)
            except (LookupError, UnicodeDecodeError):
                text = None
    if text is None or "\x00" in text:
        return decode_bytes(data, source)  # detection, empty and binary checks
    if not text.strip():
        raise InputError(source, "is empty")
    return text


def read_html(
    html: str | bytes,
    id: str,
    url: str | None = None,
    source: str | None = None,
) -> Article:
    """An Article whose text is the main text of the page ``html``.

    ``url`` is where the page came from (used when the page names no canonical
    URL of its own, and for the outlet when it names no site). Errors name
    ``source`` (default: ``id``). Raises InputError when the input is empty,
    binary, or has no article text.
    """
    source = source or id
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html), source)
    if not html.strip():
        raise InputError(source, "is empty")
    if len(html) > MAX_BYTES // 4 and len(html.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(source, too_large_reason(len(html.encode("utf-8", "surrogatepass"))))
    if not looks_like_html(html):
        # trafilatura rejects a bare fragment ("<p>…</p>") as not-quite-HTML
        html = f"<html><body>{html}</body></html>"

    document = _extract(html, url, source)
    blocks = _blocks(document.body) if document is not None and document.body is not None else []
    if not blocks or not any(_is_prose(line) for _, block in blocks for line in block.split("\n")):
        raise InputError(source, NO_TEXT_REASON)

    text, spans = _join(blocks)
    layout = analyse(text, "txt")
    meta_title = meta_text(document.title)
    regions = _fix_headline(layout.regions, spans, blocks, meta_title)
    layout_title = next((text[r.start : r.end] for r in regions if r.kind == "headline"), None)

    page_url = meta_text(document.url) or url
    outlet = meta_text(document.sitename) or _domain(page_url or url)
    date = parse_date(document.date) if document.date else None
    return Article(
        id=id,
        text=text,
        title=meta_title or layout_title,
        date=date or layout.date,
        outlet=outlet,
        url=page_url,
        regions=regions,
    )


def _extract(html: str, url: str | None, source: str) -> Any:
    import trafilatura  # imported here: it is slow to import and only HTML needs it
    from trafilatura.settings import set_date_params

    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            # markup only (meta tags, <time>, JSON-LD, the URL): the extensive search
            # guesses from any date-like string, e.g. "© 2023" in the footer → 2023-01-01
            date_extraction_params=set_date_params(extensive=False),
        )
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001  (malformed markup must not crash a batch)
        raise InputError(source, f"could not parse the HTML ({type(exc).__name__}: {exc})") from None


def _blocks(body: Any) -> list[tuple[str, str]]:
    """``(tag, text)`` for each paragraph-like block of trafilatura's body tree, in order.

    Headings are tagged ``head:h1``, ``head:h2``… (trafilatura keeps the level as ``rend``).
    """
    from trafilatura.xml import xmltotxt

    out: list[tuple[str, str]] = []

    def add(tag: str, text: str | None) -> None:
        if text:
            text = _normalise(text)
            if text:
                out.append((tag, text))

    def walk(element: Any) -> None:
        children = [c for c in element if isinstance(c.tag, str)]
        splittable = (
            element.tag in _CONTAINERS
            and children
            and not (element.text or "").strip()
            and all(c.tag in _BLOCKS and not (c.tail or "").strip() for c in children)
        )
        if splittable:
            for child in children:
                walk(child)
        else:
            tag = f"head:{element.get('rend') or ''}" if element.tag == "head" else element.tag
            tail, element.tail = element.tail, None  # xmltotxt would add it; it is a block of its own
            try:
                add(tag, xmltotxt(element, False))
            finally:
                element.tail = tail

    if (body.text or "").strip():
        add("p", body.text)
    for child in body:
        if isinstance(child.tag, str):
            walk(child)
            if (child.tail or "").strip():
                add("p", child.tail)
    return out


def _is_prose(line: str) -> bool:
    """A line of running text: a sentence of at least four words, or a long line."""
    words = len(line.split())
    return words >= 30 or (words >= 4 and bool(_SENTENCE.search(line.rstrip())))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_RUN.sub("\n\n", text).strip()


def _join(blocks: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The article text (blocks separated by blank lines) and each block's offsets."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for _, block in blocks:
        spans.append((pos, pos + len(block)))
        parts.append(block)
        pos += len(block) + 2
    return "\n\n".join(parts) + "\n", spans


def _fix_headline(
    regions: list[Region],
    spans: list[tuple[int, int]],
    blocks: list[tuple[str, str]],
    title: str | None,
) -> list[Region]:
    """Label the page's headline, and nothing else, ``headline``.

    The text layout analysis would take a short lead paragraph standing alone
    for a headline; here the page says what the headline is: the first block
    when it is an ``<h1>``, when its text is the page title, or when it is a
    heading of a page without a title. Other lines keep the layout's labels,
    except that none of them is a headline.
    """
    first_tag, first_text = blocks[0] if blocks else ("", "")
    first_is_headline = (
        first_tag == "head:h1"
        or (first_tag.startswith("head") and title is None)
        or (title is not None and _same(first_text, title))
    )
    fixed: list[Region] = []
    for region in regions:
        kind = region.kind
        in_first = first_is_headline and spans[0][0] <= region.start < spans[0][1]
        if in_first and kind != "related":
            kind = "headline"
        elif kind == "headline":
            kind = "body"  # a short lead paragraph or a sub-heading inside the article
        fixed.append(Region(kind, region.start, region.end))
    return fixed


def _same(line: str, title: str) -> bool:
    """``line`` is the title, or the title is it plus the site name ("Title | Site")."""

    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    a, b = norm(line), norm(title)
    return bool(a) and (a == b or (len(a.split()) >= 3 and (b.startswith(a) or a.startswith(b))))


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host
