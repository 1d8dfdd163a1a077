"""Typed answers about utterances: what ``store.utterance``, ``store.trace`` and
``store.utterances`` return (and what the CLI, HTML page and web UI render)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .text import Diff


@dataclass
class Occurrence:
    """One quote of an utterance: where it appeared and how its words differ from the canonical."""

    ref: str  # "ARTICLE_ID:QUOTE_ID", what `saywho trace` accepts
    article_id: str
    quote_id: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    region: str
    kind: str
    speaker_id: str | None  # canonical speaker (None: unresolved)
    speaker: str | None  # canonical speaker name
    attributed: str | None  # the source words this article attributes the quote to
    cue: str | None
    framing: str
    text: str
    diff: Diff
    first: bool = False

    @property
    def altered(self) -> bool:
        return self.diff.altered

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in asdict(self).items() if k != "diff"}
        d["diff"] = self.diff.to_dict()
        d["altered"] = self.altered
        return d


@dataclass
class UtteranceSummary:
    """One line of `saywho utterances`."""

    id: str
    speaker_id: str | None
    speaker: str | None
    canonical: str
    quotes: int
    articles: int
    outlets: int
    first_date: str | None
    first_outlet: str | None
    altered: bool
    conflict: bool
    headline: bool
    framings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Paraphrase:
    """An indirect quote of the same speaker that closely rewords an utterance (never merged into it)."""

    ref: str
    article_id: str
    outlet: str | None
    date: str | None
    text: str
    score: float  # shared content words, Dice coefficient 0..1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Utterance:
    """The lineage of one utterance: canonical wording, first appearance first, every occurrence."""

    id: str
    speaker_id: str | None
    speaker: str | None
    canonical: str
    occurrences: list[Occurrence]
    altered: bool
    conflict: bool
    headline: bool
    conflicts: list[str] = field(default_factory=list)  # utterances with the same words by other speakers
    paraphrases: list[Paraphrase] = field(
        default_factory=list
    )  # only when asked for (store.utterance(..., paraphrases=True))

    @property
    def first(self) -> Occurrence:
        return self.occurrences[0]

    @property
    def articles(self) -> int:
        return len({o.article_id for o in self.occurrences})

    @property
    def outlets(self) -> int:
        return len({(o.outlet or "").casefold() for o in self.occurrences if o.outlet})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker_id": self.speaker_id,
            "speaker": self.speaker,
            "canonical": self.canonical,
            "articles": self.articles,
            "outlets": self.outlets,
            "altered": self.altered,
            "conflict": self.conflict,
            "headline": self.headline,
            "conflicts": list(self.conflicts),
            "occurrences": [o.to_dict() for o in self.occurrences],
            "paraphrases": [p.to_dict() for p in self.paraphrases],
        }


@dataclass
class TraceMatch:
    utterance: Utterance
    score: float  # similarity of the asked words to the utterance's closest quote, 0..1


@dataclass
class Trace:
    """``store.trace(...)``: the utterance of a stored quote, or those a text belongs to, best first."""

    query: str
    stored: bool  # the query named a stored quote or utterance
    matches: list[TraceMatch]
