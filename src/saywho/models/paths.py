"""Dependency paths between a cue and the heads of its content and source.

A path is the string of arcs walked from one token to another: ``^dep`` climbs to
the head over an arc labelled ``dep``, ``vdep`` descends to a child over one, joined
by ``/`` (``vccomp``: the cue's clausal complement; ``^advcl/vnsubj``: the subject of
the verb the cue's clause modifies). Training counts which paths link cues to
content and sources in PolNeAR; inference walks the frequent ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token


def dep_path(a: Token, b: Token) -> str | None:
    """The path from ``a`` to ``b`` through their lowest common ancestor (None: other sentence)."""
    up = list(_ancestors(a))
    down = list(_ancestors(b))
    where = {t.i: k for k, t in enumerate(down)}
    for k, tok in enumerate(up):
        if tok.i in where:
            steps = ["^" + t.dep_ for t in up[:k]] + ["v" + t.dep_ for t in reversed(down[: where[tok.i]])]
            return "/".join(steps) or "="
    return None


def _ancestors(tok: Token) -> Iterator[Token]:
    yield tok
    while tok.head.i != tok.i:
        tok = tok.head
        yield tok


def follow(tok: Token, path: str) -> Iterator[Token]:
    """Every token reached from ``tok`` by walking ``path``.

    The readable definition of a path; inference walks the list-based ``Tree`` instead,
    and the tests check that both agree.
    """
    frontier = [tok]
    if path == "=":
        yield tok
        return
    for step in path.split("/"):
        direction, dep = step[0], step[1:]
        nxt: list[Token] = []
        for t in frontier:
            if direction == "^":
                if t.dep_ == dep and t.head.i != t.i:
                    nxt.append(t.head)
            else:
                nxt.extend(c for c in t.children if c.dep_ == dep)
        frontier = nxt
        if not frontier:
            return
    yield from frontier


def top(doc: Doc, indices: Iterable[int]) -> int | None:
    """The syntactic head of a set of tokens: the highest one that is not punctuation.

    Tokens whose head lies outside the set are candidates; the one closest to its
    sentence root wins, and punctuation only when nothing else is there.
    """
    idx = set(indices)
    if not idx:
        return None
    tops = [i for i in idx if doc[i].head.i not in idx or doc[i].head.i == i]
    words = [i for i in tops if not doc[i].is_punct and not doc[i].is_space] or tops
    return min(words, key=lambda i: (_depth(doc[i]), i))


def _depth(tok: Token) -> int:
    return sum(1 for _ in _ancestors(tok)) - 1
