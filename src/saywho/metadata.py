"""Metadata for folders of text files: outlet, date, URL and title from a sidecar table or the file name.

A .txt file carries no outlet and often no date, so ``--outlet`` and ``--since`` would
find nothing in it. A sidecar table (``--meta metadata.tsv``, e.g. PolNeAR's) keyed by
file name or id, or a file-name pattern (``--name-pattern "{outlet}_{date}_{slug}"``)
supplies them. The sidecar wins over the pattern, and both over what the text itself says.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .types import Article

__all__ = ["FIELDS", "Metadata", "NamePattern", "load_meta", "metadata"]

#: the article fields metadata can set
FIELDS = ("outlet", "date", "url", "title")
#: column names read as each field when no --meta-field says otherwise (first found wins)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "key": ("filename", "file_name", "file", "name", "id", "article_id", "doc_id", "docid", "path", "stem"),
    "outlet": ("outlet", "publisher", "publication", "source", "site", "site_name", "newspaper", "media", "domain"),
    "date": ("date", "publication_date", "pub_date", "published", "published_at", "publish_date", "datetime", "time"),
    "url": ("url", "link", "href", "source_url", "canonical_url"),
    "title": ("title", "headline", "heading"),
}
_MISSING = {"", "none", "null", "na", "n/a", "nan", "-"}
_TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")


def _key(name: str) -> str:
    """A file name or id as a lookup key: no folder, no text suffix, case folded."""
    base = name.strip().replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in _TEXT_SUFFIXES:
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
            break
    return base.casefold()


def _delimiter(path: Path, head: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    if path.suffix.lower() == ".csv":
        return ","
    return "\t" if head.count("\t") > head.count(",") else ","


def load_meta(path: str | Path, mapping: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    """{file name or id key: {field: value}} from a TSV/CSV table with a header line.

    ``mapping`` names columns: ``{"outlet": "publisher", "key": "filename"}``; otherwise
    common column names are recognised (see SYNONYMS). Raises InputError (file and line).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as a metadata table ({exc})") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError(str(path), "is empty; expected a header line, e.g. filename<TAB>outlet<TAB>date")
    rows = list(csv.reader(lines, delimiter=_delimiter(p, lines[0])))
    header = [h.strip() for h in rows[0]]
    lower = {h.casefold(): i for i, h in enumerate(header)}
    mapping = {k.strip().casefold(): v.strip() for k, v in (mapping or {}).items()}
    for ours in mapping:
        if ours not in SYNONYMS:
            raise InputError(str(path), f"--meta-field {ours}=…: expected one of key, {', '.join(FIELDS)}")
    columns: dict[str, int] = {}
    for ours, names in SYNONYMS.items():
        if ours in mapping:
            theirs = mapping[ours].casefold()
            if theirs not in lower:
                raise InputError(f"{path}:1", f"has no column {mapping[ours]!r} (columns: {', '.join(header)})")
            columns[ours] = lower[theirs]
            continue
        found = next((lower[n] for n in names if n in lower), None)
        if found is not None:
            columns[ours] = found
    if "key" not in columns:
        raise InputError(
            f"{path}:1",
            f"has no file name or id column (columns: {', '.join(header)}); name it with --meta-field key=COLUMN",
        )
    if not set(columns) & set(FIELDS):
        raise InputError(f"{path}:1", f"has none of the columns {', '.join(FIELDS)} (columns: {', '.join(header)})")
    out: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header):
            raise InputError(f"{path}:{n}", f"has {len(row)} fields, the header {len(header)}")
        key = row[columns["key"]].strip() if columns["key"] < len(row) else ""
        if not key:
            raise InputError(f"{path}:{n}", "has no file name or id")
        values = {}
        for f in FIELDS:
            i = columns.get(f)
            if i is not None and i < len(row) and row[i].strip().casefold() not in _MISSING:
                values[f] = row[i].strip()
        out[_key(key)] = values
    return out


_FIELD = re.compile(r"\{(\w*)\}")
_PATTERN_FIELDS = {*FIELDS, "slug", "id", ""}
_DATE = r"\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-\d{2}"


@dataclass
class NamePattern:
    """Fields parsed from a file stem, e.g. ``{outlet}_{date}_{slug}``: ``{}`` or ``{slug}`` are ignored."""

    pattern: str
    regex: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        parts, pos = [], 0
        names = _FIELD.findall(self.pattern)
        if not names:
            raise ValueError(f'--name-pattern {self.pattern!r}: no field in it; e.g. "{{outlet}}_{{date}}_{{slug}}"')
        seen: set[str] = set()
        for i, m in enumerate(_FIELD.finditer(self.pattern)):
            name = m.group(1)
            if name not in _PATTERN_FIELDS:
                raise ValueError(
                    f"--name-pattern {self.pattern!r}: unknown field {{{name}}}; use {', '.join(FIELDS)}, slug or {{}}"
                )
            parts.append(re.escape(self.pattern[pos : m.start()]))
            last = i == len(names) - 1
            body = _DATE if name == "date" else (".+" if last else ".+?")
            if name in FIELDS and name not in seen:
                seen.add(name)
                parts.append(f"(?P<{name}>{body})")
            else:
                parts.append(f"(?:{body})")
            pos = m.end()
        parts.append(re.escape(self.pattern[pos:]))
        self.regex = re.compile("".join(parts))

    def parse(self, stem: str) -> dict[str, str]:
        """The fields of ``stem`` ({} when it does not fit the pattern)."""
        m = self.regex.fullmatch(stem)
        if not m:
            return {}
        out = {k: v for k, v in m.groupdict().items() if v}
        d = out.get("date")
        if d and len(d) == 8 and d.isdigit():
            out["date"] = f"{d[:4]}-{d[4:6]}-{d[6:]}"
        return out


@dataclass
class Metadata:
    """Sets outlet, date, URL and title on articles from a sidecar table and/or a name pattern."""

    table: dict[str, dict[str, str]] = field(default_factory=dict)
    pattern: NamePattern | None = None

    def __call__(self, article: Article) -> Article:
        found = self.pattern.parse(article.id) if self.pattern else {}
        found.update(self.table.get(_key(article.id), {}))
        for f, value in found.items():
            if f in FIELDS:
                setattr(article, f, value)
        return article


def metadata(
    meta: str | Path | None = None, fields: dict[str, str] | None = None, name_pattern: str | None = None
) -> Callable[[Article], Article] | None:
    """What ``--meta``, ``--meta-field`` and ``--name-pattern`` ask for (None: nothing).

    Raises InputError for a bad table and ValueError for a bad pattern, before any article is read.
    """
    if meta is None and not name_pattern:
        return None
    table = load_meta(meta, fields) if meta is not None else {}
    return Metadata(table, NamePattern(name_pattern) if name_pattern else None)
