"""Direct quotes: a quotation linked to the cue next to it ("…," he said / She said: "…").

A quotation with no cue near it is not an attribution by itself: that is how
scare quotes (so-called “moderate”) and quoted titles (a “Plan B”) are kept out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ..text import doc_text
from . import lexicon
from .candidate import Candidate
from .frames import is_cue_verb, speaker, token_range
from .marks import Quotation, QuotationIndex

WORD = re.compile(r"\w+")
MIN_WORDS = 4  # shorter quotations are fragments, scare quotes or titles unless a clause holds them
AFTER_WINDOW = 8
BEFORE_WINDOW = 12


def words(text: str) -> list[str]:
    return WORD.findall(text)


def looks_like_title(text: str) -> bool:
    """“Plan B”, “The Art of the Deal”: every word capitalised, few words, no sentence inside."""
    ws = words(text)
    small = {"of", "the", "a", "an", "and", "or", "in", "on", "for", "to", "at", "by"}
    return len(ws) <= 6 and all(w[0].isupper() or w.isdigit() or w in small for w in ws)


def _cue_after(doc: Doc, q: Quotation) -> Token | None:
    """ "…," he said / "…," said Lavrov / "…" the official added: a speech verb just after the close."""
    close = doc.char_span(q.outer_end - 1, q.outer_end, alignment_mode="expand")
    if close is None:
        return None
    end = close[0].sent.end
    if end == close[-1].i + 1 < len(doc) and doc_text(doc)[q.end - 1 : q.end] in ("?", "!"):
        end = doc[end].sent.end  # '“… ?” Clinton said.': the parser ends the sentence at the mark
    for tok in doc[close[-1].i + 1 : min(end, close[-1].i + 1 + AFTER_WINDOW)]:
        if tok.text in '“"«' or tok.text == "." or "\n" in tok.text:
            return None
        if is_cue_verb(tok):
            return tok
    return None


#: '“…” ― Sonya Herridge' / '"…"\n\n- Hillary Clinton.': a quote signed with a dash and a name on its own
SIGNATURE = re.compile(
    r"[ \t\u00a0]*(?:\n[ \t\u00a0]*){0,2}([―—–-])[ \t\u00a0]*([A-Z][^\n“”\"]{0,80}?)[.,]?[ \t\u00a0]*(?=\n|$)"
)
SIGNATURE_WORDS = 8  # 'Michelle Marks, Philadelphia' / 'President Obama, tweeting after the speech'
NAME_WORDS = 4  # the name itself, before any comma
SIGNED_MIN_WORDS = 3  # '“Too much hate.” ― Pamela Padilla': a signature makes a short quote a quote


def _signature(doc: Doc, q: Quotation) -> tuple[tuple[int, int], tuple[int, int], int] | None:
    """The dash, the name and its head token that sign a quotation, when the line ends with them.

    The signature must start with a proper noun and name someone in a few words, so a
    bullet ('- Related: Senate passes bill', '– An immigrant himself –') signs nothing.
    """
    m = SIGNATURE.match(doc_text(doc), q.outer_end)
    if m is None or len(words(m.group(2))) > SIGNATURE_WORDS:
        return None
    start = m.start(2)
    name = m.group(2).split(",")[0]
    span = doc.char_span(start, start + len(name), alignment_mode="expand")
    if span is None or not len(span) or span[0].pos_ != "PROPN" or len(words(name)) > NAME_WORDS:
        return None
    return m.span(1), (start, span.end_char), span.root.i


def _cue_before(doc: Doc, q: Quotation) -> tuple[Token | None, Token | None]:
    """He said: "…" / Trump tweeted, "…" / Lavrov: "…": the cue (or colon) just before the open."""
    opening = doc.char_span(q.outer_start, q.outer_start + 1, alignment_mode="expand")
    if opening is None or opening[0].i == 0:
        return None, None
    first = opening[0]
    sent = doc[first.i - 1].sent
    window = [t for t in doc[max(sent.start, first.i - BEFORE_WINDOW) : first.i] if not t.is_space]
    if not window:
        return None, None
    if window[-1].text in (":", ","):
        for tok in reversed(window):
            if is_cue_verb(tok) and tok.lemma_.lower() in lexicon.SPEECH:
                return tok, None
        if window[-1].text == ":" and len(window) <= 7:
            return None, window[-1]
    return None, None


def quote_frames(doc: Doc, index: QuotationIndex, claimed: set[int]) -> Iterator[Candidate]:
    """Candidates for quotations not already held by a syntactic frame."""
    text = doc_text(doc)
    for k, q in enumerate(index.items):
        if k in claimed:
            continue
        inner = " ".join(text[s:e] for s, e in q.pieces)
        n_words = len(words(inner))
        if n_words < SIGNED_MIN_WORDS or looks_like_title(inner):
            continue
        verb = _cue_after(doc, q)
        colon = None
        if verb is None:
            verb, colon = _cue_before(doc, q)
        if verb is None and colon is None:
            signed = _signature(doc, q)
            if signed is not None:
                claimed.add(k)
                yield _signed(doc, q, *signed)
            continue
        if n_words < MIN_WORDS:
            continue
        pieces = list(q.pieces)
        source: tuple[int, int] | None = None
        if verb is not None:
            cue_tok = verb
            found = speaker(verb, pieces)
            subj, source = found if found else (None, None)
            lemma = verb.lemma_.lower()
        else:
            assert colon is not None
            cue_tok = colon
            before = [t for t in doc[colon.sent.start : colon.i] if not t.is_space]
            subj = next((t for t in before if t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")), None)
            subj = subj if subj is not None else (before[-1] if before else None)
            source = token_range(before) if before else None
            lemma = ":"
        if source is not None and any(s < source[1] and source[0] < e for s, e in pieces):
            source, subj = None, None
        cand = Candidate(
            content=pieces,
            rule="quote",
            cue=[(cue_tok.idx, cue_tok.idx + len(cue_tok.text))],
            cue_lemma=lemma,
            source=source,
            source_head=subj.i if subj is not None else None,
            quoted=list(pieces),
            direct=True,
            score=0.9 if source is not None else 0.7,
        )
        claimed.add(k)
        continue_quote(doc, cand, index, claimed, text)
        yield cand


def _signed(doc: Doc, q: Quotation, dash: tuple[int, int], name: tuple[int, int], head: int) -> Candidate:
    return Candidate(
        content=list(q.pieces),
        rule="quote",
        cue=[dash],
        cue_lemma=doc_text(doc)[dash[0] : dash[1]],
        source=name,
        source_head=head,
        quoted=list(q.pieces),
        direct=True,
        score=0.85,
    )


def own_cue(doc: Doc, q: Quotation) -> Token | None:
    """The speech verb that introduces quotation ``q`` from just after its close or just before
    its open ('"…," he said' / 'He said: "…"'), if any: the quotation is someone's own quote."""
    return _cue_after(doc, q) or _cue_before(doc, q)[0]


def speech_between(doc: Doc, start: int, end: int) -> bool:
    """Whether a verb of saying stands in ``text[start:end]``: what follows is someone's new quote
    ('"…," he said, adding that "…"')."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return span is not None and any(is_cue_verb(t) and t.lemma_.lower() in lexicon.SPEECH for t in span)


def continue_quote(doc: Doc, cand: Candidate, index: QuotationIndex, claimed: set[int], text: str) -> None:
    """Quotations that go on after a direct quote's cue join its content.

    '"…," he said, "…"' (a split quote) and '"…," he said. "…"' (the next sentence,
    in the same paragraph, with no cue of its own): PolNeAR annotates both as one
    attribution with discontinuous content. A verb of saying in between starts another.
    """
    if not cand.direct or not cand.cue or cand.cue[0][0] < cand.end:
        return
    end = cand.cue[-1][1]
    if cand.source is not None and cand.source[0] >= end:
        end = cand.source[1]  # '"…," said Kevin Hecht, a tunneling expert. "…"': go on after the source
    for k in range(index.first_from(end), len(index.items)):
        q = index.items[k]
        if k in claimed:
            continue
        gap = text[end : q.outer_start]
        split = "," in gap and "." not in gap
        next_sentence = gap.count(".") == 1 and gap.rstrip().endswith(".") and "," not in gap
        if "\n" in gap or len(gap) > 60 or not (split or next_sentence) or _cue_after(doc, q) is not None:
            return
        if speech_between(doc, end, q.outer_start):
            return
        cand.content.extend(q.pieces)
        cand.quoted.extend(q.pieces)
        claimed.add(k)
        end = q.outer_end
