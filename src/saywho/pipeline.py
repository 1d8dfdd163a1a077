"""The per-article function: Article → parsed Doc → quotes and speakers, offsets into Article.text.

spaCy parses a *plain view* of the text (Markdown syntax blanked to spaces, same
length), so ``[said](#)`` or ``*"…"*`` cannot hide a cue or a quote, while every
offset still indexes the exact article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import nlp as nlp_mod
from .component import HEADLINES_KEY
from .readers import read_text
from .readers.markup import plain_view
from .safe import scrub
from .types import Article, Cue, Quote, Span, Speaker

CHUNK_CHARS = 100_000  # longer articles are extracted section by section (see Pipeline._long_article)
SECTION_TOKENS = 20_000  # so are articles of more tokens than this; sections are halved until under it
_LATER = "later"  # placeholder: this article's Doc is made when the parser gets to it
_SHARED: dict[tuple[str, str], Pipeline] = {}


class Pipeline:
    """A loaded spaCy pipeline with the saywho component, reusable across many articles.

    ``spacy_model``: the spaCy pipeline to parse with (None: :func:`saywho.nlp.default_model`).
    ``model``: the attribution model (None or ``""``: the one shipped with saywho;
    ``"rules"``: the rule system alone; else a folder written by ``saywho train``).
    A bad ``model`` raises :class:`saywho.errors.ModelError` naming it.
    """

    def __init__(
        self,
        spacy_model: str | None = None,
        *,
        model: str | None = None,
        batch_size: int = 8,
        min_confidence: float = 0.0,
    ) -> None:
        self.nlp: Language = nlp_mod.load(spacy_model, min_confidence=min_confidence, model=model or "")
        self.batch_size = batch_size

    @classmethod
    def shared(cls, spacy_model: str | None = None, model: str | None = None) -> Pipeline:
        """One pipeline per process, spaCy pipeline and attribution model: loading costs more than parsing."""
        key = (spacy_model or "", model or "")
        if key not in _SHARED:
            _SHARED[key] = cls(spacy_model, model=model)
        return _SHARED[key]

    def _doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(plain_view(scrub(article.text)))  # scrub: spaCy cannot hash lone surrogates
        doc.user_data[HEADLINES_KEY] = article.headline_ranges()
        return doc

    def _long_article(self, article: Article) -> Article:
        """A very long article, section by section: memory bounded by one section, time linear.

        Each section (at most CHUNK_CHARS, cut at a paragraph, line, sentence or
        word boundary) goes through the whole pipeline on its own, and only its
        quotes and speakers are kept; one Doc of the whole text (tokens and
        tensors of millions of words) took gigabytes. A quote cut by a section
        boundary may be missed; sections are long, so that is rare.
        """
        view = plain_view(scrub(article.text))  # scrub: spaCy cannot hash lone surrogates
        heads = article.headline_ranges()

        def docs() -> Iterator[tuple[Doc, int]]:
            todo = list(reversed(chunk_bounds(view, CHUNK_CHARS)))
            while todo:
                start, end = todo.pop()
                doc = self.nlp.make_doc(view[start:end])
                if len(doc) > SECTION_TOKENS and end - start > 1000:  # dense text (``_a _a …``): halve it
                    halves = chunk_bounds(view[start:end], (end - start) // 2 + 1)
                    todo.extend(reversed([(start + a, start + b) for a, b in halves]))
                    continue
                doc.user_data[HEADLINES_KEY] = [
                    (max(a, start) - start, min(b, end) - start) for a, b in heads if a < end and b > start
                ]
                yield doc, start

        quotes: list[Quote] = []
        speakers: dict[str, Speaker] = {}
        for doc, start in self.nlp.pipe(docs(), batch_size=1, as_tuples=True):
            renamed: dict[str, str] = {}
            for sp in doc._.speakers or []:
                renamed[sp.id] = _merge_speaker(speakers, sp)
            for q in doc._.quotes or []:
                _shift(q, start)
                q.speaker = renamed.get(q.speaker) if q.speaker else None
                q.id = f"q{len(quotes) + 1}"
                quotes.append(q)
        merged = sorted(speakers.values(), key=lambda sp: -sp.quotes)
        return _finish(article, quotes, merged)

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Extract quotes from each article, batching the parse; yields the same Article objects."""
        articles = list(articles)
        # Parsing memory grows with the tokens in one Doc (about 20 kB each), so an
        # article of more than SECTION_TOKENS tokens goes section by section.
        prepared: list[Doc | str | None] = []
        for a in articles:
            if len(a.text) > CHUNK_CHARS:
                prepared.append(None)
            elif len(a.text) > SECTION_TOKENS:  # a token has at least one character
                doc = self._doc(a)
                prepared.append(doc if len(doc) <= SECTION_TOKENS else None)
            else:
                prepared.append(_LATER)
        short = (self._doc(a) if d is _LATER else d for a, d in zip(articles, prepared, strict=True) if d is not None)
        parsed = self.nlp.pipe(short, batch_size=self.batch_size)
        for article, d in zip(articles, prepared, strict=True):
            yield finish(article, next(parsed)) if d is not None else self._long_article(article)

    def __call__(self, article: Article | str, id: str = "stdin") -> Article:
        if isinstance(article, str):
            article = read_text(article, id=id)
        return next(self.pipe([article]))


# Where a sentence ends: . ! ? (and closing quotes or brackets) before a space.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive ranges covering ``text``, each at most ``size``.

    Cut in the second half of each range after the last blank line, else the
    last line break, else the last sentence end, else the last space (text on
    one line, without paragraphs, is still cut between sentences), else at ``size``.
    """
    bounds, start = [], 0
    while len(text) - start > size:
        low, high = start + size // 2, start + size
        cut = text.rfind("\n\n", low, high)
        if cut != -1:
            cut += 2
        elif (line := text.rfind("\n", low, high)) != -1:
            cut = line + 1
        else:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, low, high)]
            space = text.rfind(" ", low, high)
            cut = ends[-1] if ends else (space + 1 if space != -1 else high)
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _shift(quote: Quote, by: int) -> None:
    """Move a quote's offsets from its section to the whole article."""
    for span in (quote.content, quote.cue, quote.source):
        if span is not None:
            span.spans = [(a + by, b + by) for a, b in span.spans]


def _merge_speaker(merged: dict[str, Speaker], sp: Speaker) -> str:
    """Add a section's speaker to the article's (one per name); the id it has there.

    A section that starts mid-article may know a speaker only by a short name
    ("Lavrov"): one that is an alias of a speaker already seen joins that speaker.
    """

    def agree(have: Speaker) -> bool:
        # a one-word "organisation" that is a person's alias is that person, which a
        # section that never names them in full can tag wrongly ("Lavrov" as ORG)
        return have.type == sp.type or (
            have.type == "person" and sp.type == "organization" and len(sp.name.split()) == 1
        )

    known = next((have.id for have in merged.values() if have.name == sp.name), None)
    if known is None and sp.type != "unknown":
        names = {sp.name.casefold(), *(a.casefold() for a in sp.aliases)}
        known = next(
            (
                have.id
                for have in merged.values()
                if agree(have) and sp.name.casefold() in {a.casefold() for a in have.aliases}
            ),
            None,
        ) or next((have.id for have in merged.values() if have.type == sp.type and have.name.casefold() in names), None)
    sid, n = known or sp.id, 2
    while sid in merged and known is None:
        sid, n = f"{sp.id}-{n}", n + 1
    if sid not in merged:
        merged[sid] = Speaker(
            id=sid,
            name=sp.name,
            type=sp.type,
            aliases=list(sp.aliases),
            roles=list(sp.roles),
            quotes=sp.quotes,
            org=sp.org,
            entity_id=sp.entity_id,
        )
    else:
        have = merged[sid]
        have.aliases += [a for a in sp.aliases if a not in have.aliases]
        have.roles += [r for r in sp.roles if r not in have.roles]
        have.quotes += sp.quotes
    return sid


def finish(article: Article, doc: Doc) -> Article:
    """Copy the component's results onto the article, re-deriving span texts from ``article.text``."""
    return _finish(article, doc._.quotes or [], doc._.speakers or [])


def _finish(article: Article, quotes: list[Quote], speakers: list[Speaker]) -> Article:
    text = article.text
    for q in quotes:
        q.content = Span.of(text, q.content.spans)
        if q.source is not None:
            q.source = Span.of(text, q.source.spans)
        if q.cue is not None:
            q.cue = Cue.of(text, q.cue.spans, q.cue.lemma)
        q.region = article.region_at(q.content.start)
    article.quotes = quotes
    article.speakers = speakers
    return article


def extract(
    text: str,
    id: str = "stdin",
    *,
    format: str = "txt",
    spacy_model: str | None = None,
    model: str | None = None,
) -> Article:
    """Who said what in one article text: the saywho/1 article with quotes and speakers.

    ``spacy_model`` and ``model`` are as for :class:`Pipeline`; the pipeline is loaded
    once per process and reused.

    >>> article = saywho.extract('"We will win," she said.')
    >>> article.quotes[0].content.text
    'We will win'
    """
    return Pipeline.shared(spacy_model, model)(read_text(text, id=id, format=format))
