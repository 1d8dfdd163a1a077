"""Writers for ``saywho extract --format jsonl|json|csv|html``.

The machine formats (JSON Lines, JSON, CSV) are thin views of the saywho/1
contract in :mod:`saywho.types`; the HTML format is a self-contained page for
people to read an article with its attributions highlighted. Everything here
is standard library only, so output never depends on optional packages.
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
from os import PathLike
from pathlib import Path
from typing import IO, Any

from saywho.safe import scrub
from saywho.types import Article, Speaker, span_text

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "render_html",
    "render_page",
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

#: (background, accent) pairs: light enough for black text, distinct side by side
PALETTE: tuple[tuple[str, str], ...] = (
    ("#fde68a", "#b45309"),  # amber
    ("#bfdbfe", "#1d4ed8"),  # blue
    ("#bbf7d0", "#15803d"),  # green
    ("#fbcfe8", "#be185d"),  # pink
    ("#ddd6fe", "#6d28d9"),  # violet
    ("#fed7aa", "#c2410c"),  # orange
    ("#a5f3fc", "#0e7490"),  # cyan
    ("#d9f99d", "#4d7c0f"),  # lime
    ("#fecaca", "#b91c1c"),  # red
    ("#c7d2fe", "#4338ca"),  # indigo
    ("#99f6e4", "#0f766e"),  # teal
    ("#f5d0fe", "#a21caf"),  # fuchsia
)
#: colours for quotes that resolve to no speaker
NEUTRAL: tuple[str, str] = ("#e5e7eb", "#6b7280")

_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")

_CSS = """
*,*::before,*::after{box-sizing:border-box}
body{margin:0;background:#f5f6f8;color:#1f2328;
 font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;
 font-size:17px;line-height:1.7;-webkit-font-smoothing:antialiased}
main{max-width:46rem;margin:2.5rem auto;padding:0 1.25rem}
article{background:#fff;border:1px solid #e3e6ea;border-radius:12px;padding:2rem 2.25rem;
 margin:0 0 2rem;box-shadow:0 1px 3px rgba(0,0,0,.05)}
header h1{font-size:1.65rem;line-height:1.25;margin:0 0 .6rem;letter-spacing:-.01em}
.meta{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0;list-style:none;
 color:#57606a;font-size:.85rem}
.meta a{color:#0969da;text-decoration:none;word-break:break-all}
.key{margin:1rem 0 0;color:#57606a;font-size:.8rem}
.legend{margin:1.5rem 0;padding:1rem 1.1rem;background:#fafbfc;border:1px solid #eaecef;border-radius:10px}
.legend h2{font-size:.75rem;text-transform:uppercase;letter-spacing:.08em;color:#57606a;margin:0 0 .5rem}
.legend ul{list-style:none;margin:0;padding:0}
.legend li{display:grid;grid-template-columns:1.1rem 1fr auto;gap:.6rem;align-items:baseline;
 padding:.2rem 0;font-size:.92rem;line-height:1.45}
.swatch{display:inline-block;width:1rem;height:1rem;border-radius:4px;background:var(--bg);
 border:1px solid var(--fg);transform:translateY(.15rem)}
.legend .name{font-weight:600}
.legend .type,.legend .roles{color:#57606a;font-size:.82rem;margin-left:.4rem}
.legend .count{color:#57606a;font-variant-numeric:tabular-nums;font-size:.85rem;white-space:nowrap}
.text p{white-space:pre-wrap;margin:0 0 1.1em}
.q{background:var(--bg);color:inherit;border-radius:3px;padding:.05em .1em;
 -webkit-box-decoration-break:clone;box-decoration-break:clone}
.q .q{box-shadow:inset 0 0 0 1px var(--fg)}
.src{font-weight:650;border-bottom:2px solid var(--fg)}
.cue{font-weight:650;text-decoration:underline;text-decoration-thickness:2px;text-underline-offset:3px}
.q[title],.src[title],.cue[title]{cursor:help}
.empty{color:#57606a;text-align:center}
@media print{body{background:#fff}article{box-shadow:none;border:none;padding:0}}
""".strip()


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


def _style(colours: tuple[str, str]) -> str:
    return f"--bg:{colours[0]};--fg:{colours[1]}"


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
    ranked = sorted(
        enumerate(article.speakers), key=lambda p: (-counts.get(p[1].id, 0), p[0])
    )
    unattributed = sum(n for sid, n in counts.items() if sid is None or sid not in known)
    return [(s, counts.get(s.id, 0)) for _, s in ranked], unattributed


def _quote_marks(article: Article, colours: dict[str, tuple[str, str]]) -> list[_Mark]:
    n = len(article.text)
    marks: list[_Mark] = []
    for qi, q in enumerate(article.quotes):
        sp = article.speaker(q.speaker)
        name = sp.name if sp else "unattributed"
        style = _style(colours.get(q.speaker or "", NEUTRAL))
        data = f' data-q="{_esc(q.id)}"' + (f' data-speaker="{_esc(q.speaker)}"' if q.speaker else "")
        tip = f"{name} · {q.kind} · confidence {float(q.confidence):.2f}"
        if q.region != "body":
            tip += f" · {q.region}"
        tip += f" ({q.id})"
        parts: list[tuple[int, str, str, Any]] = [
            (0, "mark", f'class="q"{data} title="{_esc(tip)}"', q.content),
            (1, "span", f'class="src"{data} title="{_esc(f"source → {name} ({q.id})")}"', q.source),
        ]
        if q.cue is not None:
            lemma = f" “{q.cue.lemma}”" if q.cue.lemma else ""
            parts.append((2, "span", f'class="cue"{data} title="{_esc(f"cue{lemma} ({q.id})")}"', q.cue))
        for rank, tag, attrs, span in parts:
            if span is None:
                continue
            for s, e in span.spans:
                s, e = max(0, int(s)), min(n, int(e))
                if s < e:
                    marks.append(_Mark(s, e, rank, qi, f'<{tag} {attrs} style="{style}">', f"</{tag}>"))
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


def _markup(text: str, start: int, end: int, marks: Sequence[_Mark]) -> str:
    """Escaped ``text[start:end]`` with marks as properly nested elements.

    The range is cut at every mark boundary; for each segment we keep the
    longest still-valid prefix of the open-element stack, close the rest and
    open what is missing (longest-running first, so it nests outermost).
    Overlapping or crossing marks are thereby split into adjacent elements
    instead of producing crossed tags.
    """
    local = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(max(start, m.start) for m in local), *(min(end, m.end) for m in local)})
    out: list[str] = []
    stack: list[_Mark] = []
    for a, b in zip(cuts, cuts[1:]):
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
        out.append(html.escape(text[a:b], quote=False))  # text node: quotes stay readable
    out.extend(m.close_tag for m in reversed(stack))
    return "".join(out)


def _safe_href(url: str) -> str | None:
    """Only http(s) URLs become links, so a ``javascript:`` URL can never run."""
    return url if re.match(r"(?i)https?://", url) else None


def _render_article(article: Article, heading: str = "h1") -> str:
    speakers, unattributed = _speaker_order(article)
    colours = {s.id: _colour(i) for i, (s, _) in enumerate(speakers)}
    title = article.title or article.id

    meta: list[str] = []
    if article.date:
        meta.append(f"<li><time>{_esc(article.date)}</time></li>")
    if article.outlet:
        meta.append(f"<li>{_esc(article.outlet)}</li>")
    if article.url:
        href = _safe_href(article.url)
        meta.append(
            f'<li><a href="{_esc(href)}" rel="noopener noreferrer">{_esc(article.url)}</a></li>'
            if href
            else f"<li>{_esc(article.url)}</li>"
        )
    nq, ns = len(article.quotes), sum(1 for _, c in speakers if c)
    meta.append(f"<li>{nq} quote{'s' * (nq != 1)} · {ns} speaker{'s' * (ns != 1)}</li>")
    meta.append(f"<li><code>{_esc(article.id)}</code></li>")

    items: list[str] = []
    for s, count in speakers:
        roles = ", ".join(s.roles)
        aliases = f' title="{_esc("also: " + "; ".join(s.aliases))}"' if s.aliases else ""
        items.append(
            f'<li data-speaker="{_esc(s.id)}"><span class="swatch" style="{_style(colours[s.id])}"></span>'
            f'<span><span class="name"{aliases}>{_esc(s.name)}</span>'
            f'<span class="type">{_esc(s.type)}</span>'
            + (f'<span class="roles">{_esc(roles)}</span>' if roles else "")
            + f'</span><span class="count">{count} quote{"s" * (count != 1)}</span></li>'
        )
    if unattributed:
        items.append(
            f'<li data-speaker=""><span class="swatch" style="{_style(NEUTRAL)}"></span>'
            f'<span><span class="name">Unattributed</span></span>'
            f'<span class="count">{unattributed} quote{"s" * (unattributed != 1)}</span></li>'
        )
    legend = (
        f'<section class="legend"><h2>Speakers</h2><ul>{"".join(items)}</ul></section>'
        if items
        else ""
    )

    marks = _quote_marks(article, colours)
    paras = "\n".join(
        f"<p>{_markup(article.text, s, e, marks)}</p>" for s, e in _paragraphs(article.text)
    )
    key = (
        '<p class="key">Highlight = quote content (colour per speaker) · '
        '<span class="cue">cue</span> · <span class="src" style="--fg:#6b7280">source</span> · '
        "hover for details</p>"
    )
    return (
        f'<article id="{_esc(article.id)}">\n<header><{heading}>{_esc(title)}</{heading}>'
        f'<ul class="meta">{"".join(meta)}</ul>{key}</header>\n'
        f'{legend}\n<div class="text">\n{paras}\n</div>\n</article>'
    )


def render_page(articles: Sequence[Article]) -> str:
    """One well-formed page holding each article in its own ``<article>`` with its
    own legend (concatenated pages would not be valid HTML)."""
    if len(articles) == 1:
        page_title = articles[0].title or articles[0].id
    else:
        page_title = f"saywho: {len(articles)} articles"
    body = "\n".join(_render_article(a) for a in articles) or '<p class="empty">No articles.</p>'
    return scrub(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="saywho">\n'
        f"<title>{_esc(page_title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )  # valid UTF-8 whatever the article holds


def render_html(article: Article) -> str:
    """A self-contained page (inline CSS, no scripts or external resources) for one article."""
    return render_page([article])


def _is_stream(target: object) -> bool:
    return hasattr(target, "write")


def write_html(articles: Iterable[Article], target: PathOrFile) -> list[Path]:
    """Write HTML pages and return the files written.

    A directory (an existing one, or a path not ending in ``.html``) gets one
    ``<id>.html`` per article; a ``.html`` path or an open stream gets a single
    page with every article in it. Returns ``[]`` for a stream.
    """
    if _is_stream(target):
        target.write(render_page(list(articles)))  # type: ignore[union-attr]
        return []
    path = Path(target)  # type: ignore[arg-type]
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
        path = Path(target)  # type: ignore[arg-type]
        path.parent.mkdir(parents=True, exist_ok=True)
        write_parquet(articles, path)
        return [path]
    writer = _STREAM_WRITERS[fmt]
    if fmt == "csv" and raw_csv:
        writer = _raw_csv
    if _is_stream(target):
        writer(articles, target)  # type: ignore[arg-type]
        return []
    path = Path(target)  # type: ignore[arg-type]
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
