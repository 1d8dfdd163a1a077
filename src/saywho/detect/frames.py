"""Syntactic frames: a cue verb, its subject (the source) and its clausal complement (the content).

Reads spaCy's dependency parse: "Lavrov said [that …]" (ccomp), "[…], Lavrov said"
(the clause before the cue), "asked Russia [to stop …]" (object + xcomp),
"called Russia's actions [“barbarism”]" (object + predicate), participles that
inherit the subject ("…, stressing that …"), and "according to X".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..text import QUOTE_MARKS
from . import lexicon
from .candidate import Candidate

SUBJECTS = ("nsubj",)
INHERITS = ("advcl", "conj", "xcomp", "pcomp", "acl", "dep")
EDGE_PUNCT = set(",;:-–—()[]*_") | QUOTE_MARKS
PERSONAL = frozenset(["i", "you", "we", "us", "me"])


def token_range(tokens: list[Token]) -> tuple[int, int] | None:
    """Character range of tokens, trimmed of edge punctuation and whitespace."""
    toks = [t for t in tokens if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].text in EDGE_PUNCT):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].text in EDGE_PUNCT):
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def subtree_range(tok: Token) -> list[Token]:
    """Tokens of tok's subtree as one contiguous run (a projective parse's span)."""
    return list(tok.doc[tok.left_edge.i : tok.right_edge.i + 1])


def noun_phrase(tok: Token) -> list[Token]:
    """The noun phrase headed by ``tok``: its subtree without relative clauses after it."""
    cut: set[int] = set()
    for child in tok.children:
        if child.dep_ in ("relcl", "acl", "advcl") and child.i > tok.i:
            cut.update(t.i for t in child.subtree)
    toks = [t for t in tok.subtree if t.i not in cut]
    # keep the phrase contiguous
    out: list[Token] = []
    for t in toks:
        if out and t.i != out[-1].i + 1:
            break
        out.append(t)
    return out if tok in out else [tok]


def is_cue_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lexicon.VERBS


def find_subject(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it hangs from for participles and conjuncts."""
    cur = verb
    for _ in range(4):
        for child in cur.children:
            if child.dep_ in SUBJECTS:
                if child.dep_ == "nsubj" and child.lower_ in ("who", "that", "which") and cur.dep_ == "relcl":
                    return cur.head
                return child
        if cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head
        if cur.dep_ not in INHERITS or cur.head is cur:
            return None
        cur = cur.head
    return None


NOMINAL = ("PROPN", "PRON", "NOUN")
_NOT_APOSTROPHE = QUOTE_MARKS - {"'"}  # an apostrophe is part of a word
BESIDE = 8  # how far from the cue a speaker is looked for


def _outside(tok: Token, content: list[tuple[int, int]]) -> bool:
    return not any(s <= tok.idx < e for s, e in content) and not _NOT_APOSTROPHE.intersection(tok.text)


def speaker_beside(verb: Token, content: list[tuple[int, int]]) -> Token | None:
    """The speaker next to a cue whose parsed subject fell inside the quote.

    The small parser often makes a quote's first noun the subject of the verb after it
    ('"My apologies, I'm sorry," Quick said'). The speaker is then, outside the
    content, the first noun after the verb when punctuation comes right before it
    ('"…," said Geert Wilders, founder of …'), else the first noun between the quote
    and the verb ('"…," Sarandon, 69, told MSNBC'), else the first after the verb.
    """
    doc, sent = verb.doc, verb.sent

    def first_after() -> list[Token]:
        for tok in doc[verb.i + 1 : min(sent.end, verb.i + 1 + BESIDE)]:
            if not _outside(tok, content):
                break
            if tok.pos_ in NOMINAL:
                return [tok]
        return []

    nouns: list[Token] = []
    if verb.i > sent.start and doc[verb.i - 1].is_punct:
        nouns = first_after()  # '…," said X': the speaker follows the verb
    if not nouns:
        left: list[Token] = []
        for k in range(verb.i - 1, max(sent.start, verb.i - BESIDE) - 1, -1):
            if not _outside(doc[k], content):
                break
            left.append(doc[k])
        nouns = [t for t in reversed(left) if t.pos_ in NOMINAL] or first_after()
    if not nouns:
        return None
    tok = nouns[0]
    while (
        tok.dep_ in ("compound", "amod", "det", "poss")
        and tok.head.i != tok.i
        and _outside(tok.head, content)
        and abs(tok.head.i - verb.i) <= BESIDE
    ):
        tok = tok.head  # from "Geert" to the head of "Geert Wilders"
    return tok


def phrase_outside(tok: Token, content: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The noun phrase of ``tok`` cut to the words around it that lie outside ``content``."""
    np = noun_phrase(tok)
    k = next(i for i, t in enumerate(np) if t.i == tok.i)
    a = b = k
    while a > 0 and _outside(np[a - 1], content):
        a -= 1
    while b + 1 < len(np) and _outside(np[b + 1], content):
        b += 1
    return token_range(np[a : b + 1])


def speaker(cue: Token, content: list[tuple[int, int]]) -> tuple[Token, tuple[int, int]] | None:
    """The source of a cue, outside its content: the parsed subject, else :func:`speaker_beside`."""
    for find in (find_subject, lambda verb: speaker_beside(verb, content)):
        tok = find(cue)
        if tok is not None and _outside(tok, content) and (rng := phrase_outside(tok, content)) is not None:
            return tok, rng
    return None


def _clause(verb: Token) -> list[Token] | None:
    """The content clause of a cue verb, as tokens."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    for child in children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            return subtree_range(child)
    dobj = next((c for c in children if c.dep_ in ("dobj", "dative") and c.i > verb.i), None)
    xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if xcomp is not None and lemma in lexicon.OBJECT_INFINITIVE | lexicon.INFINITIVE:
        start = dobj if dobj is not None and dobj.i < xcomp.i else xcomp
        return list(verb.doc[start.left_edge.i : xcomp.right_edge.i + 1])
    oprd = next((c for c in children if c.dep_ in ("oprd", "xcomp") and c.i > verb.i), None)
    if dobj is not None and lemma in lexicon.OBJECT_PREDICATE:
        end = oprd.right_edge.i if oprd is not None else dobj.right_edge.i
        return list(verb.doc[dobj.left_edge.i : end + 1])
    for child in children:
        if child.dep_ == "ccomp" and child.i < verb.i:
            return subtree_range(child)
    has_subject = any(c.dep_ == "nsubj" for c in children)
    if (
        verb.dep_ in ("ccomp", "parataxis")
        and verb.head.pos_ in ("VERB", "AUX")
        and (verb.head.i < verb.i or has_subject)
    ):
        # "[content], Lavrov said" and "[content], he said, [content]": the cue hangs from the content
        stop = {t.i for t in verb.subtree}
        return [t for t in verb.head.subtree if t.i not in stop]
    return None


def runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """Character ranges of the contiguous runs in ``tokens`` (edge punctuation trimmed)."""
    out: list[tuple[int, int]] = []
    run: list[Token] = []
    for tok in sorted(tokens, key=lambda t: t.i):
        if run and tok.i != run[-1].i + 1:
            if (rng := token_range(run)) is not None:
                out.append(rng)
            run = []
        run.append(tok)
    if run and (rng := token_range(run)) is not None:
        out.append(rng)
    return out


def verb_frames(doc: Doc | Span) -> Iterator[Candidate]:
    """Candidates from every cue verb with a clausal, infinitival or predicative complement."""
    for verb in doc:
        if not is_cue_verb(verb) or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            continue  # "was asked": the subject is the one addressed, not the speaker
        clause = _clause(verb)
        if not clause:
            continue
        content = runs(clause)
        if not content:
            continue
        words = [t for t in clause if t.is_alpha]
        if len(words) < 2:
            continue
        subj = find_subject(verb)
        cue = [verb] + [c for c in verb.children if c.dep_ in ("prt",) and c.i == verb.i + 1]
        source = None
        if subj is not None:
            np = noun_phrase(subj)
            src = token_range(np)
            if src and not any(src[0] < e and s < src[1] for s, e in content):
                source = src
        lemma = verb.lemma_.lower()
        score = 0.75 if lemma in lexicon.SPEECH else 0.55
        if source is None:
            score -= 0.15
        elif subj is not None and subj.lower_ in PERSONAL:
            score -= 0.1
        yield Candidate(
            content=content,
            rule="verb",
            cue=[(cue[0].idx, cue[-1].idx + len(cue[-1].text))],
            cue_lemma=lemma,
            source=source,
            source_head=subj.i if subj is not None else None,
            score=score,
        )


def according_frames(doc: Doc) -> Iterator[Candidate]:
    """ "…, according to X" and "According to X, …": X is the source of the rest of the sentence."""
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        phrase = {tok.i, to.i} | {t.i for t in pobj.subtree}
        src = token_range(noun_phrase(pobj))
        sent = tok.sent
        before = [t for t in sent if t.i < tok.i]
        after = [t for t in sent if t.i > max(phrase)]
        clause = before if len([t for t in before if t.is_alpha]) >= len([t for t in after if t.is_alpha]) else after
        rng = token_range(clause)
        if rng is None or src is None or len([t for t in clause if t.is_alpha]) < 3:
            continue
        yield Candidate(
            content=[rng],
            rule="according",
            cue=[(tok.idx, to.idx + len(to.text))],
            cue_lemma="according to",
            source=src,
            source_head=pobj.i,
            score=0.8,
        )
