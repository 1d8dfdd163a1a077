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

from spacy.tokens import Doc, Token

from ..detect.candidate import Candidate
from ..detect.frames import EDGE_PUNCT, noun_phrase, token_range


@dataclass
class Grammar:
    """What training learned about where attributions are: cue lemmas and paths."""

    cue_lemmas: frozenset[str] = frozenset()
    content_paths: list[str] = field(default_factory=list)  # most frequent first
    source_paths: list[str] = field(default_factory=list)  # most frequent first

    def __post_init__(self) -> None:
        # paths grouped by their first step, so a word only tries the paths it can start
        self.by_first: dict[str, list[str]] = {}
        for path in self.content_paths:
            self.by_first.setdefault(path.split("/", 1)[0], []).append(path)

    def paths_for(self, steps: set[str]) -> list[str]:
        """The content paths starting with one of ``steps``, most frequent first."""
        found = [p for step in steps for p in self.by_first.get(step, ())]
        rank = self.rank
        return sorted(found, key=rank.__getitem__)

    @property
    def rank(self) -> dict[str, int]:
        if not hasattr(self, "_rank"):
            self._rank = {p: k for k, p in enumerate(self.content_paths)}
        return self._rank

    def to_dict(self) -> dict:
        return {
            "cue_lemmas": sorted(self.cue_lemmas),
            "content_paths": self.content_paths,
            "source_paths": self.source_paths,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Grammar:
        return cls(frozenset(data["cue_lemmas"]), list(data["content_paths"]), list(data["source_paths"]))


def cue_lemma(tok: Token) -> str:
    return tok.lemma_.lower() if not tok.is_punct else tok.text


class Tree:
    """The parse of one Doc as plain lists, read once: spaCy builds a new Token object on
    every access, and walking hundreds of paths per article through Tokens costs more
    than the walk itself."""

    def __init__(self, doc: Doc) -> None:
        toks = list(doc)
        self.doc = doc
        self.head = [t.head.i for t in toks]
        self.dep = [t.dep_ for t in toks]
        self.lemma = [cue_lemma(t) for t in toks]
        self.left = [t.left_edge.i for t in toks]
        self.right = [t.right_edge.i for t in toks]
        self.start = [t.idx for t in toks]
        self.end = [t.idx + len(t.text) for t in toks]
        self.edge = [t.is_punct or t.is_space or t.text in EDGE_PUNCT for t in toks]
        self.word = [t.is_alpha or t.like_num for t in toks]
        self.kids: list[list[int]] = [[] for _ in toks]
        for i, h in enumerate(self.head):
            if h != i:
                self.kids[h].append(i)

    def steps(self, i: int) -> set[str]:
        """The first steps a path can take from token ``i``."""
        out = {"v" + self.dep[k] for k in self.kids[i]}
        if self.head[i] != i:
            out.add("^" + self.dep[i])
        return out

    def follow(self, i: int, path: str) -> list[int]:
        """Every token reached from ``i`` by walking ``path`` (see :mod:`.paths`)."""
        frontier = [i]
        for step in path.split("/"):
            up, dep = step[0] == "^", step[1:]
            if up:
                frontier = [self.head[t] for t in frontier if self.dep[t] == dep and self.head[t] != t]
            else:
                frontier = [k for t in frontier for k in self.kids[t] if self.dep[k] == dep]
            if not frontier:
                break
        return frontier

    def runs(self, ids: list[int]) -> list[tuple[int, int]]:
        """Character ranges of the contiguous runs of sorted token ids, edge punctuation trimmed."""
        out: list[tuple[int, int]] = []
        k = 0
        while k < len(ids):
            j = k
            while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
                j += 1
            a, b = ids[k], ids[j]
            while a <= b and self.edge[a]:
                a += 1
            while b >= a and self.edge[b]:
                b -= 1
            if a <= b:
                out.append((self.start[a], self.end[b]))
            k = j + 1
        return out


def cue_tokens(tree: Tree, i: int) -> list[int]:
    """The cue word with its particle ("pointed out") or the "to" of "according to"."""
    n = i + 1
    if n < len(tree.head) and (
        tree.dep[n] == "prt" and tree.head[n] == i or tree.lemma[i] == "accord" and tree.lemma[n] == "to"
    ):
        return [i, n]
    return [i]


def find_source(tree: Tree, cue: int, paths: list[str]) -> int | None:
    """The first token reached by the source paths, in order of training frequency."""
    for path in paths:
        for i in tree.follow(cue, path):
            if not tree.edge[i] and i != cue:
                return i
    return None


def propose(doc: Doc, grammar: Grammar, tree: Tree | None = None) -> Iterator[Candidate]:
    """One candidate per (cue word, content head) pair that a learned path connects."""
    tree = tree or Tree(doc)
    seen: set[tuple] = set()
    phrases: dict[int, tuple[set[int], tuple[int, int] | None]] = {}
    lemmas = grammar.cue_lemmas
    for i, lemma in enumerate(tree.lemma):
        if lemma not in lemmas:
            continue
        cue = cue_tokens(tree, i)
        below = range(tree.left[i], tree.right[i] + 1)
        src = find_source(tree, i, grammar.source_paths)
        if src is not None and src not in phrases:
            np = noun_phrase(doc[src])
            phrases[src] = ({t.i for t in np}, token_range(np))
        src_ids, source = phrases[src] if src is not None else (set(), None)
        for path in grammar.paths_for(tree.steps(i)):
            for head in tree.follow(i, path):
                if head in cue or not tree.word[head] and tree.left[head] == tree.right[head]:
                    continue
                ids = set(range(tree.left[head], tree.right[head] + 1))
                if i in ids:
                    ids.difference_update(below)
                ids.difference_update(cue)
                ids.difference_update(src_ids)
                order = sorted(ids)
                if not any(tree.word[k] for k in order):
                    continue
                content = tree.runs(order)
                if not content:
                    continue
                key = (tuple(content), source)
                if key in seen:
                    continue
                seen.add(key)
                yield Candidate(
                    content=content,
                    rule="path",
                    cue=[(tree.start[cue[0]], tree.end[cue[-1]])],
                    cue_lemma=lemma if len(cue) == 1 else " ".join(doc[c].lower_ for c in cue),
                    source=source,
                    source_head=src,
                    cue_head=i,
                    content_head=head,
                    path=path,
                )
