"""A token tagger: how likely each word is to be part of a content, a source or a cue.

The decision model weighs one candidate at a time through features of its parse (cue
lemma, path, marks). A linear-chain CRF (python-crfsuite, as in BBC R&D's Citron) reads
every sentence word by word instead: the words and tags around each token, its
dependency label and head, whether it stands inside quotation marks. Its marginal
probabilities are features of each candidate (how content-like its words are, how
content-like the words just outside it are, how source-like its source and cue-like its
cue): evidence from the sentence as a whole that the candidates alone do not give.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from ..detect.candidate import Candidate
from ..detect.marks import QuotationIndex
from .candidates import Tree

#: outside, content, source, cue
LABELS = ("O", "C", "S", "Q")
#: the CRF's training settings (L1 keeps the model small: most word features get weight 0)
PARAMS = {"c1": 0.5, "c2": 0.01, "max_iterations": 60, "feature.possible_transitions": True}


def _sentences(tree: Tree) -> list[tuple[int, int]]:
    """``(first, end)`` token ranges of the Doc's sentences."""
    return [(s.start, s.end) for s in tree.doc.sents]


def token_features(tree: Tree, quotes: QuotationIndex, first: int, end: int) -> list[list[str]]:
    """The features of every token of one sentence (``first`` to ``end``, exclusive)."""
    out = []
    lower, tag, dep, head, lemma = tree.lower, tree.tag, tree.dep, tree.head, tree.lemma
    for i in range(first, end):
        h = head[i]
        up, anc = i, []
        for _ in range(3):
            if head[up] == up:
                break
            anc.append(dep[up])
            up = head[up]
        f = [
            "w=" + lower[i],
            "l=" + lemma[i],
            "p=" + tree.pos[i],
            "t=" + tag[i],
            "d=" + dep[i],
            "hl=" + lemma[h],
            "hd=" + dep[h],
            "hp=" + tree.pos[h],
            "dd=" + dep[i] + "|" + lemma[h],
            "anc=" + "|".join(anc),
            "e=" + (tree.ent[i] or "-"),
            "q=" + str(quotes.inside(tree.start[i])),
            "w-1=" + (lower[i - 1] if i - 1 >= first else "<>"),
            "w+1=" + (lower[i + 1] if i + 1 < end else "<>"),
        ]
        for o in (-2, -1, 1, 2):
            j = i + o
            f.append(f"p{o}=" + (tag[j] if first <= j < end else "<>"))
        out.append(f)
    return out


def token_labels(n: int, content: Iterable[int], source: Iterable[int], cue: Iterable[int]) -> list[str]:
    """The label of each of ``n`` tokens: a cue word over a source word over a content word."""
    out = ["O"] * n
    for ids, label in ((content, "C"), (source, "S"), (cue, "Q")):
        for i in ids:
            out[i] = label
    return out


def fit(docs: Sequence[tuple[Tree, QuotationIndex, list[str]]], path: str | Path) -> Path:
    """Train a CRF on ``(tree, quotation index, token labels)`` triples; write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for tree, quotes, labels in docs:
        for first, end in _sentences(tree):
            trainer.append(token_features(tree, quotes, first, end), labels[first:end])
    trainer.set_params(PARAMS)
    trainer.train(str(path))
    return Path(path)


class Tagger:
    """A trained CRF, kept as the bytes of its file (what the model folder holds)."""

    def __init__(self, data: bytes) -> None:
        import pycrfsuite

        self.data = data
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(data)

    @classmethod
    def read(cls, path: str | Path) -> Tagger:
        return cls(Path(path).read_bytes())

    def marginals(self, tree: Tree, quotes: QuotationIndex) -> Marginals:
        """``P(label)`` for every token and label of :data:`LABELS` (``O`` is what the others leave)."""
        out = np.zeros((len(tree.head), len(LABELS)), dtype=np.float32)
        tagger = self._tagger
        marginal = tagger.marginal
        for first, end in _sentences(tree):
            tagger.set(token_features(tree, quotes, first, end))
            for k in range(end - first):
                out[first + k, 1:] = [marginal("C", k), marginal("S", k), marginal("Q", k)]
        out[:, 0] = 1.0 - out[:, 1:].sum(axis=1)
        return Marginals(tree, out)


class Marginals:
    """The tagger's marginals for one Doc (``array``: tokens × :data:`LABELS`), with running
    sums over its words so that a candidate's features cost a few lookups, not a pass over
    its words (an article has hundreds of candidates)."""

    def __init__(self, tree: Tree, array: np.ndarray) -> None:
        self.array = array
        n = len(tree.head)
        self.content: list[float] = array[:, 1].tolist()
        self.source: list[float] = array[:, 2].tolist()
        self.cue: list[float] = array[:, 3].tolist()
        word = [not e for e in tree.edge]
        #: words[i], content_sum[i], source_sum[i]: how many words come before token i, and their sums
        self.words, self.content_sum, self.source_sum = [0], [0.0], [0.0]
        for i in range(n):
            w = word[i]
            self.words.append(self.words[-1] + w)
            self.content_sum.append(self.content_sum[-1] + (self.content[i] if w else 0.0))
            self.source_sum.append(self.source_sum[-1] + (self.source[i] if w else 0.0))
        #: the content marginal of words, 2.0 elsewhere (so that min() sees words only)
        self.masked = [c if w else 2.0 for c, w in zip(self.content, word, strict=True)]
        self.next_word = [n] * (n + 1)  # the first word at or after token i (n: none)
        for i in range(n - 1, -1, -1):
            self.next_word[i] = i if word[i] else self.next_word[i + 1]
        self.prev_word = [-1] * n  # the last word at or before token i (-1: none)
        for i in range(n):
            self.prev_word[i] = i if word[i] else (self.prev_word[i - 1] if i else -1)


_LIMITS = (0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95)
_LEVELS = (*(str(x) for x in _LIMITS), "hi")


def _bucket(p: float) -> str:
    return _LEVELS[bisect_right(_LIMITS, p)]


def _ranges(tree: Tree, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges ``[a, b)`` of the tokens that start inside the character ranges ``spans``."""
    return [(bisect_left(tree.start, s), bisect_left(tree.start, e)) for s, e in spans]


def candidate_features(tree: Tree, cand: Candidate, marg: Marginals) -> list[str]:
    """What the tagger's marginals say about ``cand``: how content-like its content's words are
    (mean, least, first, last), how content-like the words just outside it are (a content that
    stops short or runs over), how source-like its source's words and cue-like its cue."""
    kind = cand.kind
    f = []
    ranges = _ranges(tree, cand.content)
    n = sum(marg.words[b] - marg.words[a] for a, b in ranges)
    if n:
        mean = _bucket(sum(marg.content_sum[b] - marg.content_sum[a] for a, b in ranges) / n)
        least = min(min(marg.masked[a:b]) for a, b in ranges if b > a)
        first = next(j for a, b in ranges if (j := marg.next_word[a]) < b)
        last = next(j for a, b in reversed(ranges) if b > a and (j := marg.prev_word[b - 1]) >= a)
        before = marg.prev_word[first - 1] if first > 0 else -1
        after = marg.next_word[last + 1]
        f += [
            f"crf_c_mean={mean}",
            f"crf_c_mean={mean}|kind={kind}",
            f"crf_c_min={_bucket(least)}",
            f"crf_c_first={_bucket(marg.content[first])}",
            f"crf_c_last={_bucket(marg.content[last])}",
            f"crf_c_before={_bucket(marg.content[before]) if before >= 0 else '-'}",
            f"crf_c_after={_bucket(marg.content[after]) if after < len(tree.head) else '-'}",
        ]
    if cand.source is not None:
        ((a, b),) = _ranges(tree, [cand.source])
        words = marg.words[b] - marg.words[a]
        if words:
            ps = _bucket((marg.source_sum[b] - marg.source_sum[a]) / words)
            f += [f"crf_s={ps}", f"crf_s={ps}|kind={kind}"]
    else:
        f.append("crf_s=none")
    if cand.cue_head is not None:
        q = _bucket(marg.cue[cand.cue_head])
        f += [f"crf_q={q}", f"crf_q={q}|kind={kind}"]
    return f
