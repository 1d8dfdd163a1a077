"""Boundaries: a second look at where each kept attribution's content and source start and end.

The proposals bound content by the parse (a cue's clause, a quotation's marks) and a source
by its noun phrase, and PolNeAR's annotators often start or stop a few words away: without
the preposition the cue governs ("accused him *of* …"), without a trailing relative clause
or time adverbial, with the "that" before a quotation, with a source's appositive. For each
kept attribution this model scores every word within :data:`WINDOW` words of the proposed
start (and end) of its content (unless it is a whole quotation) and of its source, in the
same sentence, plus the edges of the head's subtrees, and moves each boundary to the best
one. It is a linear model over readable features, trained on the train split's matched
attributions with the annotators' boundary as the one right choice among the options.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

from ..detect.candidate import Candidate
from .candidates import Tree
from .steps import Steps

#: how many words a boundary may move either way
WINDOW = 6
#: tags whose words are named in features (a closed class: "that", "to", "of", "who", …)
CLOSED = frozenset(["IN", "TO", "DT", "WDT", "WP", "WRB", "CC", "PRP", "PRP$", "MD", "EX", "RP", "POS", "HYPH"])


def _delta(d: int) -> str:
    if d == 0:
        return "0"
    size = abs(d)
    b = "1" if size == 1 else "2" if size == 2 else "3-4" if size <= 4 else "5+"
    return ("-" if d < 0 else "+") + b


def _word(tree: Tree, i: int) -> bool:
    return not tree.edge[i]


def token_of(tree: Tree, char: int) -> int:
    """The token holding character ``char`` (or the last one starting before it)."""
    return max(0, bisect_right(tree.start, char) - 1)


def _subtree_from(tree: Tree, i: int, side: str) -> str:
    """The dependency label of the largest subtree that starts (``side="left"``) or ends at ``i``."""
    edge = tree.left if side == "left" else tree.right
    best = i
    up = tree.head[i]
    while up != best and edge[up] == i:
        best, up = up, tree.head[up]
    return tree.dep[best]


def _low(tree: Tree, i: int) -> str:
    return tree.lower[i] if tree.tag[i] in CLOSED or tree.edge[i] else tree.tag[i]


def _edge_of(tree: Tree, head: int | None, i: int, edge: list[int]) -> str:
    """Which of the head's children has its subtree's edge at ``i`` (the last one: the outermost)."""
    if head is None:
        return "-"
    found = [tree.dep[k] for k in tree.kids[head] if edge[k] == i]
    return found[-1] if found else "head" if edge[head] == i else "-"


def _tagged(tree: Tree, i: int, role: str, side: str) -> list[str]:
    """What the token tagger says about a boundary at ``i``: how content-like (for a source,
    source-like) token ``i`` is, and the nearest word outside the span on that side."""
    if tree.marginals is None:
        return []
    marg = tree.marginals.array
    col = 1 if role == "c" else 2  # the tagger's C and S columns
    step = -1 if side == "start" else 1
    j = i + step
    while 0 <= j < len(tree.head) and tree.edge[j]:
        j += step
    here = _LEVEL(float(marg[i, col]))
    out = _LEVEL(float(marg[j, col])) if 0 <= j < len(tree.head) else "-"
    k = f"{role}{side[0]}:"
    return [f"{k}crf={here}", f"{k}crf_out={out}", f"{k}crf={here}|out={out}"]


#: the tagger's marginal at a boundary, in steps
_LEVEL = Steps((0.1, 0.3, 0.5, 0.7, 0.9))


def start_features(tree: Tree, i: int, current: int, role: str, blocked: set[int], cand: Candidate) -> list[str]:
    """Features of starting the ``role`` span ("c" content, "s" source) at token ``i``
    when the proposal starts it at ``current``."""
    d = _delta(i - current)
    head = cand.content_head if role == "c" else cand.source_head
    cue_at = cand.cue[0][0] if cand.cue else None
    p = i - 1
    prev = _low(tree, p) if p >= 0 else "<s>"
    sub = _subtree_from(tree, i, "left")
    k = f"{role}s:"
    return [
        f"{k}d={d}",
        f"{k}d={d}|kind={cand.kind}",
        f"{k}low={_low(tree, i)}",
        f"{k}low={_low(tree, i)}|d={d}",
        f"{k}dep={tree.dep[i]}",
        f"{k}prev={prev}",
        f"{k}prev={prev}|d={d}",
        f"{k}prev={prev}|low={_low(tree, i)}",
        f"{k}prev_role={'cue' if p in blocked else '-'}|d={d}",
        f"{k}sub={sub}",
        f"{k}sub={sub}|d={d}",
        f"{k}prev_sub={_subtree_from(tree, p, 'right') if p >= 0 else '<s>'}",
        f"{k}rule={cand.rule}|d={d}",
        f"{k}head_left={head is not None and tree.left[head] == i}|d={d}",
        f"{k}is_head={head == i}|d={d}",
        f"{k}after_cue={cue_at is not None and tree.start[i] > cue_at}|d={d}",
        f"{k}edge_of={_edge_of(tree, head, i, tree.left)}",
        *_tagged(tree, i, role, "start"),
    ]


def end_features(tree: Tree, j: int, current: int, role: str, blocked: set[int], cand: Candidate) -> list[str]:
    """Features of ending the ``role`` span at token ``j`` when the proposal ends it at ``current``."""
    d = _delta(j - current)
    head = cand.content_head if role == "c" else cand.source_head
    cue_at = cand.cue[0][0] if cand.cue else None
    n = j + 1
    last = len(tree.head)
    nxt = _low(tree, n) if n < last else "</s>"
    nxt2 = _low(tree, n + 1) if n + 1 < last else "</s>"
    sub = _subtree_from(tree, j, "right")
    nsub = _subtree_from(tree, n, "left") if n < last else "</s>"
    k = f"{role}e:"
    return [
        f"{k}d={d}",
        f"{k}d={d}|kind={cand.kind}",
        f"{k}low={_low(tree, j)}",
        f"{k}low={_low(tree, j)}|d={d}",
        f"{k}dep={tree.dep[j]}",
        f"{k}next={nxt}",
        f"{k}next={nxt}|d={d}",
        f"{k}next={nxt}|next2={nxt2}",
        f"{k}next_role={'cue' if n in blocked else '-'}|d={d}",
        f"{k}sub={sub}",
        f"{k}sub={sub}|d={d}",
        f"{k}next_sub={nsub}",
        f"{k}next_sub={nsub}|d={d}",
        f"{k}rule={cand.rule}|d={d}",
        f"{k}head_right={head is not None and tree.right[head] == j}|d={d}",
        f"{k}before_cue={cue_at is not None and tree.end[j] < cue_at}|d={d}",
        f"{k}edge_of={_edge_of(tree, head, j, tree.right)}",
        f"{k}edge_of={_edge_of(tree, head, j, tree.right)}|d={d}",
        *_tagged(tree, j, role, "end"),
    ]


def _options(
    tree: Tree, current: int, lo: int, hi: int, sent: list[int], blocked: set[int], head: int | None
) -> list[int]:
    """Word tokens within WINDOW words of ``current`` in its sentence, between ``lo`` and ``hi``,
    and further away the edges of the head's subtree and of its children's (a source's
    appositive or relative clause, a content's last clause): nothing blocked in between."""
    out = {current}
    for step in (-1, 1):
        i, words = current, 0
        while words < WINDOW:
            i += step
            if i < lo or i > hi or sent[i] != sent[current] or i in blocked:
                break
            if _word(tree, i):
                words += 1
                out.add(i)
    if head is not None:
        edges = {tree.left[head], tree.right[head]}
        for k in tree.kids[head]:
            edges.update((tree.left[k], tree.right[k]))
        for i in edges:
            a, b = min(i, current), max(i, current)
            if (
                lo <= i <= hi
                and _word(tree, i)
                and sent[i] == sent[current]
                and not blocked.intersection(range(a, b + 1))
            ):
                out.add(i)
    return sorted(out)


@dataclass
class Choice:
    """One boundary decision: which span and side, its options (token indices), their features."""

    role: str  # "c" content, "s" source
    side: str  # "start" or "end"
    current: int
    options: list[int]
    feats: list[list[str]]


def _tokens(tree: Tree, spans: Iterable[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(token_of(tree, s), token_of(tree, e - 1) + 1))
    return out


def _taken(tree: Tree, cand: Candidate, others: Iterable[Candidate]) -> set[int]:
    """The tokens of the other attributions' contents in the sentences of ``cand``'s boundaries
    (options never leave the sentence of the boundary they move, so no others matter)."""
    spans = [*cand.content, *([cand.source] if cand.source else [])]
    if not spans:
        return set()
    sent, bounds = tree.sentence, tree.sentence_bounds
    lo = bounds[sent[token_of(tree, min(s for s, _ in spans))]][0]
    hi = bounds[sent[token_of(tree, max(e for _, e in spans) - 1)]][1]
    out: set[int] = set()
    for o in others:
        if o is not cand:
            for s, e in o.content:
                a, b = max(lo, token_of(tree, s)), min(hi - 1, token_of(tree, e - 1))
                if a <= b:
                    out.update(range(a, b + 1))
    return out


def choices(tree: Tree, cand: Candidate, others: Iterable[Candidate] = ()) -> list[Choice]:
    """The start and end decisions of ``cand``'s content (none for a whole quotation) and source.

    Options never reach into the cue, the other span or another attribution's content, never
    cross the content's own first or last piece, and keep the source's head inside it.
    """
    sent = tree.sentence
    last = len(tree.head) - 1
    cue = _tokens(tree, cand.cue or [])
    taken = _taken(tree, cand, others)
    out = []
    if not cand.direct and cand.content:
        blocked = cue | taken | _tokens(tree, [cand.source] if cand.source else [])
        start = token_of(tree, cand.content[0][0])
        end = token_of(tree, cand.content[-1][1] - 1)
        opts = _options(
            tree, start, 0, token_of(tree, cand.content[0][1] - 1), sent, blocked - {start}, cand.content_head
        )
        out.append(Choice("c", "start", start, opts, [start_features(tree, i, start, "c", cue, cand) for i in opts]))
        opts = _options(tree, end, token_of(tree, cand.content[-1][0]), last, sent, blocked - {end}, cand.content_head)
        out.append(Choice("c", "end", end, opts, [end_features(tree, j, end, "c", cue, cand) for j in opts]))
    if cand.source is not None and cand.source_head is not None:
        blocked = cue | taken | _tokens(tree, cand.content)
        head = cand.source_head
        start, end = token_of(tree, cand.source[0]), token_of(tree, cand.source[1] - 1)
        opts = _options(tree, start, 0, head, sent, blocked - {start}, head)
        out.append(Choice("s", "start", start, opts, [start_features(tree, i, start, "s", cue, cand) for i in opts]))
        opts = _options(tree, end, head, last, sent, blocked - {end}, head)
        out.append(Choice("s", "end", end, opts, [end_features(tree, j, end, "s", cue, cand) for j in opts]))
    return out


@dataclass
class Bounds:
    """Weights of the boundary features; an empty model keeps every boundary where it is."""

    weights: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-5}}

    @classmethod
    def from_dict(cls, data: dict | None) -> Bounds:
        return cls(dict((data or {}).get("weights", {})))

    def pick(self, choice: Choice) -> int:
        """The best scored option (the current one on ties)."""
        scores = [sum(map(self.weights.get, f, repeat(0.0))) for f in choice.feats]
        best, best_score = choice.current, scores[choice.options.index(choice.current)]
        for i, s in zip(choice.options, scores, strict=True):
            if s > best_score + 1e-9:
                best, best_score = i, s
        return best

    def apply(self, tree: Tree, kept: list[Candidate]) -> None:
        """Move the boundaries of every kept attribution in place."""
        if not self.weights:
            return
        for cand in kept:
            for choice in choices(tree, cand, kept):
                i = self.pick(choice)
                if i == choice.current:
                    continue
                if choice.role == "s":
                    assert cand.source is not None  # a source choice exists only for a source
                    s, e = cand.source
                    cand.source = (tree.start[i], e) if choice.side == "start" else (s, tree.end[i])
                    continue
                content = list(cand.content)  # a new list: decided candidates share theirs with copies
                if choice.side == "start":
                    content[0] = (tree.start[i], content[0][1])
                else:
                    content[-1] = (content[-1][0], tree.end[i])
                cand.content = content


def gold_token(tree: Tree, spans: list[tuple[int, int]], side: str) -> int | None:
    """The first (``side="start"``) or last word token of gold content ``spans``."""
    if not spans:
        return None
    spans = sorted(spans)
    if side == "start":
        i = token_of(tree, spans[0][0])
        while i < len(tree.head) - 1 and (tree.edge[i] or tree.end[i] <= spans[0][0]):
            i += 1
        return i
    j = token_of(tree, spans[-1][1] - 1)
    while j > 0 and tree.edge[j]:
        j -= 1
    return j
