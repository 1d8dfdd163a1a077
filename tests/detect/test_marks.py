"""Quotation-mark pairing on raw text (no spaCy): saywho.detect.marks.find_quotations."""

from __future__ import annotations

import pytest

from saywho.detect.marks import Quotation, find_quotations


def pieces(text: str) -> list[list[str]]:
    """The inner text of every quotation's pieces, one list per quotation."""
    return [[text[s:e] for s, e in q.pieces] for q in find_quotations(text)]


@pytest.mark.parametrize(
    "text",
    [
        'He said "We will win the vote" on Monday.',
        "He said “We will win the vote” on Monday.",
        "He said ‘We will win the vote’ on Monday.",
        "He said 'We will win the vote' on Monday.",
        "He said «We will win the vote» on Monday.",
        "He said ”We will win the vote” on Monday.",  # a closing curly mark used as opener
    ],
    ids=["straight-double", "curly-double", "curly-single", "straight-single", "guillemets", "right-right"],
)
def test_every_mark_style_pairs(text: str) -> None:
    qs = find_quotations(text)
    assert len(qs) == 1
    q = qs[0]
    assert text[q.start : q.end] == "We will win the vote"
    # marks are the outer extent: the opening and the closing mark themselves
    assert (q.outer_start, q.outer_end) == (8, 30)
    assert text[q.outer_start] in "\"“‘'«”" and text[q.outer_end - 1] in "\"”’'»"


@pytest.mark.parametrize(
    "text",
    [
        "It's clear that Russia's plan failed.",
        "The players' union met and it's Russia's turn.",
        "Trump's wall, the players' union and the Kremlin's view don't match.",
        "It’s Russia’s plan, the players’ union said.",  # curly apostrophes
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert find_quotations(text) == []


def test_apostrophes_inside_a_single_quoted_quote() -> None:
    text = "'We will defend the players' rights and Russia's interests,' he said."
    assert pieces(text) == [["We will defend the players' rights and Russia's interests"]]


def test_apostrophes_after_a_quote_do_not_open_another() -> None:
    text = "'I am here,' he said. It's the players' union's view and Russia's."
    assert pieces(text) == [["I am here"]]


def test_quote_spanning_several_sentences() -> None:
    text = '"One sentence here. Another one there! A third?" he asked.'
    assert pieces(text) == [["One sentence here. Another one there! A third?"]]


def test_two_quotes_in_one_sentence_stay_separate() -> None:
    text = '"We will win," he said, "because we must."'
    assert pieces(text) == [["We will win"], ["because we must"]]


@pytest.mark.parametrize(
    "text, inner",
    [
        ('He said *"Hello there, friend,"* and left.', "Hello there, friend"),
        ("They want “*change the regime*” now.", "change the regime"),
        ("They want *“change the regime”* now.", "change the regime"),
        ("They want “_change the regime_” now.", "change the regime"),
        ("They want “**change the regime**” now.", "change the regime"),
    ],
)
def test_markdown_emphasis_excluded_from_pieces(text: str, inner: str) -> None:
    qs = find_quotations(text)
    assert len(qs) == 1
    assert text[qs[0].start : qs[0].end] == inner


@pytest.mark.parametrize(
    "text, inner",
    [
        # the plain view blanks emphasis to spaces, keeping offsets
        ('He said  "Hello there, friend,"  and left.', "Hello there, friend"),
        ("They want “ change the regime ” now.", "change the regime"),
        ("They want “  change the regime  ” now.", "change the regime"),
    ],
)
def test_blanked_emphasis_excluded_from_pieces(text: str, inner: str) -> None:
    qs = find_quotations(text)
    assert len(qs) == 1
    assert text[qs[0].start : qs[0].end] == inner


def test_plain_view_of_emphasis_gives_same_offsets() -> None:
    from saywho.readers.markup import plain_view

    raw = "They want “*change the regime*” now."
    plain = plain_view(raw)
    assert len(plain) == len(raw)
    assert find_quotations(raw)[0].pieces == find_quotations(plain)[0].pieces


def test_multi_paragraph_quote_is_one_quotation() -> None:
    text = (
        "“We will not give up on the talks, whatever Washington decides.\n\n"
        "“The people of Syria deserve peace,” Lavrov said."
    )
    qs = find_quotations(text)
    assert len(qs) == 1
    q = qs[0]
    assert len(q.pieces) >= 2
    got = [text[s:e] for s, e in q.pieces]
    assert got[0].startswith("We will not give up on the talks")
    assert got[-1] == "The people of Syria deserve peace"
    assert len(q.marks) == len(q.pieces)
    assert q.outer_start == 0 and text[q.outer_end - 1] == "”"


def test_multi_paragraph_straight_quote_three_paragraphs() -> None:
    text = '"First paragraph here.\n\n"Second paragraph here.\n\n"Third one," he said.'
    qs = find_quotations(text)
    assert len(qs) == 1
    assert [text[s:e] for s, e in qs[0].pieces] == [
        "First paragraph here",
        "Second paragraph here",
        "Third one",
    ]


@pytest.mark.parametrize(
    "text",
    [
        'He said "an unclosed mark with no end.',
        "He said “an unclosed mark with no end.",
        '"Unclosed first paragraph here.\n\nNext paragraph has no mark at all.',
    ],
)
def test_unclosed_mark_without_continuation_is_no_quotation(text: str) -> None:
    assert find_quotations(text) == []


def test_unclosed_mark_after_a_good_quote_keeps_the_good_one() -> None:
    text = '"We said so," he said. "And then nothing closes'
    assert pieces(text) == [["We said so"]]


@pytest.mark.parametrize(
    "text",
    [
        '"We will win the vote," she said.',
        "“We will win the vote,” she said.",
        "'We will win the vote,' she said.",
        "‘We will win the vote,’ she said.",
        "«We will win the vote,» she said.",
    ],
)
def test_pieces_exclude_trailing_comma(text: str) -> None:
    q = find_quotations(text)[0]
    assert text[q.start : q.end] == "We will win the vote"
    # the mark extent still holds the comma
    assert "," in text[q.outer_start : q.outer_end]


def test_offsets_index_the_text_exactly() -> None:
    text = "Intro. «Quoted words here» and “more words there” end."
    for q in find_quotations(text):
        assert isinstance(q, Quotation)
        for (s, e), (ms, me) in zip(q.pieces, q.marks, strict=True):
            assert ms < s < e < me
    assert pieces(text) == [["Quoted words here"], ["more words there"]]
