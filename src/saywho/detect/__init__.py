"""Detection: propose attribution candidates from marks, syntax and headline forms, then decide.

``detect(doc, lines)`` is the rule system end to end. Candidates overlap (a
quote found by its marks is often also the clause of a cue verb); ``decide``
fuses them into one attribution per stretch of content, preferring the better
scored, so every token is content of at most one attribution, as in PolNeAR.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span

from ..text import doc_text
from .candidate import Candidate
from .frames import according_frames, speaker, verb_frames
from .headline import headline_frames
from .marks import Quotation, QuotationIndex, find_quotations
from .quotes import continue_quote, quote_frames

__all__ = [
    "Candidate",
    "Quotation",
    "absorb_quotations",
    "check_source",
    "decide",
    "detect",
    "find_quotations",
    "propose",
]


def absorb_quotations(cand: Candidate, index: QuotationIndex, claimed: set[int]) -> None:
    """Snap a clause to the quotations it touches: inside one → direct; crossing → mixed, widened."""
    s, e = cand.start, cand.end
    for k in list(index.overlapping(s, e)):
        q = index.items[k]
        if q.outer_start <= s and e <= q.outer_end + 1:
            cand.content = list(q.pieces)
            cand.quoted = list(q.pieces)
            cand.direct = True
            cand.score = max(cand.score, 0.85)
            claimed.add(k)
            return
        s, e = min(s, q.start), max(e, q.end)
        cand.quoted.extend(q.pieces)
        claimed.add(k)
    spans = cand.content
    spans[0] = (s, spans[0][1]) if len(spans) > 1 else (s, e)
    if len(spans) > 1:
        spans[-1] = (spans[-1][0], e)


def check_source(doc: Doc, cand: Candidate, index: QuotationIndex) -> None:
    """A source inside the content or inside a quotation is the parser's mistake: look beside
    the cue of a quote (the speaker of what is said there), else leave the source out."""
    if cand.source is None or not cand.cue:
        return
    s, e = cand.source
    if not (any(a < e and s < b for a, b in cand.content) or index.inside(s)):
        return
    found = None
    if cand.quoted and not index.inside(cand.cue[0][0]):  # a cue in a quote has no speaker beside it
        cue: Span | None
        if cand.cue_head is not None:
            cue = doc[cand.cue_head : cand.cue_head + 1]
        else:
            cue = doc.char_span(cand.cue[0][0], cand.cue[0][1], alignment_mode="expand")
        found = speaker(cue[0], cand.content) if cue is not None and len(cue) else None
    if found is not None and index.inside(found[1][0]):
        found = None
    cand.source, cand.source_head = (found[1], found[0].i) if found else (None, None)


def _overlap(a: Candidate, b: Candidate) -> int:
    return sum(a.covers(s, e) for s, e in b.content)


def decide(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best candidate for each stretch of content; drop those nested in a kept one.

    A candidate clashes with a kept one when more than half of the smaller content
    overlaps, or when its cue lies inside the kept content.
    """
    kept: list[Candidate] = []
    starts: list[int] = []  # kept, sorted by start, for range look-ups
    longest = 0
    for cand in sorted(candidates, key=lambda c: (-c.score, -(c.end - c.start))):
        size = sum(e - s for s, e in cand.content)
        lo = bisect_left(starts, cand.start - longest)
        hi = bisect_right(starts, max(cand.end, cand.cue[-1][1] if cand.cue else 0))
        clash = False
        for other in kept[lo:hi]:
            other_size = sum(e - s for s, e in other.content)
            if _overlap(other, cand) > 0.5 * min(size, other_size) or (
                cand.cue and any(other.covers(s, e) for s, e in cand.cue)
            ):
                clash = True
                break
        if not clash:
            i = bisect_right(starts, cand.start)
            starts.insert(i, cand.start)
            kept.insert(i, cand)
            longest = max(longest, cand.end - cand.start)
    return kept


def propose(doc: Doc, headlines: list[tuple[int, int]] | None = None) -> tuple[list[Candidate], QuotationIndex]:
    """Every rule candidate in ``doc`` before the decision, and the quotation index they used."""
    text = doc_text(doc)
    quotations = find_quotations(text)
    index = QuotationIndex(quotations)
    claimed: set[int] = set()
    head_cands = list(headline_frames(text, headlines or []))
    candidates: list[Candidate] = []
    for cand in list(verb_frames(doc)) + list(according_frames(doc)):
        if cand.cue and index.inside(cand.cue[0][0]):
            continue  # a cue inside quoted speech belongs to the quoted speaker's words
        absorb_quotations(cand, index, claimed)
        continue_quote(doc, cand, index, claimed, text)
        check_source(doc, cand, index)
        candidates.append(cand)
    candidates.extend(quote_frames(doc, index, claimed))
    claimed_lines = [(s, e) for s, e in headlines or [] if any(s <= c.start < e for c in head_cands)]
    candidates = [c for c in candidates if not any(s <= c.start < e for s, e in claimed_lines)]
    return head_cands + candidates, index


def detect(doc: Doc, headlines: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """All attributions in ``doc`` by the rules alone; ``headlines`` are headline-like line ranges."""
    return decide(propose(doc, headlines)[0])
