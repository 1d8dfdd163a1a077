"""How an outlet frames the words it quotes: the framing class of a quote's cue.

The same utterance reads differently after "said", "claimed" or "admitted". This
table maps cue lemmas (and a few multi-word cues) to a class; anything not listed is
``other``, and a quote with no cue is ``none``.

=============  ==================================================================
class          cues (lemmas)
=============  ==================================================================
neutral        say, tell, state, add, write, note, explain, according to, report,
               comment, remark, describe, announce, speak, mention, reply, respond
distancing     claim, allege, purport, contend, maintain, profess, assert (the
               outlet keeps its distance from the truth of the words)
concession     admit, concede, acknowledge, confess, grant, allow, recognise
insistence     insist, stress, emphasise, reiterate, repeat, underline, vow, swear,
               pledge, promise, declare
rebuttal       counter, deny, reject, dismiss, refute, dispute, rebut, retort,
               push back, fire back, hit back, disagree, contradict
criticism      attack, slam, blast, criticise, condemn, accuse, denounce, mock,
               ridicule, lash out, rip, bash, decry
emotive        complain, lament, boast, brag, gush, rail, rant, scream, shout,
               yell, cry, fume, whine, sneer, quip, joke
warning        warn, caution, threaten, predict, fear, worry
question       ask, wonder, question, inquire, query
suggestion     suggest, hint, imply, argue, propose, recommend, urge, call for,
               speculate, believe, think, hope, signal
=============  ==================================================================
"""

from __future__ import annotations

CLASSES: dict[str, tuple[str, ...]] = {
    "neutral": (
        "say", "tell", "state", "add", "write", "note", "explain", "according to", "report", "comment",
        "remark", "describe", "announce", "speak", "mention", "reply", "respond", "tweet", "post",
    ),
    "distancing": ("claim", "allege", "purport", "contend", "maintain", "profess", "assert"),
    "concession": ("admit", "concede", "acknowledge", "confess", "grant", "allow", "recognise", "recognize"),
    "insistence": (
        "insist", "stress", "emphasise", "emphasize", "reiterate", "repeat", "underline", "vow", "swear",
        "pledge", "promise", "declare",
    ),
    "rebuttal": (
        "counter", "deny", "reject", "dismiss", "refute", "dispute", "rebut", "retort", "push back",
        "fire back", "hit back", "disagree", "contradict",
    ),
    "criticism": (
        "attack", "slam", "blast", "criticise", "criticize", "condemn", "accuse", "denounce", "mock",
        "ridicule", "lash out", "rip", "bash", "decry",
    ),
    "emotive": (
        "complain", "lament", "boast", "brag", "gush", "rail", "rant", "scream", "shout", "yell", "cry",
        "fume", "whine", "sneer", "quip", "joke",
    ),
    "warning": ("warn", "caution", "threaten", "predict", "fear", "worry"),
    "question": ("ask", "wonder", "question", "inquire", "enquire", "query"),
    "suggestion": (
        "suggest", "hint", "imply", "argue", "propose", "recommend", "urge", "call for", "speculate",
        "believe", "think", "hope", "signal",
    ),
}

_TABLE: dict[str, str] = {lemma: cls for cls, lemmas in CLASSES.items() for lemma in lemmas}


def cue_framing(lemma: str | None, text: str | None = None) -> str:
    """The framing class of a cue (``none`` without one, ``other`` if not in the table).

    The lemma decides; a multi-word cue ("fired back at", "according to") is looked up
    by its first two words' lemma-ish forms when the lemma itself is not listed.
    """
    if not lemma and not text:
        return "none"
    key = " ".join((lemma or "").casefold().split())
    if key in _TABLE:
        return _TABLE[key]
    words = (text or key).casefold().split()
    for n in (2, 1):
        head = " ".join(words[:n])
        for form in (head, head.rstrip("sd"), head[:-2] if head.endswith("ed") else head, head[:-1] if head.endswith("s") else head):
            if form in _TABLE:
                return _TABLE[form]
    for w in words:  # "has long claimed": the first known verb among the cue's words
        for form in (w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("ed") else w, w[:-1] if w.endswith("d") else w):
            if form in _TABLE:
                return _TABLE[form]
    return "other"
