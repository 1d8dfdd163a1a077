"""Grammatical gender of people: from first names, honorifics and gendered nouns.

Pronoun resolution needs to know that "she" cannot be John Podesta. The first-name
table is derived from the World Gender Name Dictionary 2.0 by ``scripts/first_names.py``
(2.5 million names whose dominant gender has P >= 0.9; see
``src/saywho/data/FIRST_NAMES.md``). It is held as one sorted byte string and
binary-searched, which costs ~22 MB once per process instead of a dict of millions of
entries.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib.resources import files
from typing import Literal

Gender = Literal["F", "M"]

HONORIFICS: dict[str, Gender] = {
    "mr": "M", "mrs": "F", "ms": "F", "miss": "F", "sir": "M", "dame": "F", "lord": "M", "lady": "F",
    "madam": "F", "madame": "F", "mme": "F", "king": "M", "queen": "F", "prince": "M", "princess": "F",
    "duke": "M", "duchess": "F", "father": "M", "sister": "F", "brother": "M",
}  # fmt: skip
#: nouns that say a person's gender ("spokeswoman", "her husband", "the congresswoman")
GENDERED_NOUNS: dict[str, Gender] = {
    "spokeswoman": "F", "spokesman": "M", "congresswoman": "F", "congressman": "M", "chairwoman": "F",
    "chairman": "M", "businesswoman": "F", "businessman": "M", "woman": "F", "man": "M", "wife": "F",
    "husband": "M", "mother": "F", "father": "M", "daughter": "F", "son": "M", "sister": "F",
    "brother": "M", "girl": "F", "boy": "M", "actress": "F", "actor": "M", "widow": "F", "widower": "M",
    "grandmother": "F", "grandfather": "M", "aunt": "F", "uncle": "M", "niece": "F", "nephew": "M",
    "mom": "F", "dad": "M", "girlfriend": "F", "boyfriend": "M", "lady": "F", "gentleman": "M",
    "queen": "F", "king": "M", "heiress": "F", "anchorwoman": "F", "anchorman": "M",
    "assemblywoman": "F", "assemblyman": "M", "councilwoman": "F", "councilman": "M",
    "first lady": "F", "sportswoman": "F", "sportsman": "M", "stepdaughter": "F", "stepson": "M",
}  # fmt: skip
PRONOUN_GENDER: dict[str, Gender] = {"he": "M", "him": "M", "his": "M", "himself": "M", "she": "F", "her": "F", "hers": "F", "herself": "F"}


@cache
def _table() -> bytes:
    data = files("saywho") / "data" / "first_names.txt.gz"
    return b"\n" + gzip.decompress(data.read_bytes())


def first_name(name: str) -> Gender | None:
    """The gender a given name usually has ("Hillary" → F), None when unknown or mixed."""
    key = name.strip().lower().encode("utf-8")
    if not key or b"\n" in key or b"\t" in key:
        return None
    blob = _table()
    lo, hi = 0, len(blob) - 1  # blob[lo] is always a line's leading newline
    while lo < hi:
        mid = (lo + hi) // 2
        start = blob.rfind(b"\n", lo, mid + 1)
        if start < lo:
            start = lo
        end = blob.find(b"\n", start + 1)
        if end == -1:
            end = len(blob)
        tab = blob.find(b"\t", start + 1, end)
        if tab == -1:  # the last newline: nothing after it
            hi = start
            continue
        found = blob[start + 1 : tab]
        if found == key:
            g = blob[tab + 1 : end].decode("ascii")
            return "F" if g == "F" else "M"
        if found < key:
            lo = end
        else:
            hi = start
    return None


def of_noun(word: str) -> Gender | None:
    """The gender a noun or honorific implies ("Mrs." → F, "spokesman" → M)."""
    w = word.strip().lower().rstrip(".")
    return GENDERED_NOUNS.get(w) or HONORIFICS.get(w)
