"""The Pipeline: offsets exact, long articles in sections, one object per process."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from saywho.pipeline import Pipeline, chunk_bounds
from saywho.types import Article

SAID = "\u201cWe will rebuild the bridge,\u201d Mayor Ana Ortiz said on Monday."


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(8, 120))
def test_chunk_bounds_cover_the_text_in_order_and_within_size(text: str, size: int) -> None:
    bounds = chunk_bounds(text, size)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(e - s <= size for s, e in bounds)


def test_chunk_bounds_prefer_paragraph_then_sentence_ends() -> None:
    para = "First one. " * 6 + "\n\n" + "Second one. " * 6
    (_s1, e1), _ = chunk_bounds(para, len(para) - 5)
    assert para[:e1].endswith("\n\n")
    line = "A short sentence here. " * 10
    (_, cut), *_ = chunk_bounds(line, 100)
    assert line[:cut].endswith(". ")


def test_a_string_and_an_article_give_the_same_quotes(pipeline) -> None:
    by_text = pipeline(SAID, id="t")
    by_article = pipeline(Article(id="t", text=SAID))
    assert [q.to_dict() for q in by_text.quotes] == [q.to_dict() for q in by_article.quotes]
    (quote,) = by_text.quotes
    assert SAID[quote.content.start : quote.content.end] == quote.content.text
    assert by_text.speaker(quote.speaker).name == "Ana Ortiz"


def test_pipe_keeps_order_and_ids(pipeline) -> None:
    articles = [Article(id=f"a{i}", text=SAID if i % 2 else "No quotes here at all.") for i in range(5)]
    out = list(pipeline.pipe(articles))
    assert [a.id for a in out] == [f"a{i}" for i in range(5)]
    assert [bool(a.quotes) for a in out] == [False, True, False, True, False]


def test_shared_is_one_pipeline_per_settings() -> None:
    assert Pipeline.shared(None, "rules") is Pipeline.shared(None, "rules")
