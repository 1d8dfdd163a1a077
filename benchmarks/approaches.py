"""Decision approaches compared on PolNeAR dev over the same candidates (docs/accuracy-note.md).

    python benchmarks/approaches.py                  # parses train and dev once into --work, then compares
    python benchmarks/approaches.py --only lr,gb
    python benchmarks/approaches.py --only lr+bounds,crf+bounds

Every approach scores the candidates of today's grammar and features, decides as the model
does (one attribution per stretch of text, readings joined by cue) and keeps the best
single raw-score threshold for attribution F1 (no calibration, so the rows compare ranking,
not probability). ``lr``: the logistic regression ``saywho train`` fits (C=0.1); ``gb``:
scikit-learn's HistGradientBoostingClassifier over the same information as categorical
fields (each ``name=value`` feature without a ``|`` is one field); ``lr+bounds``: the
logistic regression followed by the boundary model; ``crf``, ``crf+bounds``: the same with
the token tagger's features (:mod:`saywho.models.tagger`, fitted here on train: a few minutes).
Every row keeps the barren cue-path pairs that ``saywho train`` leaves out.
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from saywho.detect import decide
from saywho.evaluate import load_brat
from saywho.models import train as T
from saywho.models.model import FLOOR, Calibration

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "polnear" / "data"


def parsed(split: str, work: Path) -> list[T.Parsed]:
    cache = work / f"{split}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    data = T.parse(load_brat(DATA / split))
    cache.write_bytes(pickle.dumps(data))
    return data


def best(dv: T.Featurised, outs, bounds=None) -> tuple[T.Report, float]:
    reports = [(T.metrics(dv, T.final(dv, outs, t, Calibration(), bounds)), t) for t in T.THRESHOLDS]
    return max(reports, key=lambda x: x[0].attribution_f1)


def fields(feats: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in feats:
        name, _, value = f.split("|")[0].partition("=")
        out.setdefault(name, value or "1")
    return out


def gradient_boosting(tr: T.Featurised, dv: T.Featurised, trees: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    rows = [fields(f) for fs in tr.feats for f in fs]
    names = sorted({n for r in rows for n in r})
    maps = {n: {v: k for k, (v, _) in enumerate(Counter(r.get(n, "-") for r in rows).most_common(250))} for n in names}

    def encode(rs):
        return np.array([[maps[n].get(r.get(n, "-"), 250) for n in names] for r in rs], dtype=np.float32)

    clf = HistGradientBoostingClassifier(
        max_iter=trees, categorical_features=[True] * len(names), random_state=0, early_stopping=False
    )
    clf.fit(encode(rows), np.array([v for ys in tr.y for v in ys]))
    outs = []
    for cands, feats in zip(dv.cands, dv.feats, strict=True):
        p = clf.predict_proba(encode([fields(f) for f in feats]))[:, 1] if feats else []
        for c, s in zip(cands, p, strict=True):
            c.score = float(s)
        outs.append(decide([c for c in cands if c.score >= FLOOR]))
    return outs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path("approaches-work"), help="where parses are cached")
    ap.add_argument("--only", default="lr,gb,lr+bounds,crf,crf+bounds", help="comma-separated approaches")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    train, dev = parsed("train", args.work), parsed("dev", args.work)
    grammar = T.learn_grammar(train)
    names = args.only.split(",")
    sets = {}
    if any(not n.startswith("crf") for n in names):
        sets[False] = T.Featurised(train, grammar), T.Featurised(dev, grammar)
    if any(n.startswith("crf") for n in names):
        with tempfile.TemporaryDirectory() as work:
            oof, tagger = T.fit_taggers(train, Path(work))
        sets[True] = T.Featurised(train, grammar, taggers=oof), T.Featurised(dev, grammar, taggers=[tagger] * len(dev))
    everything = range(len(train))
    print(f"{'approach':12}{'attr F1':>9}{'content':>9}{'dm':>7}{'c exact':>9}{'s exact':>9}{'P unq':>7}{'s':>7}")
    for name in names:
        started = time.perf_counter()
        bounds = None
        tr, dv = sets[name.startswith("crf")]
        if name.startswith(("lr", "crf")):
            model = T.fit(tr, everything, 0.1, 0)
            model.grammar = grammar
            outs = T.run(model, dv, range(len(dev)))[0]
            if name.endswith("+bounds"):
                t = best(dv, outs)[1]
                bounds = T.fit_bounds(tr, T.final(tr, T.run(model, tr, everything)[0], t, Calibration()), 0)
        elif name == "gb":
            outs = gradient_boosting(tr, dv, 300)
        else:
            raise SystemExit(f"approaches.py: error: unknown approach {name!r} (lr, gb, lr+bounds, crf, crf+bounds)")
        rep, _ = best(dv, outs, bounds)
        print(
            f"{name:12}{rep.attribution_f1:>9.1f}{rep.content_f1:>9.1f}{rep.dm_f1:>7.1f}{rep.content_exact_f1:>9.1f}"
            f"{rep.source_exact_f1:>9.1f}{rep.unquoted_precision:>7.1f}{time.perf_counter() - started:>7.0f}"
        )


if __name__ == "__main__":
    main()
