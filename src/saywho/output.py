"""Writers for ``saywho extract --format jsonl|json|csv|html``.

The machine formats (JSON Lines, JSON, CSV) are thin views of the saywho/1
contract in :mod:`saywho.types`; the HTML format is a self-contained page for
people to read an article with its attributions highlighted, rendered from the
Jinja2 templates in ``saywho/templates`` and the CSS in ``saywho/static`` (the
web UI renders its article view from the same template).
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from saywho.safe import scrub
from saywho.types import Article, Speaker, span_text

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "article_view",
    "render_html",
    "render_page",
    "visible_text",
    "write",
    "write_csv",
    "write_html",
    "write_json",
    "write_jsonl",
]

#: formats accepted by :func:`write` (and the CLI's ``--format``)
FORMATS: tuple[str, ...] = ("jsonl", "json", "csv", "parquet", "html")

#: CSV header: one row per quote, article metadata repeated so rows stand alone
CSV_COLUMNS: tuple[str, ...] = (
    "article_id",
    "title",
    "date",
    "outlet",
    "url",
    "quote_id",
    "kind",
    "region",
    "speaker_id",
    "speaker_name",
    "speaker_type",
    "speaker_entity_id",
    "source",
    "cue",
    "cue_lemma",
    "content",
    "content_start",
    "content_end",
    "confidence",
)

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing.TypeIs is 3.13+; only mypy reads this

PathOrFile = str | PathLike[str] | IO[str]


# --------------------------------------------------------------------------- JSON


_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK = re.compile("[\x85\u2028\u2029]")


def dumps(data: Any, indent: int | None = None) -> str:
    """JSON that is valid UTF-8 whatever the data: a lone surrogate becomes U+FFFD (same offsets).

    NEL and the Unicode line and paragraph separators are written as escapes
    (they can only occur inside strings), so a reader that splits lines on them
    (Python's ``str.splitlines``, JavaScript) still sees one object per line.
    """
    text = scrub(json.dumps(data, ensure_ascii=False, indent=indent))
    return _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], text) if _LINE_BREAK.search(text) else text


def write_jsonl(articles: Iterable[Article], fp: IO[str]) -> None:
    """One saywho/1 object per line, written as each article arrives (streams)."""
    for article in articles:
        fp.write(dumps(article.to_dict()))
        fp.write("\n")


def write_json(articles: Iterable[Article], fp: IO[str]) -> None:
    """A JSON array (indent 2), streamed element by element.

    The bytes equal ``json.dumps(list_of_dicts, indent=2)`` plus a newline, but
    we never hold every article's dict in memory at once.
    """
    first = True
    for article in articles:
        body = dumps(article.to_dict(), indent=2)
        fp.write("[\n" if first else ",\n")
        fp.write("\n".join("  " + line for line in body.split("\n")))
        first = False
    fp.write("[]\n" if first else "\n]\n")


# --------------------------------------------------------------------------- CSV


def _csv_rows(article: Article) -> Iterable[dict[str, Any]]:
    for row in _quote_rows(article):
        yield {k: scrub(v) if isinstance(v, str) else v for k, v in row.items()}


csv_rows = _csv_rows  # the public name (saywho.spark uses it); the house work makes it the definition


#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell a spreadsheet shows as text: ``=HYPERLINK(…)`` becomes ``'=HYPERLINK(…)``.

    Text from articles is untrusted; a cell starting with ``= + - @`` (or tab, CR)
    would run as a formula when the CSV is opened (CSV injection). Numbers are
    left alone; ``raw=True`` in the writers keeps every value as it is.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _quote_rows(article: Article) -> Iterable[dict[str, Any]]:
    for q in article.quotes:
        sp = article.speaker(q.speaker)
        yield {
            "article_id": article.id,
            "title": article.title or "",
            "date": article.date or "",
            "outlet": article.outlet or "",
            "url": article.url or "",
            "quote_id": q.id,
            "kind": q.kind,
            "region": q.region,
            "speaker_id": q.speaker or "",
            "speaker_name": sp.name if sp else "",
            "speaker_type": sp.type if sp else "",
            "speaker_entity_id": (sp.entity_id or "") if sp else "",
            "source": q.source.text if q.source else "",
            "cue": q.cue.text if q.cue else "",
            "cue_lemma": q.cue.lemma if q.cue else "",
            "content": q.content.text or span_text(article.text, q.content.spans),
            "content_start": q.content.start if q.content.spans else "",
            "content_end": q.content.end if q.content.spans else "",
            "confidence": round(float(q.confidence), 4),
        }


def write_csv(articles: Iterable[Article], fp: IO[str], raw: bool = False) -> None:
    """One row per quote; the header is written even when there are no quotes,
    so downstream tools always see the same columns.

    Cells that a spreadsheet would run as a formula get a leading ``'`` (see
    :func:`neutralise`) unless ``raw``.
    """
    writer = csv.DictWriter(fp, fieldnames=list(CSV_COLUMNS))
    writer.writeheader()
    for article in articles:
        rows = _csv_rows(article)
        writer.writerows(rows if raw else ({k: neutralise(v) for k, v in r.items()} for r in rows))


def write_parquet(articles: Iterable[Article], path: str | PathLike[str], batch_rows: int = 10_000) -> None:
    """One row per quote, the CSV columns with proper types, written in row groups (streams)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    numeric = {"content_start": pa.int64(), "content_end": pa.int64(), "confidence": pa.float64()}
    schema = pa.schema([(c, numeric.get(c, pa.string())) for c in CSV_COLUMNS])
    with pq.ParquetWriter(str(path), schema) as writer:
        rows: list[dict[str, Any]] = []

        def flush() -> None:
            cols = {c: [None if r[c] == "" else r[c] for r in rows] for c in CSV_COLUMNS}
            writer.write_table(pa.table(cols, schema=schema))
            rows.clear()

        for article in articles:
            rows.extend(_csv_rows(article))
            if len(rows) >= batch_rows:
                flush()
        flush()  # also when empty: the file always has the schema


# --------------------------------------------------------------------------- HTML

#: Speaker colours, (background, accent): Tableau 10 (Maureen Stone's 2016 palette, designed for
#: distinct categories) as 38% tints for the background (black text stays readable) and the colour
#: darkened to 75% for the accent. Its grey is kept for unattributed quotes (:data:`NEUTRAL`).
PALETTE: tuple[tuple[str, str], ...] = (
    ("#bcccde", "#3a5b7d"),  # blue   #4E79A7
    ("#fad4ae", "#b66a20"),  # orange #F28E2B
    ("#f4bfc0", "#a94143"),  # red    #E15759
    ("#c0dbbc", "#43793b"),  # green  #59A14F
    ("#f8eab9", "#b29736"),  # yellow #EDC948
    ("#e1ccdb", "#845c79"),  # purple #B07AA1
    ("#cbe4e2", "#588986"),  # teal   #76B7B2
    ("#ffdade", "#bf767d"),  # pink   #FF9DA7
    ("#d9cbc2", "#755847"),  # brown  #9C755F
)
#: colours for quotes that resolve to no speaker (Tableau 10's grey)
NEUTRAL: tuple[str, str] = ("#e5e1df", "#8c8481")
#: quotes below this confidence are drawn fainter
LOW_CONFIDENCE = 0.5
#: speakers with a colour class of their own (``.s0`` … ``.s39`` in static/article.css; later ones
#: share them) and that the legend can focus on
FOCUSABLE = 40

_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")

_TEMPLATES: Any = None


def templates() -> Any:
    """The Jinja2 environment over ``saywho/templates`` (autoescape on), shared with the web UI."""
    global _TEMPLATES
    if _TEMPLATES is None:
        import jinja2

        _TEMPLATES = jinja2.Environment(
            loader=jinja2.PackageLoader("saywho", "templates"),
            autoescape=True,
            trim_blocks=False,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # templates ship with the package: no stat per render
        )
        _TEMPLATES.filters["visible"] = visible_text
    return _TEMPLATES


def static_text(name: str) -> str:
    """A file shipped in ``saywho/static`` (e.g. ``article.css``)."""
    from importlib.resources import files

    return files("saywho").joinpath("static", name).read_text(encoding="utf-8")


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def _colour(index: int | None) -> tuple[str, str]:
    """Fixed palette first; beyond it golden-angle hues keep new speakers distinct."""
    if index is None:
        return NEUTRAL
    if index < len(PALETTE):
        return PALETTE[index]
    hue = (index * 137.508) % 360
    return (f"hsl({hue:.0f} 85% 86%)", f"hsl({hue:.0f} 60% 32%)")


def _css_class(index: int | None) -> str:
    """The colour class of the legend's ``index``-th speaker (no inline styles: the web UI's CSP allows none)."""
    return "snone" if index is None else f"s{index % FOCUSABLE}"


@dataclass(frozen=True)
class _Mark:
    """One stretch of text to wrap in an element (a piece of a content/cue/source span)."""

    start: int
    end: int
    rank: int  # 0 content, 1 source, 2 cue: content wraps the others when they coincide
    order: int  # quote index, for a deterministic nesting order
    open_tag: str
    close_tag: str


def _speaker_order(article: Article) -> tuple[list[tuple[Speaker, int]], int]:
    """Speakers with the number of quotes on this page, most quoted first.

    Counted from ``article.quotes`` rather than ``Speaker.quotes`` so the legend
    always matches what is highlighted (e.g. after quotes were filtered).
    """
    counts = Counter(q.speaker for q in article.quotes)
    known = {s.id for s in article.speakers}
    ranked = sorted(enumerate(article.speakers), key=lambda p: (-counts.get(p[1].id, 0), p[0]))
    unattributed = sum(n for sid, n in counts.items() if sid is None or sid not in known)
    return [(s, counts.get(s.id, 0)) for _, s in ranked], unattributed


def _quote_marks(article: Article, index: dict[str, int], altered: dict[str, str] | None = None) -> list[_Mark]:
    """The marks of every quote; ``index``: speaker id → its place in the legend (its colour)."""
    n = len(article.text)
    altered = altered or {}
    marks: list[_Mark] = []
    for qi, q in enumerate(article.quotes):
        sp = article.speaker(q.speaker)
        name = sp.name if sp else "unattributed"
        i = index.get(q.speaker or "")
        who = _css_class(i)
        data = f' data-q="{_esc(q.id)}"' + (f' data-speaker="{_esc(q.speaker)}"' if q.speaker else "")
        low = float(q.confidence) < LOW_CONFIDENCE
        tip = f"{name} · {q.kind} · confidence {float(q.confidence):.2f}" + (" (low)" if low else "")
        if q.region != "body":
            tip += f" · {q.region}"
        tip += f" ({q.id})"
        classes = "q" + (" altered" if q.id in altered else "") + f" {who}" + (" low" if low else "")
        extra = f' data-utterance="{_esc(altered[q.id])}"' if q.id in altered else ""
        parts: list[tuple[int, str, str, Any]] = [
            (0, "mark", f'class="{classes}"{extra}{data} title="{_esc(tip)}"', q.content),
            (1, "span", f'class="src {who}"{data} title="{_esc(f"source → {name} ({q.id})")}"', q.source),
        ]
        if q.cue is not None:
            lemma = f" “{q.cue.lemma}”" if q.cue.lemma else ""
            parts.append((2, "span", f'class="cue {who}"{data} title="{_esc(f"cue{lemma} ({q.id})")}"', q.cue))
        for rank, tag, attrs, span in parts:
            if span is None:
                continue
            for s, e in span.spans:
                s, e = max(0, int(s)), min(n, int(e))
                if s < e:
                    marks.append(_Mark(s, e, rank, qi, f"<{tag} {attrs}>", f"</{tag}>"))
    return marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges: text split on blank lines, whitespace-only pieces dropped."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _visible(text: str, view: str | None, a: int, b: int) -> str:
    """``text[a:b]`` without the Markdown syntax :func:`plain_view` blanks (``[said](#)`` → ``said``)."""
    piece = text[a:b]
    if view is None:
        return piece
    shown = view[a:b]
    if shown == piece:
        return piece
    return "".join(c for c, v in zip(piece, shown, strict=False) if c == v or v != " ")


def visible_text(text: str) -> str:
    """``text`` as a page shows it: without the Markdown syntax (``*"…"*`` → ``"…"``)."""
    from saywho.readers.markup import plain_view

    return _visible(text, plain_view(text), 0, len(text))


def _markup(text: str, start: int, end: int, marks: Sequence[_Mark], view: str | None = None) -> str:
    """Escaped ``text[start:end]`` with marks as properly nested elements.

    The range is cut at every mark boundary; for each segment we keep the
    longest still-valid prefix of the open-element stack, close the rest and
    open what is missing (longest-running first, so it nests outermost).
    Overlapping or crossing marks are thereby split into adjacent elements
    instead of producing crossed tags. With ``view`` (the text's plain view),
    Markdown syntax is left out of the page; offsets are unaffected.
    """
    local = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(max(start, m.start) for m in local), *(min(end, m.end) for m in local)})
    out: list[str] = []
    stack: list[_Mark] = []
    for a, b in pairwise(cuts):
        need = {m for m in local if m.start <= a and m.end >= b}
        keep = 0
        while keep < len(stack) and stack[keep] in need:
            keep += 1
        for m in reversed(stack[keep:]):
            out.append(m.close_tag)
        del stack[keep:]
        for m in sorted(need.difference(stack), key=lambda m: (-m.end, m.rank, m.order, m.start)):
            out.append(m.open_tag)
            stack.append(m)
        out.append(html.escape(_visible(text, view, a, b), quote=False))  # text node: quotes stay readable
    out.extend(m.close_tag for m in reversed(stack))
    return "".join(out)


def _safe_href(url: str) -> str | None:
    """Only http(s) URLs become links, so a ``javascript:`` URL can never run."""
    return url if re.match(r"(?i)https?://", url) else None


def article_view(
    article: Article,
    *,
    altered: dict[str, str] | None = None,
    speaker_href: dict[str, str] | None = None,
    outlet_href: str | None = None,
) -> dict[str, Any]:
    """What ``templates/_article.html`` draws for one article: plain values (the template escapes
    them) and the paragraphs as escaped markup with every quote, cue and source marked.

    ``altered``: quote id → utterance id of quotes reworded against their utterance (outlined);
    ``speaker_href``: article speaker id → a link for its legend entry (the web UI);
    ``outlet_href``: a link for the outlet.
    """
    from markupsafe import Markup

    from saywho.readers.markup import plain_view

    speakers, unattributed = _speaker_order(article)
    index = {s.id: i for i, (s, _) in enumerate(speakers)}
    legend = [
        {
            "id": s.id,
            "name": s.name,
            "type": s.type,
            "roles": list(s.roles),
            "aliases": list(s.aliases),
            "count": count,
            "colour": _css_class(i),
            "focus": f"f{i}" if i < FOCUSABLE and count else "",
            "href": (speaker_href or {}).get(s.id),
        }
        for i, (s, count) in enumerate(speakers)
    ]
    if unattributed:
        legend.append(
            {
                "id": "",
                "name": "Unattributed",
                "type": "",
                "roles": [],
                "aliases": [],
                "count": unattributed,
                "colour": "snone",
                "focus": "fnone",
                "href": None,
            }
        )
    view = plain_view(article.text)
    marks = _quote_marks(article, index, altered)
    return {
        "id": article.id,
        "title": article.title or article.id,
        "date": article.date,
        "outlet": article.outlet,
        "outlet_href": outlet_href,
        "url": article.url,
        "href": _safe_href(article.url) if article.url else None,
        "n_quotes": len(article.quotes),
        "n_speakers": sum(1 for _, c in speakers if c),
        "legend": legend,
        "paragraphs": [Markup(_markup(article.text, s, e, marks, view)) for s, e in _paragraphs(article.text)],
    }


def render_page(articles: Sequence[Article], altered: dict[str, str] | None = None) -> str:
    """One well-formed, self-contained page (inline CSS, no scripts or external resources) holding
    each article in its own ``<article>`` with its own legend, from ``templates/article_page.html``.
    ``altered``: quote id → utterance id of reworded quotes, outlined (``saywho show``)."""
    if len(articles) == 1:
        page_title = articles[0].title or articles[0].id
    else:
        page_title = f"saywho: {len(articles)} articles"
    page = (
        templates()
        .get_template("article_page.html")
        .render(
            page_title=page_title,
            css=static_text("article.css"),
            articles=[article_view(a, altered=altered) for a in articles],
        )
    )
    return scrub(page)  # valid UTF-8 whatever the article holds


def render_html(article: Article, altered: dict[str, str] | None = None) -> str:
    """A self-contained page (inline CSS, no scripts or external resources) for one article."""
    return render_page([article], altered)


def _is_stream(target: object) -> TypeIs[IO[str]]:
    return hasattr(target, "write")


def write_html(articles: Iterable[Article], target: PathOrFile) -> list[Path]:
    """Write HTML pages and return the files written.

    A directory (an existing one, or a path not ending in ``.html``) gets one
    ``<id>.html`` per article; a ``.html`` path or an open stream gets a single
    page with every article in it. Returns ``[]`` for a stream.
    """
    if _is_stream(target):
        target.write(render_page(list(articles)))
        return []
    path = Path(target)
    if path.suffix.lower() in {".html", ".htm"} and not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_page(list(articles)), encoding="utf-8")
        return [path]
    path.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for article in articles:
        out = path / f"{_unique_filename(article.id, used)}.html"
        out.write_text(render_html(article), encoding="utf-8")
        written.append(out)
    return written


#: Longest file name stem written, in UTF-8 bytes (file systems allow 255 for the whole name).
MAX_NAME_BYTES = 120


def _safe_filename(article_id: str) -> str:
    """Article ids come from input names; keep them from escaping the directory, and short."""
    name = re.sub(r"[^\w.\-]+", "_", article_id).strip(".")
    name = name.encode("utf-8", "ignore")[:MAX_NAME_BYTES].decode("utf-8", "ignore").rstrip(".")
    return name or "article"


def _unique_filename(article_id: str, used: set[str]) -> str:
    """A safe name no other article of this run got: ids that clean to the same name
    (``a/b`` and ``a_b``, ``.`` and ``..``) or repeat get a hash of the id, then a number."""
    base = _safe_filename(article_id)
    name = base
    if name.lower() in used:  # case-insensitive: macOS and Windows file systems
        name = f"{base}-{hashlib.sha1(article_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
        n = 1
        while name.lower() in used:
            n += 1
            name = f"{base}-{hashlib.sha1(article_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}-{n}"
    used.add(name.lower())
    return name


# --------------------------------------------------------------------------- dispatch


def _raw_csv(articles: Iterable[Article], fp: IO[str]) -> None:
    write_csv(articles, fp, raw=True)


_STREAM_WRITERS = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv}


def write(articles: Iterable[Article], fmt: str, fp_or_path: PathOrFile, *, raw_csv: bool = False) -> list[Path]:
    """Write ``articles`` in ``fmt`` to a stream, a file path, or ``"-"`` (stdout).

    For ``html`` a directory path means one page per article (see
    :func:`write_html`). Returns the files written (``[]`` for a stream).
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    target: PathOrFile = sys.stdout if fp_or_path == "-" else fp_or_path
    if fmt == "html":
        return write_html(articles, target)
    if fmt == "parquet":
        if _is_stream(target):
            raise ValueError("parquet is a binary file format: give an output path with -o")
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_parquet(articles, path)
        return [path]
    writer = _STREAM_WRITERS[fmt]
    if fmt == "csv" and raw_csv:
        writer = _raw_csv
    if _is_stream(target):
        writer(articles, target)
        return []
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="" if fmt == "csv" else None) as fp:
        writer(articles, fp)
    return [path]


# --------------------------------------------------------------------------- search results


def write_hits(hits: Sequence[Any], fmt: str, fp: IO[str], *, raw_csv: bool = False) -> None:
    """Write search hits (:class:`saywho.store.Hit`) as ``jsonl`` (one object a line) or ``csv``
    (a header of the Hit fields, then a row a hit; formula cells neutralised unless ``raw_csv``)."""
    import dataclasses

    from saywho.store.base import Hit

    if fmt == "jsonl":
        for hit in hits:
            fp.write(dumps(dataclasses.asdict(hit)) + "\n")
        return
    if fmt != "csv":
        raise ValueError(f"unknown search output format {fmt!r}; choose jsonl or csv")
    writer = csv.DictWriter(fp, fieldnames=[f.name for f in dataclasses.fields(Hit)])
    writer.writeheader()
    writer.writerows({k: v if raw_csv else neutralise(v) for k, v in dataclasses.asdict(h).items()} for h in hits)
