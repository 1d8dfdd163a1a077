"""Score saywho output against PolNeAR-style brat gold annotations.

The metrics are fixed so that numbers stay comparable across versions:

* Tokens are maximal runs of ``\\w+`` in the article text; a span set covers a token
  when they share at least one character.
* Per article, predicted and gold attributions are matched one-to-one, maximising the
  sum of content-token Dice ``2|P∩G| / (|P|+|G|)``; only pairs with Dice >= 0.5 can
  match (weaker pairs get weight 0, so they never displace a valid match).
* Content partial P/R = matched / predicted, matched / gold.
* Attribution P/R = correct / predicted, correct / gold, where a matched pair is
  correct when the sources share a token or neither has a source token.
* Counts are summed over articles before dividing (micro-average).
"""

from __future__ import annotations

import json
import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rich.table import Table
from scipy.optimize import linear_sum_assignment

from .errors import InputError
from .text import QUOTE_MARKS
from .types import Article, Offsets, Quote, union

if TYPE_CHECKING:
    from .pipeline import Pipeline

#: Dice at or above which a predicted content may match a gold content
DICE_THRESHOLD = 0.5

# QUOTE_MARKS: the characters that make an attribution direct (or mixed) when inside or next to content
#: quote marks that double as apostrophes; inside content they count only off-word
APOSTROPHES = frozenset("'’")
#: skipped when looking for a quote mark right next to the content (markdown emphasis)
_SKIP = frozenset("*_")

_TOKEN = re.compile(r"\w+")
_EVENT_TRIGGERS = frozenset({"Attribution", "Attribution-no-source"})
_ROLE_DIGITS = re.compile(r"\d+$")
_ANN_ID = re.compile(r"[A-Z#*]\d*\t")  # brat lines start with an id and a tab


@dataclass
class GoldAttribution:
    """One gold attribution: unions of its content, source and cue spans (may be empty)."""

    content: Offsets
    source: Offsets = field(default_factory=list)
    cue: Offsets = field(default_factory=list)


@dataclass
class GoldArticle:
    """An article text and its gold attributions (empty when it has no annotation file)."""

    id: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


# --------------------------------------------------------------------------- loading


def _parse_ann(path: Path) -> list[GoldAttribution]:
    """Attribution events of one brat .ann file; an event without Content is skipped."""
    spans: dict[str, Offsets] = {}
    events: list[list[tuple[str, str]]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        fields = line.split("\t")
        if not _ANN_ID.match(line):
            continue  # the quoted text of the previous annotation ran over a line break
        if line.startswith("T"):
            if len(fields) < 2 or " " not in fields[1]:
                raise InputError(where, f"malformed text-bound annotation: {line[:80]!r}")
            _label, _, offsets = fields[1].partition(" ")
            try:
                pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
                spans[fields[0]] = [(p[0], p[1]) for p in pieces if len(p) == 2]
            except ValueError:
                raise InputError(where, f"bad offsets {offsets!r}") from None
            if len(spans[fields[0]]) != len(pieces):
                raise InputError(where, f"bad offsets {offsets!r}")
        elif line.startswith("E"):
            if len(fields) < 2:
                raise InputError(where, f"malformed event: {line[:80]!r}")
            args = [tuple(a.split(":", 1)) for a in fields[1].split()]
            if any(len(a) != 2 for a in args):
                raise InputError(where, f"malformed event arguments: {fields[1]!r}")
            events.append([(a[0], a[1]) for a in args])
    out: list[GoldAttribution] = []
    for event in events:
        trigger, roles = event[0], event[1:]
        if trigger[0] not in _EVENT_TRIGGERS:
            continue
        parts: dict[str, Offsets] = {"Content": [], "Source": [], "Cue": []}
        for role, ref in roles:
            base = _ROLE_DIGITS.sub("", role)
            if base in parts and ref in spans:
                parts[base].extend(spans[ref])
        if parts["Content"]:
            out.append(
                GoldAttribution(
                    content=union(parts["Content"]),
                    source=union(parts["Source"]),
                    cue=union(parts["Cue"]),
                )
            )
    out.sort(key=lambda a: (a.content, a.source, a.cue))
    return out


def load_brat(directory: str | Path) -> list[GoldArticle]:
    """Gold articles of a brat split (``text/*.txt`` + ``attributions/NAME_<annotator>.ann``).

    Only the first annotator in sorted order is used, so each article is scored once;
    articles without an annotation file are kept with no attributions, because a system
    that invents quotes there must still pay in precision.
    """
    root = Path(directory)
    text_dir = root / "text"
    if not text_dir.is_dir():
        raise InputError(str(directory), "not a brat split: no text/ folder")
    texts = sorted(text_dir.glob("*.txt"))
    if not texts:
        raise InputError(str(directory), "no .txt files in text/")
    ann_by_stem: dict[str, list[Path]] = {}
    ann_dir = root / "attributions"
    if ann_dir.is_dir():
        for ann in sorted(ann_dir.glob("*.ann")):
            stem = ann.stem.rsplit("_", 1)[0]
            ann_by_stem.setdefault(stem, []).append(ann)
    articles: list[GoldArticle] = []
    for path in texts:
        anns = ann_by_stem.get(path.stem, [])
        articles.append(
            GoldArticle(
                id=path.stem,
                text=path.read_text(encoding="utf-8"),
                attributions=_parse_ann(anns[0]) if anns else [],
            )
        )
    articles.sort(key=lambda a: a.id)
    return articles


def read_predictions(path: str | Path) -> dict[str, list[Quote]]:
    """Quotes by article id from a JSONL file of saywho/1 articles (one per line)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read predictions: {exc.strerror or exc}") from None
    out: dict[str, list[Quote]] = {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            article = Article.from_dict(json.loads(line))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}:{lineno}", f"not a saywho/1 article: {exc}") from None
        if article.id in out:
            raise InputError(f"{path}:{lineno}", f"duplicate article id {article.id!r}")
        out[article.id] = article.quotes
    return out


def predict(
    gold: list[GoldArticle], pipeline: Pipeline, on_article: Callable[[Article], None] | None = None
) -> tuple[dict[str, list[Quote]], float]:
    """Run ``pipeline`` over the gold texts: the quotes by article id, and articles/second.

    The texts are read first, so the rate is the extraction alone (as ``saywho evaluate``
    and ``benchmarks/accuracy.py`` report it); ``on_article`` is called after each (progress).
    """
    from .readers import read_text

    articles = [read_text(g.text, id=g.id) for g in gold]
    predicted: dict[str, list[Quote]] = {}
    start = time.perf_counter()
    for article in pipeline.pipe(articles):
        predicted[article.id] = article.quotes
        if on_article is not None:
            on_article(article)
    return predicted, len(gold) / max(time.perf_counter() - start, 1e-9)


# --------------------------------------------------------------------------- metrics


class Tokens:
    """The ``\\w+`` tokens of one text, for mapping span sets to token-index sets."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def cover(self, spans: Offsets) -> frozenset[int]:
        """Indices of tokens sharing at least one character with ``spans``."""
        out: set[int] = set()
        for s, e in spans:
            if e <= s:
                continue
            first = bisect_right(self.ends, s)  # first token ending after s
            last = bisect_left(self.starts, e)  # first token starting at/after e
            out.update(range(first, last))
        return frozenset(out)


def dice(p: frozenset[int], g: frozenset[int]) -> float:
    """Dice coefficient of two token sets; 0 when both are empty (nothing to match)."""
    total = len(p) + len(g)
    return 2 * len(p & g) / total if total else 0.0


def can_match(p: frozenset[int], g: frozenset[int]) -> bool:
    """Dice >= 0.5 in exact integer arithmetic, so 0.5 itself is never lost to rounding."""
    total = len(p) + len(g)
    return total > 0 and 4 * len(p & g) >= total


def _quote_near(text: str, pos: int, step: int) -> bool:
    """Whether the first non-blank, non-emphasis character from ``pos`` is a quote mark."""
    while 0 <= pos < len(text) and (text[pos].isspace() or text[pos] in _SKIP):
        pos += step
    return 0 <= pos < len(text) and text[pos] in QUOTE_MARKS


def is_direct_or_mixed(text: str, content: Offsets) -> bool:
    """Whether content has a quotation mark inside it or right next to it.

    ``'`` and ``’`` inside the content count only when not between two letters, so
    apostrophes ("Clinton’s", "don't") do not make indirect speech look direct.
    """
    if not content:
        return False
    for s, e in content:
        for i in range(s, e):
            ch = text[i]
            if ch not in QUOTE_MARKS:
                continue
            if ch in APOSTROPHES and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
                continue
            return True
    spans = sorted(content)
    return _quote_near(text, spans[0][0] - 1, -1) or _quote_near(text, spans[-1][1], 1)


def _pct(num: int, den: int) -> float:
    return 100.0 * num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Summed counts over articles; P/R/F1 properties are percentages (0-100).

    ``pred``/``gold`` count all attributions, ``matched`` the content matches and
    ``correct`` the matches whose source is also right. The ``dm_`` counts restrict to
    direct/mixed gold; see :func:`score` for how ``dm_pred`` is chosen.
    """

    articles: int = 0
    pred: int = 0
    gold: int = 0
    matched: int = 0
    correct: int = 0
    dm_pred: int = 0
    dm_gold: int = 0
    dm_matched: int = 0
    dm_correct: int = 0
    content_exact: int = 0
    source_exact: int = 0
    unquoted_pred: int = 0
    unquoted_correct: int = 0

    def __add__(self, other: Report) -> Report:
        a, b = asdict(self), asdict(other)
        return Report(**{k: a[k] + b[k] for k in a})

    @property
    def content_precision(self) -> float:
        return _pct(self.matched, self.pred)

    @property
    def content_recall(self) -> float:
        return _pct(self.matched, self.gold)

    @property
    def content_f1(self) -> float:
        return _f1(self.content_precision, self.content_recall)

    @property
    def attribution_precision(self) -> float:
        return _pct(self.correct, self.pred)

    @property
    def attribution_recall(self) -> float:
        return _pct(self.correct, self.gold)

    @property
    def attribution_f1(self) -> float:
        return _f1(self.attribution_precision, self.attribution_recall)

    @property
    def dm_content_recall(self) -> float:
        return _pct(self.dm_matched, self.dm_gold)

    @property
    def dm_precision(self) -> float:
        return _pct(self.dm_correct, self.dm_pred)

    @property
    def dm_recall(self) -> float:
        return _pct(self.dm_correct, self.dm_gold)

    @property
    def dm_f1(self) -> float:
        return _f1(self.dm_precision, self.dm_recall)

    @property
    def content_exact_f1(self) -> float:
        """F1 of matches whose content has exactly the gold's words (punctuation aside)."""
        return _f1(_pct(self.content_exact, self.pred), _pct(self.content_exact, self.gold))

    @property
    def source_exact_f1(self) -> float:
        """F1 of matches whose source has exactly the gold's words (both absent counts)."""
        return _f1(_pct(self.source_exact, self.pred), _pct(self.source_exact, self.gold))

    @property
    def unquoted_precision(self) -> float:
        """Attribution precision over predictions that claim no quotation marks (indirect)."""
        return _pct(self.unquoted_correct, self.unquoted_pred)

    def to_dict(self) -> dict[str, Any]:
        """Counts plus rounded metrics, for JSON output and regression tracking."""
        metrics = {
            name: round(getattr(self, name), 2)
            for name in (
                "content_precision",
                "content_recall",
                "content_f1",
                "attribution_precision",
                "attribution_recall",
                "attribution_f1",
                "dm_content_recall",
                "dm_precision",
                "dm_recall",
                "dm_f1",
                "content_exact_f1",
                "source_exact_f1",
                "unquoted_precision",
            )
        }
        return {"counts": asdict(self), "metrics": metrics}


def match(gold: list[frozenset[int]], pred: list[frozenset[int]]) -> list[tuple[int, int]]:
    """Optimal one-to-one ``(pred, gold)`` index pairs by content Dice, all >= 0.5.

    Sub-threshold pairs get weight 0 before the assignment, so maximising the sum never
    trades a valid match for a pair that could not count anyway.
    """
    if not gold or not pred:
        return []
    weights = np.zeros((len(pred), len(gold)))
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if can_match(p, g):
                weights[i, j] = dice(p, g)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if can_match(pred[i], gold[j])]


def score_article(article: GoldArticle, quotes: list[Quote]) -> Report:
    """Counts for one article; see :func:`score`."""
    toks = Tokens(article.text)
    gold = article.attributions
    g_content = [toks.cover(a.content) for a in gold]
    g_source = [toks.cover(a.source) for a in gold]
    g_dm = [is_direct_or_mixed(article.text, a.content) for a in gold]
    p_content = [toks.cover(q.content.spans) for q in quotes]
    p_source = [toks.cover(q.source.spans) if q.source else frozenset() for q in quotes]

    pairs = match(g_content, p_content)
    matched_pred = {i for i, _ in pairs}
    rep = Report(articles=1, pred=len(quotes), gold=len(gold), dm_gold=sum(g_dm))
    rep.unquoted_pred = sum(q.kind == "indirect" for q in quotes)
    for i, j in pairs:
        ok = bool(p_source[i] & g_source[j]) or (not p_source[i] and not g_source[j])
        rep.matched += 1
        rep.correct += ok
        rep.content_exact += p_content[i] == g_content[j]
        rep.source_exact += p_source[i] == g_source[j]
        if quotes[i].kind == "indirect":
            rep.unquoted_correct += ok
        if g_dm[j]:
            rep.dm_pred += 1
            rep.dm_matched += 1
            rep.dm_correct += ok
    rep.dm_pred += sum(1 for i, q in enumerate(quotes) if i not in matched_pred and q.kind in ("direct", "mixed"))
    return rep


def score(gold: list[GoldArticle], predicted: dict[str, list[Quote]]) -> Report:
    """Micro-averaged counts over the gold articles.

    Gold articles missing from ``predicted`` count as having no predictions; predictions
    for ids not in ``gold`` are ignored (the gold set defines the evaluation).

    Direct/mixed subset: recall is over gold attributions that are direct or mixed
    (:func:`is_direct_or_mixed`). Precision is over the predictions matched to such gold
    plus the unmatched predictions that the system itself labelled ``direct`` or
    ``mixed``: a matched prediction is judged by the gold it matched, an unmatched one by
    its own claim, since there is no gold to judge it by.
    """
    total = Report()
    for article in gold:
        total = total + score_article(article, predicted.get(article.id, []))
    return total


def format_report(report: Report) -> Table:
    """A rich table of the three headline rows, with the counts behind each number."""
    table = Table(title=f"Attribution scores ({report.articles} articles)")
    table.add_column("Metric")
    for name in ("P", "R", "F1"):
        table.add_column(name, justify="right")
    for name in ("Pred", "Gold", "Hits"):
        table.add_column(name, justify="right")
    rows = [  # label, hits, predictions, gold
        ("Content partial", report.matched, report.pred, report.gold),
        ("Attribution", report.correct, report.pred, report.gold),
        ("Direct-mixed attribution", report.dm_correct, report.dm_pred, report.dm_gold),
        ("Content exact", report.content_exact, report.pred, report.gold),
        ("Source exact", report.source_exact, report.pred, report.gold),
    ]
    for label, hits, n_pred, n_gold in rows:
        p, r = _pct(hits, n_pred), _pct(hits, n_gold)
        table.add_row(label, f"{p:.1f}", f"{r:.1f}", f"{_f1(p, r):.1f}", str(n_pred), str(n_gold), str(hits))
    table.add_row(
        "Attribution, no quote marks",
        f"{report.unquoted_precision:.1f}",
        "",
        "",
        str(report.unquoted_pred),
        "",
        str(report.unquoted_correct),
    )
    return table
