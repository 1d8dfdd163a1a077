"""The ``saywho`` command: thin Typer commands over the library.

Each command is a few lines over a library call. Errors are mapped in one place
(:class:`SaywhoGroup`): every :class:`saywho.errors.SaywhoError` that reaches a command
becomes one line on stderr, ``saywho: error: …``, and an exit code (:data:`EXIT_CODES`);
anything else is a bug and keeps its traceback. Stores are opened and closed in one
place (:func:`_store`).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .cli_app import (
    CommandError,
    DbOption,
    ErrorsFormat,
    ExportFormat,
    FieldOption,
    Format,
    InputFormat,
    MetaFieldOption,
    MetaOption,
    ModelOption,
    NamePatternOption,
    OutputOption,
    RawCsvOption,
    SearchFormat,
    ShowFormat,
    SpacyOption,
    SpeakersFormat,
    UrlsOption,
    _cell,
    _report,
    _say,
    _store,
    app,
    err,
    format_option,
)
from .safe import for_terminal
from .store.base import NotFound
from .text import unmark as plain
from .types import Article

if TYPE_CHECKING:
    from .ingest import IngestSummary


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


# -- option values the parser cannot check --------------------------------------------------

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
#: Longest --speaker accepted: a name, not a document (the database's LIKE has limits).
MAX_SPEAKER_CHARS = 1000


def _check_date(option: str, value: str | None) -> None:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) or CommandError: a bad one was silently ignored."""
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
        raise CommandError(f"{option} {value!r}: expected a date as YYYY-MM-DD (or YYYY-MM, YYYY)")


def _pairs(option: str, values: list[str] | None, example: str) -> dict[str, str]:
    """``OURS=THEIRS`` option values as a dict; CommandError for one without ``=THEIRS``."""
    out = {}
    for v in values or []:
        ours, _, theirs = v.partition("=")
        if not theirs.strip():
            raise CommandError(f"{option} {v!r}: expected OURS=THEIRS, e.g. {option} {example}")
        out[ours.strip()] = theirs.strip()
    return out


def _parse_fields(values: list[str] | None) -> dict[str, str] | None:
    """``--field OURS=THEIRS`` (None if none), checked against the record fields the readers know."""
    from .readers.records import field_map

    fields = _pairs("--field", values, "text=body") or None
    try:
        field_map(fields)
    except ValueError as exc:
        raise CommandError(f"--field: {exc}") from None
    return fields


def _metadata(
    meta: Path | None, meta_field: list[str] | None, name_pattern: str | None
) -> Callable[[Article], Article] | None:
    """What --meta, --meta-field and --name-pattern ask for (InputError for a bad table)."""
    from .metadata import metadata

    fields = _pairs("--meta-field", meta_field, "outlet=publisher")
    if fields and meta is None:
        raise CommandError("--meta-field names columns of a --meta table: give --meta FILE too")
    try:
        return metadata(meta, fields, name_pattern)
    except ValueError as exc:  # a bad --name-pattern
        raise CommandError(str(exc)) from None


def _with_urls(inputs: list[str] | None, urls: Path | None) -> list[str]:
    """The inputs plus the URLs listed in ``--urls`` (InputError if unreadable); there must be one."""
    from .readers.fetch import read_url_list

    found = list(inputs or []) + (read_url_list(urls) if urls is not None else [])
    if not found:
        raise CommandError("no input: give files, folders, globs, URLs or - (stdin), or --urls FILE")
    return found


def _binary_needs_file(fmt: str, output: Path | None) -> None:
    if fmt == "parquet" and output is None:
        raise CommandError("parquet is a binary format: give a file with -o, e.g. -o quotes.parquet")


# -- extraction -------------------------------------------------------------------------------


@app.command()
def extract(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders, globs (.txt .md .html .warc .jsonl .csv .parquet), http(s) URLs, or - for stdin."
        ),
    ] = None,
    format: Annotated[
        Format | None, format_option("Output format. Default: a table in a terminal, jsonl otherwise.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output (a folder for html).")
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
    from .run import Failure, count_inputs, extract_inputs

    paths = _with_urls(paths, urls)
    fmt = format or (Format.table if output is None and sys.stdout.isatty() else Format.jsonl)
    _binary_needs_file(fmt.value, output)
    failures: list[Failure] = []

    def on_error(f: Failure) -> None:
        if f.fatal:
            failures.append(f)
        _report(f)

    stream = extract_inputs(paths, on_error, workers=workers, spacy_model=spacy_model, model=model,
                            min_confidence=min_confidence, meta=_metadata(meta, meta_field, name_pattern))  # fmt: skip
    total = count_inputs(paths)
    done = {"articles": 0, "quotes": 0}
    with _progress(total) as progress:
        articles = _counted(stream, progress, total, done)
        if fmt is Format.table:
            listed = list(articles)
            Console().print(quote_table(listed))
            Console().print(speaker_table(listed))
        elif output is None:
            write(articles, fmt.value, sys.stdout)
        else:
            try:
                written = write(articles, fmt.value, output)
            except (OSError, ValueError) as exc:
                raise CommandError(f"{output}: cannot write ({exc})") from None
            _say(f"wrote {len(written)} file(s) to {escape(for_terminal(str(output)))}")
    if fmt is Format.table or output is not None:
        err.print(f"{done['articles']} article(s), {done['quotes']} quote(s), {len(failures)} failed", highlight=False)
    if failures:
        raise typer.Exit(1)


def _counted(
    articles: Iterator[Article], progress: Progress, total: int | None, done: dict[str, int]
) -> Iterator[Article]:
    """``articles`` as they come, counted in ``done`` and shown on the progress bar with the rate."""
    task = progress.add_task("extracting", total=total, rate="")
    start = time.perf_counter()
    for article in articles:
        done["articles"] += 1
        done["quotes"] += len(article.quotes)
        rate = done["articles"] / max(time.perf_counter() - start, 1e-9)
        progress.update(task, advance=1, rate=f"{rate:.1f} articles/s")
        yield article


@app.command()
def evaluate(
    gold_dir: Annotated[
        Path, typer.Argument(help="A brat folder with text/*.txt and attributions/*.ann (e.g. PolNeAR dev).")
    ],
    pred: Annotated[
        Path | None, typer.Option(help="Score this saywho/1 JSONL file instead of running the extractor.")
    ] = None,
    model: ModelOption = None,
    spacy_model: SpacyOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Score attributions against gold brat annotations (content, attribution, direct/mixed P/R/F1;
    content and source exact F1; precision without quotation marks).

    Examples:

        saywho evaluate ../shared/polnear/data/dev

        saywho evaluate benchmarks/ood

        saywho evaluate ../shared/polnear/data/dev --model rules
    """
    import json

    from .evaluate import format_report, load_brat, predict, read_predictions, score
    from .run import load_pipeline

    gold = load_brat(gold_dir)
    rate = None
    if pred is not None:
        predicted = read_predictions(pred)
    else:
        pipeline = load_pipeline(spacy_model, model)
        with _progress(len(gold)) as progress:
            task = progress.add_task("extracting", total=len(gold), rate="")
            predicted, rate = predict(gold, pipeline, on_article=lambda _: progress.update(task, advance=1))
    report = score(gold, predicted)
    if json_out:
        typer.echo(json.dumps({**report.to_dict(), "articles_per_second": rate}, indent=2))
        return
    Console().print(format_report(report))
    if rate is not None:
        Console().print(f"{len(gold)} articles, {rate:.2f} articles/s (model load excluded)", highlight=False)


@app.command()
def train(
    train_dir: Annotated[
        Path,
        typer.Option(
            "--train", help="brat split to learn from: text/*.txt and attributions/*.ann (e.g. PolNeAR train)."
        ),
    ],
    dev_dir: Annotated[
        Path,
        typer.Option("--dev", help="brat split to tune the regularisation and the threshold on (e.g. PolNeAR dev)."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder to write model.json.gz and MODEL_CARD.md to.")],
    spacy_model: SpacyOption = None,
    seed: Annotated[int, typer.Option(help="Random seed: the same data and seed give the same model.")] = 0,
) -> None:
    """Train the attribution model on a brat split, tuned on another; write it with its model card.

    Parses both splits, learns cue lemmas and dependency paths, fits and
    calibrates a logistic regression, picks the threshold with the best
    attribution F1 on --dev, and writes OUT/model.json.gz and OUT/MODEL_CARD.md
    (data, dev metrics against the rules, calibration). Use the folder with
    --model in extract, evaluate, ingest and spark-extract, with the same
    --spacy-model as here.

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

        run_train(train_dir, dev_dir, out, spacy_model=spacy_model, seed=seed, progress=on_progress, log=log)
    elapsed = time.perf_counter() - start
    err.print(f"trained in {elapsed:.0f}s; use it with --model {_cell(str(out))}", highlight=False, soft_wrap=True)


# -- corpus commands ------------------------------------------------------------------------


def _ingest_progress() -> Progress:
    from rich.progress import SpinnerColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingesting"),
        TextColumn("{task.fields[stats]}"),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    )


@app.command()
def ingest(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders, globs, http(s) URLs or - : .txt .md .html .warc(.gz) .jsonl .csv .parquet"
        ),
    ] = None,
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: one per CPU).")] = None,
    model: ModelOption = None,
    spacy_model: SpacyOption = None,
    field: FieldOption = None,
    corrections: Annotated[
        Path | None,
        typer.Option(help="Speaker corrections to record first (a `saywho corrections export` file)."),
    ] = None,
    meta: MetaOption = None,
    meta_field: MetaFieldOption = None,
    name_pattern: NamePatternOption = None,
    entities: Annotated[
        Path | None,
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
    from .corpus.files import read_corrections, read_entities
    from .ingest import ingest as run_ingest
    from .run import check_models

    inputs = _with_urls(inputs, urls)
    fields = _parse_fields(field)
    set_meta = _metadata(meta, meta_field, name_pattern)
    entries = read_entities(entities) if entities is not None else None
    fixes = read_corrections(corrections) if corrections is not None else None
    check_models(spacy_model, model)  # before the store is opened
    start = time.perf_counter()
    with _store(db) as store, _ingest_progress() as progress:
        if fixes is not None:
            store.add_corrections(fixes)
        if entries is not None:
            store.set_entities(entries)  # links what is stored now; later articles are linked as they come
        task = progress.add_task("ingest", total=None, stats="")

        def tick(s: IngestSummary) -> None:
            rate = (s.stored + s.skipped) / max(time.perf_counter() - start, 1e-9)
            stats = f"{s.stored} stored · {s.skipped} already there · {s.quotes} quotes · {s.failed} errors · {rate:.1f} articles/s"
            progress.update(task, stats=stats)

        summary = run_ingest(inputs, store, workers=workers, spacy_model=spacy_model, model=model, fields=fields,
                             meta=set_meta, on_article=tick, on_error=_report)  # fmt: skip
        counts = store.counts()
    _say(
        f"stored {summary.stored} article(s) with {summary.quotes} quote(s), {summary.skipped} already stored, "
        f"{summary.failed} failed, in {time.perf_counter() - start:.1f}s; the store now holds {counts['articles']} "
        f"articles, {counts['quotes']} quotes, {counts['speakers']} speakers"
    )
    if summary.failed:
        _say("failures are listed by `saywho errors`")
        raise typer.Exit(1)


@app.command()
def errors(
    format: Annotated[ErrorsFormat, format_option()] = ErrorsFormat.table,
    db: DbOption = None,
) -> None:
    """List the inputs that failed (and the warnings) recorded by ingest and load, oldest first.

    Examples:

        saywho errors

        saywho errors -f jsonl --db corpus.db
    """
    from .output import dumps

    with _store(db, readonly=True) as store:
        rows = store.errors()
    if format is ErrorsFormat.jsonl:
        for f in rows:
            typer.echo(dumps({"source": f.input, "stage": f.stage, "reason": f.reason, "at": f.at}))
        return
    table = Table(title=f"{len(rows)} recorded error(s)", expand=True)
    for col, kw in (
        ("At", {"no_wrap": True}),
        ("Stage", {}),
        ("Input", {"overflow": "fold", "ratio": 1}),
        ("Reason", {"ratio": 2}),
    ):
        table.add_column(col, **kw)
    for f in rows:
        table.add_row(_cell(f.at or ""), _cell(f.stage), _cell(f.input), _cell(f.reason))
    Console().print(table)


@app.command()
def search(
    words: Annotated[list[str] | None, typer.Argument(help="Words to find in quotes (full-text syntax).")] = None,
    speaker: Annotated[
        str | None,
        typer.Option(help="A speaker's id, name or alias (exactly, not a part of it); `unnamed` for unnamed sources."),
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet (site name or domain).")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many quotes.")] = 20,
    format: Annotated[SearchFormat, format_option()] = SearchFormat.table,
    db: DbOption = None,
    raw_csv: RawCsvOption = False,
) -> None:
    """Search quotes by words, speaker, outlet and date.

    Examples:

        saywho search ceasefire --speaker lavrov

        saywho search "humanitarian pauses" --since 2016-09-01 -f jsonl
    """
    from .output import write_hits
    from .store import Query, pick_speaker

    _check_date("--since", since)
    _check_date("--until", until)
    if speaker is not None and len(speaker) > MAX_SPEAKER_CHARS:
        raise CommandError(f"--speaker: too long ({len(speaker)} characters; at most {MAX_SPEAKER_CHARS})")
    with _store(db, readonly=True) as store:
        if speaker and speaker.strip() and speaker.strip().casefold() != "unnamed":
            speaker = "id:" + pick_speaker(store, speaker, "--speaker")
        text = " ".join(words) if words else None
        hits = store.search(Query(words=text, speaker=speaker, outlet=outlet, since=since, until=until, limit=limit))
    if format is SearchFormat.table:
        Console().print(hit_table(hits))
    else:
        write_hits(hits, format.value, sys.stdout, raw_csv=raw_csv)


def hit_table(hits: list[Any]) -> Table:
    """Search hits for reading in a terminal: date, outlet, speaker, the quote (cut at 140), article."""
    table = Table(title=f"{len(hits)} quote(s)", expand=True)
    for col, kw in (
        ("Date", {"no_wrap": True}),
        ("Outlet", {"max_width": 16}),
        ("Speaker", {"style": "bold cyan", "max_width": 22}),
        ("Quote", {"ratio": 1}),
        ("Article", {"style": "dim", "max_width": 20, "overflow": "fold"}),
    ):
        table.add_column(col, **kw)
    for h in hits:
        quote = plain(h.content)
        who = _cell(h.speaker or (h.source or "?")) + (" [dim](unnamed)[/]" if h.speaker_type == "unnamed" else "")
        table.add_row(
            h.date or "",
            _cell(h.outlet or ""),
            who,
            _cell(quote[:140] + ("…" if len(quote) > 140 else "")),
            _cell(h.article_id),
        )
    return table


SPEAKER_COLUMNS = (
    "id", "name", "type", "entity_id", "description", "org", "aliases", "roles", "quotes", "articles", "outlets",
    "first_date", "last_date",
)  # fmt: skip


@app.command()
def speakers(
    top: Annotated[int, typer.Option(min=1, help="Show the N speakers with most quotes.")] = 20,
    format: Annotated[SpeakersFormat, format_option()] = SpeakersFormat.table,
    unnamed: Annotated[
        bool, typer.Option("--unnamed", help="Include unnamed sources (type unnamed, one per article).")
    ] = False,
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

    with _store(db, readonly=True) as store:
        rows = store.speakers(top, unnamed=unnamed)
    if format is SpeakersFormat.table:
        Console().print(speakers_table(rows))
        return
    out = [{k: dataclasses.asdict(r)[k] for k in SPEAKER_COLUMNS} for r in rows]
    if format is SpeakersFormat.jsonl:
        for row in out:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(SPEAKER_COLUMNS))
    writer.writeheader()
    writer.writerows({k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()} for row in out)


def speakers_table(rows: list[Any]) -> Table:
    """Canonical speakers (:class:`saywho.store.SpeakerStats`) for reading in a terminal."""
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
    return table


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
    from .store import pick_speaker

    with _store(db) as store:
        a, b = pick_speaker(store, source, "SOURCE"), pick_speaker(store, target, "TARGET")
        store.merge_speakers(a, b)
    _say(f"merged {escape(a)} into {escape(b)}")


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
    from .store import pick_speaker

    with _store(db) as store:
        new = store.split_speaker(pick_speaker(store, speaker, "SPEAKER"), name)
    _say(f"moved {escape(name)!r} to the new speaker {escape(new)}")


corrections_app = typer.Typer(
    help="Speaker corrections (merges and splits): export them, or import them into another store.",
    no_args_is_help=True,
)
app.add_typer(corrections_app, name="corrections")


@corrections_app.command("export")
def corrections_export(output: OutputOption = None, db: DbOption = None) -> None:
    """Write the store's corrections as JSON Lines (replay them with `saywho corrections import`).

    Example:

        saywho corrections export -o fixes.jsonl
    """
    from .corpus.files import write_corrections

    with _store(db) as store:
        fixes = store.corrections()
    if output is None:
        write_corrections(fixes, sys.stdout)
        return
    with open(output, "w", encoding="utf-8") as out:
        n = write_corrections(fixes, out)
    _say(f"wrote {n} correction(s) to {escape(str(output))}")


@corrections_app.command("import")
def corrections_import(
    file: Annotated[Path, typer.Argument(help="A file written by `saywho corrections export`.")],
    db: DbOption = None,
) -> None:
    """Record and apply corrections: now to the stored speakers, and to every later ingest.

    Example:

        saywho corrections import fixes.jsonl --db other.db
    """
    from .corpus.files import read_corrections

    fixes = read_corrections(file)
    with _store(db) as store:
        n = store.add_corrections(fixes)
    _say(f"{n} new correction(s) recorded")


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="The article id (see `saywho search`).")],
    format: Annotated[ShowFormat, format_option()] = ShowFormat.text,
    db: DbOption = None,
) -> None:
    """Show one stored article with its quotes.

    Examples:

        saywho show 000_8b469b86e2e04f6a

        saywho show 000_8b469b86e2e04f6a -f html > article.html
    """
    from .output import dumps, render_html
    from .provenance.html import mark_altered

    with _store(db, readonly=True) as store:
        article = store.get(article_id)
        if article is None:
            raise NotFound(f"{article_id}: no such article in the store; find ids with `saywho search`")
        linked = store.quote_utterances(article_id)
    if format is ShowFormat.json:
        typer.echo(dumps(article.to_dict(), indent=2))
    elif format is ShowFormat.html:
        typer.echo(mark_altered(render_html(article), {q: u for q, (u, changed) in linked.items() if changed}))
    else:
        console = Console()
        console.print(f"[bold]{_cell(article.title or article.id)}[/]", highlight=False)
        console.print(
            " · ".join(_cell(x) for x in (article.date, article.outlet, article.url) if x), style="dim", highlight=False
        )
        console.print(quote_table([article]))
        console.print(speaker_table([article]))


@app.command()
def export(
    format: Annotated[
        ExportFormat, format_option("jsonl (one article per line), csv or parquet (one quote per row).")
    ] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (required for parquet).")] = None,
    db: DbOption = None,
    raw_csv: RawCsvOption = False,
) -> None:
    """Export the whole store: saywho/1 JSON Lines, or one row per quote as CSV or Parquet.

    Examples:

        saywho export -o corpus.jsonl

        saywho export -f parquet -o quotes.parquet
    """
    from .provenance.export import write_export

    _binary_needs_file(format.value, output)
    with _store(db, readonly=True) as store:
        try:
            write_export(store, format.value, output if output is not None else sys.stdout, raw_csv=raw_csv)
        except OSError as exc:
            raise CommandError(f"{output}: cannot write ({exc.strerror or exc})") from None


# -- Apache Spark ---------------------------------------------------------------------------


@app.command("spark-extract")
def spark_extract(
    inputs: Annotated[list[str], typer.Argument(help="JSONL, Parquet or WARC paths/globs, local or any Hadoop URI.")],
    output: Annotated[str, typer.Argument(help="Folder or URI to write Parquet articles/ and quotes/ to.")],
    master: Annotated[
        str | None, typer.Option(help="Spark master, e.g. local[4] or yarn (default: spark-submit's).")
    ] = None,
    partitions: Annotated[int | None, typer.Option(min=1, help="How many tasks share the articles.")] = None,
    model: ModelOption = None,
    spacy_model: SpacyOption = None,
    overwrite: Annotated[bool, typer.Option(help="Replace OUTPUT if it exists.")] = False,
    input_format: Annotated[InputFormat | None, format_option("The input format, for inputs without a suffix.")] = None,
    field: FieldOption = None,
    conf: Annotated[
        list[str] | None,
        typer.Option(help="A Spark setting KEY=VALUE, as spark-submit --conf (e.g. spark.archives=…). Repeatable."),
    ] = None,
) -> None:
    """Extract quotes from a corpus with Apache Spark (pip install 'saywho\\[spark]').

    Writes OUTPUT/articles/ (one row per article; failures are rows with an error)
    and OUTPUT/quotes/ (one row per quote) as Parquet; load them into a store with
    `saywho load`. The spaCy pipeline is loaded on the workers (it need only be
    installed there).

    Examples:

        saywho spark-extract news/*.jsonl.gz out/ --master local[2]

        saywho spark-extract hdfs:///crawl/ hdfs:///saywho-out --format warc --master yarn

    Before reading anything it checks that the executors can run saywho (Python,
    saywho, the models) and says in one line which setting to fix if not. On a
    cluster, submit job.py (see docs/spark.md).
    """
    from . import spark
    from .run import check_models

    fields = _pairs("--field", field, "text=body") or None
    settings = {}
    for item in conf or []:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise CommandError(f"--conf {item!r}: expected KEY=VALUE, e.g. --conf spark.executor.memory=2g")
        settings[key.strip()] = value
    check_models(spacy_model, model, spacy=False)  # the spaCy pipeline need only be installed on the workers
    try:
        summary = spark.spark_extract(inputs, output, master, partitions, spacy_model, model=model, overwrite=overwrite,
                                      format=input_format.value if input_format else None, fields=fields, conf=settings)  # fmt: skip
    except (FileExistsError, ValueError) as exc:  # an OUTPUT already there, a bad input format
        raise CommandError(str(exc)) from None
    _say(
        f"{summary['articles']} article(s), {summary['quotes']} quote(s), {summary['errors']} failed, "
        f"in {summary['seconds']:.1f}s → {_cell(str(summary['output']))}"
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
    from .store import load_output

    with _store(db) as store:
        summary = load_output(store, output, on_error=_report)
    _say(f"stored {summary.stored} article(s), {summary.skipped} already stored, {summary.failed} failed")
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (several suit PostgreSQL).")] = 1,
) -> None:
    """Browse a store in a web browser, read-only: search, speakers, articles, provenance, a JSON API.

    Examples:

        saywho serve                                  # ./saywho.db on http://127.0.0.1:8000

        saywho serve --db postgresql://localhost/news --workers 4
    """
    from .web import serve as run

    run(db, host=host, port=port, workers=workers)


from . import cli_provenance  # noqa: E402, F401  (registers trace, utterances, relink, spark-utterances last in --help)

if __name__ == "__main__":  # pragma: no cover
    app()
