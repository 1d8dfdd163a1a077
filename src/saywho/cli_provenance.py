"""``saywho trace``, ``utterances``, ``relink`` and ``spark-utterances``: thin commands over
:mod:`saywho.provenance` and the store (registered on the main app by :mod:`saywho.cli`)."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from .cli_app import CommandError, DbOption, _say, _store, app, format_option
from .errors import InputError
from .store.base import NotFound


class TraceFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    html = "html"


class UtterancesFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


@app.command()
def trace(
    query: Annotated[str, typer.Argument(help="A stored quote ARTICLE_ID:QUOTE_ID, an utterance id, or any words.")],
    format: Annotated[TraceFormat, format_option()] = TraceFormat.table,
    limit: Annotated[int, typer.Option(min=1, help="For words: at most this many utterances.")] = 5,
    paraphrases: Annotated[
        bool, typer.Option("--paraphrases", help="Also list indirect quotes of the speaker that reword it.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Where a quote first appeared, who repeated it, and how each outlet changed its words.

    Examples:

        saywho trace 000_8b469b86e2e04f6a:q3

        saywho trace "this is just unbearable" -f json
    """
    from .provenance.html import render_utterance_html
    from .provenance.terminal import TRACE_COLUMNS, lineage_table, trace_rows

    with _store(db, readonly=True) as store:
        found = store.trace(query, limit=limit, paraphrases=paraphrases)
    if not found.matches:
        raise NotFound(
            f"{query!r}: no stored quote says this" if not found.stored else f"{query!r}: no such quote or utterance"
        )
    if format is TraceFormat.jsonl:
        for m in found.matches:
            typer.echo(json.dumps({"score": m.score, **m.utterance.to_dict()}, ensure_ascii=False))
    elif format is TraceFormat.json:
        typer.echo(
            json.dumps(
                [{"score": m.score, **m.utterance.to_dict()} for m in found.matches], ensure_ascii=False, indent=2
            )
        )
    elif format is TraceFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(TRACE_COLUMNS))
        writer.writeheader()
        writer.writerows(trace_rows(found))
    elif format is TraceFormat.html:
        typer.echo(render_utterance_html(found.matches[0].utterance))
    else:
        console = Console()
        for m in found.matches:
            console.print(lineage_table(m.utterance, None if found.stored else m.score))
            for p in m.utterance.paraphrases:
                console.print(
                    f"  paraphrase {p.score:.2f} · {escape(p.outlet or '')} {p.date or ''} · {escape(p.ref)}: {escape(p.text)}",
                    highlight=False,
                )


@app.command()
def utterances(
    speaker: Annotated[str | None, typer.Option(help="Speaker name, alias or id.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only utterances this outlet printed.")] = None,
    since: Annotated[str | None, typer.Option(help="Printed on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="First printed on or before this date.")] = None,
    min_outlets: Annotated[int, typer.Option("--min-outlets", min=0, help="Printed by at least N outlets.")] = 1,
    altered: Annotated[bool, typer.Option("--altered", help="Only those some outlet reworded.")] = False,
    conflict: Annotated[bool, typer.Option("--conflict", help="Only words also attributed to someone else.")] = False,
    headline: Annotated[bool, typer.Option("--headline", help="Only those some outlet put in a headline.")] = False,
    framed: Annotated[
        str | None, typer.Option("--framed", help="Only those some outlet framed so (e.g. distancing).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 20,
    format: Annotated[UtterancesFormat, format_option()] = UtterancesFormat.table,
    db: DbOption = None,
) -> None:
    """The most-repeated utterances: articles, outlets, first appearance and flags.

    Examples:

        saywho utterances --min-outlets 3 --altered

        saywho utterances --speaker trump --framed distancing
    """
    from .provenance.framing import CLASSES
    from .provenance.terminal import summary_table

    if framed is not None and framed.strip().casefold() not in CLASSES:
        raise CommandError(f"--framed {framed!r}: choose one of {', '.join(CLASSES)}")
    with _store(db, readonly=True) as store:
        rows = store.utterances(speaker=speaker, outlet=outlet, since=since, until=until, min_outlets=min_outlets,
                                altered=altered, conflict=conflict, framed=framed, limit=limit, headline=headline)  # fmt: skip
    if format is UtterancesFormat.jsonl:
        for r in rows:
            typer.echo(json.dumps(r.to_dict(), ensure_ascii=False))
    else:
        Console().print(summary_table(rows))


@app.command()
def relink(db: DbOption = None) -> None:
    """Rebuild every utterance from the stored quotes (after a linking change).

    Example:

        saywho relink --db corpus.db
    """
    with _store(db) as store:
        n = store.relink()
        total = len(store.utterances(min_outlets=0, limit=None))
    _say(f"linked {n} quote(s) into {total} utterance(s)")


@app.command("spark-utterances")
def spark_utterances(
    output: Annotated[
        str, typer.Argument(help="A `saywho spark-extract` output folder or URI; utterances/ is written there.")
    ],
    master: Annotated[str | None, typer.Option(help="Spark master, e.g. local[4] (default: spark-submit's).")] = None,
) -> None:
    """Link the quotes of a spark-extract output on Spark; writes OUTPUT/utterances/ Parquet.

    Example:

        saywho spark-utterances out/ --master local[4]
    """
    from .provenance.spark import spark_utterances as run

    try:
        summary = run(output, master=master)
    except (OSError, ValueError, RuntimeError) as exc:  # no such output, one already linked, a Spark failure
        raise InputError(output, str(exc)) from None
    _say(f"linked {summary['quotes']} quote(s) into {summary['utterances']} utterance(s) → {summary['path']}")
