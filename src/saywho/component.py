"""The spaCy pipeline component ``saywho``: sets ``doc._.quotes`` and ``doc._.speakers``.

Anyone with an English spaCy pipeline (tagger, parser, NER) can use it::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("saywho")
    doc = nlp(text)
    doc._.quotes     # list[saywho.Quote], offsets into doc.text
    doc._.speakers   # list[saywho.Speaker]

Headline-like lines are read from ``doc.user_data["saywho.headlines"]`` when the
caller knows them (``saywho.Pipeline`` does), else guessed from the text layout.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .detect import detect
from .detect.candidate import Candidate
from .models import load_model
from .nlp import doc_text
from .resolve import Entity, Resolver, slug
from .types import Cue, Quote, Span, Speaker

HEADLINES_KEY = "saywho.headlines"
RULES = "rules"  # the model setting that turns the learned model off

for _name in ("quotes", "speakers"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the headline and related-link lines, from the reader's layout."""
    from .readers import read_text

    article = read_text(text)
    return [(r.start, r.end) for r in article.regions if r.kind in ("headline", "related")]


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
                kind=cand.kind,  # type: ignore[arg-type]
                content=Span.of(text, cand.content),
                cue=Cue.of(text, cand.cue, cand.cue_lemma) if cand.cue else None,
                source=Span.of(text, [cand.source]) if cand.source else None,
                confidence=cand.score,
            )
        )
    ids: dict[int, str] = {}
    speakers: list[Speaker] = []
    for quote, owner in zip(quotes, owners):
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
                Speaker(id=sid, name=owner.name, type=owner.type, aliases=owner.aliases, roles=owner.roles, org=owner.org)  # type: ignore[arg-type]
            )
        quote.speaker = ids[id(owner)]
    for sp in speakers:
        sp.quotes = sum(1 for q in quotes if q.speaker == sp.id)
    speakers.sort(key=lambda s: -s.quotes)
    return quotes, speakers


class Saywho:
    """Detect attributions and resolve their speakers in one Doc.

    ``model`` picks the decision step: ``""`` the attribution model shipped in the
    package, ``"rules"`` the rules alone, anything else the path of a model folder
    written by ``saywho train``.
    """

    def __init__(self, nlp: Language, name: str = "saywho", min_confidence: float = 0.0, model: str = "") -> None:
        self.name = name
        self.min_confidence = min_confidence
        self.model = None if model == RULES else load_model(model or None)

    def __call__(self, doc: Doc) -> Doc:
        lines = doc.user_data.get(HEADLINES_KEY)
        if lines is None:
            lines = headline_lines(doc_text(doc))
        found = self.model.detect(doc, lines) if self.model is not None else detect(doc, lines)
        quotes, speakers = build(doc, found, self.min_confidence, lines)
        doc._.quotes = quotes
        doc._.speakers = speakers
        return doc


@Language.factory("saywho", default_config={"min_confidence": 0.0, "model": ""})
def make_saywho(nlp: Language, name: str, min_confidence: float, model: str) -> Saywho:
    return Saywho(nlp, name, min_confidence, model)
