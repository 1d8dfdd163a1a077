"""Files users keep beside a corpus: speaker corrections (JSON Lines) and entity lists (CSV).

Both are read strictly: a bad line is an :class:`~saywho.errors.InputError` naming the
file and line, so a typo never silently changes who said what.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..store.base import Correction

__all__ = ["Entity", "read_corrections", "read_entities", "write_corrections"]

KINDS = ("merge", "split")
ENTITY_TYPES = ("person", "organization")


def write_corrections(corrections: Iterable[Correction], out: IO[str]) -> int:
    """One JSON object per correction (kind, source, target, name); how many were written."""
    n = 0
    for c in corrections:
        out.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def read_corrections(path: str | Path) -> list[Correction]:
    """The corrections in a file written by :func:`write_corrections` (``saywho corrections export``)."""
    source = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot be read ({exc})") from None
    out: list[Correction] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"is not JSON ({exc.msg}); expected one correction per line") from None
        if not isinstance(d, dict):
            raise InputError(where, "is not a JSON object")
        kind, src, target, name = (str(d.get(k) or "").strip() for k in ("kind", "source", "target", "name"))
        if kind not in KINDS:
            raise InputError(where, f"kind {kind!r} is not one of {', '.join(KINDS)}")
        if not src or not target:
            raise InputError(where, "needs a source and a target speaker id")
        if kind == "split" and not name:
            raise InputError(where, "a split needs the name that was moved")
        out.append(Correction(kind, src, target, name))
    return out


@dataclass
class Entity:
    """One entry of a user's entity list: a person or organisation the newsroom knows."""

    name: str
    type: str = "person"
    aliases: list[str] = field(default_factory=list)
    id: str | None = None  # e.g. a Wikidata QID
    description: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": self.aliases,
            "id": self.id,
            "description": self.description,
        }


_TYPES = {"person": "person", "per": "person", "people": "person", "organization": "organization",
          "organisation": "organization", "org": "organization"}  # fmt: skip


def read_entities(path: str | Path) -> list[Entity]:
    """Entries of a CSV entity list: columns name, aliases (``|`` or ``;`` separated), type, id, description.

    Only ``name`` is required; ``type`` defaults to person.
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot be read ({exc})") from None
    rows = csv.reader(text.splitlines())
    header = next(rows, None)
    if not header:
        raise InputError(source, "is empty; expected a header line: name,aliases,type,id,description")
    cols = [h.strip().lower() for h in header]
    if "name" not in cols:
        raise InputError(
            f"{source}:1", f"has no name column (columns: {', '.join(cols)}); expected name,aliases,type,id,description"
        )
    out: list[Entity] = []
    for n, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{source}:{n}"
        if len(row) > len(cols):
            raise InputError(where, f"has {len(row)} fields, the header {len(cols)} (quote a field with a comma in it)")
        d = {c: (row[i].strip() if i < len(row) else "") for i, c in enumerate(cols)}
        if not d["name"]:
            raise InputError(where, "has no name")
        raw_type = d.get("type", "").lower() or "person"
        if raw_type not in _TYPES:
            raise InputError(where, f"type {d.get('type')!r} is not person or organization")
        aliases = [a.strip() for a in d.get("aliases", "").replace(";", "|").split("|") if a.strip()]
        out.append(Entity(d["name"], _TYPES[raw_type], aliases, d.get("id") or None, d.get("description") or None))
    return out
