"""saywho: who said what in news articles.

>>> import saywho
>>> article = saywho.extract(open("article.txt").read(), id="article")
>>> for q in article.quotes:
...     print(article.speaker(q.speaker).name, q.kind, q.content.text)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .types import Article, Cue, Quote, Region, Span, Speaker

if TYPE_CHECKING:
    from .pipeline import Pipeline, extract

__all__ = ["Article", "Cue", "Pipeline", "Quote", "Region", "Span", "Speaker", "extract", "load"]
__version__ = "0.1.0"


def load(spacy_model: str | None = None, model: str | None = None) -> Pipeline:
    """A reusable pipeline (spaCy pipeline + saywho component) for many articles.

    ``spacy_model``: the spaCy pipeline (default: en_core_web_sm if installed);
    ``model``: the attribution model (default: the one shipped with saywho; ``"rules"``:
    the rule system alone; else a folder written by ``saywho train``).
    """
    from .pipeline import Pipeline

    return Pipeline(spacy_model, model=model)


def __getattr__(name: str) -> object:
    """spaCy loads only when the NLP side is used: store commands start fast."""
    if name in ("Pipeline", "extract"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'saywho' has no attribute {name!r}")
