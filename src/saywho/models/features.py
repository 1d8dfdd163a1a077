"""Features of one candidate attribution: what the model weighs to accept or reject it.

Binary string features (``name=value``) so that a linear model stays readable:
the weight of ``lemma=say|path=vccomp`` says how much "said + clause" is worth.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..detect import lexicon
from ..detect.candidate import Candidate
from ..detect.marks import QuotationIndex
from .candidates import Tree
from .paths import dep_path, top
from .steps import Steps

SUBJECTS = frozenset(["nsubj", "nsubjpass", "csubj", "csubjpass", "expl"])
PRONOUNS = frozenset(["he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me", "who"])


#: a content's length in words
WORDS = Steps((1, 2, 3, 5, 8, 12, 20, 30, 50), above="more", inclusive=True)
#: a cue lemma's share of occurrences that were cues in train
RATES = Steps((0.02, 0.05, 0.1, 0.2, 0.4, 0.6), names=("<0.02", "<0.05", "<0.1", "<0.2", "<0.4", "<0.6", ">=0.6"))


def _lexicon_class(lemma: str) -> str:
    if lemma in lexicon.SPEECH:
        return "speech"
    if lemma in lexicon.THOUGHT:
        return "thought"
    return "other"


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def complete(doc: Doc, cand: Candidate) -> None:
    """Fill cue_head, content_head and path for candidates the rules made from characters."""
    if cand.cue_head is None and cand.cue:
        tok = token_at(doc, cand.cue[0][0])
        cand.cue_head = tok.i if tok is not None else None
    if cand.content_head is None:
        ids: set[int] = set()
        for s, e in cand.content:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                ids.update(t.i for t in span)
        cand.content_head = top(doc, ids)
    if not cand.path and cand.cue_head is not None and cand.content_head is not None:
        cand.path = dep_path(doc[cand.cue_head], doc[cand.content_head]) or "none"


def cue_preposition(tree: Tree, cue: int, head: int) -> str | None:
    """The preposition of the cue that the content hangs from ("called *for* …", "compared X *to* …")."""
    tok = head
    for _ in range(6):
        up = tree.head[tok]
        if tok == cue or up == tok:
            return None
        if up == cue and tree.dep[tok] in ("prep", "agent", "dative"):
            return tree.lower[tok]
        tok = up
    return None


#: prepositions that introduce what someone spoke *about*, not what they said ("speaking to
#: reporters about the war"): a topic reports nothing, so without quotation marks it is no content
TOPIC_PREPOSITIONS = frozenset(["about", "regarding", "concerning"])


def is_topic(tree: Tree, cand: Candidate) -> bool:
    """Whether ``cand`` is a content without quotation marks that only names a topic of its cue:
    its head is a topic preposition, or the object of one, below the cue."""
    cue, head = cand.cue_head, cand.content_head
    if cand.quoted or cue is None or head is None:
        return False
    if tree.dep[head] == "pobj":
        head = tree.head[head]
    if tree.dep[head] != "prep" or tree.lower[head] not in TOPIC_PREPOSITIONS:
        return False
    return cue in tree.ancestors(head)


def reported(text: str, rules: list[Candidate]) -> bytearray:
    """Which characters the rules read as someone's words: the content of a quote or of a
    speech verb. A cue in there is most often the quoted speaker's verb, not the reporter's."""
    mask = bytearray(len(text) + 1)
    for cand in rules:
        if cand.rule in ("quote", "according") or cand.cue_lemma in lexicon.SPEECH:
            for s, e in cand.content:
                mask[s:e] = b"\x01" * (e - s)
    return mask


def rate_bucket(rate: float | None) -> str:
    """A cue lemma's share of occurrences that were cues in train, in steps (``?``: never seen)."""
    return "?" if rate is None else RATES(rate)


def features(
    tree: Tree,
    text: str,
    cand: Candidate,
    quotes: QuotationIndex,
    headline: bool,
    said: bytearray | None = None,
    rates: dict[str, float] | None = None,
) -> list[str]:
    """The active features of ``cand`` (every one has value 1); ``text`` is the Doc's text and
    ``said`` is :func:`reported`. Reads the parse from ``tree``: spaCy builds a Token object on
    every access, which costs more than the features themselves."""
    cue = cand.cue_head
    head = cand.content_head
    lemma = cand.cue_lemma or "-"
    path = "quote" if cand.direct else cand.path or "none"  # a quotation is bounded by its marks, not its parse
    cls = _lexicon_class(lemma)
    words = sum(len(text[s:e].split()) for s, e in cand.content)
    if cand.direct:
        marks = "direct"
    elif cand.quoted:
        marks = "mixed"
    else:
        marks = "indirect"
    f = [
        "bias",
        f"rule={cand.rule}",
        f"lemma={lemma}",
        f"path={path}",
        f"lemma={lemma}|path={path}",
        f"class={cls}|path={path}",
        f"rule={cand.rule}|marks={marks}",
        f"rule={cand.rule}|lemma={lemma}",
        f"marks={marks}",
        f"marks={marks}|class={cls}",
        f"words={WORDS(words)}",
        f"words={WORDS(words)}|marks={marks}",
        f"pieces={min(len(cand.content), 3)}",
        f"headline={headline}|rule={cand.rule}",
        f"lemma={lemma}|marks={marks}",
        f"rule={cand.rule}|path={path}",
    ]
    if rates is not None:
        rate = rate_bucket(rates.get(lemma))
        f += [f"cue_rate={rate}", f"cue_rate={rate}|marks={marks}", f"cue_rate={rate}|class={cls}"]
    if cue is not None:
        tag, dep, at = tree.tag[cue], tree.dep[cue], tree.start[cue]
        quoted = quotes.inside(at)
        f += [
            f"cue_tag={tag}",
            f"cue_tag={tag}|path={path}",
            f"cue_dep={dep}",
            f"cue_dep={dep}|class={cls}",
            f"cue_dep={dep}|lemma={lemma}",
            f"cue_quoted={quoted}",
            f"cue_quoted={quoted}|marks={marks}",
        ]
        up = tree.head[cue]
        if up != cue:
            # what the cue hangs from: a participle under a verb of saying ("Speaking to X about Y,
            # he said …") sets the scene for that verb's attribution; a noun in "during the
            # presentation" names an occasion
            above = tree.lower[up] if dep == "pobj" else _lexicon_class(tree.lemma[up])
            f += [f"cue_up={dep}|{above}", f"cue_up={dep}|{above}|marks={marks}"]
        kids = {tree.dep[k] for k in tree.kids[cue]}
        if "neg" in kids:
            f.append("cue_neg")
        if "auxpass" in kids or "nsubjpass" in kids:
            f.append(f"cue_passive|path={path}")
        f.append(f"after_cue={cand.start > at}|class={cls}")
        if said is not None:
            nested = bool(said[cand.cue[0][0]]) if cand.cue else False
            f += [f"cue_in_said={nested}", f"cue_in_said={nested}|rule={cand.rule}"]
    else:
        f.append("no_cue")
    if head is not None:
        first = (text[cand.start : min(cand.end, cand.start + 40)].split() or [""])[0].lower()
        pos = tree.pos[head]
        f += [
            f"head_pos={pos}",
            f"head_pos={pos}|path={path}",
            f"head_tag={tree.tag[head]}|class={cls}",
            f"first={first[:12]}",
            f"first={first[:12]}|class={cls}",
            f"head_ent={tree.ent[head] or '-'}",
            f"head_lemma={tree.lemma[head]}|class={cls}",
            f"head_lemma={tree.lemma[head]}|lemma={lemma}",
        ]
        head_deps = {tree.dep[k] for k in tree.kids[head]}
        subj = (
            "subj"
            if head_deps & SUBJECTS
            else "to"
            if "aux" in head_deps and any(tree.lower[k] == "to" for k in tree.kids[head])
            else "none"
        )
        if pos in ("VERB", "AUX"):
            f += [f"head_subj={subj}|path={path}", f"head_subj={subj}|class={cls}", f"head_subj={subj}|marks={marks}"]
        if cue is not None and (prep := cue_preposition(tree, cue, head)) is not None:
            f += [f"lemma={lemma}|prep={prep}", f"class={cls}|prep={prep}"]
    if cand.source_head is not None:
        src = cand.source_head
        kind = "pron" if tree.lower[src] in PRONOUNS else (tree.ent[src] or tree.pos[src])
        f += [f"src={kind}", f"src={kind}|class={cls}", f"src={kind}|lemma={lemma}"]
        if cue is not None:
            f.append(f"src_path={tree.path(cue, src) or 'none'}")
    else:
        f += ["src=none", f"src=none|class={cls}", f"src=none|marks={marks}"]
    f.extend(cand.variant)
    return f
