"""Broad candidate generation: every cue word with every content path seen in training.

The rules propose what they are sure of; this proposes what PolNeAR annotators
annotate and the rules never look for (beliefs, intentions, "criticized X",
"her support for X"), so the model has something to decide on. Which words can be
cues and which dependency paths lead to content and source are learned from the
training data and stored with the model; nothing here is keyed to an article.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.attrs import HEAD
from spacy.tokens import Doc, Token

from ..detect.candidate import Candidate
from ..detect.frames import EDGE_PUNCT, noun_phrase, token_range

if TYPE_CHECKING:
    from .tagger import Marginals


@dataclass
class Grammar:
    """What training learned about where attributions are: cue lemmas and paths."""

    cue_lemmas: frozenset[str] = frozenset()
    content_paths: list[str] = field(default_factory=list)  # most frequent first
    source_paths: list[str] = field(default_factory=list)  # most frequent first
    #: the share of a cue lemma's occurrences in train that head a gold cue ("say" ~0.8, "take" ~0.01)
    cue_rates: dict[str, float] = field(default_factory=dict)
    #: (cue, path) pairs whose proposals were never right in train (see :func:`.train.barren_pairs`): not proposed
    barren: frozenset[tuple[str, str]] = frozenset()

    def __post_init__(self) -> None:
        self.content_trie = trie(self.content_paths)
        self.source_trie = trie(self.source_paths)

    def to_dict(self) -> dict:
        return {
            "cue_lemmas": sorted(self.cue_lemmas),
            "content_paths": self.content_paths,
            "source_paths": self.source_paths,
            "cue_rates": {k: round(v, 3) for k, v in sorted(self.cue_rates.items())},
            "barren": sorted([cue, path] for cue, path in self.barren),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Grammar:
        return cls(
            frozenset(data["cue_lemmas"]),
            list(data["content_paths"]),
            list(data["source_paths"]),
            dict(data.get("cue_rates", {})),
            frozenset((cue, path) for cue, path in data.get("barren", [])),
        )


def trie(paths: list[str]) -> dict:
    """Paths as a trie of steps, so paths with a common start share its walk: a node is
    ``{step: (node, rank of the path that ends there or None)}``."""
    root: dict = {}
    for rank, path in enumerate(paths):
        node, steps = root, path.split("/")
        for k, step in enumerate(steps):
            child, end = node.get(step, ({}, None))
            node[step] = (child, rank if k == len(steps) - 1 else end)
            node = child
    return root


def cue_lemma(tok: Token) -> str:
    return tok.lemma_.lower() if not tok.is_punct else tok.text


class Tree:
    """The parse of one Doc as plain lists, read once: spaCy builds a new Token object on
    every access, and walking hundreds of paths per article through Tokens costs more
    than the walk itself."""

    def __init__(self, doc: Doc) -> None:
        toks = list(doc)
        self.doc = doc
        offsets = doc.to_array([HEAD]).astype("int64").tolist() if toks else []  # signed, stored unsigned
        self.head = [i + off for i, off in enumerate(offsets)]
        self.dep = [t.dep_ for t in toks]
        self.lemma = [cue_lemma(t) for t in toks]
        self.left = [t.left_edge.i for t in toks]
        self.right = [t.right_edge.i for t in toks]
        self.start = [t.idx for t in toks]
        self.end = [t.idx + len(t) for t in toks]
        self.edge = [t.is_punct or t.is_space or t.text in EDGE_PUNCT for t in toks]
        self.word = [t.is_alpha or t.like_num for t in toks]
        self.tag = [t.tag_ for t in toks]
        self.pos = [t.pos_ for t in toks]
        self.ent = [t.ent_type_ for t in toks]
        self.lower = [t.lower_ for t in toks]
        self.words_before = [0]  # words_before[k]: how many word tokens come before token k
        for w in self.word:
            self.words_before.append(self.words_before[-1] + w)
        self._paths: dict[tuple[int, int], str | None] = {}
        #: the token tagger's marginals (rows: tokens, columns: its labels), once
        #: :meth:`AttributionModel.candidates` has computed them; the boundary model reads them too
        self.marginals: Marginals | None = None
        self.down = ["v" + d for d in self.dep]  # the step from a token's head down to it
        self.up = ["^" + d for d in self.dep]  # the step from a token up to its head
        self.kids: list[list[int]] = [[] for _ in toks]
        for i, h in enumerate(self.head):
            if h != i:
                self.kids[h].append(i)

    @cached_property
    def sentence(self) -> list[int]:
        """The sentence number of every token (built on first use: only the boundary model asks)."""
        out = [0] * len(self.head)
        for k, (first, end) in enumerate(self.sentence_bounds):
            out[first:end] = [k] * (end - first)
        return out

    @cached_property
    def sentence_bounds(self) -> list[tuple[int, int]]:
        """``(first, end)`` tokens of every sentence, by number (they cover every token)."""
        return [(sent.start, sent.end) for sent in self.doc.sents]

    def ancestors(self, i: int) -> list[int]:
        """``i`` and its heads up to the root."""
        out = [i]
        while self.head[out[-1]] != out[-1]:
            out.append(self.head[out[-1]])
        return out

    def path(self, a: int, b: int) -> str | None:
        """:func:`.paths.dep_path` over the lists (remembered: many candidates share a cue and source)."""
        if (a, b) not in self._paths:
            self._paths[(a, b)] = self._path(a, b)
        return self._paths[(a, b)]

    def _path(self, a: int, b: int) -> str | None:
        up, down = self.ancestors(a), self.ancestors(b)
        where = {t: k for k, t in enumerate(down)}
        for k, t in enumerate(up):
            if t in where:
                steps = [self.up[x] for x in up[:k]] + [self.down[x] for x in reversed(down[: where[t]])]
                return "/".join(steps) or "="
        return None

    def walk(self, i: int, trie: dict) -> list[tuple[int, int]]:
        """``(rank, token)`` for every path of ``trie`` (see :func:`trie`) from ``i``, by rank."""
        found: list[tuple[int, int]] = []
        stack = [(trie, [i])]
        while stack:
            node, frontier = stack.pop()
            reach: dict[str, list[int]] = {}  # every step out of the frontier, with where it leads
            for t in frontier:
                for k in self.kids[t]:
                    reach.setdefault(self.down[k], []).append(k)
            for t in frontier:
                if self.head[t] != t:
                    reach.setdefault(self.up[t], []).append(self.head[t])
            for step, nxt in reach.items():
                if step in node:
                    child, rank = node[step]
                    if rank is not None:
                        found.extend((rank, t) for t in nxt)
                    if child:
                        stack.append((child, nxt))
        found.sort(key=lambda x: x[0])  # stable: each path's tokens keep their order
        return found

    def spans(self, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Character ranges of token runs ``(first, last)``, edge punctuation trimmed."""
        out: list[tuple[int, int]] = []
        for a, b in runs:
            while a <= b and self.edge[a]:
                a += 1
            while b >= a and self.edge[b]:
                b -= 1
            if a <= b:
                out.append((self.start[a], self.end[b]))
        return out

    def has_word(self, runs: list[tuple[int, int]]) -> bool:
        before = self.words_before
        return any(before[b + 1] > before[a] for a, b in runs)


def subtract(runs: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]]:
    """Token runs ``(first, last)`` without the tokens ``a`` to ``b``."""
    out = []
    for x, y in runs:
        if b < x or y < a:
            out.append((x, y))
            continue
        if x < a:
            out.append((x, a - 1))
        if b < y:
            out.append((b + 1, y))
    return out


def cue_tokens(tree: Tree, i: int) -> list[int]:
    """The cue word with its particle ("pointed out") or the "to" of "according to"."""
    n = i + 1
    if n < len(tree.head) and (
        (tree.dep[n] == "prt" and tree.head[n] == i) or (tree.lemma[i] == "accord" and tree.lemma[n] == "to")
    ):
        return [i, n]
    return [i]


def find_source(tree: Tree, cue: int, paths: dict) -> int | None:
    """The token reached by the most frequent source path (``paths`` is :attr:`Grammar.source_trie`)."""
    for _, i in tree.walk(cue, paths):
        if not tree.edge[i] and i != cue:
            return i
    return None


def propose_paths(doc: Doc, grammar: Grammar, tree: Tree | None = None) -> Iterator[Candidate]:
    """One candidate per (cue word, content head) pair that a learned path connects."""
    tree = tree or Tree(doc)
    seen: set[tuple] = set()
    phrases: dict[int, tuple[tuple[int, int], tuple[int, int] | None]] = {}
    lemmas = grammar.cue_lemmas
    for i, lemma in enumerate(tree.lemma):
        if lemma not in lemmas:
            continue
        cue = cue_tokens(tree, i)
        src = find_source(tree, i, grammar.source_trie)
        if src is not None and src not in phrases:
            np = noun_phrase(doc[src])  # one contiguous run of tokens
            phrases[src] = ((np[0].i, np[-1].i), token_range(np))
        src_run, source = phrases[src] if src is not None else (None, None)
        paths = grammar.content_paths
        name = lemma if len(cue) == 1 else " ".join(doc[c].lower_ for c in cue)
        for rank, head in tree.walk(i, grammar.content_trie):
            path = paths[rank]
            if head in cue or (not tree.word[head] and tree.left[head] == tree.right[head]):
                continue
            left, right = tree.left[head], tree.right[head]
            runs = [(left, right)]
            if left <= i <= right:
                runs = subtract(runs, tree.left[i], tree.right[i])
            runs = subtract(runs, cue[0], cue[-1])
            if src_run is not None:
                runs = subtract(runs, *src_run)
            if not tree.has_word(runs):
                continue
            content = tree.spans(runs)
            if not content:
                continue
            key = (tuple(content), source)
            if key in seen:
                continue
            seen.add(key)  # before the barren test: a barren proposal still hides its duplicates
            if (name, path) in grammar.barren:
                continue
            yield Candidate(
                content=content,
                rule="path",
                cue=[(tree.start[cue[0]], tree.end[cue[-1]])],
                cue_lemma=name,
                source=source,
                source_head=src,
                cue_head=i,
                content_head=head,
                path=path,
            )
