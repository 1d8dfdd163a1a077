"""First-name gender table and gendered words (saywho.gender)."""

from __future__ import annotations

import gzip
import re
from importlib.resources import files
from itertools import pairwise
from pathlib import Path

from saywho import gender

#: every 1000th line of the table before it was front-coded and cut to 12 letters (2,509,163 names)
OLD_SAMPLE = Path(__file__).parent / "data" / "first_names_sample.tsv"


def _decode_all() -> list[tuple[list[tuple[str, str]], bytes]]:
    """The table's blocks, read independently of saywho.gender: ([(name, F|M), ...], block bytes)."""
    blob = gzip.decompress((files("saywho") / "data" / "first_names.txt.gz").read_bytes())
    assert blob.startswith(b"\n")
    blocks = []
    for raw in blob.split(b"\n")[1:]:
        names: list[tuple[str, str]] = []
        prev = b""
        for code, rest in re.findall(rb"([\x30-\x5f])([^\x30-\x5f]*)", raw):
            prev = prev[: (code[0] - 0x30) >> 1] + rest
            names.append((prev.decode("utf-8"), "F" if code[0] & 1 else "M"))
        assert 0x30 <= raw[0] < 0x32  # starts with a whole name, so the matches cover the block
        blocks.append((names, raw))
    return blocks


def test_common_first_names() -> None:
    assert gender.first_name("Hillary") == "F"
    assert gender.first_name("donald") == "M"
    assert gender.first_name("Melania") == "F"
    assert gender.first_name(" Sergey ") == "M"


def test_unknown_and_mixed_names_decide_nothing() -> None:
    assert gender.first_name("Chris") is None  # used by both
    assert gender.first_name("zzqx") is None
    assert gender.first_name("") is None
    assert gender.first_name("   ") is None
    assert gender.first_name("a\tb") is None
    assert gender.first_name("anna\nmaria") is None
    assert gender.first_name("ann0a") is None  # code bytes never match a name
    assert gender.first_name("a") is None  # before the first name
    assert gender.first_name("ÿÿÿÿ") is None  # after the last
    assert gender.first_name("mariafernanda") is None  # 13 letters: WGND has it (F), the table no longer keeps it
    assert gender.first_name("x" * 200) is None


def test_non_ascii_names() -> None:
    assert gender.first_name("søren") == "M"
    assert gender.first_name("Søren") == "M"
    assert gender.first_name("zoë") == "F"
    assert gender.first_name("françois") == "M"
    assert gender.first_name("Jürgen") == "M"
    assert gender.first_name("ñusta") == "F"
    assert gender.first_name("þórður") == "M"
    assert gender.first_name("jose") == "M"
    assert gender.first_name("josé") is None  # not in the table, as before: its gender is too mixed
    assert gender.first_name("małgorzata") is None  # ł is outside the table's letters


def test_the_old_table_sample_keeps_its_genders() -> None:
    kept = dropped = 0
    for line in OLD_SAMPLE.read_text(encoding="utf-8").splitlines():
        name, g = line.split("\t")
        if len(name) <= 12:
            assert gender.first_name(name) == g, name
            kept += 1
        else:
            assert gender.first_name(name) is None, name
            dropped += 1
    assert kept > 2000 and dropped > 300


def test_the_table_is_sorted_and_block_boundaries_are_found() -> None:
    blocks = _decode_all()
    names = [n for block, _ in blocks for n in block]
    keys = [n.encode("utf-8") for n, _ in names]
    assert all(a < b for a, b in pairwise(keys))  # sorted by UTF-8 bytes, no duplicates
    assert all(2 <= len(n) <= 12 for n, _ in names)
    assert len(names) == 2_139_600
    assert all(len(block) == 64 for block, _ in blocks[:-1]) and 1 <= len(blocks[-1][0]) <= 64
    for block, _ in blocks:  # each block's first and last names
        for name, g in (block[0], block[-1]):
            assert gender.first_name(name) == g, name
    for name, g in names[::257]:
        assert gender.first_name(name) == g, name
    known = set(keys)
    for (before, _), (after, _) in pairwise(blocks):  # a name between two blocks is unknown
        gap = before[-1][0] + "'"
        if gap.encode("utf-8") not in known:
            assert before[-1][0] < gap < after[0][0]
            assert gender.first_name(gap) is None, gap


def test_nouns_and_honorifics() -> None:
    assert gender.of_noun("Mrs.") == "F"
    assert gender.of_noun("spokesman") == "M"
    assert gender.of_noun("official") is None
