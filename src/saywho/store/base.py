"""The Store protocol: one interface, an embedded SQLite backend and a PostgreSQL backend.

Everything the CLI's ingest / search / speakers / show / export commands need goes
through this protocol, and one test suite runs against both backends.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import Failure, StoreError, StoreUnavailable
from ..types import Article

if TYPE_CHECKING:
    from ..provenance.model import Trace, Utterance, UtteranceSummary

DEFAULT_PATH = "saywho.db"


def masked(url: str) -> str:
    """``url`` without its password (for messages)."""
    return re.sub(r"(://[^:/@]+:)[^@/]*@", r"\1***@", url)


def content_hash(article: Article) -> str:
    """What makes two inputs "the same content": the article text, whatever the file or id."""
    return hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Query:
    """A quote search: words in the store's full-text syntax plus filters (all optional)."""

    words: str | None = None
    speaker: str | None = None  # canonical name, alias or id; case-insensitive
    outlet: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    limit: int = 20
    kind: str | None = None  # direct, indirect or mixed
    offset: int = 0  # hits to skip (pagination)


@dataclass
class Hit:
    """One quote found by a search, with where and when it appeared."""

    article_id: str
    quote_id: str
    date: str | None
    outlet: str | None
    url: str | None
    title: str | None
    speaker_id: str | None  # canonical speaker id (across articles)
    speaker: str | None  # canonical speaker name (an unnamed source's description)
    kind: str
    cue: str | None
    source: str | None
    content: str
    confidence: float
    speaker_type: str | None = None  # person, organization, unknown or unnamed


@dataclass
class OutletStats:
    """One outlet across the corpus."""

    name: str
    articles: int
    quotes: int
    speakers: int
    first_date: str | None = None
    last_date: str | None = None


@dataclass
class SpeakerStats:
    """A canonical speaker across the corpus."""

    id: str
    name: str
    type: str
    quotes: int
    articles: int
    outlets: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    entity_id: str | None = None  # the id of the user entity list entry it is linked to
    description: str | None = None  # from that entry
    org: str | None = None  # an unnamed source's organisation


@dataclass
class SpeakerRef:
    """A canonical speaker named by a search term (for choosing among several)."""

    id: str
    name: str
    type: str
    quotes: int = 0


class SpeakerError(StoreError, ValueError):
    """A speaker term or correction that cannot be applied; the message says why and what to do."""


class AmbiguousSpeaker(SpeakerError):
    """Several canonical speakers share the name or alias searched for: pick one by id."""

    def __init__(self, term: str, candidates: list[SpeakerRef], label: str = "speaker") -> None:
        self.term = term
        self.candidates = candidates
        listed = "; ".join(f"id:{c.id} ({c.name}, {c.quotes} quotes)" for c in candidates)
        super().__init__(f"{label} {term!r} names {len(candidates)} speakers: {listed}; give one of these")


class StoreUnreachable(StoreUnavailable, ConnectionError):
    """The database server cannot be reached (down, wrong address, refused): the message says where."""


class NotFound(StoreError):
    """Nothing in the store is what was asked for (an article id, a speaker): a result, not a failure."""


class UnknownSpeaker(NotFound, SpeakerError):
    """No canonical speaker has the id, name or alias given; the message suggests near names."""


def pick_speaker(store: Store, term: str, label: str = "speaker") -> str:
    """The id of the one canonical speaker ``term`` names (its id, or exactly a name or alias).

    :class:`AmbiguousSpeaker` (listing the candidates) if it names several,
    :class:`UnknownSpeaker` (with the speakers whose name contains it) if none;
    ``label`` names the term in those messages (``--speaker``, ``SOURCE``).
    """
    found = store.find_speakers(term)
    if len(found) == 1:
        return str(found[0].id)
    if found:
        raise AmbiguousSpeaker(term, found, label)
    near = store.suggest_speakers(term, 5)
    hint = ("; speakers whose name contains it: " + "; ".join(f"{r.id} ({r.name})" for r in near)) if near else ""
    raise UnknownSpeaker(
        f"{label} {term!r}: no speaker has that id, name or alias{hint}; list them with `saywho speakers`"
    )


@dataclass
class Correction:
    """A user's fix to the canonical speakers, replayed by later ingests and rebuilt stores.

    ``merge``: ``source`` joins ``target``. ``split``: the article speakers of ``source``
    named ``name`` become ``target``.
    """

    kind: str  # merge | split
    source: str
    target: str
    name: str = ""
    at: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "source": self.source, "target": self.target, "name": self.name}


class Store(Protocol):
    """Where a corpus of extracted articles lives."""

    url: str

    @property
    def driver_errors(self) -> tuple[type[Exception], ...]:
        """What its database driver raises (StoreError once wrapped); a class attribute in the backends."""
        ...

    def known(self, hashes: Iterable[str]) -> set[str]:
        """The subset of ``hashes`` already stored (to skip work on resume)."""
        ...

    def add(self, article: Article, source: str | None = None) -> bool:
        """Store an extracted article atomically; False if its content hash is already stored.

        Links each article speaker to a canonical corpus speaker. An id already used by
        different content gets a suffix; ``article.id`` is updated to the stored id.
        """
        ...

    def add_error(self, failure: Failure | str, stage: str = "", reason: str = "") -> None:
        """Record a failed input (a :class:`saywho.errors.Failure`; or its input, stage and reason)."""
        ...

    def search(self, query: Query) -> list[Hit]:
        """Quotes matching the query, newest first; user syntax never raises."""
        ...

    def count(self, query: Query) -> int:
        """How many quotes ``search`` finds with no limit."""
        ...

    def speakers(self, top: int | None = None, unnamed: bool = False) -> list[SpeakerStats]:
        """Canonical speakers by quote count, descending (unnamed sources only if asked)."""
        ...

    def find_speakers(self, term: str) -> list[SpeakerRef]:
        """Canonical speakers ``term`` names: by id, else by exact normalised name or alias."""
        ...

    def suggest_speakers(self, term: str, limit: int = 5) -> list[SpeakerRef]:
        """Speakers whose name contains the words of ``term`` (for "did you mean")."""
        ...

    def merge_speakers(self, source: str, target: str) -> None:
        """Move ``source``'s quotes, names and keys to ``target``, remove it; recorded as a correction."""
        ...

    def split_speaker(self, speaker: str, name: str) -> str:
        """Move the article speakers of ``speaker`` named ``name`` to a new canonical speaker; its id."""
        ...

    def corrections(self) -> list[Correction]: ...

    def set_entities(self, entities: Iterable[Any]) -> int:
        """Record a user entity list and link the canonical speakers it names; how many are linked."""
        ...

    def add_corrections(self, corrections: Iterable[Correction]) -> int:
        """Record corrections (skipping ones already recorded) and apply them; how many were new."""
        ...

    def get(self, article_id: str) -> Article | None: ...

    def articles(self) -> Iterator[Article]:
        """Every stored article (saywho/1 objects), in insertion order."""
        ...

    def errors(self) -> list[Failure]:
        """The recorded failures (and warnings), oldest first, each with ``at`` set."""
        ...

    def counts(self) -> dict[str, int]:
        """{"articles": n, "quotes": n, "speakers": n, "errors": n}."""
        ...

    def close(self) -> None: ...

    # -- canonical links and utterances (provenance) ------------------------------------------

    def speaker_links(self, article_id: str) -> dict[str, str]:
        """{article speaker id: canonical speaker id} for one stored article."""
        ...

    def relink(self) -> int:
        """Rebuild every utterance from the stored quotes; the number of quotes linked."""
        ...

    def utterance(self, utterance_id: str, paraphrases: bool = False) -> Utterance | None:
        """The lineage of one utterance (None if no such id)."""
        ...

    def utterance_of(self, ref: str) -> str | None:
        """The utterance id of a stored quote ``ARTICLE_ID:QUOTE_ID`` (or of an utterance id itself)."""
        ...

    def trace(self, query: str, limit: int = 5, min_score: float = 0.6, paraphrases: bool = False) -> Trace:
        """The lineage of a stored quote or utterance id; for other text, the utterances it belongs to."""
        ...

    def utterances(
        self,
        speaker: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        min_outlets: int = 1,
        altered: bool = False,
        conflict: bool = False,
        framed: str | None = None,
        limit: int | None = 20,
        headline: bool = False,
    ) -> list[UtteranceSummary]:
        """The most-repeated utterances (articles, then outlets), with their flags."""
        ...

    def quote_utterances(self, article_id: str) -> dict[str, tuple[str, bool]]:
        """{quote id: (utterance id, altered against its canonical wording)} for one stored article."""
        ...

    # -- browsing (the web UI) ----------------------------------------------------------------

    def speaker_stats(self, speaker_id: str) -> SpeakerStats | None:
        """One canonical speaker's numbers (None if unknown)."""
        ...

    def speaker_timeline(self, speaker_id: str) -> list[tuple[str, str | None, int]]:
        """One speaker's quotes over time."""
        ...

    def outlets(self) -> list[OutletStats]:
        """The outlets in the corpus, with their numbers."""
        ...

    def read_only(self) -> None:
        """Refuse writes on this connection from now on."""
        ...
