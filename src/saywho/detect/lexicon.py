"""Cue words: the verbs, nouns and phrases that signal attributed speech or thought.

Lemmas, grouped by how strongly they signal attribution; the groups feed the
confidence score. The list follows the cues most often annotated in PolNeAR train
(said, told, according to, wrote, added, asked, noted, argued, …) and the
reporting-verb inventories used in quotation-extraction work.
"""

from __future__ import annotations

#: verbs of saying: almost always an attribution when they take a clause or a quote
# fmt: off
SPEECH = frozenset(
    """
    say tell add note write tweet post ask answer reply respond explain state declare announce
    claim argue insist maintain contend assert stress emphasize emphasise warn caution
    acknowledge admit concede confirm deny reiterate repeat recall remark observe comment
    report reveal disclose predict promise pledge vow vowed threaten suggest propose recommend
    urge demand complain lament boast brag joke quip shout yell scream whisper mutter
    counter retort rebut object protest charge accuse allege testify testified estimate
    conclude describe characterize characterise call label dub brand praise criticize
    criticise condemn denounce blast slam attack mock dismiss defend concur agree disagree
    question wonder speculate hint imply indicate signal mention point continue begin
    recount relate narrate cite quote tout highlight underline caution advise inform notify
    assure reassure remind concede acknowledge affirm aver allege proclaim pronounce
    exclaim murmur grumble sigh snap fire_back reason surmise guess figure
    """.split()
)
# fmt: on

#: verbs of thought, perception of evidence, and intention (PolNeAR counts these too)
# fmt: off
THOUGHT = frozenset(
    """
    believe think feel know expect hope fear worry doubt suspect assume consider reckon
    understand realize realise recognize recognise imagine want wish plan intend seek
    decide refuse decline agree learn hear see find show suggest indicate reveal
    conclude determine discover predict anticipate
    """.split()
)
# fmt: on


#: cues whose content is an object + infinitive ("asked Russia to stop …")
# fmt: off
OBJECT_INFINITIVE = frozenset(
    """
    ask urge tell call encourage implore beg warn advise invite order direct instruct
    challenge press pressure push want expect allow permit forbid persuade convince
    """.split()
)
# fmt: on

#: cues whose content is a bare infinitive clause ("vowed to fight", "refused to comment")
# fmt: off
INFINITIVE = frozenset(
    """
    promise pledge vow threaten refuse decline want plan intend hope wish seek agree
    offer decide demand expect propose aim
    """.split()
)
# fmt: on

#: cues whose content is an object with a predicate ("called Russia's actions barbarism")
OBJECT_PREDICATE = frozenset(
    ["call", "describe", "label", "dub", "brand", "term", "characterize", "characterise", "deem"]
)

#: every lemma that can head a verbal cue
VERBS = SPEECH | THOUGHT | OBJECT_INFINITIVE | INFINITIVE | OBJECT_PREDICATE
