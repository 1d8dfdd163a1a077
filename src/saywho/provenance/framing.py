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

from itertools import pairwise

# fmt: off
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
# fmt: on

_TABLE: dict[str, str] = {lemma: cls for cls, lemmas in CLASSES.items() for lemma in lemmas}


def _forms(word: str) -> list[str]:
    """A verb form's likely lemmas ("denied" → deny, "admitted" → admit, "says" → say)."""
    w = word.strip(".,;:!?\"'“”‘’")
    out = [w]
    for suffix, repl in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
        ("d", ""),
    ):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)] + repl
            out.append(stem)
            if not repl and len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # admitted → admitt → admit
    irregular = {
        "told": "tell",
        "said": "say",
        "wrote": "write",
        "spoke": "speak",
        "swore": "swear",
        "thought": "think",
    }
    if w in irregular:
        out.append(irregular[w])
    return out


def cue_framing(lemma: str | None, text: str | None = None) -> str:
    """The framing class of a cue (``none`` without one, ``other`` if not in the table).

    The lemma decides when it is listed; otherwise the cue's words do: a two-word entry
    first ("fired back" → fire back), then the first listed verb among them ("has long
    claimed" → claim).
    """
    if not (lemma or "").strip() and not (text or "").strip():
        return "none"
    key = " ".join((lemma or "").casefold().split())
    if key in _TABLE:
        return _TABLE[key]
    words = (text or key).casefold().split()
    for a, b in pairwise(words):
        for form in _forms(a):
            if f"{form} {b}" in _TABLE:
                return _TABLE[f"{form} {b}"]
    for w in words:
        for form in _forms(w):
            if form in _TABLE:
                return _TABLE[form]
    return "other"
