"""What the pages and the API share: paging, search with a capped count, highlighting, the SVG chart."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from ..store import Hit, Query, Store

#: longest query string taken (longer ones are cut: no error)
MAX_WORDS = 500
KINDS = ("direct", "indirect", "mixed")


def clip(value: str | None, n: int = 200) -> str | None:
    """A form value, stripped and cut to ``n`` characters (None if empty)."""
    if value is None:
        return None
    value = ident(value).strip()[:n]
    return value or None


def ident(value: str, n: int = 1000) -> str:
    """A user string as the stores take it: without NUL (PostgreSQL text cannot hold one), bounded."""
    return value.replace("\x00", "")[:n]


def to_int(value: str | None, default: int, lo: int, hi: int) -> int:
    """A page or limit from a query string: anything unparsable is the default, then clamped."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        n = default
    return max(lo, min(hi, n))


def path_id(value: str) -> str:
    """An id as one URL path segment (ids may hold ``/``, ``?``, ``#``)."""
    return quote(value, safe="")


def article_url(article_id: str) -> str:
    return "/articles/" + path_id(article_id)


def speaker_url(speaker_id: str) -> str:
    return "/speakers/" + path_id(speaker_id)


def utterance_url(utterance_id: str) -> str:
    return "/utterances/" + path_id(utterance_id)


def search_url(**params: Any) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "", 0)}
    return "/search" + ("?" + urlencode(kept) if kept else "")


@dataclass
class Found:
    hits: list[Hit]
    total: int  # every hit, not just this page's (0 when not counted)
    more: bool  # there are hits after this page
    capped: bool = False


def find(store: Store, query: Query, offset: int, per: int, count: Callable[[Query], int] | None = None) -> Found:
    """One page of hits (one more is fetched, to know whether a next page exists) and, with
    ``count`` (``store.count`` or a cached version of it), how many there are in all."""
    q = Query(
        words=query.words,
        speaker=query.speaker,
        outlet=query.outlet,
        since=query.since,
        until=query.until,
        kind=query.kind,
        limit=per + 1,
        offset=offset,
    )
    rows = store.search(q)
    total = count(q) if count is not None else 0
    return Found(rows[:per], total, len(rows) > per)


_OPERATORS = {"or", "and", "not", "near"}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # hyphens and dots split words, as the stores' tokenizers do


def terms(words: str | None) -> list[str]:
    """The words of a full-text query to highlight (operators, quotes and ``*`` left out), folded."""
    if not words:
        return []
    out = []
    for w in _WORD.findall(words):
        if w.casefold() in _OPERATORS and w.isupper():
            continue
        out.append(w.casefold())
    return list(dict.fromkeys(out))


def _stem(term: str) -> str:
    """A prefix that stands for the word's forms (the stores stem: ``taxes`` finds ``tax``)."""
    for suffix in ("ing", "ed", "es", "s"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def highlight(text: str, words: list[str]) -> Markup:
    """``text`` escaped, with the words that match the query wrapped in ``<mark class="hl">``."""
    if not words:
        return Markup(html.escape(text, quote=False))
    stems = [_stem(w) for w in words]
    out: list[str] = []
    pos = 0
    for m in _WORD.finditer(text):
        token = m.group().casefold()
        if any(token.startswith(s) for s in stems):
            out.append(html.escape(text[pos : m.start()], quote=False))
            out.append(f'<mark class="hl">{html.escape(m.group(), quote=False)}</mark>')
            pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return Markup("".join(out))


# --------------------------------------------------------------------------- chart

#: outlet colours in the chart: Tableau 10 (full strength); the rest is "other", grey
CHART_COLOURS = ("#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F")
OTHER = "#BAB0AC"
_REST = "\x00rest"  # the stack of the outlets not shown one by one (no outlet name holds a NUL)


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out: list[str] = []
    while (y, m) <= (ly, lm) and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline_svg(rows: list[tuple[str, str | None, int]], width: int = 720, height: int = 220) -> dict[str, Any]:
    """A stacked bar chart of quotes per month (per year over long spans) by outlet, as SVG markup,
    with its legend entries. Every label is escaped."""
    dated = [(p, o, n) for p, o, n in rows if re.fullmatch(r"\d{4}-\d{2}", p or "")]
    if not dated:
        return {"svg": None, "legend": []}
    totals: dict[str, int] = defaultdict(int)
    for _, o, n in dated:
        totals[o or "unknown outlet"] += n
    ranked = sorted(totals, key=lambda o: (-totals[o], o))
    shown = ranked[: len(CHART_COLOURS)]
    colour = {o: CHART_COLOURS[i] for i, o in enumerate(shown)}
    periods = _months(min(p for p, _, _ in dated), max(p for p, _, _ in dated))
    yearly = len(periods) > 48
    if yearly:
        periods = sorted({p[:4] for p in periods})
    stacks: dict[str, dict[str, int]] = {p: defaultdict(int) for p in periods}
    for p, o, n in dated:
        key = p[:4] if yearly else p
        name = o or "unknown outlet"
        stacks[key][name if name in colour else _REST] += n
    top = max(sum(s.values()) for s in stacks.values()) or 1
    left, bottom, pad_top = 36, 28, 8
    plot_w, plot_h = width - left - 8, height - bottom - pad_top
    bar = plot_w / len(periods)
    head = f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" role="img"'
    parts = [head + ' aria-label="Quotes over time by outlet">']
    for frac in (0, 0.5, 1):
        y = pad_top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="axis">{round(top * frac)}</text>')
    step = max(1, len(periods) // 8)
    order = [*shown, _REST]
    for i, p in enumerate(periods):
        x = left + i * bar
        y = pad_top + plot_h
        for o in order:
            n = stacks[p].get(o, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            fill = colour.get(o, OTHER)
            label = "other outlets" if o == _REST else o
            parts.append(
                f'<rect x="{x + bar * 0.1:.1f}" y="{y:.1f}" width="{max(bar * 0.8, 1):.1f}" height="{h:.1f}"'
                f' fill="{fill}"><title>{html.escape(p)} · {html.escape(label)}: {n} quote{"s" * (n != 1)}'
                "</title></rect>"
            )
        if i % step == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle" class="axis">'
                f"{html.escape(p)}</text>"
            )
    parts.append("</svg>")
    legend = [{"name": o, "cls": f"o{i}", "quotes": totals[o]} for i, o in enumerate(shown)]
    rest = sum(totals[o] for o in ranked[len(shown) :])
    if rest:
        legend.append({"name": "other outlets", "cls": "oother", "quotes": rest})
    return {"svg": Markup("".join(parts)), "legend": legend}
