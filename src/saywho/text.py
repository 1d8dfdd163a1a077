"""Small text helpers that detection, resolution, the readers, the store and the faces share.

A leaf: it imports nothing of saywho, so any module may use it without tying itself
to the spaCy loader (:mod:`saywho.nlp`) or to anything above it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: every quotation mark saywho knows: straight and curly, double and single, guillemets, low-9
QUOTE_MARKS = frozenset("\"“”„«»‹›‘’'‚")

_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token again on each access."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


# -- names ---------------------------------------------------------------------------------

_POSSESSIVE = re.compile(r"(?<=\w)['’‘`´]s\b", re.IGNORECASE)
_APOSTROPHE = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^\w]+|_+")


def fold(text: str) -> str:
    """Lower case without diacritics (``é`` → ``e``, ``ß`` → ``ss``)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


def name_words(name: str) -> list[str]:
    """The folded words of a name, without possessive endings and apostrophes: "O’Brien’s" → ["obrien"]."""
    text = _POSSESSIVE.sub("", name or "")
    text = _APOSTROPHE.sub("", text)
    return [t for t in _NON_WORD.split(fold(text)) if t]


def slug(name: str) -> str:
    """An id-friendly form of a name: "Sergey Lavrov" → "sergey-lavrov"."""
    return "-".join(name_words(name)) or "speaker"


# -- Markdown ------------------------------------------------------------------------------

#: a Markdown link: its text is group 1
LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
#: ``*``/``_`` emphasis markers at the edge of a word (``snake_case`` keeps its ``_``)
EMPHASIS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")


def unmark(text: str) -> str:
    """Text without Markdown link and emphasis syntax, whitespace folded: "the [statement](#)" → "the statement".

    For showing a piece of text; :func:`saywho.readers.markup.plain_view` is the
    offset-keeping view of a whole article that the parser reads.
    """
    return " ".join(EMPHASIS.sub("", LINK.sub(r"\1", text)).split())


# -- metadata ------------------------------------------------------------------------------


def meta_text(value: Any) -> str | None:
    """A metadata string (title, date, outlet, url) on one line, whitespace runs collapsed; None when empty.

    Structured values (dicts, lists, bytes) are not strings: None.
    """
    if value is None or isinstance(value, (dict, list, bytes)):
        return None
    value = " ".join(str(value).split())
    return value or None
