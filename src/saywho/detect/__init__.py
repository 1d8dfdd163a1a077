"""Detection: propose attribution candidates from marks, syntax and headline forms, then decide.

``detect(doc, lines)`` is the rule system end to end. Candidates overlap (a
quote found by its marks is often also the clause of a cue verb); ``decide``
fuses them into one attribution per stretch of content, preferring the better
scored, so every token is content of at most one attribution, as in PolNeAR.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .candidate import Candidate
from .frames import according_frames, verb_frames
from .headline import headline_frames
from .marks import Quotation, find_quotations
from .quotes import continue_quote, quote_frames

__all__ = ["Candidate", "Quotation", "detect", "find_quotations"]


def _absorb_quotations(cand: Candidate, quotations: list[Quotation], claimed: set[int]) -> None:
    """Snap a clause to the quotations it touches: inside one → direct; crossing → mixed, widened."""
    s, e = cand.start, cand.end
    for k, q in enumerate(quotations):
        if q.outer_end <= s or q.outer_start >= e:
            continue
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


def _inside_quote(pos: int, quotations: list[Quotation]) -> bool:
    return any(q.outer_start < pos < q.outer_end for q in quotations)


def decide(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best candidate for each stretch of content; drop those nested in a kept one."""
    kept: list[Candidate] = []
    order = sorted(candidates, key=lambda c: (-c.score, -(c.end - c.start)))
    for cand in order:
        size = sum(e - s for s, e in cand.content)
        clash = False
        for other in kept:
            overlap = other.covers(cand.start, cand.end) if len(cand.content) == 1 else sum(
                other.covers(s, e) for s, e in cand.content
            )
            other_size = sum(e - s for s, e in other.content)
            if overlap > 0.5 * min(size, other_size):
                clash = True
                break
            if cand.cue and any(other.covers(s, e) for s, e in cand.cue):
                clash = True
                break
        if not clash:
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def detect(doc: Doc, headlines: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """All attributions in ``doc``; ``headlines`` are character ranges of headline-like lines."""
    text = doc.text
    quotations = find_quotations(text)
    claimed: set[int] = set()
    head_cands = list(headline_frames(text, headlines or []))
    candidates: list[Candidate] = []
    for cand in list(verb_frames(doc)) + list(according_frames(doc)):
        if cand.cue and _inside_quote(cand.cue[0][0], quotations):
            continue  # a cue inside quoted speech belongs to the quoted speaker's words
        _absorb_quotations(cand, quotations, claimed)
        continue_quote(doc, cand, quotations, claimed)
        candidates.append(cand)
    candidates.extend(quote_frames(doc, quotations, claimed))
    lines = headlines or []
    candidates = [c for c in candidates if not any(s <= c.start < e for s, e in lines if _has(head_cands, s, e))]
    return decide(head_cands + candidates)


def _has(cands: list[Candidate], start: int, end: int) -> bool:
    return any(start <= c.start < end for c in cands)
