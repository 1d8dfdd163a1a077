"""Terminal and flat views of utterances for the CLI: Rich tables and plain rows."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .model import Trace, Utterance, UtteranceSummary
from .text import Diff


def diff_text(d: Diff) -> Text:
    """Cut words dim and struck, inserted words highlighted, replaced words highlighted with the original struck."""
    out = Text()
    for op in d.ops:
        if out:
            out.append(" ")
        if op.kind == "same":
            out.append(op.text)
        elif op.kind == "cut":
            out.append(op.text, style="dim strike")
        elif op.kind == "inserted":
            out.append(op.text, style="bold black on yellow")
        else:
            out.append(op.was, style="dim strike")
            out.append(" ")
            out.append(op.text, style="bold black on red")
    return out


def lineage_table(u: Utterance, score: float | None = None) -> Table:
    """One utterance: first appearance first, each wording against the canonical one."""
    flags = [name for name, on in (("altered", u.altered), ("conflict", u.conflict), ("headline", u.headline)) if on]
    title = f"{escape(u.speaker or 'unresolved speaker')} · {u.articles} article(s), {u.outlets} outlet(s) · {u.id}"
    if score is not None:
        title += f" · similarity {score:.2f}"
    if flags:
        title += " · " + ", ".join(flags)
    table = Table(title=title, caption=f"canonical: “{escape(u.canonical)}”", expand=True)
    for col, kw in (
        ("Date", {"no_wrap": True}),
        ("Outlet", {"max_width": 16}),
        ("Where", {"max_width": 9}),
        ("Attributed", {"max_width": 18}),
        ("Framing", {"max_width": 12}),
        ("Wording", {"ratio": 1, "min_width": 36}),
        ("Quote", {"style": "dim", "max_width": 22, "overflow": "fold"}),
    ):
        table.add_column(col, **kw)
    for o in u.occurrences:
        table.add_row(
            ("★ " if o.first else "") + (o.date or ""),
            escape(o.outlet or ""),
            o.region,
            escape(o.attributed or o.speaker or ""),
            f"{escape(o.cue or '')} ({o.framing})",
            diff_text(o.diff),
            escape(o.ref),
        )
    return table


def summary_table(rows: list[UtteranceSummary]) -> Table:
    table = Table(title=f"{len(rows)} utterance(s)", expand=True)
    for col, kw in (
        ("Articles", {"justify": "right"}),
        ("Outlets", {"justify": "right"}),
        ("First", {"no_wrap": True}),
        ("Speaker", {"style": "bold cyan", "max_width": 20}),
        ("Canonical wording", {"ratio": 1, "min_width": 36}),
        ("Flags", {"max_width": 20}),
        ("Id", {"style": "dim", "no_wrap": True}),
    ):
        table.add_column(col, **kw)
    for r in rows:
        flags = ", ".join(
            n for n, on in (("altered", r.altered), ("conflict", r.conflict), ("headline", r.headline)) if on
        )
        text = r.canonical if len(r.canonical) <= 140 else r.canonical[:140] + "…"
        table.add_row(
            str(r.articles),
            str(r.outlets),
            f"{r.first_date or ''} {escape(r.first_outlet or '')}",
            escape(r.speaker or "?"),
            escape(text),
            flags,
            r.id,
        )
    return table


TRACE_COLUMNS = (
    "utterance_id", "score", "speaker", "canonical", "first", "ref", "date", "outlet", "region", "attributed", "cue",
    "framing", "text", "cut", "inserted", "replaced", "ellipsis", "reordered", "altered",
)  # fmt: skip


def trace_rows(trace: Trace) -> list[dict[str, Any]]:
    """One flat row per occurrence of each matched utterance (csv)."""
    out = []
    for m in trace.matches:
        u = m.utterance
        for o in u.occurrences:
            d = o.diff
            cut = [op.text for op in d.ops if op.kind == "cut"]
            out.append({
                "utterance_id": u.id, "score": m.score, "speaker": u.speaker or "", "canonical": u.canonical,
                "first": o.first, "ref": o.ref, "date": o.date or "", "outlet": o.outlet or "", "region": o.region,
                "attributed": o.attributed or "", "cue": o.cue or "", "framing": o.framing, "text": o.text,
                "cut": " | ".join(cut), "inserted": " | ".join(d.inserted),
                "replaced": " | ".join(f"{a} -> {b}" for a, b in d.replaced),
                "ellipsis": d.ellipsis, "reordered": d.reordered, "altered": d.altered,
            })  # fmt: skip
    return out
