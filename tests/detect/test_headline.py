"""Headline attributions (no verb to parse): saywho.detect.headline.headline_claim."""

from __future__ import annotations

import pytest

from saywho.detect.headline import headline_claim


def claim(line: str, prefix: str = "", suffix: str = "") -> tuple[str, str, str | None] | None:
    """(content, source, cue) of the claim in ``line`` embedded in ``prefix + line + suffix``."""
    text = prefix + line + suffix
    start, end = len(prefix), len(prefix) + len(line)
    cand = headline_claim(text, start, end)
    if cand is None:
        return None
    assert len(cand.content) == 1
    s, e = cand.content[0]
    assert start <= s < e <= end, "content must lie inside the line"
    assert cand.source is not None
    src = text[cand.source[0] : cand.source[1]]
    cue = text[cand.cue[0][0] : cand.cue[0][1]] if cand.cue else None
    return text[s:e], src, cue


@pytest.mark.parametrize(
    "line, content, source, cue",
    [
        (
            "US strikes on Syria would be a grave mistake – Lavrov",
            "US strikes on Syria would be a grave mistake",
            "Lavrov",
            None,
        ),
        (
            "US strikes on Syria would be a grave mistake — Sergey Lavrov",
            "US strikes on Syria would be a grave mistake",
            "Sergey Lavrov",
            None,
        ),
        (
            "Lavrov: US strikes on Syria would be a grave mistake",
            "US strikes on Syria would be a grave mistake",
            "Lavrov",
            None,
        ),
        ("Syria ceasefire must hold: Lavrov on Aleppo talks", "Syria ceasefire must hold", "Lavrov", None),
        ("Syria ceasefire must hold, says Lavrov", "Syria ceasefire must hold", "Lavrov", "says"),
        ("Syria ceasefire must hold, Lavrov says", "Syria ceasefire must hold", "Lavrov", "says"),
        (
            "Syria ceasefire must hold, warns UN chief Guterres",
            "Syria ceasefire must hold",
            "UN chief Guterres",
            "warns",
        ),
    ],
    ids=["dash", "em-dash-full-name", "speaker-colon", "colon-on-topic", "says-speaker", "speaker-says", "warns-title"],
)
def test_headline_forms(line: str, content: str, source: str, cue: str | None) -> None:
    assert claim(line) == (content, source, cue)


@pytest.mark.parametrize(
    "line, content, source",
    [
        ("Read more [Syria ceasefire must hold – Lavrov](#)", "Syria ceasefire must hold", "Lavrov"),
        (
            "Read more: [US strikes would be a grave mistake – Lavrov](https://example.com/news/1)",
            "US strikes would be a grave mistake",
            "Lavrov",
        ),
    ],
)
def test_read_more_link_text(line: str, content: str, source: str) -> None:
    assert claim(line) == (content, source, None)


def test_offsets_are_into_the_whole_text() -> None:
    got = claim("Syria ceasefire must hold, says Lavrov", prefix="Intro line\n", suffix="\nBody text follows.")
    assert got == ("Syria ceasefire must hold", "Lavrov", "says")


def test_markdown_heading_and_bold_are_stripped() -> None:
    assert claim("# Syria ceasefire must hold – Lavrov") == ("Syria ceasefire must hold", "Lavrov", None)
    assert claim("**Syria ceasefire must hold – Sergey Lavrov**") == (
        "Syria ceasefire must hold",
        "Sergey Lavrov",
        None,
    )


def test_quoted_headline_claim_is_marked_quoted() -> None:
    text = "‘US strikes would be a grave mistake’ – Lavrov"
    cand = headline_claim(text, 0, len(text))
    assert cand is not None and cand.quoted
    assert text[cand.source[0] : cand.source[1]] == "Lavrov"


def test_unquoted_headline_claim_is_indirect() -> None:
    text = "Syria ceasefire must hold – Lavrov"
    cand = headline_claim(text, 0, len(text))
    assert cand is not None and cand.kind == "indirect" and cand.rule == "headline"


@pytest.mark.parametrize(
    "line",
    [
        "Breaking: Russia and US agree on new ceasefire",
        "Breaking – Russia and US agree on new ceasefire",
        "Russia and US agree on new ceasefire in Syria",
        "Live – updates",
        "Syria talks live – updates",
        "Syria ceasefire collapses – live updates",
        "Analysis: Why the Syria ceasefire failed again",
        "Watch: Lavrov speaks on Syria",
        "Read more [Russia and US agree on new ceasefire](#)",
    ],
)
def test_not_attributions(line: str) -> None:
    assert claim(line) is None


def test_too_short_claim_is_not_an_attribution() -> None:
    assert claim("Ceasefire – Lavrov") is None
