"""The per-article function: Article → parsed Doc → quotes and speakers, offsets into Article.text.

spaCy parses a *plain view* of the text (Markdown syntax blanked to spaces, same
length), so ``[said](#)`` or ``*"…"*`` cannot hide a cue or a quote, while every
offset still indexes the exact article text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import nlp as nlp_mod
from .component import HEADLINES_KEY
from .readers import read_text
from .readers.markup import plain_view
from .safe import scrub
from .types import Article, Cue, Span

CHUNK_CHARS = 100_000  # longer articles are parsed in paragraph-aligned pieces, then joined
_SHARED: dict[tuple[str, str], Pipeline] = {}


class Pipeline:
    """A loaded spaCy pipeline with the saywho component, reusable across many articles.

    ``spacy_model``: the spaCy pipeline to parse with (None: :func:`saywho.nlp.default_model`).
    ``model``: the attribution model (None or ``""``: the one shipped with saywho;
    ``"rules"``: the rule system alone; else a folder written by ``saywho train``).
    A bad ``model`` raises :class:`saywho.errors.InputError` naming it.
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
        doc.user_data[HEADLINES_KEY] = headline_ranges(article)
        return doc

    def _long_doc(self, article: Article) -> Doc:
        """Parse a very long article in pieces (bounded memory), then detect over the whole."""
        view = plain_view(scrub(article.text))  # scrub: spaCy cannot hash lone surrogates
        pieces = [view[s:e] for s, e in chunk_bounds(view, CHUNK_CHARS)]
        parsed = list(self.nlp.pipe(pieces, batch_size=self.batch_size, disable=["saywho"]))
        doc = Doc.from_docs(parsed, ensure_whitespace=False)
        doc.user_data[HEADLINES_KEY] = headline_ranges(article)
        return self.nlp.get_pipe("saywho")(doc)

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Extract quotes from each article, batching the parse; yields the same Article objects."""
        articles = list(articles)
        short = (self._doc(a) for a in articles if len(a.text) <= CHUNK_CHARS)
        parsed = self.nlp.pipe(short, batch_size=self.batch_size)
        for article in articles:
            doc = next(parsed) if len(article.text) <= CHUNK_CHARS else self._long_doc(article)
            yield finish(article, doc)

    def __call__(self, article: Article | str, id: str = "stdin") -> Article:
        if isinstance(article, str):
            article = read_text(article, id=id)
        return next(self.pipe([article]))


def headline_ranges(article: Article) -> list[tuple[int, int]]:
    return [(r.start, r.end) for r in article.regions if r.kind in ("headline", "related")]


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive ranges covering ``text``, each at most about ``size``, cut after blank lines."""
    bounds, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n\n", start + size // 2, start + size)
        cut = cut + 2 if cut != -1 else start + size
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def finish(article: Article, doc: Doc) -> Article:
    """Copy the component's results onto the article, re-deriving span texts from ``article.text``."""
    text = article.text
    quotes = doc._.quotes or []
    for q in quotes:
        q.content = Span.of(text, q.content.spans)
        if q.source is not None:
            q.source = Span.of(text, q.source.spans)
        if q.cue is not None:
            q.cue = Cue.of(text, q.cue.spans, q.cue.lemma)
        q.region = article.region_at(q.content.start)
    article.quotes = quotes
    article.speakers = doc._.speakers or []
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
