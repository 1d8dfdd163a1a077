"""From matched pairs to utterances: one pure function that the store and Spark share.

Quotes connected by matches (including speaker conflicts) form a *component*. The
utterances of a component depend only on its quotes and matches, never on the order
they arrived, so incremental linking, ``relink`` and Spark agree by construction:

1. long quotes (FRAGMENT words or more) joined by a link are one group;
2. a group holding two resolved speakers is split by speaker, each unresolved quote
   going to the speaker nearest to it along links (ties: the smaller speaker id);
3. a fragment joins the one group whose long quotes contain it; a fragment contained
   in quotes of two groups is ambiguous (a stock phrase) and stays out of both;
4. fragments left over group among themselves.

An utterance is named after its smallest quote key, so its id is the same wherever
it is computed. Groups that share a conflict match, or were split by speaker, are
marked ``conflict``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .text import FRAGMENT


@dataclass(frozen=True)
class Node:
    key: str  # "ARTICLE_ID\x1fPOS" (stable across store and Spark)
    ntok: int
    speaker: str | None  # resolved canonical speaker, None when unresolved


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    kind: str  # "link" or "conflict"
    score: float = 1.0


def quote_key(article_id: str, pos: int) -> str:
    return f"{article_id}\x1f{pos:06d}"


def utterance_id(key: str) -> str:
    return "u" + hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


class _UF:
    def __init__(self, keys: Iterable[str]) -> None:
        self.p = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.p[k] != k:
            self.p[k] = self.p[self.p[k]]
            k = self.p[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.p[hi] = lo


def _split(members: list[str], nodes: dict[str, Node], adj: dict[str, set[str]]) -> list[list[str]]:
    """A group with several resolved speakers, split by speaker (unresolved: nearest speaker)."""
    owner: dict[str, str] = {k: s for k in members if (s := nodes[k].speaker)}
    frontier = sorted(owner)
    inside = set(members)
    while frontier:
        claims: dict[str, set[str]] = defaultdict(set)
        for k in frontier:
            for n in adj.get(k, ()):
                if n in inside and n not in owner:
                    claims[n].add(owner[k])
        for n, speakers in claims.items():
            owner[n] = min(speakers)
        frontier = sorted(claims)
    left = sorted(k for k in members if k not in owner)  # unreachable: cannot happen in a connected group
    groups: dict[str, list[str]] = defaultdict(list)
    for k in members:
        if k in owner:
            groups[owner[k]].append(k)
    out = [sorted(g) for g in groups.values()]
    return out + ([left] if left else [])


def group(nodes: Iterable[Node], edges: Iterable[Edge]) -> tuple[dict[str, str], set[str]]:
    """``({quote key: utterance id}, {utterance ids in conflict})`` for one component."""
    by_key = {n.key: n for n in nodes}
    links = [e for e in edges if e.kind == "link" and e.a in by_key and e.b in by_key]
    conflicts = [e for e in edges if e.kind == "conflict" and e.a in by_key and e.b in by_key]
    long = {k for k, n in by_key.items() if n.ntok >= FRAGMENT}
    uf = _UF(long)
    adj: dict[str, set[str]] = defaultdict(set)
    for e in links:
        if e.a in long and e.b in long:
            uf.union(e.a, e.b)
            adj[e.a].add(e.b)
            adj[e.b].add(e.a)
    comps: dict[str, list[str]] = defaultdict(list)
    for k in sorted(long):
        comps[uf.find(k)].append(k)
    groups: list[list[str]] = []
    in_conflict: list[list[str]] = []
    for members in comps.values():
        speakers = {by_key[k].speaker for k in members if by_key[k].speaker}
        if len(speakers) > 1:
            parts = _split(members, by_key, adj)
            groups.extend(parts)
            in_conflict.extend(parts)
        else:
            groups.append(members)
    where = {k: i for i, g in enumerate(groups) for k in g}
    # fragments: into the one group whose long quotes contain them
    short = sorted(k for k in by_key if k not in long)
    targets: dict[str, set[int]] = defaultdict(set)
    for e in links:
        for s, o in ((e.a, e.b), (e.b, e.a)):
            if s not in long and o in long:
                targets[s].add(where[o])
    loose = []
    for k in short:
        if len(targets[k]) == 1:
            groups[next(iter(targets[k]))].append(k)
        else:
            loose.append(k)
    luf = _UF(loose)
    for e in links:
        if e.a in luf.p and e.b in luf.p:
            luf.union(e.a, e.b)
    rest: dict[str, list[str]] = defaultdict(list)
    for k in loose:
        rest[luf.find(k)].append(k)
    groups.extend(rest.values())
    assign: dict[str, str] = {}
    for g in groups:
        uid = utterance_id(min(g))
        for k in g:
            assign[k] = uid
    flagged = {assign[g[0]] for g in in_conflict}
    for e in conflicts:
        if assign[e.a] != assign[e.b]:
            flagged.update((assign[e.a], assign[e.b]))
    return assign, flagged
