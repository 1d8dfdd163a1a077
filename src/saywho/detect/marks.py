"""Pairing quotation marks in raw text.

Works on characters, not tokens, so every mark style pairs the same way and
offsets stay exact. Handles straight, curly, single and guillemet marks, Markdown
emphasis inside or around them, and the news convention of a quote that runs over
several paragraphs: each continued paragraph opens with a mark, only the last one
closes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from ..text import QUOTE_MARKS

# opening mark -> marks that may close it (all of them are in QUOTE_MARKS)
DOUBLE = {"“": '”“"', "„": "“”", "«": "»", "‹": "›", '"': '"”', "”": "”"}
SINGLE = {"‘": "’'", "'": "'’", "‚": "‘’"}
EMPHASIS = "*_"
OPEN_BEFORE = set(" \t\n([{—–-/*_:;,") | {""}
PARAGRAPH = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Quotation:
    """A quoted passage: inner ``pieces`` (marks and emphasis excluded), one per paragraph."""

    pieces: tuple[tuple[int, int], ...]
    marks: tuple[tuple[int, int], ...]  # outer extent of each piece, marks included

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    @property
    def outer_start(self) -> int:
        return self.marks[0][0]

    @property
    def outer_end(self) -> int:
        return self.marks[-1][1]


def _prev(text: str, i: int, skip: str = "") -> str:
    """The character before ``i``, looking past up to two characters in ``skip``."""
    j = i - 1
    while j >= 0 and i - j <= 2 and text[j] in skip:
        j -= 1
    return text[j] if j >= 0 else ""


def _next(text: str, i: int, skip: str = "") -> str:
    j = i + 1
    while j < len(text) and j - i <= 2 and text[j] in skip:
        j += 1
    return text[j] if j < len(text) else ""


# emphasis markers next to a mark, or the blanks left where a Markdown view removed them
PADDING = EMPHASIS + " "


def _can_open(text: str, i: int) -> bool:
    c, before = text[i], _prev(text, i)
    after = _next(text, i, PADDING if c in "“„«‹‘‚" else EMPHASIS)
    if after in ("", " ", "\n", "\t"):
        return False
    if c in "“„«‹‘‚":
        return True
    if c == "'":
        return before in OPEN_BEFORE and (after.isalnum() or after in EMPHASIS)
    return before in OPEN_BEFORE or before in QUOTE_MARKS  # straight " or a ” used as opener


def _can_close(text: str, i: int, single: bool) -> bool:
    before, after = _prev(text, i, EMPHASIS if single else PADDING), _next(text, i)
    if before in ("", " ", "\n", "\t"):
        return False
    if single:
        # an apostrophe inside a word (it's, Russia's) or a plural possessive before a noun
        if after.isalpha():
            return False
        if before == "s" and after == " " and text[i + 2 : i + 3].islower():
            return False
    return True


TRAILING = EMPHASIS + ",;:."


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace and emphasis inside the marks, and the comma or period before the close."""
    while start < end and (text[start].isspace() or text[start] in EMPHASIS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRAILING):
        end -= 1
    return start, end


def _paragraph_end(text: str, i: int) -> int:
    m = PARAGRAPH.search(text, i)
    return m.start() if m else len(text)


def _continuation(text: str, para_end: int, opener: str) -> int | None:
    """Offset of the opening mark that continues a quote in the next paragraph, if any."""
    m = PARAGRAPH.match(text, para_end)
    if not m:
        return None
    j = m.end()
    while j < len(text) and (text[j].isspace() or text[j] in EMPHASIS):
        j += 1
    if j < len(text) and text[j] in (opener, "“", '"', "«") and _can_open(text, j):
        return j
    return None


TWO_APOSTROPHES = "''"  # the doubled-apostrophe quote of some wire and archive text: ''Wow,'' she said


def _two_apostrophe_quote(text: str, i: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]] | None:
    """A quotation opened by '' at ``i`` and closed by the next '' (continued paragraphs included)."""
    pieces: list[tuple[int, int]] = []
    marks: list[tuple[int, int]] = []
    start = i
    while True:
        if _prev(text, start) not in OPEN_BEFORE or not _next(text, start + 1, EMPHASIS).isalnum():
            return None
        para_end = _paragraph_end(text, start + 2)
        close = text.find(TWO_APOSTROPHES, start + 2, para_end)
        while close != -1 and text[close - 1].isspace():
            close = text.find(TWO_APOSTROPHES, close + 2, para_end)
        if close != -1:
            pieces.append(_trim(text, start + 2, close))
            marks.append((start, close + 2))
            return pieces, marks
        m = PARAGRAPH.match(text, para_end)
        if not m or not text.startswith(TWO_APOSTROPHES, m.end()):
            return None
        pieces.append(_trim(text, start + 2, para_end))
        marks.append((start, para_end))
        start = m.end()


def find_quotations(text: str) -> list[Quotation]:
    """All top-level quotations in ``text``, in order; marks nested inside a quote are left to it."""
    out: list[Quotation] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith(TWO_APOSTROPHES, i):
            two = _two_apostrophe_quote(text, i)
            if two is not None:
                out.append(Quotation(tuple(two[0]), tuple(two[1])))
                i = two[1][-1][1]
                continue
            i += 2
            continue
        table = DOUBLE if c in DOUBLE else SINGLE if c in SINGLE else None
        if table is None or (c in "”" and _prev(text, i) not in OPEN_BEFORE) or not _can_open(text, i):
            i += 1
            continue
        found = _close(text, i, table is SINGLE)
        if found is None:
            i += 1
            continue
        pieces, marks = found
        out.append(Quotation(tuple(pieces), tuple(marks)))
        i = marks[-1][1]
    return out


def _close(text: str, open_at: int, single: bool) -> tuple[list[tuple[int, int]], list[tuple[int, int]]] | None:
    """Find the closing mark for the quote opened at ``open_at``, across continued paragraphs."""
    opener = text[open_at]
    closers = (SINGLE if single else DOUBLE)[opener]
    pieces: list[tuple[int, int]] = []
    marks: list[tuple[int, int]] = []
    start = open_at
    while True:
        para_end = _paragraph_end(text, start + 1)
        j = start + 1
        while j < para_end:
            if text[j] in closers and _can_close(text, j, single):
                s, e = _trim(text, start + 1, j)
                if e > s:
                    pieces.append((s, e))
                    marks.append((start, j + 1))
                return (pieces, marks) if pieces else None
            j += 1
        if single:
            return None
        nxt = _continuation(text, para_end, opener)
        if nxt is None:
            return None
        s, e = _trim(text, start + 1, para_end)
        if e > s:
            pieces.append((s, e))
            marks.append((start, para_end))
        start = nxt


class QuotationIndex:
    """Quotations in text order with range look-ups, so long articles stay linear-time."""

    def __init__(self, quotations: list[Quotation]) -> None:
        self.items = quotations
        self.starts = [q.outer_start for q in quotations]
        self.ends = [q.outer_end for q in quotations]

    def overlapping(self, start: int, end: int) -> Iterator[int]:
        """Indices of quotations whose marks overlap [start, end)."""
        i = bisect_right(self.ends, start)
        while i < len(self.items) and self.starts[i] < end:
            yield i
            i += 1

    def inside(self, pos: int) -> bool:
        """Whether ``pos`` lies strictly inside a quotation's marks."""
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.starts[i] < pos < self.ends[i]

    def first_from(self, pos: int) -> int:
        """Index of the first quotation opening at or after ``pos``."""
        return bisect_left(self.starts, pos)
