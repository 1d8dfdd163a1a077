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

from bisect import bisect_left
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

    def marginals(self, tree: Tree, quotes: QuotationIndex) -> np.ndarray:
        """``P(label)`` for every token (rows) and label of :data:`LABELS` (columns)."""
        out = np.zeros((len(tree.head), len(LABELS)), dtype=np.float32)
        tagger = self._tagger
        for first, end in _sentences(tree):
            tagger.set(token_features(tree, quotes, first, end))
            for k in range(end - first):
                out[first + k] = [tagger.marginal(label, k) for label in LABELS]
        return out


def _bucket(p: float) -> str:
    for limit in (0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95):
        if p < limit:
            return str(limit)
    return "hi"


def _words(tree: Tree, spans: Iterable[tuple[int, int]]) -> list[int]:
    """The word tokens that start inside the character ranges ``spans``."""
    out: list[int] = []
    for s, e in spans:
        out.extend(i for i in range(bisect_left(tree.start, s), bisect_left(tree.start, e)) if not tree.edge[i])
    return out


def candidate_features(tree: Tree, cand: Candidate, marg: np.ndarray) -> list[str]:
    """What the tagger's marginals ``marg`` say about ``cand``: how content-like its content's
    words are (mean, least, first, last), how content-like the words just outside it are (a
    content that stops short or runs over), how source-like its source and cue-like its cue."""
    kind = cand.kind
    f = []
    ids = _words(tree, cand.content)
    if ids:
        pc = marg[ids, 1]
        mean = _bucket(float(pc.mean()))
        f += [
            f"crf_c_mean={mean}",
            f"crf_c_mean={mean}|kind={kind}",
            f"crf_c_min={_bucket(float(pc.min()))}",
            f"crf_c_first={_bucket(float(pc[0]))}",
            f"crf_c_last={_bucket(float(pc[-1]))}",
        ]
        before = ids[0] - 1
        while before >= 0 and tree.edge[before]:
            before -= 1
        after = ids[-1] + 1
        while after < len(tree.head) and tree.edge[after]:
            after += 1
        f += [
            f"crf_c_before={_bucket(float(marg[before, 1])) if before >= 0 else '-'}",
            f"crf_c_after={_bucket(float(marg[after, 1])) if after < len(tree.head) else '-'}",
        ]
    if cand.source is not None:
        sids = _words(tree, [cand.source])
        if sids:
            ps = _bucket(float(marg[sids, 2].mean()))
            f += [f"crf_s={ps}", f"crf_s={ps}|kind={kind}"]
    else:
        f.append("crf_s=none")
    if cand.cue_head is not None:
        q = _bucket(float(marg[cand.cue_head, 3]))
        f += [f"crf_q={q}", f"crf_q={q}|kind={kind}"]
    return f
