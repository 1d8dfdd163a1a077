"""First-name gender table and gendered words (saywho.gender)."""

from __future__ import annotations

import gzip
from importlib.resources import files

from saywho import gender


def test_common_first_names() -> None:
    assert gender.first_name("Hillary") == "F"
    assert gender.first_name("donald") == "M"
    assert gender.first_name("Melania") == "F"
    assert gender.first_name(" Sergey ") == "M"


def test_unknown_and_mixed_names_decide_nothing() -> None:
    assert gender.first_name("Chris") is None  # used by both
    assert gender.first_name("zzqx") is None
    assert gender.first_name("") is None
    assert gender.first_name("a\tb") is None


def test_binary_search_agrees_with_a_linear_read() -> None:
    body = gzip.decompress((files("saywho") / "data" / "first_names.txt.gz").read_bytes()).decode("utf-8")
    lines = body.splitlines()
    assert lines == sorted(lines, key=lambda line: line.split("\t")[0].encode("utf-8"))
    for line in (lines[0], lines[1], lines[len(lines) // 2], lines[-2], lines[-1]):
        name, g = line.split("\t")
        assert gender.first_name(name) == g


def test_nouns_and_honorifics() -> None:
    assert gender.of_noun("Mrs.") == "F"
    assert gender.of_noun("spokesman") == "M"
    assert gender.of_noun("official") is None
