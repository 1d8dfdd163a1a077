"""Training the attribution model on a brat split (PolNeAR train), tuned on another (dev).

Steps, all deterministic for the same data and seed:

1. parse every article with the spaCy pipeline saywho uses at run time;
2. learn the grammar: the lemmas that head cues and the dependency paths from a cue
   to its content and source heads, counted over the gold attributions;
3. propose candidates (rules + learned paths) and label each one correct when it
   matches a gold attribution by the evaluation's own test (content Dice >= 0.5 and
   a shared source token);
4. fit a logistic regression on binary features, for a few regularisation strengths;
5. calibrate: 5-fold out-of-fold runs over train give the raw score of every
   attribution the model would output, and whether it was right; isotonic regression
   maps raw score to probability;
6. pick the regularisation and the probability threshold with the best attribution
   F1 on dev, report dev metrics and calibration error, write weights and card.
"""

from __future__ import annotations

import platform
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from .. import __version__
from .. import nlp as nlp_mod
from ..detect import detect as detect_rules
from ..detect.candidate import Candidate
from ..detect.marks import QuotationIndex, find_quotations
from ..errors import InputError
from ..evaluate import GoldArticle, Report, Tokens, can_match, dice, load_brat, match, score
from ..readers import read_text
from ..readers.markup import plain_view
from ..text import doc_text
from ..types import Quote, Span
from .bounds import Bounds, choices, gold_token
from .candidates import Grammar, Tree, cue_lemma
from .model import CARD, AttributionModel, Calibration, keep
from .paths import dep_path, top
from .tagger import Tagger, token_labels
from .tagger import fit as fit_tagger

Progress = Callable[[str, int, int], None]
C_GRID = (0.05, 0.1, 0.2, 0.4)
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 17))
MIN_PATH = 5  # a content/source path must link at least this many gold pairs
MIN_CUE = 2  # a lemma must head at least this many gold cues
MIN_CUE_RATE = 0.01  # ... and at least this share of its occurrences ("of", "the" are too rarely cues to try)
MIN_FEATURE = 2  # a feature must fire on at least this many training candidates
FOLDS = 5
#: the precision that attributions without quotation marks must reach on dev (a clause under a
#: verb needs more evidence than a quotation to be someone's words)
UNQUOTED_PRECISION = 75.0
BOUNDS_C = 0.3  # regularisation of the boundary model (0.1-1.0 all within 0.2 points on dev)


@dataclass
class Parsed:
    """One article ready for training: gold, parsed Doc, headline ranges."""

    gold: GoldArticle
    doc: Doc
    headlines: list[tuple[int, int]]


def parse(
    articles: list[GoldArticle], spacy_model: str | None = None, progress: Progress | None = None
) -> list[Parsed]:
    """Parse as :class:`saywho.Pipeline` does (plain view, headline ranges), without saywho."""
    nlp = nlp_mod.load(spacy_model, with_saywho=False)
    read = [read_text(a.text, id=a.id) for a in articles]
    heads = [art.headline_ranges() for art in read]
    out: list[Parsed] = []
    docs = nlp.pipe((plain_view(a.text) for a in articles), batch_size=8)
    for k, (gold, doc, lines) in enumerate(zip(articles, docs, heads, strict=True), 1):
        out.append(Parsed(gold, doc, lines))
        if progress:
            progress("parse", k, len(articles))
    return out


def _tokens(doc: Doc, spans: list[tuple[int, int]]) -> list[int]:
    ids: set[int] = set()
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            ids.update(t.i for t in span if not t.is_space)
    return sorted(ids)


def learn_grammar(data: Iterable[Parsed]) -> Grammar:
    """Cue lemmas and cue→content / cue→source paths, counted over the gold attributions.

    The thresholds trade recall for speed: every kept lemma and path is tried on
    every article at run time.
    """
    lemmas: Counter[str] = Counter()
    content: Counter[str] = Counter()
    source: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for item in data:
        doc = item.doc
        seen.update(cue_lemma(t) for t in doc)
        for att in item.gold.attributions:
            cue = top(doc, _tokens(doc, att.cue))
            if cue is None:
                continue
            lemmas[cue_lemma(doc[cue])] += 1
            head = top(doc, _tokens(doc, att.content))
            if head is not None and (path := dep_path(doc[cue], doc[head])):
                content[path] += 1
            src = top(doc, _tokens(doc, att.source))
            if src is not None and (path := dep_path(doc[cue], doc[src])):
                source[path] += 1

    def ranked(c: Counter[str], n: int) -> list[str]:
        return [p for p, k in sorted(c.items(), key=lambda x: (-x[1], x[0])) if k >= n and p != "="]

    cues = frozenset(lem for lem, k in lemmas.items() if k >= MIN_CUE and k >= MIN_CUE_RATE * seen[lem])
    return Grammar(
        cue_lemmas=cues,
        content_paths=ranked(content, MIN_PATH),
        source_paths=ranked(source, MIN_PATH),
        cue_rates={lem: min(1.0, lemmas[lem] / seen[lem]) for lem in cues if seen[lem]},
    )


def _quote(text: str, cand: Candidate, k: int) -> Quote:
    return Quote(
        id=f"q{k}",
        kind=cand.kind,  # type: ignore[arg-type]  # candidates carry kind as a plain str of the Kind values
        content=Span.of(text, cand.content),
        source=Span.of(text, [cand.source]) if cand.source else None,
        confidence=cand.score,
    )


def labels(gold: GoldArticle, cands: list[Candidate]) -> list[int]:
    """1 when a candidate would be a correct attribution for some gold one, else 0.

    Candidates with the same cue, source and first piece (the continuations of a
    quote, or a rule's and a learned path's proposal of one clause) compete: only
    those whose content is closest to the gold are labelled 1, so the model learns
    which extent is right, not only that several would pass.
    """
    toks = Tokens(gold.text)
    g = [(toks.cover(a.content), toks.cover(a.source)) for a in gold.attributions]
    best: list[float] = []
    for cand in cands:
        content = toks.cover(cand.content)
        source = toks.cover([cand.source]) if cand.source else frozenset()
        ok = [dice(content, gc) for gc, gs in g if can_match(content, gc) and (bool(source & gs) or not (source or gs))]
        best.append(max(ok, default=0.0))
    top: dict[tuple, float] = {}
    for cand, d in zip(cands, best, strict=True):
        key = family(cand)
        top[key] = max(top.get(key, 0.0), d)
    return [int(d > 0 and d >= top[family(c)] - 1e-9) for c, d in zip(cands, best, strict=True)]


def family(cand: Candidate) -> tuple:
    """What the readings of one proposal share: cue, source and where the content starts."""
    return (tuple(cand.cue or ()), cand.source, cand.content[0][0])


def outcomes(gold: GoldArticle, kept: list[Candidate]) -> list[int]:
    """Whether each output attribution is correct under the evaluation's one-to-one matching."""
    toks = Tokens(gold.text)
    g_content = [toks.cover(a.content) for a in gold.attributions]
    g_source = [toks.cover(a.source) for a in gold.attributions]
    p_content = [toks.cover(c.content) for c in kept]
    p_source = [toks.cover([c.source]) if c.source else frozenset() for c in kept]
    out = [0] * len(kept)
    for i, j in match(g_content, p_content):
        out[i] = int(bool(p_source[i] & g_source[j]) or not (p_source[i] or g_source[j]))
    return out


class Featurised:
    """Candidates and their features for a set of parsed articles, under one grammar."""

    def __init__(
        self,
        data: list[Parsed],
        grammar: Grammar,
        progress: Progress | None = None,
        taggers: Sequence[Tagger | None] | None = None,
    ) -> None:
        """``taggers[a]`` gives article ``a`` its tagger features (one that never saw it, for train)."""
        probe = AttributionModel(grammar=grammar, weights={})
        self.data = data
        self.cands: list[list[Candidate]] = []
        self.feats: list[list[list[str]]] = []
        self.y: list[list[int]] = []
        self._trees: dict[int, Tree] = {}
        for k, item in enumerate(data, 1):
            probe.tagger = taggers[k - 1] if taggers is not None else None
            tree = self._trees[k - 1] = Tree(item.doc)  # holds the tagger's marginals for the boundary model
            cands, feats = probe.candidates(item.doc, item.headlines, tree)
            self.cands.append(cands)
            self.feats.append(feats)
            self.y.append(labels(item.gold, cands))
            if progress:
                progress("candidates", k, len(data))

    def drop(self, pairs: frozenset[tuple[str, str]]) -> None:
        """Leave out the learned-path candidates of the (cue, path) ``pairs`` (and their
        continuations), as proposing them would have."""
        for a, cands in enumerate(self.cands):
            keep = [k for k, c in enumerate(cands) if c.rule != "path" or (c.cue_lemma, c.path) not in pairs]
            self.cands[a] = [cands[k] for k in keep]
            self.feats[a] = [self.feats[a][k] for k in keep]
            self.y[a] = [self.y[a][k] for k in keep]

    def tree(self, a: int) -> Tree:
        """The parse of article ``a`` as lists, built once."""
        if a not in self._trees:
            self._trees[a] = Tree(self.data[a].doc)
        return self._trees[a]


#: a (cue, path) pair is barren after this many proposals in train, none of them right
BARREN_AFTER = 5


def barren_pairs(tr: Featurised) -> frozenset[tuple[str, str]]:
    """The (cue, path) pairs of learned-path proposals that were never right in train, over
    at least :data:`BARREN_AFTER` proposals: on PolNeAR train about a fifth of all
    candidates, which the decision model would only ever turn down."""
    seen: Counter[tuple[str, str]] = Counter()
    right: set[tuple[str, str]] = set()
    for cands, ys in zip(tr.cands, tr.y, strict=True):
        for cand, y in zip(cands, ys, strict=True):
            if cand.rule == "path" and cand.cue_lemma is not None and cand.path is not None:
                pair = (cand.cue_lemma, cand.path)
                seen[pair] += 1
                if y:
                    right.add(pair)
    return frozenset(pair for pair, n in seen.items() if n >= BARREN_AFTER and pair not in right)


def fit_taggers(data: list[Parsed], work: Path) -> tuple[list[Tagger], Tagger]:
    """The token tagger on all of ``data``, and for each article one trained on the half of
    ``data`` without it (so that its features on train look as they will on unseen text)."""
    docs = []
    for item in data:
        doc = item.doc
        tree = Tree(doc)
        atts = item.gold.attributions
        labels = token_labels(
            len(doc),
            (i for a in atts for i in _tokens(doc, a.content)),
            (i for a in atts for i in _tokens(doc, a.source)),
            (i for a in atts for i in _tokens(doc, a.cue)),
        )
        docs.append((tree, QuotationIndex(find_quotations(doc_text(doc))), labels))
    halves = [docs[0::2], docs[1::2]]
    half = [fit_tagger(halves[k], work / f"half{k}.crfsuite") for k in (0, 1)]
    full = fit_tagger(docs, work / "all.crfsuite")
    return [half[1 - a % 2] for a in range(len(data))], full


def _matrix(feats: list[list[str]], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for r, f in enumerate(feats):
        for name in f:
            c = vocab.get(name)
            if c is not None:
                rows.append(r)
                cols.append(c)
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(feats), len(vocab)))


def logistic(feats: list[list[str]], labels: list[int], C: float, seed: int) -> tuple[dict[str, float], float]:
    """Weights by feature name and bias of a logistic regression over binary string features."""
    from sklearn.linear_model import LogisticRegression

    y = np.array(labels)
    counts = Counter(name for f in feats for name in set(f))
    vocab = {name: k for k, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_FEATURE))}
    X = _matrix(feats, vocab)
    if len(set(y.tolist())) < 2:
        raise ValueError("every training example has the same label")
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=seed)
    clf.fit(X, y)
    names = sorted(vocab, key=vocab.__getitem__)
    return {n: float(w) for n, w in zip(names, clf.coef_[0], strict=True)}, float(clf.intercept_[0])


def fit(sets: Featurised, articles: Iterable[int], C: float, seed: int) -> AttributionModel:
    """A logistic regression over the candidates of ``articles``, as an (uncalibrated) model."""
    idx = list(articles)
    weights, bias = logistic([f for a in idx for f in sets.feats[a]], [v for a in idx for v in sets.y[a]], C, seed)
    return AttributionModel(grammar=Grammar(), weights=weights, bias=bias)


def boundary_examples(sets: Featurised, output: list[list[Candidate]]) -> tuple[list[list[str]], list[int]]:
    """Every boundary option of the output attributions that match a gold one (for a source, one
    whose source shares a word with the gold's) whose own boundary is among the options,
    labelled 1 for the gold boundary."""
    feats: list[list[str]] = []
    y: list[int] = []
    for a, kept in enumerate(output):
        gold = sets.data[a].gold
        toks = Tokens(gold.text)
        g_content = [toks.cover(g.content) for g in gold.attributions]
        tree = sets.tree(a)
        for i, j in match(g_content, [toks.cover(c.content) for c in kept]):
            want = gold.attributions[j]
            src = kept[i].source
            same_source = src is not None and bool(toks.cover([src]) & toks.cover(want.source))
            for choice in choices(tree, kept[i], kept):
                if choice.role == "s" and not same_source:
                    continue
                right = gold_token(tree, want.content if choice.role == "c" else want.source, choice.side)
                if right in choice.options:
                    feats += choice.feats
                    y += [int(o == right) for o in choice.options]
    return feats, y


def fit_bounds(sets: Featurised, output: list[list[Candidate]], seed: int) -> Bounds:
    """The boundary model, from the output of the decision model on ``sets``."""
    feats, y = boundary_examples(sets, output)
    if len(set(y)) < 2:
        return Bounds()
    return Bounds(logistic(feats, y, BOUNDS_C, seed)[0])


def run(
    model: AttributionModel, sets: Featurised, articles: Iterable[int]
) -> tuple[list[list[Candidate]], list[float], list[int]]:
    """Decide every article (raw scores, no threshold); outputs, raw scores, correctness."""
    calib, model.calibration = model.calibration, Calibration()
    outs: list[list[Candidate]] = []
    raws: list[float] = []
    right: list[int] = []
    for a in articles:
        kept = model.decide(sets.cands[a], sets.feats[a])
        outs.append(kept)
        raws.extend(c.score for c in kept)
        right.extend(outcomes(sets.data[a].gold, kept))
    model.calibration = calib
    return outs, raws, right


def final(
    sets: Featurised,
    outs: list[list[Candidate]],
    threshold: float,
    calibration: Calibration,
    bounds: Bounds | None = None,
    unquoted: float | None = None,
    articles: Iterable[int] | None = None,
) -> list[list[Candidate]]:
    """What the model outputs from decided attributions with raw scores (copies: :meth:`AttributionModel.decide`
    rescores the candidates it is given in place), as :meth:`AttributionModel.keep` does before its
    recalibration; ``outs`` are those of ``articles`` (default: every article of ``sets``)."""
    output = []
    for a, kept in zip(range(len(outs)) if articles is None else articles, outs, strict=True):
        out = keep([replace(c, score=calibration(c.score)) for c in kept], threshold, sets.data[a].gold.text, unquoted)
        if bounds is not None:
            bounds.apply(sets.tree(a), out)
        output.append(out)
    return output


def tune_thresholds(
    sets: Featurised, outs: list[list[Candidate]], model: AttributionModel
) -> tuple[Report, float, float, list[list[Candidate]]]:
    """The threshold pair (quoted, unquoted) with the best attribution F1 among those whose
    precision on content without quotation marks reaches :data:`UNQUOTED_PRECISION` (the best
    overall when none does), and its report and output."""
    best = None
    for t in THRESHOLDS:
        for tu in (u for u in THRESHOLDS if u >= t):
            output = final(sets, outs, t, model.calibration, model.bounds, tu)
            rep = metrics(sets, output)
            key = (rep.unquoted_precision >= UNQUOTED_PRECISION, rep.attribution_f1)
            if best is None or key > best[0]:
                best = (key, rep, t, tu, output)
    assert best is not None  # THRESHOLDS is not empty
    return best[1], best[2], best[3], best[4]


def metrics(sets: Featurised, output: list[list[Candidate]]) -> Report:
    predicted = {
        item.gold.id: [_quote(item.gold.text, c, k) for k, c in enumerate(kept, 1)]
        for item, kept in zip(sets.data, output, strict=True)
    }
    return score([i.gold for i in sets.data], predicted)


def ece(probs: list[float], right: list[int], bins: int = 10) -> float:
    """Expected calibration error: |accuracy - confidence| per equal-width bin, weighted by size."""
    if not probs:
        return 0.0
    p, r = np.array(probs), np.array(right)
    which = np.minimum((p * bins).astype(int), bins - 1)
    return float(
        sum(
            abs(r[which == b].mean() - p[which == b].mean()) * (which == b).sum()
            for b in range(bins)
            if (which == b).any()
        )
        / len(p)
    )


def recalibrate(sets: Featurised, folds: list[list[int]], model: AttributionModel, C: float, seed: int) -> Calibration:
    """The map from an output's first-stage probability to the share of such outputs that are
    right, over out-of-fold outputs of ``sets`` made exactly as :meth:`AttributionModel.keep` makes them."""
    probs: list[float] = []
    right: list[int] = []
    everything = [a for f in folds for a in f]
    for held in folds:
        held_out = set(held)
        m = fit(sets, [a for a in everything if a not in held_out], C, seed)
        m.grammar = model.grammar
        outs, _, _ = run(m, sets, held)
        output = final(sets, outs, model.threshold, model.calibration, model.bounds, model.unquoted_threshold, held)
        for a, kept in zip(held, output, strict=True):
            probs += [c.score for c in kept]
            right += outcomes(sets.data[a].gold, kept)
    return calibrate(probs, right)


def calibrate(raws: list[float], right: list[int]) -> Calibration:
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raws, right)
    return Calibration([float(x) for x in iso.X_thresholds_], [round(float(y), 4) for y in iso.y_thresholds_])


def train(
    train_dir: str | Path,
    dev_dir: str | Path,
    out: str | Path,
    *,
    spacy_model: str | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    log: Callable[[str], None] = print,
) -> AttributionModel:
    """Train, calibrate and tune a model; write it with its card to ``out``; return it."""
    started = time.perf_counter()
    random.seed(seed)
    np.random.seed(seed)
    train_gold, dev_gold = load_brat(train_dir), load_brat(dev_dir)
    train_data = parse(train_gold, spacy_model, progress)
    dev_data = parse(dev_gold, spacy_model, progress)
    grammar = learn_grammar(train_data)
    log(
        f"grammar: {len(grammar.cue_lemmas)} cue lemmas, {len(grammar.content_paths)} content paths, {len(grammar.source_paths)} source paths"
    )
    with tempfile.TemporaryDirectory() as work:
        oof_taggers, tagger = fit_taggers(train_data, Path(work))
    log(f"token tagger: {len(tagger.attributes)} attributes with a weight")
    tr = Featurised(train_data, grammar, progress, oof_taggers)
    dv = Featurised(dev_data, grammar, progress, [tagger] * len(dev_data))
    grammar = replace(grammar, barren=barren_pairs(tr))
    before = sum(map(len, tr.y))
    tr.drop(grammar.barren)
    dv.drop(grammar.barren)
    log(
        f"candidates: train {sum(map(len, tr.y))} ({sum(map(sum, tr.y))} correct; {before - sum(map(len, tr.y))} "
        f"from {len(grammar.barren)} barren cue-path pairs left out), dev {sum(map(len, dv.y))}"
    )

    if len({v for ys in tr.y for v in ys}) < 2 or len(train_data) < 2:
        raise InputError(str(train_dir), "too little training data: need articles with both right and wrong candidates")
    everything = list(range(len(train_data)))
    folds = [everything[k::FOLDS] for k in range(FOLDS)]
    best = None
    for C in C_GRID:
        # calibration from out-of-fold outputs: what the model says on articles it never saw
        raws, right = [], []
        for k, held in enumerate(folds):
            rest = [a for j, f in enumerate(folds) if j != k for a in f]
            try:
                m = fit(tr, rest, C, seed)
            except ValueError:
                raise InputError(
                    str(train_dir),
                    "too little training data: a cross-validation fold has only right or only wrong candidates",
                ) from None
            m.grammar = grammar
            _, r, ok = run(m, tr, held)
            raws += r
            right += ok
        cal = calibrate(raws, right)
        model = fit(tr, everything, C, seed)
        model.grammar, model.calibration, model.tagger = grammar, cal, tagger
        outs, dev_raw, dev_right = run(model, dv, range(len(dev_data)))
        best_here = None
        for t in THRESHOLDS:
            output = final(dv, outs, t, cal)
            rep = metrics(dv, output)
            if best_here is None or rep.attribution_f1 > best_here[0].attribution_f1:
                best_here = (rep, t)
            if best is None or rep.attribution_f1 > best[0].attribution_f1:
                best = (rep, C, t, model, [cal(x) for x in dev_raw], dev_right, output)
        assert best_here is not None  # THRESHOLDS is not empty
        rep, t = best_here
        log(
            f"C={C}: best threshold {t}: dev attribution F1 {rep.attribution_f1:.1f}, content F1 {rep.content_f1:.1f}, direct/mixed F1 {rep.dm_f1:.1f}"
        )
    assert best is not None  # C_GRID is not empty
    rep, C, t, model, dev_probs, dev_right, output = best
    # the boundary model learns from what the decision model outputs on train, then the
    # threshold is tuned again with boundaries moved (they change which outputs match)
    model.bounds = fit_bounds(tr, final(tr, run(model, tr, everything)[0], t, model.calibration), seed)
    outs, _, _ = run(model, dv, range(len(dev_data)))
    rep, t, tu, output = tune_thresholds(dv, outs, model)
    log(
        f"boundary model ({len(model.bounds.weights)} features): thresholds {t} / {tu} without quotation marks: "
        f"dev attribution F1 {rep.attribution_f1:.1f}, content exact F1 {rep.content_exact_f1:.1f}, "
        f"precision without quotation marks {rep.unquoted_precision:.1f}"
    )
    model.threshold, model.unquoted_threshold = t, tu
    # what comes after calibration (joining, the second threshold, the boundaries) changes which
    # outputs are right: a second isotonic map, fitted on out-of-fold *outputs*, makes their
    # confidence a probability again (the thresholds stay on the first map, so outputs are the same)
    model.recalibration = recalibrate(tr, folds, model, C, seed)
    for kept in output:
        for c in kept:
            c.score = round(model.recalibration(c.score), 4)
    kept_probs = [c.score for kept in output for c in kept]
    kept_right = [ok for item, kept in zip(dev_data, output, strict=True) for ok in outcomes(item.gold, kept)]
    rules = score(
        dev_gold,
        {
            a.gold.id: [_quote(a.gold.text, c, k) for k, c in enumerate(detect_rules(a.doc, a.headlines), 1)]
            for a in dev_data
        },
    )
    model.meta = {
        "saywho": __version__,
        "trained_on": str(train_dir),
        "tuned_on": str(dev_dir),
        "out": str(out),
        "train_articles": len(train_gold),
        "train_attributions": sum(len(a.attributions) for a in train_gold),
        "dev_articles": len(dev_gold),
        "seed": seed,
        "C": C,
        "threshold": t,
        "unquoted_threshold": tu,
        "features": len(model.weights),
        "spacy_model": nlp_mod.default_model() if spacy_model is None else spacy_model,
        "dev": rep.to_dict()["metrics"],
        "dev_rules": rules.to_dict()["metrics"],
        "ece_dev_all_outputs": round(ece(dev_probs, dev_right), 4),
        "ece_dev_kept": round(ece(kept_probs, kept_right), 4),
        "train_seconds": round(time.perf_counter() - started, 1),
        "python": platform.python_version(),
    }
    out = Path(out)
    path = model.save(out)
    (out / CARD).write_text(card(model), encoding="utf-8")
    log(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB) and {out / CARD}")
    return model


def card(model: AttributionModel) -> str:
    """The model card: data, features, dev metrics, calibration, failure modes."""
    from .card import render

    return render(model)
