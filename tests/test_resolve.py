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


# -- who: agreement, discourse, relative pronouns, descriptions, no junk ----------------------


def test_pronoun_agrees_in_gender(pipeline) -> None:
    article = run(
        pipeline,
        "Hillary Clinton said that the plan would help families.",
        "John Podesta said that the campaign was confident.",
        '"We will win Ohio," she said.',
        '"The polls are tightening," he said.',
    )
    assert speaker_of(article, "We will win Ohio").name == "Hillary Clinton"
    assert speaker_of(article, "The polls are tightening").name == "John Podesta"


def test_pronoun_in_a_run_about_someone_else_goes_to_that_speaker(pipeline) -> None:
    article = run(
        pipeline,
        "Hillary Clinton said that the plan would help families.",
        "Leslie Wimes, a Democratic strategist in Florida, said that the campaign had ignored black voters.",
        '"They have a big problem," she said.',
    )
    assert speaker_of(article, "They have a big problem").name == "Leslie Wimes"


def test_two_people_sharing_a_surname_stay_apart(pipeline) -> None:
    article = run(
        pipeline,
        "Former President Bill Clinton said that the economy was growing.",
        "Hillary Clinton said that she would raise the minimum wage.",
        "Mrs. Clinton added that wages had stalled for years.",
        "Mr. Clinton said that the debate had been fair.",
    )
    assert speaker_of(article, "that wages had stalled").name == "Hillary Clinton"
    assert speaker_of(article, "that the debate had been fair").name == "Bill Clinton"
    hillary = speaker_of(article, "that she would raise")
    assert not any("President" in r for r in hillary.roles), hillary.roles


def test_relative_pronoun_goes_to_the_head_of_its_clause(pipeline) -> None:
    article = run(
        pipeline,
        "The plan was criticised by Senator Maria Lopez, who said that it would raise taxes for families.",
    )
    sp = speaker_of(article, "that it would raise taxes")
    assert sp is not None and sp.name == "Maria Lopez"


def test_campaign_descriptions_are_the_candidates_campaign(pipeline) -> None:
    article = run(
        pipeline,
        "Hillary Clinton spoke in Ohio on Monday.",
        "The Clinton campaign said that it had raised $50 million in August.",
        "The campaign said that the money would pay for advertising.",
        "A Clinton campaign aide said that the ads would start next week.",
    )
    org = speaker_of(article, "that it had raised")
    assert org.type == "organization" and org.name == "Hillary Clinton campaign"
    assert speaker_of(article, "that the money would pay").id == org.id
    aide = speaker_of(article, "that the ads would start")
    assert aide.type == "unnamed" and aide.org == "Hillary Clinton campaign"


def test_role_description_goes_to_the_person_holding_it(pipeline) -> None:
    article = run(
        pipeline,
        "Republican nominee Donald Trump spoke in Iowa.",
        "Hillary Clinton said that the economy needed investment.",
        "The Republican nominee said that taxes were too high.",
    )
    assert speaker_of(article, "that taxes were too high").name == "Donald Trump"


def test_unnamed_sources_are_unnamed_and_never_names(pipeline) -> None:
    article = run(
        pipeline,
        "Experts said that the bridge was unsafe.",
        "Officials said that repairs would begin in May.",
        "A spokeswoman for the city said that the budget was ready.",
    )
    for start in ("that the bridge", "that repairs", "that the budget"):
        assert speaker_of(article, start).type == "unnamed"


def test_headline_words_are_not_a_name(pipeline) -> None:
    article = pipeline(
        "Derelict Obama Says Economy Is Strong\n\n"
        "President Barack Obama said that the economy had added jobs for 70 months.\n\n"
        "Obama added that wages were rising."
    )
    names = {s.name for s in article.speakers}
    assert "Derelict Obama" not in names
    assert "Barack Obama" in names


def test_aliases_are_names_and_descriptions_not_pronouns(pipeline) -> None:
    article = run(
        pipeline, LAVROV, '"We will not give up on peace," he said.', "The official said that talks would resume."
    )
    sp = speaker_of(article, "We will not give up")
    assert sp.name == "Sergey Lavrov"
    assert "he" not in [a.lower() for a in sp.aliases]


def test_an_epithet_before_a_name_is_the_same_person(pipeline) -> None:
    article = pipeline(
        "Trump blasts Crooked Hillary Clinton\n\n"
        "Hillary Clinton said that the plan would help families.\n\n"
        "Crooked Hillary Clinton said that the rally was a success, according to the post.\n\n"
        "Hillary Clinton added that wages had stalled."
    )
    names = {s.name for s in article.speakers if s.type == "person"}
    assert "Crooked Hillary Clinton" not in names
    assert "Hillary Clinton" in names


def test_the_state_is_the_place_named_just_before(pipeline) -> None:
    article = run(
        pipeline,
        "Voters in Florida will use new machines this year.",
        "The state said that the machines had been tested twice.",
    )
    sp = speaker_of(article, "that the machines had been tested")
    assert sp is not None and sp.name == "Florida" and sp.type == "organization"


def test_a_newspaper_short_name_is_the_newspaper(pipeline) -> None:
    article = run(
        pipeline,
        "The New York Times reported that the talks had stalled.",
        "The Times said that officials had confirmed the delay.",
    )
    first = speaker_of(article, "that the talks had stalled")
    second = speaker_of(article, "that officials had confirmed")
    assert first.type == "organization" and second.id == first.id


def test_a_poll_speaks_for_its_pollster(pipeline) -> None:
    article = run(pipeline, "A Quinnipiac University poll found that the race was tied.")
    sp = speaker_of(article, "that the race was tied")
    assert sp is not None and sp.type == "organization" and "Quinnipiac" in sp.name


def test_a_ministry_is_not_the_minister(pipeline) -> None:
    article = run(
        pipeline,
        LAVROV,
        "The talks failed on Friday, according to a statement from Russia’s foreign Ministry.",
    )
    sp = speaker_of(article, "The talks failed")
    assert sp is not None and "Lavrov" not in sp.name and sp.name.endswith("Ministry")


def test_members_of_a_body_speak_for_it(pipeline) -> None:
    article = run(
        pipeline,
        "The Dutch-led international inquiry found that the missile came from Russia.",
        "The Dutch-led specialists said that they had a list of 100 suspects.",
        "Local doctors said that the hospital was full.",
    )
    inquiry = speaker_of(article, "that the missile")
    assert inquiry is not None and speaker_of(article, "that they had") == inquiry
    assert speaker_of(article, "that the hospital") != inquiry  # "local doctors" share no word with it
