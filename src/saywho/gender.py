"""Grammatical gender of people: from first names, honorifics and gendered nouns.

Pronoun resolution needs to know that "she" cannot be John Podesta. The first-name
table is derived from the World Gender Name Dictionary 2.0 by ``scripts/first_names.py``
(2.1 million names of 2–12 letters whose dominant gender has P >= 0.9; see
``src/saywho/data/FIRST_NAMES.md``). The sorted names are front-coded in blocks of 64; a
lookup bisects the blocks' first names and decodes one block. That costs ~12 MB and one
gzip decompress once per process instead of a dict of millions of entries.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_right
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
PRONOUN_GENDER: dict[str, Gender] = {
    "he": "M", "him": "M", "his": "M", "himself": "M", "she": "F", "her": "F", "hers": "F", "herself": "F",
}  # fmt: skip


#: one front-coded name: a code byte (0x30 + 2 * bytes shared with the previous name + is-F), then the rest
_ENTRY = re.compile(rb"([\x30-\x5f])([^\x30-\x5f]*)")


@cache
def _table() -> tuple[list[bytes], list[bytes]]:
    """The blocks of the first-name table and the first name of each (sorted, for bisecting)."""
    data = files("saywho") / "data" / "first_names.txt.gz"
    blocks = gzip.decompress(data.read_bytes()).split(b"\n")[1:]  # each block starts with a newline
    heads = []
    for block in blocks:
        head = _ENTRY.match(block)
        if head is None or head[1][0] >= 0x32:
            raise ValueError("first_names.txt.gz: a block must start with a whole name")
        heads.append(head[2])
    return blocks, heads


def first_name(name: str) -> Gender | None:
    """The gender a given name usually has ("Hillary" → F), None when unknown or mixed."""
    key = name.strip().lower().encode("utf-8")
    if not key or len(key) > 24:  # the table keeps names of at most 12 letters (24 UTF-8 bytes)
        return None
    blocks, heads = _table()
    i = bisect_right(heads, key) - 1
    if i < 0:
        return None
    found = b""
    for code, rest in _ENTRY.findall(blocks[i]):
        found = found[: (code[0] - 0x30) >> 1] + rest
        if found == key:
            return "F" if code[0] & 1 else "M"
        if found > key:
            return None
    return None


def of_noun(word: str) -> Gender | None:
    """The gender a noun or honorific implies ("Mrs." → F, "spokesman" → M)."""
    w = word.strip().lower().rstrip(".")
    return GENDERED_NOUNS.get(w) or HONORIFICS.get(w)
