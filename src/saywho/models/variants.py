"""Variants of a proposed attribution for the model to choose between.

A proposal fixes one reading of an attribution; the annotators often chose
another: a quote goes on for sentences after its cue ('"…," said X, a senator
from Ohio. "…"'). Each continuation is a candidate of its own, described by ``Candidate.variant`` features,
and the decision keeps the best scored reading of each stretch of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc

from ..detect.candidate import Candidate
from ..detect.marks import QuotationIndex
from ..detect.quotes import own_cue, speech_between, words

#: a quote continued further than this after the attribution's last piece is another passage
MAX_GAP = 300
#: how many quotations a continuation may add
MAX_STEPS = 3
_SENTENCE_END = re.compile(r"[.?!]")


def _gap_words(n: int) -> str:
    return "0" if n == 0 else "1-5" if n <= 5 else "6-15" if n <= 15 else "16+"


def gap_kind(gap: str) -> str:
    """How a following quotation is set off from what came before: same sentence, next sentence, paragraph."""
    if "\n" in gap:
        return "para"
    return "sent" if _SENTENCE_END.search(gap) else "split"


def continuations(
    doc: Doc, cand: Candidate, index: QuotationIndex, text: str, cues: dict[int, int | None]
) -> Iterator[Candidate]:
    """``cand`` with the next one, two or three quotations after it joined to its content.

    Only for a quote (direct or mixed content) whose cue stands outside quotation
    marks: a cue inside a quote is the quoted speaker's own word. A quotation in the
    same sentence continues only a quote split by its cue ('"…," he said, "…"');
    one in the same clause as the cue is the cue's own content, found by the
    proposals. A quotation with a speech verb of its own ('"…," the official said')
    is someone's new quote and ends the continuation, as does a verb of saying in
    between ('"…," he said, adding that "…"'). ``cues`` caches the offset of
    each quotation's own cue.
    """
    if not cand.cue or not cand.quoted or index.inside(cand.cue[0][0]):
        return
    end = max(cand.end, cand.cue[-1][1], cand.source[1] if cand.source else 0)
    split_ok = cand.cue[0][0] >= cand.end
    content, quoted = list(cand.content), list(cand.quoted)
    kinds: list[str] = []
    n_words = 0
    first_k = index.first_from(end)
    for k in range(first_k, min(len(index.items), first_k + MAX_STEPS)):
        q = index.items[k]
        gap = text[end : q.outer_start]
        kind = gap_kind(gap)
        if len(gap) > MAX_GAP or gap.count("\n") > 2 or (kind == "split" and not split_ok):
            return
        kinds.append(kind)
        n_words += len(words(gap))
        if k not in cues:
            verb = own_cue(doc, q)
            cues[k] = verb.idx if verb is not None else None
        if (cues[k] is not None and cues[k] != cand.cue[0][0]) or speech_between(doc, end, q.outer_start):
            return
        worst = "para" if "para" in kinds else "sent" if "sent" in kinds else "split"
        first = text[q.start : q.start + 1]
        content = content + list(q.pieces)
        quoted = quoted + list(q.pieces)
        wb = _gap_words(n_words)
        yield replace(
            cand,
            content=content,
            quoted=quoted,
            variant=[
                f"cont={len(kinds)}",
                f"cont_gap={worst}",
                f"cont_gap={worst}|words={wb}",
                f"cont_gap={kinds[0]}|first",
                f"cont_lower={first.islower()}|gap={worst}",
                f"cont_comma={',' in gap}|gap={worst}|words={wb}",
                f"cont_base={cand.kind}|gap={worst}",
                f"cont_rule={cand.rule}|gap={worst}",
            ],
        )
        end = q.outer_end
