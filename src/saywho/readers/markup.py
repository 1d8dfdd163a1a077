"""A parser-friendly view of Markdown-ish text that keeps every offset.

News ``.txt`` files often carry Markdown (``[said](#)``, ``*"..."*``). An NLP
parser trips over that syntax, but quote offsets must index the original text,
so markup is blanked to spaces instead of removed: the view has exactly the
same length and every word sits where it sits in the original.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

# A link destination: ``(url)`` or ``(url "title")``; one level of nested
# parentheses is allowed for Wikipedia-style URLs.
_DEST = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]" + _DEST)
_LINK = re.compile(r"(?<![\\!])\[([^\[\]\n]+)\]" + _DEST)
_REF_LINK = re.compile(r"(?<![\\!])\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")
_AUTOLINK = re.compile(r"<(?:(?:https?|ftp)://|mailto:|www\.)[^<>\s]+>", re.I)
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?=[ \t]|\r?$)", re.M)
_HEADING_CLOSE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t][^\r\n]*?[ \t](#+)[ \t]*\r?$", re.M)
# Text in which ``*`` and ``_`` are never emphasis markers.
_PROTECTED = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+|`[^`\n]+`", re.I)
_DELIMS = re.compile(r"(?<!\\)(\*+|_+)")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def plain_view(text: str) -> str:
    """``text`` with Markdown syntax replaced by spaces; same length, same offsets.

    Blanked: link and image syntax (the link text and image alt stay), ``<url>``
    autolinks, ATX heading markers, and ``*``/``_`` emphasis markers that pair up
    the way Markdown pairs them. Anything else (``5 * 3``, ``snake_case``, a
    lone ``*``) is left alone, so plain text comes back unchanged.
    """
    buf = list(text)
    _blank_links(text, buf)
    for m in _AUTOLINK.finditer(text):
        _blank(buf, m.start(), m.end())
    for m in _HEADING.finditer(text):
        _blank(buf, m.start(1), m.end(1))
    for m in _HEADING_CLOSE.finditer(text):
        _blank(buf, m.start(1), m.end(1))
    _blank_emphasis(text, buf)
    return "".join(buf)


def _blank(buf: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if buf[i] not in "\r\n":
            buf[i] = " "


def _blank_links(text: str, buf: list[str]) -> None:
    """Blank ``![``, ``[`` and ``](url)``; images first so ``[![alt](img)](url)`` works."""
    for m in _IMAGE.finditer(text):
        _blank(buf, m.start(), m.start(1))
        _blank(buf, m.end(1), m.end())
    view = "".join(buf)
    for pattern in (_LINK, _REF_LINK):
        for m in pattern.finditer(view):
            _blank(buf, m.start(), m.start(1))
            _blank(buf, m.end(1), m.end())
        view = "".join(buf)


@dataclass
class _Opener:
    """An unmatched ``*``/``_`` run; ``end`` moves left as its markers are used."""

    char: str
    start: int
    end: int
    para: int


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _blank_emphasis(text: str, buf: list[str]) -> None:
    """Pair ``*``/``_`` runs CommonMark-style (flanking rules) and blank the pairs.

    Stricter than CommonMark on purpose: a marker never opens right after a
    letter or digit, nor closes right before one, so ``a*b*c`` and
    ``snake_case_name`` keep their characters.
    """
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    starts = [s for s, _ in protected]
    breaks = [m.start() for m in _BLANK_LINE.finditer(text)]
    stack: list[_Opener] = []
    # How many openers of each char are on the stack: a closer with none to
    # match skips the scan, so ``_a _a … a* a*`` stays linear (it was quadratic).
    open_count = {"*": 0, "_": 0}
    n = len(text)
    for m in _DELIMS.finditer(text):
        start, end = m.span()
        if buf[start] != text[start]:
            continue  # inside link syntax that is already blanked
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and protected[k][0] <= start < protected[k][1]:
            continue
        para = bisect.bisect_right(breaks, start)
        if stack and stack[-1].para != para:
            stack.clear()
            open_count = {"*": 0, "_": 0}
        ch = text[start]
        prev = text[start - 1] if start > 0 else "\n"
        nxt = text[end] if end < n else "\n"
        left = not _is_space(nxt) and (not _is_punct(nxt) or _is_space(prev) or _is_punct(prev))
        right = not _is_space(prev) and (not _is_punct(prev) or _is_space(nxt) or _is_punct(nxt))
        can_open = left and not prev.isalnum()
        can_close = right and not nxt.isalnum()
        if can_close:
            while start < end and open_count[ch]:
                # the scan passes only openers of the other char, which are then
                # dropped, so its cost is paid for by their pushes
                idx = next(i for i in range(len(stack) - 1, -1, -1) if stack[i].char == ch)
                opener = stack[idx]
                used = min(opener.end - opener.start, end - start)
                _blank(buf, opener.end - used, opener.end)
                _blank(buf, start, start + used)
                opener.end -= used
                start += used
                for dropped in stack[idx + 1 :]:  # runs between the pair stay literal
                    open_count[dropped.char] -= 1
                del stack[idx + 1 :]
                if opener.end == opener.start:
                    stack.pop()
                    open_count[ch] -= 1
        if can_open and start < end:
            stack.append(_Opener(ch, start, end, para))
            open_count[ch] += 1
