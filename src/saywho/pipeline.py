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
from .types import Article, Cue, Span

MAX_CHARS = 2_000_000  # spaCy's own default limit is 1,000,000 characters
_SHARED: dict[str, Pipeline] = {}


class Pipeline:
    """A loaded spaCy pipeline with the saywho component, reusable across many articles."""

    def __init__(self, model: str | None = None, *, batch_size: int = 8, min_confidence: float = 0.0) -> None:
        self.nlp: Language = nlp_mod.load(model, min_confidence=min_confidence)
        self.nlp.max_length = max(self.nlp.max_length, MAX_CHARS)
        self.batch_size = batch_size

    @classmethod
    def shared(cls, model: str | None = None) -> Pipeline:
        """One pipeline per process and model: loading costs more than parsing an article."""
        key = model or ""
        if key not in _SHARED:
            _SHARED[key] = cls(model)
        return _SHARED[key]

    def _doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(plain_view(article.text))
        doc.user_data[HEADLINES_KEY] = [(r.start, r.end) for r in article.regions if r.kind in ("headline", "related")]
        return doc

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Extract quotes from each article, batching the parse; yields the same Article objects."""
        articles = list(articles) if not isinstance(articles, list) else articles
        docs = (self._doc(a) for a in articles)
        for article, doc in zip(articles, self.nlp.pipe(docs, batch_size=self.batch_size)):
            yield finish(article, doc)

    def __call__(self, article: Article | str, id: str = "stdin") -> Article:
        if isinstance(article, str):
            article = read_text(article, id=id)
        return next(self.pipe([article]))


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


def extract(text: str, id: str = "stdin", *, format: str = "txt", model: str | None = None) -> Article:
    """Who said what in one article text: the saywho/1 article with quotes and speakers.

    >>> article = saywho.extract('"We will win," she said.')
    >>> article.quotes[0].content.text
    'We will win'
    """
    return Pipeline.shared(model)(read_text(text, id=id, format=format))
