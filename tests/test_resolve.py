"""Speaker resolution inside one article, through the pipeline: pipeline(text).speakers."""

from __future__ import annotations

from saywho.types import Article, Speaker

LEAD = "Diplomats met in Geneva on Monday.\n\n"


def run(pipeline, *paragraphs: str) -> Article:
    article = pipeline(LEAD + "\n\n".join(paragraphs))
    ids = [s.id for s in article.speakers]
    assert len(ids) == len(set(ids)), "speaker ids must be unique"
    for q in article.quotes:
        assert q.speaker is None or q.speaker in ids
    for s in article.speakers:
        assert s.quotes == sum(1 for q in article.quotes if q.speaker == s.id)
    return article


def speaker_of(article: Article, content_start: str) -> Speaker | None:
    """The speaker of the quote whose content starts with ``content_start``."""
    hits = [q for q in article.quotes if q.content.text.startswith(content_start)]
    assert len(hits) == 1, [q.content.text for q in article.quotes]
    return article.speaker(hits[0].speaker)


LAVROV = "Russian Foreign Minister Sergey Lavrov said that the strikes must stop immediately."


def test_title_and_surname_make_one_speaker(pipeline) -> None:
    article = run(pipeline, LAVROV, "Lavrov added that Moscow was ready to help.")
    assert len(article.quotes) == 2
    assert len(article.speakers) == 1
    sp = article.speakers[0]
    assert sp.name == "Sergey Lavrov"
    assert sp.type == "person"
    assert "Russian Foreign Minister" in sp.roles
    assert sp.quotes == 2
    assert {q.speaker for q in article.quotes} == {sp.id}


def test_pronoun_resolves_to_last_speaker(pipeline) -> None:
    article = run(
        pipeline,
        LAVROV,
        "Lavrov added that Moscow was ready to help.",
        '"We will not give up on peace," he said.',
    )
    sp = speaker_of(article, "We will not give up on peace")
    assert sp is not None and sp.name == "Sergey Lavrov"
    assert len(article.speakers) == 1


def test_definite_role_description_resolves_to_named_speaker(pipeline) -> None:
    article = run(pipeline, LAVROV, "The Russian Foreign Minister said that Moscow was ready to help.")
    sp = speaker_of(article, "that Moscow was ready")
    assert sp is not None and sp.name == "Sergey Lavrov"
    assert len(article.speakers) == 1


def test_role_description_picks_matching_speaker_not_the_latest(pipeline) -> None:
    article = run(
        pipeline,
        LAVROV,
        "John Kerry said that Washington would keep talking.",
        "The Russian Foreign Minister said that Moscow was ready to help.",
    )
    sp = speaker_of(article, "that Moscow was ready")
    assert sp is not None and sp.name == "Sergey Lavrov"


def test_apposition_name_with_envoy_role(pipeline) -> None:
    article = run(pipeline, "The US envoy to the UN, Samantha Power, said that Russia was responsible for the attack.")
    sp = speaker_of(article, "that Russia was responsible")
    assert sp is not None
    assert sp.name == "Samantha Power"
    assert sp.type == "person"
    assert any("envoy" in r for r in sp.roles), sp.roles


def test_media_organisation_is_an_organization(pipeline) -> None:
    article = run(pipeline, "The BBC reported that the convoy was hit overnight.")
    sp = speaker_of(article, "that the convoy was hit")
    assert sp is not None
    assert sp.type == "organization"
    assert sp.name == "BBC"


def test_un_is_an_organization(pipeline) -> None:
    article = run(pipeline, "The UN estimates that 300,000 people have died in the war.")
    sp = speaker_of(article, "that 300,000 people")
    assert sp is not None
    assert sp.type == "organization"
    assert sp.name == "UN"


def test_unnamed_ministry_is_an_unnamed_source(pipeline) -> None:
    # no ministry is named: "the ministry" stays this article's unnamed source
    article = run(pipeline, "The strikes killed dozens of civilians, according to the ministry.")
    sp = speaker_of(article, "The strikes killed")
    assert sp is not None and sp.type == "unnamed"


def test_the_ministry_is_the_ministry_named_before(pipeline) -> None:
    article = run(
        pipeline,
        "The Russian Defence Ministry said that the convoy had been hit by a drone.",
        "The strikes killed dozens of civilians, according to the ministry.",
    )
    named = speaker_of(article, "that the convoy")
    sp = speaker_of(article, "The strikes killed")
    assert named is not None and named.type == "organization"
    assert sp is not None and sp.id == named.id


def test_different_people_stay_separate(pipeline) -> None:
    article = run(
        pipeline,
        "John Kerry said that the talks would resume next week.",
        "Sergey Lavrov said that Moscow was ready to help.",
    )
    kerry = speaker_of(article, "that the talks would resume")
    lavrov = speaker_of(article, "that Moscow was ready")
    assert kerry is not None and lavrov is not None
    assert kerry.id != lavrov.id
    assert kerry.name == "John Kerry" and lavrov.name == "Sergey Lavrov"
    assert len(article.speakers) == 2


def test_surname_mentions_go_to_their_own_people(pipeline) -> None:
    article = run(
        pipeline,
        "John Kerry said that the talks would resume next week.",
        "Sergey Lavrov said that Moscow was ready to help.",
        "Kerry added that Washington would not wait forever.",
    )
    assert speaker_of(article, "that Washington would not wait").name == "John Kerry"
    assert len(article.speakers) == 2


def test_anonymous_source_is_not_merged_into_named_speaker(pipeline) -> None:
    article = run(
        pipeline,
        "John Kerry said that the talks would resume next week.",
        "A source said that the talks had already failed.",
    )
    kerry = speaker_of(article, "that the talks would resume")
    source = speaker_of(article, "that the talks had already failed")
    assert kerry is not None and kerry.name == "John Kerry"
    assert source is not None and source.id != kerry.id
    assert "Kerry" not in source.name


def test_anonymous_source_after_direct_quote_is_not_merged(pipeline) -> None:
    article = run(
        pipeline,
        "John Kerry said that the talks would resume next week.",
        '"The talks have already failed," a source said.',
    )
    kerry = speaker_of(article, "that the talks would resume")
    source = speaker_of(article, "The talks have already failed")
    assert source is not None and source.id != kerry.id



def test_source_close_to_named_person_is_not_that_person(pipeline) -> None:
    # "a source close to Lavrov" is an anonymous speaker; Lavrov is only a modifier
    article = run(pipeline, LAVROV, "A source close to Lavrov said that the talks had already failed.")
    lavrov = speaker_of(article, "that the strikes must stop")
    source = speaker_of(article, "that the talks had already failed")
    assert lavrov is not None and lavrov.name == "Sergey Lavrov"
    assert source is not None and source.id != lavrov.id
    assert not any("source" in r for r in lavrov.roles), lavrov.roles


def test_title_folded_into_a_name_becomes_a_role(pipeline) -> None:
    article = run(pipeline, "“We will not cut the schools budget this year,” Mayor Ana Ortiz said on Monday.")
    sp = speaker_of(article, "We will not cut")
    assert sp is not None and sp.name == "Ana Ortiz"
    assert "Mayor" in sp.roles


def test_bare_title_resolves_to_the_one_person_holding_it(pipeline) -> None:
    article = pipeline(
        "Mayor vows to fight cuts\n\n"
        "“We will not cut the schools budget this year,” Mayor Ana Ortiz said on Monday.\n\n"
        "Council member Tom Reed said that the plan would raise taxes for families."
    )
    sp = speaker_of(article, "to fight cuts")
    assert sp is not None and sp.name == "Ana Ortiz"
