"""Headline attributions, which have no verb to parse.

Forms: "CLAIM – Speaker", "Speaker: CLAIM", "CLAIM: Speaker on TOPIC",
"CLAIM, says Speaker" / "CLAIM, Speaker says". Applied to headline lines and to
the link text of related-article lines ("Read more [CLAIM – Lavrov](…)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..text import QUOTE_MARKS
from .candidate import Candidate

LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
PREFIX = re.compile(r"\s*(?:read more|related|see also|watch|video|more)\s*[:\-–—]?\s*", re.I)
DASH = re.compile(r"\s+[–—-]\s+")
SAYS = re.compile(r",\s+(says|said|warns|claims|insists|argues)\s+(.+?)\s*$")
SAYS_BETWEEN = re.compile(r"^(.+?)\s+(Says|Said|Warns|Claims|Insists|Argues|Tells|Admits|Predicts|Vows|Calls)\s+(.+)$")
SAYS_AFTER = re.compile(r",\s+(.+?)\s+(says|said|warns|claims|insists|argues)\s*$")
ON_TOPIC = re.compile(r"^\s*((?:[A-Z][\w’'.-]*\s?){1,4}?)\s+(?:on|about|over)\s")
LEMMAS = {"said": "say", "says": "say", "tells": "tell", "admits": "admit", "vows": "vow"}
NOT_SPEAKERS = frozenset(
    ["breaking", "update", "exclusive", "watch", "video", "photos", "live", "opinion", "analysis", "review", "poll"]
)
SMALL = frozenset(["of", "the", "and", "for", "to", "de", "von", "van", "al", "el", "bin"])


def speaker_like(text: str) -> bool:
    """A short capitalised name or title: "Lavrov", "Kremlin", "UN chief Guterres"."""
    ws = re.findall(r"[\w’'.-]+", text)
    if not 1 <= len(ws) <= 5 or ws[0].lower() in NOT_SPEAKERS:
        return False
    caps = sum(1 for w in ws if w[0].isupper())
    return ws[-1][0].isupper() and caps >= len(ws) - sum(1 for w in ws if w.lower() in SMALL) - 1


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "*_#>"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*_.,:;"):
        end -= 1
    return start, end


def _claim(text: str, s: int, e: int, src: tuple[int, int], cue: tuple[int, int] | None) -> Candidate | None:
    s, e = _strip(text, s, e)
    src = _strip(text, *src)
    if len(re.findall(r"\w+", text[s:e])) < 3 or src[1] <= src[0]:
        return None
    quoted = (
        [(s, e)]
        if any(c in QUOTE_MARKS for c in text[s:e] if c not in "’'") or re.search(r"(^|\s)['‘]", text[s:e])
        else []
    )
    return Candidate(
        content=[(s, e)],
        rule="headline",
        cue=[cue] if cue else None,
        cue_lemma=LEMMAS.get(text[cue[0] : cue[1]].lower(), text[cue[0] : cue[1]].lower().removesuffix("s"))
        if cue
        else "",
        source=src,
        quoted=quoted,
        score=0.7,
    )


def headline_claim(text: str, start: int, end: int) -> Candidate | None:
    """The attribution in the headline-like line ``text[start:end]``, if it has one of the forms."""
    link = LINK.search(text, start, end)
    if link:
        start, end = link.span(1)
    else:
        m = PREFIX.match(text, start, end)
        if m and m.end() > start:
            start = m.end()
    line = text[start:end]
    m = SAYS.search(line)
    if m and speaker_like(m.group(2)):
        return _claim(
            text,
            start,
            start + m.start(),
            (start + m.start(2), start + m.end(2)),
            (start + m.start(1), start + m.end(1)),
        )
    m = SAYS_AFTER.search(line)
    if m and speaker_like(m.group(1)):
        return _claim(
            text,
            start,
            start + m.start(),
            (start + m.start(1), start + m.end(1)),
            (start + m.start(2), start + m.end(2)),
        )
    m = SAYS_BETWEEN.match(line)
    if m and speaker_like(m.group(1)):
        return _claim(text, start + m.start(3), end, (start, start + m.end(1)), (start + m.start(2), start + m.end(2)))
    dashes = list(DASH.finditer(line))
    if dashes:
        d = dashes[-1]
        if speaker_like(line[d.end() :]):
            return _claim(text, start, start + d.start(), (start + d.end(), end), None)
    colon = line.find(": ")
    if colon > 0:
        left, right = line[:colon], line[colon + 2 :]
        topic = ON_TOPIC.match(right)
        if topic and speaker_like(topic.group(1)):
            s = start + colon + 2 + topic.start(1)
            return _claim(text, start, start + colon, (s, s + len(topic.group(1).rstrip())), None)
        if speaker_like(left):
            return _claim(text, start + colon + 2, end, (start, start + colon), None)
    return None


def headline_frames(text: str, lines: list[tuple[int, int]]) -> Iterator[Candidate]:
    for start, end in lines:
        cand = headline_claim(text, start, end)
        if cand is not None:
            yield cand
