"""The ``saywho`` command: thin Typer commands over the library."""

from __future__ import annotations

import re
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__
from .errors import InputError
from .nlp import ModelNotFound
from .run import Failure, count_inputs, extract_all, read_inputs
from .types import Article

app = typer.Typer(
    help="Who said what: quotes, cues and speakers from news articles.\n\n"
    "Example:  saywho extract examples/000_8b469b86e2e04f6a.txt",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True)
LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
EMPHASIS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")


def plain(text: str) -> str:
    """Text for a terminal cell: Markdown links and emphasis dropped, whitespace folded."""
    return " ".join(EMPHASIS.sub("", LINK.sub(r"\1", text)).split())


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    html = "html"


def _fail(message: str) -> None:
    err.print(f"[bold red]saywho: error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"saywho {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Who said what: quotes, cues and speakers from news articles."""


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=err,
        disable=total < 2 or not err.is_terminal,
        transient=True,
    )


def quote_table(articles: list[Article]) -> Table:
    """Who said what, one row per quote, for reading in a terminal."""
    table = Table(title="Who said what", show_lines=False, expand=True)
    if len(articles) > 1:
        table.add_column("Article", style="dim", overflow="fold", max_width=18)
    table.add_column("Speaker", style="bold cyan", max_width=24)
    table.add_column("Cue", style="magenta", max_width=12)
    table.add_column("Kind", max_width=8)
    table.add_column("Quote", ratio=1)
    table.add_column("Conf", justify="right", max_width=5)
    for article in articles:
        for q in article.quotes:
            sp = article.speaker(q.speaker)
            who = escape(sp.name if sp else (plain(q.source.text) if q.source else "?"))
            if q.region != "body":
                who += f" [dim]({q.region})[/]"
            content = plain(q.content.text)
            content = content if len(content) <= 100 else content[:99] + "…"
            row = [who, escape(q.cue.text) if q.cue else "", q.kind, escape(content), f"{q.confidence:.2f}"]
            table.add_row(*([escape(article.id)] if len(articles) > 1 else []) + row)
    return table


def speaker_table(articles: list[Article]) -> Table:
    """The speakers of each article with their roles and quote counts."""
    table = Table(title="Speakers", expand=True)
    if len(articles) > 1:
        table.add_column("Article", style="dim", overflow="fold", max_width=18)
    table.add_column("Speaker", style="bold cyan")
    table.add_column("Type")
    table.add_column("Roles", ratio=1)
    table.add_column("Also called", ratio=1)
    table.add_column("Quotes", justify="right")
    for article in articles:
        for sp in article.speakers:
            aliases = ", ".join(a for a in sp.aliases if a != sp.name)
            row = [escape(sp.name), sp.type, escape("; ".join(sp.roles)), escape(aliases), str(sp.quotes)]
            table.add_row(*([escape(article.id)] if len(articles) > 1 else []) + row)
    return table


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (.txt, .md), or - for standard input.")],
    format: Annotated[
        Optional[Format],
        typer.Option("--format", "-f", help="Output format. Default: a table in a terminal, jsonl otherwise."),
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output (a folder for html).")
    ] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline to load (default: en_core_web_sm if installed).")] = None,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Drop quotes scored below this.")] = 0.0,
) -> None:
    """Find every quote in articles: who said it, the cue, the content.

    Prints one saywho/1 JSON object per article (jsonl) when piped, a table in a
    terminal. Bad inputs are reported on stderr, the rest are still processed,
    and the exit code is 1 if any input failed.

    Examples:

        saywho extract examples/000_8b469b86e2e04f6a.txt

        saywho extract articles/ -f csv -o quotes.csv

        saywho extract article.md -f html -o pages/

        cat article.txt | saywho extract - -f json
    """
    from .output import write
    from .pipeline import Pipeline

    fmt = format or (Format.table if output is None and sys.stdout.isatty() else Format.jsonl)
    failures: list[Failure] = []

    def on_error(f: Failure) -> None:
        failures.append(f)
        _fail(str(f))

    try:
        pipeline = Pipeline(model, min_confidence=min_confidence)
    except ModelNotFound as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    total = count_inputs(paths)
    articles: list[Article] = []
    start = time.perf_counter()
    with _progress(total) as progress:
        task = progress.add_task("extracting", total=total, rate="")
        for article in extract_all(read_inputs(paths, on_error), pipeline, on_error):
            articles.append(article)
            rate = len(articles) / max(time.perf_counter() - start, 1e-9)
            progress.update(task, advance=1, rate=f"{rate:.1f} articles/s")
    if fmt is Format.table:
        Console().print(quote_table(articles))
        Console().print(speaker_table(articles))
    elif output is None:
        write(articles, fmt.value, sys.stdout)
    else:
        written = write(articles, fmt.value, output)
        err.print(f"wrote {len(written) or 1} file(s) to {escape(str(output))}", highlight=False)
    n_quotes = sum(len(a.quotes) for a in articles)
    if fmt is Format.table or output is not None:
        err.print(f"{len(articles)} article(s), {n_quotes} quote(s), {len(failures)} failed", highlight=False)
    if failures:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="A brat folder with text/*.txt and attributions/*.ann (e.g. PolNeAR dev).")],
    pred: Annotated[
        Optional[Path], typer.Option(help="Score this saywho/1 JSONL file instead of running the extractor.")
    ] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline to load when extracting.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Score attributions against gold brat annotations (content, attribution, direct/mixed P/R/F1).

    Example:

        saywho evaluate ../shared/polnear/data/dev
    """
    import json

    from .evaluate import format_report, load_brat, read_predictions, score
    from .pipeline import Pipeline
    from .readers import read_text

    try:
        gold = load_brat(gold_dir)
        if pred is not None:
            predicted = read_predictions(pred)
            rate = None
        else:
            pipeline = Pipeline(model)
            start = time.perf_counter()
            with _progress(len(gold)) as progress:
                task = progress.add_task("extracting", total=len(gold), rate="")
                predicted = {}
                for article in pipeline.pipe([read_text(g.text, id=g.id) for g in gold]):
                    predicted[article.id] = article.quotes
                    progress.update(task, advance=1)
            rate = len(gold) / (time.perf_counter() - start)
    except (InputError, ModelNotFound) as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    report = score(gold, predicted)
    if json_out:
        data = report.to_dict()
        data["articles_per_second"] = rate
        typer.echo(json.dumps(data, indent=2))
        return
    Console().print(format_report(report))
    if rate is not None:
        Console().print(f"{len(gold)} articles, {rate:.2f} articles/s (model load excluded)", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
