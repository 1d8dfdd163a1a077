"""The spaCy pipeline component ``saywho``: sets ``doc._.quotes`` and ``doc._.speakers``.

Anyone with an English spaCy pipeline (tagger, parser, NER) can use it::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("saywho")
    doc = nlp(text)
    doc._.quotes     # list[saywho.Quote], offsets into doc.text
    doc._.speakers   # list[saywho.Speaker]

The attribution model is the config value ``model``: by default the registered
function ``saywho.attribution_model.v1`` (``path = ""``: the model shipped with
saywho; ``"rules"``: none; else a folder written by ``saywho train``); a plain
string is read the same way (``config={"model": "rules"}``). ``nlp.to_disk()``
saves the model's weights with the pipeline, so ``spacy.load()`` of that folder
finds them wherever saywho is installed (both components are spaCy entry points).
A pipeline built with a model folder names that folder in its config; where the
folder is missing, load it with ``config={"components": {"saywho": {"model": ""}}}``:
the saved weights replace the default ones all the same.

Headline-like lines are read from ``doc.user_data["saywho.headlines"]`` when the
caller knows them (``saywho.Pipeline`` does), else guessed from the text layout.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from .detect import detect
from .detect.candidate import Candidate
from .models import RULES, AttributionModel, model_setting
from .resolve import Entity, Resolver
from .text import doc_text, slug
from .types import Cue, Quote, Span, Speaker

HEADLINES_KEY = "saywho.headlines"
#: the file beside the weights that says which model the component ran (``to_disk``)
SETTING = "saywho.json"

for _name in ("quotes", "speakers"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the headline and related-link lines, from the reader's layout."""
    from .readers import read_text

    return read_text(text).headline_ranges()


def build(
    doc: Doc, candidates: list[Candidate], min_confidence: float = 0.0, headlines: list[tuple[int, int]] | None = None
) -> tuple[list[Quote], list[Speaker]]:
    """Resolve speakers and turn candidates into the contract's quotes and speakers."""
    text = doc_text(doc)
    quoted = [piece for c in candidates for piece in (c.content if c.direct else c.quoted)]
    resolver = Resolver(doc, quoted=quoted, headlines=headlines)
    quotes: list[Quote] = []
    owners: list[Entity | None] = []
    for cand in candidates:
        if cand.score < min_confidence:
            continue
        owner = resolver.resolve(cand)
        owners.append(owner)
        quotes.append(
            Quote(
                id=f"q{len(quotes) + 1}",
                kind=cand.kind,  # type: ignore[arg-type]  # candidates carry kind as a plain str of the Kind values
                content=Span.of(text, cand.content),
                cue=Cue.of(text, cand.cue, cand.cue_lemma) if cand.cue else None,
                source=Span.of(text, [cand.source]) if cand.source else None,
                confidence=cand.score,
            )
        )
    ids: dict[int, str] = {}
    speakers: list[Speaker] = []
    for quote, owner in zip(quotes, owners, strict=True):
        if owner is None:
            continue
        if id(owner) not in ids:
            sid = slug(owner.name)
            taken = {s.id for s in speakers}
            base, n = sid, 2
            while sid in taken:
                sid, n = f"{base}-{n}", n + 1
            ids[id(owner)] = sid
            speakers.append(
                Speaker(
                    id=sid,
                    name=owner.name,
                    type=owner.type,  # type: ignore[arg-type]  # the resolver's Person.type is a plain str of the same four values
                    aliases=owner.aliases,
                    roles=owner.roles,
                    org=owner.org,
                )
            )
        quote.speaker = ids[id(owner)]
    for sp in speakers:
        sp.quotes = sum(1 for q in quotes if q.speaker == sp.id)
    speakers.sort(key=lambda s: -s.quotes)
    return quotes, speakers


class Saywho:
    """Detect attributions and resolve their speakers in one Doc.

    ``model`` is the decision step: an :class:`~saywho.models.AttributionModel`, ``None``
    for the rules alone, or a setting naming one (see :func:`saywho.models.model_setting`).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "saywho",
        min_confidence: float = 0.0,
        model: AttributionModel | str | None = "",
    ) -> None:
        self.name = name
        self.min_confidence = min_confidence
        self.model = model_setting(model) if isinstance(model, str) else model

    def __call__(self, doc: Doc) -> Doc:
        lines = doc.user_data.get(HEADLINES_KEY)
        if lines is None:
            lines = headline_lines(doc_text(doc))
        with collector_paused():
            found = self.model.detect(doc, lines) if self.model is not None else detect(doc, lines)
            quotes, speakers = build(doc, found, self.min_confidence, lines)
        doc._.quotes = quotes
        doc._.speakers = speakers
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the attribution model's weights (or that there is none) in ``path``."""
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        (out / SETTING).write_text(json.dumps({"model": RULES if self.model is None else "weights"}), encoding="utf-8")
        if self.model is not None:
            self.model.save(out)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Saywho:
        """Load what :meth:`to_disk` saved: the weights the pipeline was saved with."""
        where = Path(path)
        setting = json.loads((where / SETTING).read_text(encoding="utf-8"))
        self.model = None if setting.get("model") == RULES else AttributionModel.load(where)
        return self


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while one Doc is read: detection makes thousands of
    small objects (candidates, feature strings) that live until the Doc is done, and the
    collector's passes over them in the meantime find nothing to free (about a tenth of
    detection's time). Left as the caller had it afterwards; nothing is lost, cycles are
    collected at its next pass."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@registry.misc("saywho.attribution_model.v1")
def attribution_model(path: str = "") -> AttributionModel | None:
    """The attribution model of a ``model`` setting (``""``: the shipped one; ``"rules"``: none)."""
    return model_setting(path)


@Language.factory(
    "saywho",
    assigns=["doc._.quotes", "doc._.speakers"],
    requires=["token.dep", "token.pos", "token.lemma", "token.ent_type"],
    default_config={"min_confidence": 0.0, "model": {"@misc": "saywho.attribution_model.v1", "path": ""}},
)
def make_saywho(nlp: Language, name: str, min_confidence: float, model: AttributionModel | str | None) -> Saywho:
    return Saywho(nlp, name, min_confidence, model)
