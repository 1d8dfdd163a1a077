"""The boundary model: which boundaries it may consider and how it moves them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from saywho.detect.candidate import Candidate
from saywho.models.bounds import WINDOW, Bounds, choices, gold_token
from saywho.models.candidates import Tree

TEXT = "The senator from Ohio said on Monday that the plan, which costs $5 billion, would fail badly."


def _at(needle: str) -> tuple[int, int]:
    i = TEXT.index(needle)
    return (i, i + len(needle))


@pytest.fixture(scope="module")
def tree(pipeline):
    with pipeline.nlp.select_pipes(disable=["saywho"]):
        return Tree(pipeline.nlp(TEXT))


def _cand(tree: Tree, content: str = "on Monday that the plan, which costs $5 billion, would fail", **kw) -> Candidate:
    src = _at("The senator")
    head = next(i for i, w in enumerate(tree.lower) if w == "senator")
    return Candidate(
        content=[_at(content)],
        rule="verb",
        cue=[_at("said")],
        cue_lemma="say",
        source=src,
        source_head=head,
        **kw,
    )


def _words(tree: Tree, ids: list[int]) -> set[str]:
    return {tree.lower[i] for i in ids}


def test_options_stay_out_of_cue_and_source_and_within_the_window(tree) -> None:
    cand = _cand(tree)
    found = {(c.role, c.side): c for c in choices(tree, cand)}
    assert set(found) == {("c", "start"), ("c", "end"), ("s", "start"), ("s", "end")}
    start = found[("c", "start")]
    assert "said" not in _words(tree, start.options) and "senator" not in _words(tree, start.options)
    assert start.current in start.options and len(start.options) == len(start.feats)
    words = [i for i in start.options if tree.lower[i].isalpha() or tree.lower[i].isdigit()]
    assert len([i for i in words if i > start.current]) <= WINDOW
    source_end = found[("s", "end")]
    assert "said" not in _words(tree, source_end.options)  # never across the cue into the content
    assert "ohio" in _words(tree, source_end.options)  # "from Ohio" can join the source


def test_another_attribution_blocks_options(tree) -> None:
    cand = _cand(tree)
    other = Candidate(content=[_at("Monday")], rule="verb")
    start = next(c for c in choices(tree, cand, [cand, other]) if (c.role, c.side) == ("c", "start"))
    assert "monday" not in _words(tree, start.options)


def test_a_whole_quotation_keeps_its_content(tree) -> None:
    cand = _cand(tree, direct=True, quoted=[_at("on Monday that the plan, which costs $5 billion, would fail")])
    assert {c.role for c in choices(tree, cand)} == {"s"}


def test_empty_model_moves_nothing_and_weights_move_boundaries(tree) -> None:
    cand = _cand(tree)
    before = list(cand.content)
    Bounds().apply(tree, [cand])
    assert cand.content == before
    copy = replace(cand)  # shares the content list, as decided candidates and their copies do
    Bounds({"cs:low=that": 5.0, "ce:low=RB": 5.0}).apply(tree, [copy])
    assert TEXT[copy.content[0][0] : copy.content[-1][1]] == "that the plan, which costs $5 billion, would fail badly"
    assert cand.content == before  # the original's list is untouched


def test_source_boundary_can_grow(tree) -> None:
    cand = _cand(tree)
    Bounds({"se:low=NNP": 5.0}).apply(tree, [cand])
    assert cand.source is not None and TEXT[cand.source[0] : cand.source[1]] == "The senator from Ohio"


def test_gold_token_skips_punctuation(tree) -> None:
    first = gold_token(tree, [(TEXT.index("the plan") - 1, TEXT.index("the plan") + 8)], "start")
    assert first is not None and tree.lower[first] == "the"
    last = gold_token(tree, [_at("would fail badly.")], "end")
    assert last is not None and tree.lower[last] == "badly"
    assert gold_token(tree, [], "end") is None
