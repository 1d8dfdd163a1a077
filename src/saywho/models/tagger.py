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

import io
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import repeat
from pathlib import Path

import numpy as np

from ..detect.candidate import Candidate
from ..detect.marks import QuotationIndex
from .candidates import Tree
from .steps import Steps

#: outside, content, source, cue
LABELS = ("O", "C", "S", "Q")
#: the CRF's training settings (L1 keeps the model small: most word features get weight 0)
PARAMS = {"c1": 0.5, "c2": 0.01, "max_iterations": 60, "feature.possible_transitions": True}


def _clean(value: str) -> str:
    """A word as a feature value: whitespace escaped (a feature is one line of the CRF's dump)."""
    return (
        value
        if value.isprintable() and " " not in value
        else value.encode("unicode_escape").decode().replace(" ", "\\s")
    )


def _shift(values: list[str], offset: int, sentences: list[tuple[int, int]]) -> list[str]:
    """``values`` of the token ``offset`` places away, within its sentence (``<>`` past its edge)."""
    out: list[str] = []
    pad = ["<>"] * abs(offset)
    for first, end in sentences:
        seg = values[first:end]
        out += ((pad + seg) if offset < 0 else (seg[offset:] + pad))[: end - first]
    return out


def columns(tree: Tree, quotes: QuotationIndex) -> list[tuple[str, list[str]]]:
    """The CRF's features as columns: for each template, its value at every token of the Doc.

    A token's features are its word, lemma, tags, dependency label, its head's lemma, label
    and tag, its three nearest ancestors' labels, its entity type, whether it stands inside
    quotation marks, and the words and tags around it in its sentence. Built a template at a
    time (a few list comprehensions per Doc) rather than a token at a time."""
    sentences = tree.sentence_bounds
    lower = [_clean(w) for w in tree.lower]
    lemma = [_clean(w) for w in tree.lemma]
    head, dep, pos, tag = tree.head, tree.dep, tree.pos, tree.tag
    head_lemma = [lemma[h] for h in head]
    ancestors = []
    for i in range(len(head)):
        up, anc = i, []
        for _ in range(3):
            if head[up] == up:
                break
            anc.append(dep[up])
            up = head[up]
        ancestors.append("|".join(anc))
    return [
        ("w", lower),
        ("l", lemma),
        ("p", pos),
        ("t", tag),
        ("d", dep),
        ("hl", head_lemma),
        ("hd", [dep[h] for h in head]),
        ("hp", [pos[h] for h in head]),
        ("dd", [d + "|" + h for d, h in zip(dep, head_lemma, strict=True)]),
        ("anc", ancestors),
        ("e", [e or "-" for e in tree.ent]),
        ("q", [str(quotes.inside(s)) for s in tree.start]),
        ("w-1", _shift(lower, -1, sentences)),
        ("w+1", _shift(lower, 1, sentences)),
        *((f"p{o}", _shift(tag, o, sentences)) for o in (-2, -1, 1, 2)),
    ]


def token_labels(n: int, content: Iterable[int], source: Iterable[int], cue: Iterable[int]) -> list[str]:
    """The label of each of ``n`` tokens: a cue word over a source word over a content word."""
    out = ["O"] * n
    for ids, label in ((content, "C"), (source, "S"), (cue, "Q")):
        for i in ids:
            out[i] = label
    return out


def sequences(tree: Tree, quotes: QuotationIndex) -> list[list[list[str]]]:
    """The Doc as crfsuite reads it: per sentence, per token, its ``template=value`` features."""
    cols = columns(tree, quotes)
    return [
        [[f"{name}={values[i]}" for name, values in cols] for i in range(first, end)]
        for first, end in tree.sentence_bounds
    ]


def fit(docs: Sequence[tuple[Tree, QuotationIndex, list[str]]], path: str | Path) -> Tagger:
    """Train a CRF (crfsuite) on ``(tree, quotation index, token labels)`` triples; its file
    goes to ``path``, its weights into the returned :class:`Tagger`."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for tree, quotes, labels in docs:
        for (first, end), items in zip(tree.sentence_bounds, sequences(tree, quotes), strict=True):
            trainer.append(items, labels[first:end])
    trainer.set_params(PARAMS)
    trainer.train(str(path))
    return Tagger.from_crfsuite(path)


class Tagger:
    """A trained linear-chain CRF as its weights: one row of label scores per attribute
    (``template=value``) and a label-to-label transition matrix.

    crfsuite trains it; its marginals are computed here, with numpy, for all sentences of a
    Doc at once (forward-backward over 4 labels): crfsuite's tagger takes the features one
    string at a time and the marginals one call per token and label, which cost more than
    the whole decision model."""

    def __init__(self, attributes: list[str], weights: np.ndarray, transitions: np.ndarray) -> None:
        self.attributes = attributes
        self.weights = np.asarray(weights, dtype=np.float64)  # attributes × LABELS
        self.transitions = np.asarray(transitions, dtype=np.float64)  # from × to
        #: template → value → row of ``weights`` (the last row, all zero, is any unseen value)
        self.rows: dict[str, dict[str, int]] = {}
        for k, attr in enumerate(attributes):
            name, _, value = attr.partition("=")
            self.rows.setdefault(name, {})[value] = k
        self._scores = np.vstack([self.weights, np.zeros((1, len(LABELS)))])
        self._step = np.exp(self.transitions)

    @classmethod
    def from_crfsuite(cls, path: str | Path) -> Tagger:
        """The weights of a crfsuite model file (attributes with no weight are left out)."""
        import pycrfsuite

        crf = pycrfsuite.Tagger()
        crf.open(str(path))
        info = crf.info()
        crf.close()
        names = sorted({attr for attr, _ in info.state_features})
        row = {attr: k for k, attr in enumerate(names)}
        col = {label: k for k, label in enumerate(LABELS)}
        weights = np.zeros((len(names), len(LABELS)))
        for (attr, label), w in info.state_features.items():
            weights[row[attr], col[label]] = w
        transitions = np.zeros((len(LABELS), len(LABELS)))
        for (a, b), w in info.transitions.items():
            transitions[col[a], col[b]] = w
        return cls(names, weights, transitions)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        np.savez_compressed(
            out,
            labels=np.frombuffer("\n".join(LABELS).encode(), dtype=np.uint8),
            attributes=np.frombuffer("\n".join(self.attributes).encode(), dtype=np.uint8),
            weights=self.weights.astype(np.float32),
            transitions=self.transitions.astype(np.float32),
        )
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Tagger:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            labels = tuple(npz["labels"].tobytes().decode().split("\n"))
            if labels != LABELS:
                raise ValueError(f"the tagger's labels are {labels}, expected {LABELS}")
            text = npz["attributes"].tobytes().decode()
            return cls(text.split("\n") if text else [], npz["weights"], npz["transitions"])

    def scores(self, tree: Tree, quotes: QuotationIndex) -> np.ndarray:
        """Every token's label scores (tokens × :data:`LABELS`): the sum of its attributes' rows."""
        missing = len(self.attributes)
        rows: list[int] = []
        for name, values in columns(tree, quotes):
            rows += map(self.rows.get(name, {}).get, values, repeat(missing))
        n = len(tree.head)
        return self._scores[rows].reshape(-1, n, len(LABELS)).sum(axis=0)

    def marginals(self, tree: Tree, quotes: QuotationIndex) -> Marginals:
        """``P(label)`` for every token and label of :data:`LABELS`, by forward-backward over
        each sentence, all sentences a step at a time: forward with the sentences aligned on
        their first token, backward aligned on their last (padding: a token that scores all
        labels alike, which only ever follows or precedes the positions that count)."""
        n = len(tree.head)
        if not n:
            return Marginals(tree, np.zeros((0, len(LABELS)), dtype=np.float32))
        scores = self.scores(tree, quotes)
        emit = np.vstack([np.exp(scores - scores.max(axis=1, keepdims=True)), np.ones((1, len(LABELS)))])
        sentences = tree.sentence_bounds
        lengths = np.array([e - f for f, e in sentences])
        firsts = np.array([f for f, _ in sentences])
        longest = int(lengths.max())
        steps = np.arange(longest)[None, :]
        inside = steps < lengths[:, None]
        left = np.where(inside, firsts[:, None] + steps, n)  # row n of emit: the padding
        right = np.where(steps >= longest - lengths[:, None], firsts[:, None] + steps - (longest - lengths[:, None]), n)
        forward, backward = emit[left], emit[right]
        step, back = self._step, self._step.T
        alpha = np.empty_like(forward)
        a = forward[:, 0]
        for t in range(longest):
            if t:
                a = (a @ step) * forward[:, t]
            alpha[:, t] = a = a / a.sum(axis=1, keepdims=True)
        beta = np.empty_like(backward)
        b = np.ones_like(backward[:, 0])
        beta[:, -1] = b
        for t in range(longest - 2, -1, -1):
            b = (backward[:, t + 1] * b) @ back
            beta[:, t] = b = b / b.sum(axis=1, keepdims=True)
        out = np.empty((n, len(LABELS)), dtype=np.float32)
        joint = alpha[inside] * beta[right < n]  # both in token order
        out[left[inside]] = joint / joint.sum(axis=1, keepdims=True)
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
        word = ~np.array(tree.edge, dtype=bool)
        #: words[i], content_sum[i], source_sum[i]: how many words come before token i, and their sums
        zero = np.zeros(1)
        self.words: list[int] = np.concatenate([zero, np.cumsum(word)]).astype(int).tolist()
        self.content_sum: list[float] = np.concatenate([zero, np.cumsum(array[:, 1] * word)]).tolist()
        self.source_sum: list[float] = np.concatenate([zero, np.cumsum(array[:, 2] * word)]).tolist()
        #: the content marginal of words, 2.0 elsewhere (so that min() sees words only)
        self.masked: list[float] = np.where(word, array[:, 1], 2.0).tolist()
        ids = np.arange(n)
        #: the first word at or after token i (n: none), the last word at or before it (-1: none)
        nxt = np.minimum.accumulate(np.where(word, ids, n)[::-1])[::-1] if n else ids
        self.next_word: list[int] = [*nxt.tolist(), n]
        self.prev_word: list[int] = (np.maximum.accumulate(np.where(word, ids, -1)) if n else ids).tolist()


#: a marginal (or a mean of marginals), in steps
_bucket = Steps((0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95))


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
    words, sums = marg.words, marg.content_sum
    if len(ranges) == 1:  # most contents: one piece
        ((a, b),) = ranges
        n, total = words[b] - words[a], sums[b] - sums[a]
        if n:
            least, first, last = min(marg.masked[a:b]), marg.next_word[a], marg.prev_word[b - 1]
    else:
        n = sum(words[b] - words[a] for a, b in ranges)
        total = sum(sums[b] - sums[a] for a, b in ranges)
        if n:
            least = min(min(marg.masked[a:b]) for a, b in ranges if b > a)
            first = next(j for a, b in ranges if (j := marg.next_word[a]) < b)
            last = next(j for a, b in reversed(ranges) if b > a and (j := marg.prev_word[b - 1]) >= a)
    if n:
        mean = _bucket(total / n)
        before = marg.prev_word[first - 1] if first > 0 else -1
        after = marg.next_word[last + 1]
        content = marg.content
        f += [
            f"crf_c_mean={mean}",
            f"crf_c_mean={mean}|kind={kind}",
            f"crf_c_min={_bucket(least)}",
            f"crf_c_first={_bucket(content[first])}",
            f"crf_c_last={_bucket(content[last])}",
            f"crf_c_before={_bucket(content[before]) if before >= 0 else '-'}",
            f"crf_c_after={_bucket(content[after]) if after < len(content) else '-'}",
        ]
    if cand.source is not None:
        ((a, b),) = _ranges(tree, [cand.source])
        n = words[b] - words[a]
        if n:
            ps = _bucket((marg.source_sum[b] - marg.source_sum[a]) / n)
            f += [f"crf_s={ps}", f"crf_s={ps}|kind={kind}"]
    else:
        f.append("crf_s=none")
    if cand.cue_head is not None:
        q = _bucket(marg.cue[cand.cue_head])
        f += [f"crf_q={q}", f"crf_q={q}|kind={kind}"]
    return f
