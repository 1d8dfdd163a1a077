"""The rule detectors through the whole pipeline (model="rules"): pipeline(text).quotes.

The learned model is tested in test_model.py and, end to end, by the seed article.
"""

from __future__ import annotations

import pytest

from saywho.types import Article, Quote

#: a neutral first paragraph, so the sentence under test is body text, not a title
LEAD = "Diplomats met in Geneva on Monday.\n\n"


def run(pipeline, body: str) -> Article:
    article = pipeline(LEAD + body)
    _check_invariants(article)
    return article


def _check_invariants(article: Article) -> None:
    """Span texts come from the offsets, and no character is content of two attributions."""
    seen: set[int] = set()
    for q in article.quotes:
        assert q.content.text == " … ".join(article.text[s:e] for s, e in q.content.spans)
        for s, e in q.content.spans:
            chars = set(range(s, e))
            assert not chars & seen, f"content of {q.id} overlaps another attribution"
            seen |= chars


def contents(article: Article, q: Quote) -> list[str]:
    return [article.text[s:e] for s, e in q.content.spans]


def only(article: Article) -> Quote:
    assert len(article.quotes) == 1, [(q.kind, q.content.text) for q in article.quotes]
    return article.quotes[0]


def speaker_name(article: Article, q: Quote) -> str | None:
    sp = article.speaker(q.speaker)
    return sp.name if sp else None


# -- direct quotes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '"We will not give up on this," he said, "because the stakes are too high."',
        "“We will not give up on this,” Lavrov said, “because the stakes are too high.”",
        '"We will not give up on this," said Lavrov, "because the stakes are too high."',
    ],
    ids=["straight-he-said", "curly-name-said", "said-name"],
)
def test_split_quote_is_one_attribution(rules_pipeline, body: str) -> None:
    article = run(rules_pipeline, body)
    q = only(article)
    assert q.kind == "direct"
    assert contents(article, q) == ["We will not give up on this", "because the stakes are too high"]
    assert q.cue is not None and q.cue.text == "said"


@pytest.mark.parametrize(
    "body, source",
    [
        ('He said: "We will not give up on this fight."', "He"),
        ("Lavrov said: “We will not give up on this fight.”", "Lavrov"),
    ],
)
def test_cue_colon_then_quote(rules_pipeline, body: str, source: str) -> None:
    article = run(rules_pipeline, body)
    q = only(article)
    assert q.kind == "direct"
    assert contents(article, q) == ["We will not give up on this fight"]
    assert q.cue is not None and q.cue.lemma == "say"
    assert q.source is not None and q.source.text == source


@pytest.mark.parametrize(
    "body",
    [
        '"We will not give up on this fight," Lavrov said.',
        "“We will not give up on this fight,” Lavrov said.",
        "'We will not give up on this fight,' Lavrov said.",
        "‘We will not give up on this fight,’ Lavrov said.",
        "«We will not give up on this fight», Lavrov said.",
    ],
    ids=["straight", "curly", "straight-single", "curly-single", "guillemets"],
)
def test_every_mark_style_gives_a_direct_quote(rules_pipeline, body: str) -> None:
    article = run(rules_pipeline, body)
    q = only(article)
    assert q.kind == "direct"
    assert contents(article, q) == ["We will not give up on this fight"]
    assert q.source is not None and q.source.text == "Lavrov"
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None


@pytest.mark.parametrize(
    "body, source",
    [
        ('"My apologies, I\'m sorry," Quick said after the debate.', "Quick"),
        (
            "“That is a legitimate concern, because they are very principled,” Sarandon, 69, told MSNBC on Monday.",
            "Sarandon, 69",
        ),
        ("''The future we want is within our reach,'' Mr. Obama added.", "Mr. Obama"),
    ],
    ids=["subject-parsed-inside-quote", "apposition-before-verb", "doubled-apostrophes"],
)
def test_source_is_the_speaker_beside_the_cue_not_a_word_of_the_quote(rules_pipeline, body: str, source: str) -> None:
    q = only(run(rules_pipeline, body))
    assert q.kind == "direct"
    assert q.source is not None and q.source.text == source


def test_verb_of_saying_between_quotes_starts_another_attribution(rules_pipeline) -> None:
    article = run(
        rules_pipeline, '"We will not give up on this," he said, adding that "the stakes are far too high for us."'
    )
    first = next(q for q in article.quotes if q.cue is not None and q.cue.text == "said")
    assert contents(article, first) == ["We will not give up on this"]


def test_quotes_signed_with_a_dash_and_a_name(rules_pipeline) -> None:
    body = (
        "“He represents our greatest shame.” ― Sonya Herridge\n"
        "“Too much hate.”― Pamela Padilla\n\n"
        '"I will look into it. I do not know the status."\n\n- Hillary Clinton.\n\n'
        'She answered "no" - and then she left the room.'
    )
    article = run(rules_pipeline, body)
    signed = [
        (q.content.text, q.cue.text if q.cue else None, q.source.text if q.source else None) for q in article.quotes
    ]
    assert signed == [
        ("He represents our greatest shame", "―", "Sonya Herridge"),
        ("Too much hate", "―", "Pamela Padilla"),
        ("I will look into it. I do not know the status", "-", "Hillary Clinton"),
    ]
    assert [speaker_name(article, q) for q in article.quotes] == ["Sonya Herridge", "Pamela Padilla", "Hillary Clinton"]


def test_a_bullet_after_a_quotation_signs_nothing(rules_pipeline) -> None:
    body = (
        'Lavrov told reporters: "We will not give up on the talks with Washington."\n- Related: Senate passes bill\n\n'
        'Protesters carried signs reading "No more war in our name, not ever again."\n\n- Senate passes the budget bill after a long night\n\n'
        '"We need to find a way to bring them home."\n\n– An immigrant himself –\n'
    )
    article = run(rules_pipeline, body)
    assert [(q.content.text, q.source.text if q.source else None) for q in article.quotes if q.kind == "direct"] == [
        ("We will not give up on the talks with Washington", "Lavrov"),
    ]


def test_cue_inside_quotation_is_not_nested(rules_pipeline) -> None:
    article = run(rules_pipeline, "“We told them that we would not accept the deal,” Lavrov said.")
    q = only(article)
    assert contents(article, q) == ["We told them that we would not accept the deal"]
    assert q.source is not None and q.source.text == "Lavrov"


def test_cues_inside_multi_sentence_quotation_are_not_nested(rules_pipeline) -> None:
    article = run(rules_pipeline, '"The Americans said they would come. They asked us to wait," Lavrov said.')
    q = only(article)
    assert q.kind == "direct"
    assert contents(article, q) == ["The Americans said they would come. They asked us to wait"]


# -- indirect and mixed -------------------------------------------------------------------


def test_said_that_is_indirect(rules_pipeline) -> None:
    article = run(rules_pipeline, "John Kerry said that the talks would resume next week.")
    q = only(article)
    assert q.kind == "indirect"
    assert q.content.text.startswith("that ")
    assert q.content.text == "that the talks would resume next week"
    assert q.source is not None and q.source.text == "John Kerry"
    assert q.cue is not None and q.cue.lemma == "say"


def test_said_without_that_is_indirect(rules_pipeline) -> None:
    article = run(rules_pipeline, "John Kerry said the talks would resume next week.")
    q = only(article)
    assert q.kind == "indirect"
    assert q.content.text == "the talks would resume next week"


def test_participle_inherits_subject(rules_pipeline) -> None:
    article = run(
        rules_pipeline, "The ceasefire is holding, Smith noted, stressing that both sides had kept their word."
    )
    by_cue = {q.cue.text: q for q in article.quotes if q.cue}
    assert "stressing" in by_cue, [q.cue and q.cue.text for q in article.quotes]
    q = by_cue["stressing"]
    assert q.content.text.startswith("that both sides had kept their word")
    assert q.source is not None and q.source.text == "Smith"
    assert speaker_name(article, q) == "Smith"
    # and the clause before "noted" is Smith's too, as the same speaker
    assert "noted" in by_cue
    assert by_cue["noted"].speaker == q.speaker


@pytest.mark.parametrize(
    "body, content",
    [
        (
            "The strikes killed dozens of civilians, according to the ministry.",
            "The strikes killed dozens of civilians",
        ),
        (
            "According to the ministry, the strikes killed dozens of civilians.",
            "the strikes killed dozens of civilians",
        ),
    ],
    ids=["after", "before"],
)
def test_according_to(rules_pipeline, body: str, content: str) -> None:
    article = run(rules_pipeline, body)
    q = only(article)
    assert q.source is not None and q.source.text == "the ministry"
    assert q.cue is not None and q.cue.lemma == "according to"
    assert q.cue.text.lower() == "according to"
    assert q.content.text == content
    assert q.kind == "indirect"


def test_object_infinitive(rules_pipeline) -> None:
    article = run(rules_pipeline, "Kerry asked Russia to stop the strikes.")
    q = only(article)
    assert q.content.text.startswith("Russia to stop")
    assert q.cue is not None and q.cue.lemma == "ask"
    assert q.source is not None and q.source.text == "Kerry"


@pytest.mark.parametrize(
    "body, fragment",
    [
        ("Lavrov said the US was “playing with fire” in Syria.", "playing with fire"),
        ('Lavrov said the US was "playing with fire" in Syria.', "playing with fire"),
        ("Lavrov called the strikes “a grave mistake that will cost many lives.”", "a grave mistake"),
    ],
)
def test_paraphrase_with_quoted_fragment_is_mixed(rules_pipeline, body: str, fragment: str) -> None:
    article = run(rules_pipeline, body)
    q = only(article)
    assert q.kind == "mixed"
    assert fragment in q.content.text
    assert q.source is not None and q.source.text == "Lavrov"


# -- quotations that are not attributions --------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The US armed the so-called “moderate” rebels last year.",
        'The US armed the so-called "moderate" rebels last year.',
        "Washington now has a “Plan B” for the region.",
        "The book “The Art of the Deal” sold well in Moscow.",
    ],
    ids=["scare-curly", "scare-straight", "title-plan-b", "book-title"],
)
def test_scare_quotes_and_titles_without_cue_are_not_attributions(rules_pipeline, body: str) -> None:
    assert run(rules_pipeline, body).quotes == []


# -- headlines through the pipeline --------------------------------------------------------


def test_headline_claim_through_pipeline(rules_pipeline) -> None:
    article = rules_pipeline("Syria ceasefire must hold, says Lavrov\n\nDiplomats met in Geneva on Monday.")
    _check_invariants(article)
    q = only(article)
    assert q.region == "headline"
    assert q.content.text == "Syria ceasefire must hold"
    assert q.source is not None and q.source.text == "Lavrov"
