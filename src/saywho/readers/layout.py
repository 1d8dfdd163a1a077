"""Title, date and regions (headline / body / related) from the shape of a news text.

Plain-text exports of news pages keep the page furniture as lines: the
headline, a date line, "Read more [...]" teasers, photo captions. Quotes found
there must not be reported as body quotes, so every non-empty line is labelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from saywho.readers.dates import find_date, parse_date
from saywho.readers.markup import plain_view
from saywho.types import Region, RegionKind

#: How many non-empty lines at the top may hold the title and date.
HEADER_LINES = 10
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
_MAX_CAPTION_CHARS = 500

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_SPACE = " \t\f\v\ufeff\u00a0\u200b"
_ATX = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^[ \t]{0,3}(?:={3,}|-{3,})[ \t]*$")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)

_LEADING_MARKS = re.compile(r"^[\s>*+\-•·–—|]+")
_RELATED = re.compile(
    r"(?:read|see)\s+(?:more|also)\b|also\s+(?:read|see)\b"
    r"|related(?:\s+(?:stories|story|articles?|coverage|content|links?|reading|news))?\s*:"
    r"|related\s+(?:stories|articles|coverage|content|links|reading)\b"
    r"|more\s+on\s+(?:this|the)\s+(?:story|topic)\b|recommended\s*:",
    re.I,
)
_LINKISH = re.compile(
    r"!?\[[^\[\]\n]*\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)"
    r"|<(?:https?://|www\.)[^<>\s]+>|(?:https?://|www\.)\S+",
    re.I,
)
_LINK_LEFTOVER = re.compile(r"[\s*_\-+•·|,;:>()\[\]]")
_CAPTION_START = re.compile(
    r"(?:photo(?:graph)?s?|image|picture|pictured|caption|illustration|file\s+photo)\s*(?::|by\b)"
    r"|\(\s*(?:photo|image|picture|file\s+photo)\b",
    re.I,
)
_AGENCY = (
    r"(?:reuters|afp|ap|getty\s+images|epa(?:-efe)?|efe|sputnik|tass|ria\s+novosti|xinhua"
    r"|shutterstock|pa(?:\s+(?:wire|images))?|bloomberg|alamy|anadolu(?:\s+agency)?|pool)"
)
_CAPTION_END = re.compile(
    rf"/\s*{_AGENCY}(?:\s*/\s*{_AGENCY})*\s*\)?\.?$"  # ... / Reuters, ... /AFP/Getty Images
    r"|\(\s*(?:[A-Z]{2,}\s+)?(?:photo|image|picture)s?\b[^()]*\)\.?$"  # (AP Photo/Evan Vucci)
    r"|\b(?:REUTERS|AFP|AP|EPA|EPA-EFE)/\s?[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*\.?$"  # REUTERS/Omar Sanadiki
    r"|\bphotograph:\s*[^.]*$"  # Photograph: Maxim Shemetov/Reuters
    r"|©\s*[^.]{1,80}$",  # © Maxim Shemetov / Reuters
    re.I,
)
_BYLINE = re.compile(r"(?:by|written\s+by|posted\s+by|words\s+by)\s+\S", re.I)
_BREADCRUMB = re.compile(r"\s[|>»/]\s.*\s[|>»/]\s")
_SENTENCE_END = re.compile(r"[.,;][\"'”’)\]]*$")


@dataclass
class Layout:
    """What the reader learns from the text's shape."""

    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    regions: list[Region] = field(default_factory=list)


@dataclass
class _Line:
    start: int  # trimmed: first non-space character
    end: int  # trimmed: after the last non-space character
    raw: str  # text[start:end]
    plain: str  # the same stretch of plain_view(text), whitespace collapsed
    number: int  # index among all lines, blank ones included


def analyse(text: str, fmt: str = "txt") -> Layout:
    """Title, date, url/outlet (Markdown front matter) and labelled regions of ``text``."""
    layout = Layout()
    body_from = 0
    front = _FRONT_MATTER.match(text) if fmt == "md" else None
    if front:
        meta = {k.lower(): v.strip("\"'") for k, v in _FRONT_KEY.findall(front.group(1))}
        layout.title = meta.get("title") or None
        layout.date = _first_date(meta, ("date", "published", "pubdate", "published_at"))
        layout.url = meta.get("url") or meta.get("link") or meta.get("canonical_url") or None
        layout.outlet = meta.get("outlet") or meta.get("publisher") or meta.get("source") or None
        body_from = front.end()
        # Metadata, not article text: kept out of the body so no quote is found there.
        layout.regions.append(Region("related", 0, _rstrip_end(text, front.end())))

    lines = _lines(text, plain_view(text), body_from)
    header = _header(lines)
    title_line = _title_line(header, lines)
    if title_line is not None and layout.title is None:
        layout.title = title_line.plain
    if layout.date is None:
        layout.date = _date(header, lines)
    layout.regions.extend(_regions(lines, title_line))
    return layout


def _rstrip_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in "\r\n" + _SPACE:
        end -= 1
    return end


def _first_date(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in meta and (iso := parse_date(meta[key])):
            return iso
    return None


def _lines(text: str, view: str, offset: int) -> list[_Line]:
    """Non-empty lines from ``offset`` on, trimmed, with their plain-view text."""
    out: list[_Line] = []
    pos = offset
    breaks = [*(m.start() for m in _LINE_BREAK.finditer(text, offset)), len(text)]
    for number, end in enumerate(breaks):
        s, e = pos, end
        while s < e and text[s] in _SPACE:
            s += 1
        while e > s and text[e - 1] in _SPACE:
            e -= 1
        if s < e:
            out.append(_Line(s, e, text[s:e], " ".join(view[s:e].split()), number))
        if end < len(text):
            pos = end + (2 if text.startswith("\r\n", end) else 1)
    return out


def _is_prose(line: _Line) -> bool:
    """A paragraph of running text: where the page header certainly ends."""
    words = len(line.plain.split())
    return len(line.plain) > _MAX_TITLE_CHARS or (words > 12 and bool(_SENTENCE_END.search(line.plain)))


def _header(lines: list[_Line]) -> list[_Line]:
    """The lines above the first paragraph of running text (at most HEADER_LINES)."""
    header: list[_Line] = []
    for line in lines[:HEADER_LINES]:
        if _is_prose(line):
            break
        header.append(line)
    return header


def _is_date_line(line: _Line) -> bool:
    found = find_date(line.plain)
    if found is None:
        return False
    rest = line.plain[: found[1]] + line.plain[found[2] :]
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3


def _is_related(line: _Line) -> bool:
    plain = _LEADING_MARKS.sub("", line.plain)
    if _RELATED.match(plain) or _CAPTION_START.match(plain):
        return True
    if len(plain) <= _MAX_CAPTION_CHARS and _CAPTION_END.search(plain):
        return True
    rest, links = _LINKISH.subn("", line.raw)
    return links > 0 and not _LINK_LEFTOVER.sub("", rest)


def _headline_like(line: _Line) -> bool:
    plain = line.plain
    return (
        0 < len(plain) <= _MAX_TITLE_CHARS
        and len(plain.split()) <= _MAX_TITLE_WORDS
        and any(ch.isalpha() for ch in plain)
        and not _SENTENCE_END.search(plain)
        and not _is_date_line(line)
        and not _is_related(line)
        and not _BYLINE.match(plain)
        and not _BREADCRUMB.search(plain)
    )


def _title_line(header: list[_Line], lines: list[_Line]) -> _Line | None:
    """A Markdown heading in the header, else its first headline-like line."""
    for i, line in enumerate(header):
        if _ATX.match(line.raw) and line.plain:
            return line
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            nxt is not None
            and nxt.number == line.number + 1
            and _SETEXT_UNDERLINE.match(nxt.raw)
            and _headline_like(line)
        ):
            return line
    found = next((line for line in header if _headline_like(line)), None)
    return found or _first_line_title(lines)


def _first_line_title(lines: list[_Line]) -> _Line | None:
    """A first line standing alone above the text, even if it ends with a period.

    Many news exports put the headline as a one-line paragraph with a full stop
    ("Clinton Says Russians Hacked DNC." then a blank line).
    """
    if len(lines) < 2:
        return None
    first, nxt = lines[0], lines[1]
    words = first.plain.split()
    return (
        first
        if nxt.number > first.number + 1
        and 0 < len(words) <= _MAX_TITLE_WORDS
        and not first.plain.rstrip("\"'”’)").endswith((",", ";", ":"))
        and not _is_date_line(first)
        and not _is_related(first)
        and not _BYLINE.match(first.plain)
        else None
    )


def _date(header: list[_Line], lines: list[_Line]) -> str | None:
    """A date in the header lines, else in a dateline opening the first paragraph."""
    for line in header:
        if (found := find_date(line.plain)) is not None:
            return found[0]
    rest = lines[len(header) : len(header) + 1]
    if rest and (found := find_date(rest[0].plain[:160])) is not None:
        return found[0]
    return None


def _regions(lines: list[_Line], title_line: _Line | None) -> list[Region]:
    """One region per line; adjacent body lines of a paragraph merge into one."""
    regions: list[Region] = []
    previous: _Line | None = None
    for line in lines:
        kind: RegionKind
        if line is title_line:
            kind = "headline"
        elif _SETEXT_UNDERLINE.match(line.raw) and previous is title_line:
            previous = line
            continue  # the title's underline: no words, no region
        elif _is_related(line):
            kind = "related"
        else:
            kind = "body"
        if (
            kind == "body"
            and regions
            and regions[-1].kind == "body"
            and previous is not None
            and previous.number + 1 == line.number
        ):
            regions[-1].end = line.end
        else:
            regions.append(Region(kind, line.start, line.end))
        previous = line
    return regions
