"""The attribution model: learned candidates, a linear scorer, calibration, a threshold.

Rules and learned paths propose; every proposal gets features (:mod:`.features`)
and a logistic score, mapped to a calibrated probability that the attribution is
right (content and source, by the metrics of :mod:`saywho.evaluate`). Proposals
below the threshold tuned on dev are dropped, then :func:`saywho.detect.decide`
keeps the most probable one for each stretch of text.
"""

from __future__ import annotations

import gzip
import json
import math
import zipfile
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from itertools import repeat
from pathlib import Path

from spacy.tokens import Doc

from ..detect import absorb_quotations, check_source, decide, propose
from ..detect.candidate import Candidate
from ..detect.quotes import words
from ..errors import ModelError
from ..text import doc_text
from ..types import union
from .bounds import Bounds
from .candidates import Grammar, Tree, propose_paths
from .features import complete, features, is_topic, reported
from .tagger import Tagger, candidate_features
from .variants import continuations

#: the model setting that turns the learned model off: the rules alone decide
RULES = "rules"
FORMAT = "saywho-model/1"
WEIGHTS = "model.json.gz"
CARD = "MODEL_CARD.md"
#: the token tagger: its weights, trained by crfsuite (a numpy archive: attributes, weights, transitions)
TAGGER = "tagger.npz"
#: raw scores below this are never kept, whatever the threshold (saves the decision step work)
FLOOR = 0.02


def default_path() -> Path:
    """The model shipped inside the package."""
    return Path(str(resources.files("saywho.models") / "attribution"))


@dataclass
class Calibration:
    """Isotonic map from raw logistic score to probability: breakpoints and values."""

    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)

    def __call__(self, raw: float) -> float:
        if not self.x:
            return raw
        k = bisect_right(self.x, raw)
        if k == 0:
            return self.y[0]
        if k == len(self.x):
            return self.y[-1]
        x0, x1, y0, y1 = self.x[k - 1], self.x[k], self.y[k - 1], self.y[k]
        return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1


@dataclass
class AttributionModel:
    """Everything inference needs, loadable from one small JSON file."""

    grammar: Grammar
    weights: dict[str, float]
    bias: float = 0.0
    threshold: float = 0.5
    #: the threshold for content without quotation marks (None: ``threshold``); higher, because a
    #: clause under a verb is more often narration than someone's words
    unquoted_threshold: float | None = None
    calibration: Calibration = field(default_factory=Calibration)
    bounds: Bounds = field(default_factory=Bounds)
    #: from an output's first-stage probability to the probability that the output, as joined and
    #: bounded, is right (empty: the identity)
    recalibration: Calibration = field(default_factory=Calibration)
    #: the token tagger whose marginals are features (None: a model trained without one)
    tagger: Tagger | None = None
    meta: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ persistence

    def save(self, directory: str | Path) -> Path:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "grammar": self.grammar.to_dict(),
            "bias": self.bias,
            "threshold": self.threshold,
            "unquoted_threshold": self.unquoted_threshold,
            "calibration": {"x": self.calibration.x, "y": self.calibration.y},
            "bounds": self.bounds.to_dict(),
            "recalibration": {"x": self.recalibration.x, "y": self.recalibration.y},
            "tagger": self.tagger is not None,
            "meta": self.meta,
            "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-5},
        }
        path = out / WEIGHTS
        with gzip.GzipFile(path, "wb", mtime=0) as fh:  # mtime=0: same content, same bytes
            fh.write(json.dumps(data, sort_keys=True, separators=(",", ":")).encode())
        if self.tagger is not None:
            (out / TAGGER).write_bytes(self.tagger.to_bytes())
        return path

    @classmethod
    def load(cls, directory: str | Path | None = None) -> AttributionModel:
        """The model in ``directory`` (a folder holding model.json.gz), or the shipped one."""
        if directory is None:  # read through importlib.resources: works from a zip too
            root: Path | str = "the shipped model"
            folder: Traversable | Path = resources.files("saywho.models").joinpath("attribution")
            weights = folder.joinpath(WEIGHTS)
        else:
            root = Path(directory)
            folder = root if root.is_dir() else root.parent
            weights = root / WEIGHTS if root.is_dir() else root
        try:
            with weights.open("rb") as raw, gzip.open(raw, "rb") as fh:
                data = json.loads(fh.read())
            crf = folder.joinpath(TAGGER)
            tagger = Tagger.from_bytes(crf.read_bytes()) if data.get("tagger") and crf.is_file() else None
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ModelError(f"{root}: not a saywho attribution model ({exc}); train one with `saywho train`") from None
        if data.get("format") != FORMAT:
            raise ModelError(f"{root}: unsupported model format {data.get('format')!r}, expected {FORMAT}")
        if data.get("tagger") and tagger is None:
            raise ModelError(
                f"{root}: the model needs its token tagger {TAGGER} beside {WEIGHTS}; copy the whole folder"
            )
        cal = data.get("calibration") or {}
        recal = data.get("recalibration") or {}
        return cls(
            grammar=Grammar.from_dict(data["grammar"]),
            weights=data["weights"],
            bias=data.get("bias", 0.0),
            threshold=data.get("threshold", 0.5),
            unquoted_threshold=data.get("unquoted_threshold"),
            calibration=Calibration(cal.get("x", []), cal.get("y", [])),
            bounds=Bounds.from_dict(data.get("bounds")),
            recalibration=Calibration(recal.get("x", []), recal.get("y", [])),
            tagger=tagger,
            meta=data.get("meta", {}),
        )

    # ------------------------------------------------------------------ inference

    def candidates(
        self, doc: Doc, headlines: list[tuple[int, int]] | None = None, tree: Tree | None = None
    ) -> tuple[list[Candidate], list[list[str]]]:
        """Rule and learned-path candidates with their features."""
        cands, feats, _ = self._candidates(doc, headlines, tree or Tree(doc), None)
        return cands, feats

    def _candidates(
        self, doc: Doc, headlines: list[tuple[int, int]] | None, tree: Tree, floor: float | None
    ) -> tuple[list[Candidate], list[list[str]], list[float]]:
        """The candidates, their features and their logits. With a ``floor``, candidates that
        could not reach it whatever the tagger says of them are left out before the tagger's
        features are read (most proposals score far below)."""
        rules, index = propose(doc, headlines)
        extra = list(propose_paths(doc, self.grammar, tree))
        for cand in extra:
            absorb_quotations(cand, index, set())
            check_source(doc, cand, index)
        cands = rules + extra
        text = doc_text(doc)
        cues: dict[int, int | None] = {}
        cands += [v for cand in cands for v in continuations(doc, cand, index, text, cues)]
        lines = headlines or []
        said = reported(text, rules)
        marg = tree.marginals = self.tagger.marginals(tree, index) if self.tagger is not None else None
        lowest = -math.inf if floor is None else math.log(floor / (1.0 - floor)) - self.tagger_gain
        kept, feats, logits = [], [], []
        for cand in cands:
            complete(doc, cand)
            if is_topic(tree, cand):
                continue
            headline = any(s <= cand.start < e for s, e in lines)
            f = features(tree, text, cand, index, headline, said, self.grammar.cue_rates or None)
            z = self.logit(f)
            # the tagger learned from body sentences: a headline's "CLAIM – Speaker" is not one
            if marg is not None and not headline:
                if z < lowest:
                    continue
                tagged = candidate_features(tree, cand, marg)
                f += tagged
                z += sum(map(self.weights.get, tagged, repeat(0.0)))
            kept.append(cand)
            feats.append(f)
            logits.append(z)
        return kept, feats, logits

    @cached_property
    def tagger_gain(self) -> float:
        """The most the tagger's features can add to a candidate's logit: each of their groups
        (``crf_c_mean=…``, ``crf_c_mean=…|kind=…``, …) gives one feature at most."""
        best: dict[str, float] = {}
        for name, w in self.weights.items():
            if name.startswith("crf_"):
                group = name.split("=")[0] + ("|kind" if "|kind=" in name else "")
                best[group] = max(best.get(group, 0.0), w)
        return sum(best.values())

    def logit(self, feats: list[str]) -> float:
        return self.bias + sum(map(self.weights.get, feats, repeat(0.0)))

    def raw(self, feats: list[str]) -> float:
        """The logistic model's probability, before calibration."""
        return _sigmoid(self.logit(feats))

    def decide(self, cands: list[Candidate], feats: list[list[str]], floor: float = FLOOR) -> list[Candidate]:
        """One candidate per stretch of text, best raw score first; ``score`` = calibrated probability.

        Deciding on the raw score and calibrating afterwards keeps the ranking strict
        (isotonic steps would tie); since calibration is monotone, a threshold on the
        calibrated probability is a threshold on the raw one.
        """
        return self._decide(cands, [self.logit(f) for f in feats], floor)

    def _decide(self, cands: list[Candidate], logits: list[float], floor: float) -> list[Candidate]:
        scored = []
        for cand, z in zip(cands, logits, strict=True):
            cand.score = _sigmoid(z)
            if cand.score >= floor:
                scored.append(cand)
        kept = decide(scored)
        for cand in kept:
            cand.score = round(self.calibration(cand.score), 4)
        return kept

    def keep(self, decided: list[Candidate], tree: Tree) -> list[Candidate]:
        """The decided attributions that reach the threshold, joined by cue, their boundaries moved."""
        kept = keep(decided, self.threshold, doc_text(tree.doc), self.unquoted_threshold)
        self.bounds.apply(tree, kept)
        for cand in kept:
            cand.score = round(self.recalibration(cand.score), 4)
        return kept

    def detect(self, doc: Doc, headlines: list[tuple[int, int]] | None = None) -> list[Candidate]:
        """The attributions in ``doc`` whose calibrated probability reaches the threshold.

        Candidates scored below the threshold are left out of the decision: the decision
        goes from the best score down, so they could only ever block one scored lower still.
        """
        tree = Tree(doc)
        floor = max(FLOOR, self.raw_floor)
        cands, _, logits = self._candidates(doc, headlines, tree, floor)
        return self.keep(self._decide(cands, logits, floor), tree)

    @property
    def raw_floor(self) -> float:
        """The highest raw score below the threshold once calibrated (calibration is monotone, so bisect)."""
        lowest = self.threshold if self.unquoted_threshold is None else min(self.threshold, self.unquoted_threshold)
        lo, hi = 0.0, 1.0
        for _ in range(30):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if self.calibration(mid) >= lowest else (mid, hi)
        return lo


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


#: readings of one cue join when at most this many words stand between them
JOIN_GAP = 2


def keep(decided: list[Candidate], threshold: float, text: str, unquoted: float | None = None) -> list[Candidate]:
    """The decided attributions that reach the threshold (``unquoted`` for content without
    quotation marks), one per cue (:func:`join_by_cue`)."""
    low = threshold if unquoted is None else unquoted
    return join_by_cue([c for c in decided if c.score >= (threshold if c.quoted else low)], text)


def join_by_cue(kept: list[Candidate], text: str) -> list[Candidate]:
    """One attribution per cue: kept readings of the same cue next to each other become one.

    PolNeAR gives a cue all its arguments as one content ("condemned [the test] as
    [a grave threat]"), which the proposals often split between a cue's object and its
    complement. Readings further apart (another clause, another sentence) or on both
    sides of the cue are rival readings, of which only the best scored one is kept; direct
    quotes stay apart: two quotations one cue seems to introduce are two quotes.
    """
    groups: dict[tuple, list[Candidate]] = {}
    out: list[Candidate] = []
    for cand in kept:
        if cand.cue and not cand.direct:
            groups.setdefault(tuple(cand.cue), []).append(cand)
        else:
            out.append(cand)
    for cue, group in groups.items():
        group.sort(key=lambda c: c.start)
        runs = [[group[0]]]
        for cand in group[1:]:
            end = max(c.end for c in runs[-1])
            gap = text[end : cand.start]
            between = end <= cue[0][0] < cand.start  # a reading before the cue and one after it
            if len(words(gap)) <= JOIN_GAP and "\n" not in gap and "." not in gap and not between:
                runs[-1].append(cand)
            else:
                runs.append([cand])
        joined = []
        for run in runs:
            best = max(run, key=lambda c: c.score)
            if len(run) > 1:
                content = union([p for c in run for p in c.content])
                best = replace(best, content=content, quoted=union([p for c in run for p in c.quoted]))
            joined.append(best)
        # one cue, one content: readings apart from each other (the clause a participle hangs
        # from and the participle's own complement) are rival readings, and the best one stands
        out.append(max(joined, key=lambda c: c.score))
    return sorted(out, key=lambda c: c.start)


_LOADED: dict[str, AttributionModel] = {}


def load_model(path: str | Path | None = None) -> AttributionModel:
    """A model loaded once per process and path (``None``: the shipped model)."""
    key = str(path or "")
    if key not in _LOADED:
        _LOADED[key] = AttributionModel.load(path)
    return _LOADED[key]


def model_setting(model: str | Path | None = None) -> AttributionModel | None:
    """The attribution model a ``model`` setting names: ``None``/``""`` the one shipped with saywho,
    ``"rules"`` none (the rules alone), else a folder written by ``saywho train``."""
    return None if model == RULES else load_model(model or None)


def check_attribution_model(model: str | None = None) -> None:
    """Load the attribution model once, so a bad ``model`` fails here (ModelError naming it), not in a worker."""
    model_setting(model)
