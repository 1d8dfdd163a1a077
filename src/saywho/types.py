"""The saywho/1 output contract as dataclasses.

Every span is a list of ``(start, end)`` code-point offsets into ``Article.text``;
``text`` fields are derived from those offsets, so they can never drift from the
article. See ``shared/spec/output-schema.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "saywho/1"

Kind = Literal["direct", "indirect", "mixed"]
RegionKind = Literal["headline", "body", "related"]
Offsets = list[tuple[int, int]]

#: separator used when a discontinuous span is rendered as one string
GAP = " … "


def union(spans: Offsets) -> Offsets:
    """Sorted spans with overlapping or touching pieces merged, so unions compare cleanly."""
    out: Offsets = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def span_text(text: str, spans: Offsets) -> str:
    """The text covered by ``spans``; pieces of a discontinuous span joined by GAP."""
    return GAP.join(text[s:e] for s, e in spans)


@dataclass
class Span:
    """A possibly discontinuous stretch of the article text."""

    spans: Offsets
    text: str = ""

    @classmethod
    def of(cls, text: str, spans: Offsets) -> Span:
        spans = sorted((int(s), int(e)) for s, e in spans)
        return cls(spans=spans, text=span_text(text, spans))

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "spans": [list(s) for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Span | None:
        if d is None:
            return None
        return cls(spans=[(int(s), int(e)) for s, e in d["spans"]], text=d.get("text", ""))


@dataclass
class Cue(Span):
    """The words that signal attribution ("said", "according to")."""

    lemma: str = ""

    @classmethod
    def of(cls, text: str, spans: Offsets, lemma: str = "") -> Cue:
        spans = sorted((int(s), int(e)) for s, e in spans)
        return cls(spans=spans, text=span_text(text, spans), lemma=lemma)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "lemma": self.lemma, "spans": [list(s) for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Cue | None:
        if d is None:
            return None
        return cls(
            spans=[(int(s), int(e)) for s, e in d["spans"]],
            text=d.get("text", ""),
            lemma=d.get("lemma", ""),
        )


@dataclass
class Quote:
    """One attribution: content, cue and source, and the speaker it resolves to."""

    id: str
    kind: Kind
    content: Span
    cue: Cue | None = None
    source: Span | None = None
    speaker: str | None = None
    confidence: float = 0.5
    region: RegionKind = "body"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": self.content.to_dict(),
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "speaker": self.speaker,
            "confidence": round(float(self.confidence), 4),
            "region": self.region,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        content = Span.from_dict(d["content"])
        assert content is not None
        return cls(
            id=d["id"],
            kind=d["kind"],
            content=content,
            cue=Cue.from_dict(d.get("cue")),
            source=Span.from_dict(d.get("source")),
            speaker=d.get("speaker"),
            confidence=float(d.get("confidence", 0.5)),
            region=d.get("region", "body"),
        )


@dataclass
class Speaker:
    """A person or organisation that one or more quotes in an article resolve to.

    ``type`` ``unnamed`` is a source the article describes but never names ("a campaign
    aide", "experts"): ``name`` is its description and ``org`` the named organisation it
    belongs to, if the article says ("Hillary Clinton campaign"). Unnamed sources belong
    to their article only; corpus stores never merge them across articles.
    """

    id: str
    name: str
    type: Literal["person", "organization", "unknown", "unnamed"] = "person"
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    quotes: int = 0
    org: str | None = None
    #: the user entity list entry of its canonical speaker (filled by a corpus store's export)
    entity_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "quotes": self.quotes,
        }
        if self.org:
            out["org"] = self.org
        if self.entity_id:
            out["entity_id"] = self.entity_id
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Speaker:
        return cls(
            id=d["id"],
            name=d["name"],
            type=d.get("type", "person"),
            aliases=list(d.get("aliases", [])),
            roles=list(d.get("roles", [])),
            quotes=int(d.get("quotes", 0)),
            org=d.get("org"),
            entity_id=d.get("entity_id"),
        )


@dataclass
class Region:
    """A labelled stretch of the article: headline, body or related material."""

    kind: RegionKind
    start: int
    end: int


@dataclass
class Article:
    """One article: the exact text, its metadata, and (after extraction) quotes and speakers."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    regions: list[Region] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)

    def region_at(self, offset: int) -> RegionKind:
        """The region kind covering ``offset`` (``body`` where no region says otherwise)."""
        for r in self.regions:
            if r.start <= offset < r.end:
                return r.kind
        return "body"

    def headline_ranges(self) -> list[tuple[int, int]]:
        """Character ranges of the headline-like lines (headlines and related links), where
        attributions take headline forms ("CLAIM – Speaker") and have no verb to parse."""
        return [(r.start, r.end) for r in self.regions if r.kind in ("headline", "related")]

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "outlet": self.outlet,
            "url": self.url,
            "text": self.text,
            "quotes": [q.to_dict() for q in self.quotes],
            "speakers": [s.to_dict() for s in self.speakers],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            text=d["text"],
            title=d.get("title"),
            date=d.get("date"),
            outlet=d.get("outlet"),
            url=d.get("url"),
            quotes=[Quote.from_dict(q) for q in d.get("quotes", [])],
            speakers=[Speaker.from_dict(s) for s in d.get("speakers", [])],
        )
