"""saywho: who said what in news articles.

    >>> import saywho
    >>> article = saywho.extract(open("article.txt").read(), id="article")
    >>> for q in article.quotes:
    ...     print(article.speaker(q.speaker).name, q.kind, q.content.text)
"""

from .pipeline import Pipeline, extract
from .types import Article, Cue, Quote, Region, Span, Speaker

__all__ = ["Article", "Cue", "Pipeline", "Quote", "Region", "Span", "Speaker", "extract", "load"]
__version__ = "0.1.0"


def load(model: str | None = None) -> Pipeline:
    """A reusable pipeline (spaCy model + saywho component) for many articles."""
    return Pipeline(model)
