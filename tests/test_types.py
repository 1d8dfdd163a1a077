"""The saywho/1 dataclasses: span arithmetic and lossless round trips."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saywho.types import GAP, Article, Region, Span, span_text, union

GOLD = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8b469b86e2e04f6a.gold.json"

pairs = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 60)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(pairs)
def test_union_covers_the_same_offsets_with_disjoint_sorted_pieces(spans: list[tuple[int, int]]) -> None:
    merged = union(spans)
    covered = {i for s, e in spans for i in range(s, e)}
    assert {i for s, e in merged for i in range(s, e)} == covered
    assert merged == sorted(merged)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(merged))  # neither overlapping nor touching


def test_span_text_joins_discontinuous_pieces_with_the_gap() -> None:
    text = "He said the plan was dead, adding that talks would go on."
    assert span_text(text, [(0, 2), (8, 26)]) == "He" + GAP + "the plan was dead,"
    span = Span.of(text, [(8, 26), (0, 2)])  # given out of order
    assert span.spans == [(0, 2), (8, 26)] and (span.start, span.end) == (0, 26)


def test_region_at_defaults_to_body() -> None:
    article = Article(id="a", text="Headline\n\nBody.", regions=[Region("headline", 0, 8)])
    assert article.region_at(3) == "headline"
    assert article.region_at(10) == "body"


@pytest.mark.skipif(not GOLD.exists(), reason="needs ../shared/seed beside the repository")
def test_the_seed_gold_object_round_trips_unchanged() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    article = Article.from_dict(gold)
    again = article.to_dict()
    assert Article.from_dict(again) == article
    for quote in article.quotes:  # every text field is what its offsets cover
        assert quote.content.text == span_text(article.text, quote.content.spans)
    assert {k: again[k] for k in ("id", "text", "title")} == {k: gold.get(k) for k in ("id", "text", "title")}
    assert len(again["quotes"]) == len(gold["quotes"]) and len(again["speakers"]) == len(gold["speakers"])
