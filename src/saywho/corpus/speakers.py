"""Canonical speakers across articles: one corpus entity per person or organisation.

Pure functions over a list of candidate canonical speakers, so that every store
backend shares the same rules. A backend

1. computes :func:`lookup_keys` for an article's speaker,
2. loads the canonical speakers recorded under any of those keys (the candidates),
3. calls :func:`match_speaker`; on a match :func:`merge`, otherwise :func:`new_canonical`,
4. records :func:`canonical_keys` of the result so later speakers find it.

The rules, in order:

* the same normalised full name (case, diacritics, ``’s``, punctuation, honorifics)
  is the same speaker;
* people: a transliteration variant ("Sergey Lavrov" / "Sergei Lavrov") is the same
  person when the surnames agree and the given names are within edit distance 2 and
  share their first letter; a surname alone ("Lavrov") joins the one person with
  that surname, or, when there are several, the one whose roles share a
  non-generic word with it; two different given names ("Bill" / "Hillary Clinton")
  never merge;
  a surname alone that several people share, with no role to tell them apart, joins
  the dominant holder (quoted in at least twice as many articles as the next: "Trump"
  is Donald Trump, not Melania) unless its roles say otherwise;
* organisations: the same normalised name (a leading "the" dropped), or an acronym
  and its expansion ("UN" / "United Nations");
* unnamed sources ("a campaign aide") match nothing: they belong to their article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..text import name_words, slug
from ..types import Speaker

__all__ = [
    "Canonical",
    "acronym",
    "canonical_keys",
    "edit_distance",
    "is_description",
    "lookup_keys",
    "match_speaker",
    "merge",
    "new_canonical",
    "normalize",
    "resolve",
    "role_words",
    "surname",
    "unique_id",
]


@dataclass
class Canonical:
    """A speaker across the corpus: every name, alias and role seen for it."""

    id: str
    name: str
    type: str = "person"
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    #: the names (not descriptions) of the article speakers merged into it
    names: list[str] = field(default_factory=list)
    #: how many stored articles link to it (filled by the store when loading candidates):
    #: a surname alone joins the dominant holder of that surname
    articles: int = 0


# -- normalisation --------------------------------------------------------------------------

_HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "rev", "reverend", "sen", "senator", "rep", "gov", "gen", "col", "capt", "sheikh", "mme",
    "herr", "frau",
    # titles before a name ("President Putin", "Prime Minister Netanyahu", "King Charles")
    "president", "vice", "prime", "minister", "secretary", "chancellor", "premier", "king", "queen",
    "prince", "princess", "pope", "emir", "ambassador", "governor", "mayor", "general", "foreign",
    "defence", "defense", "finance", "interior", "state",
}  # fmt: skip
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md"}
#: lower-case name particles that belong to the surname ("al-Assad", "von der Leyen")
_PARTICLES = {
    "al", "el", "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le",
    "bin", "ben", "ibn", "abu", "dos", "das", "ter", "ten", "st",
}  # fmt: skip
_ORG_STOP = {"the", "of", "for", "and", "on", "in", "at", "to", "de", "des", "du", "la", "le", "a", "an"}
#: role words that say nothing about which person is meant
GENERIC_ROLE_WORDS = {
    "the", "a", "an", "of", "to", "for", "and", "in", "on", "at", "by", "with", "from", "s",
    "former", "ex", "then", "current", "acting", "deputy", "vice", "senior", "junior", "chief",
    "head", "official", "officials", "spokesperson", "spokesman", "spokeswoman", "representative",
    "member", "source", "sources", "leader", "director", "manager", "aide", "adviser", "advisor",
    "assistant", "staff", "new", "top", "who", "his", "her", "their", "its", "said", "told",
}  # fmt: skip
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "its", "their"}
#: first words of a description rather than a name ("a source", "the official", "two diplomats")
_DESCRIPTION_START = _PRONOUNS | {
    "a", "an", "the", "some", "several", "many", "most", "few", "other", "another", "this", "that",
    "these", "those", "our", "my", "your", "one", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten", "senior", "top", "unnamed", "anonymous", "both", "all", "each",
}  # fmt: skip
#: head nouns of descriptions ("Western diplomats", "Pentagon officials", "President")
_ROLE_NOUNS = {
    "official", "officials", "source", "sources", "spokesman", "spokeswoman", "spokesperson",
    "minister", "president", "secretary", "expert", "experts", "analyst", "analysts", "diplomat",
    "diplomats", "aide", "aides", "adviser", "advisers", "advisor", "advisors", "ambassador",
    "envoy", "governor", "mayor", "leader", "leaders", "officer", "officers", "lawmaker",
    "lawmakers", "senator", "director", "chairman", "chairwoman", "prosecutor", "prosecutors",
    "police", "witness", "witnesses", "resident", "residents", "researcher", "researchers",
    "scientist", "scientists", "economist", "economists", "critic", "critics", "supporter",
    "supporters", "activist", "activists", "people", "observers", "insiders", "militants",
    "rebels", "commander", "commanders", "spokespeople", "representatives", "representative",
}  # fmt: skip


def normalize(name: str, type: str = "person") -> str:
    """The comparable form of a name: folded case and diacritics, no possessive or punctuation.

    People lose honorifics and suffixes ("Mr", "Jr"); organisations a leading "the".
    """
    toks = name_words(name)
    if type == "organization":
        while toks and toks[0] == "the":
            toks = toks[1:]
    else:
        while len(toks) > 1 and toks[0] in _HONORIFICS:
            toks = toks[1:]
        while len(toks) > 1 and toks[-1] in _SUFFIXES:
            toks = toks[:-1]
    return " ".join(toks)


def _translit(token: str) -> str:
    """A transliteration-insensitive spelling: Sergey/Sergei, Aleksandr/Alexander, Zelenskyy."""
    t = token.replace("ks", "x").replace("kh", "h").replace("ph", "f").replace("ck", "k")
    t = t.replace("j", "y").replace("w", "v").replace("y", "i")
    t = re.sub(r"(.)\1+", r"\1", t)  # doubled letters
    return t


def _person_parts(name: str) -> tuple[list[str], str]:
    """(given names, surname) of a person's normalised name; given is empty for a surname alone."""
    toks = normalize(name, "person").split()
    if not toks:
        return [], ""
    sur = toks[-1]
    rest = toks[:-1]
    # particles directly before the surname belong to it ("al Assad", "von der Leyen")
    while rest and rest[-1] in _PARTICLES:
        rest = rest[:-1]
    return rest, sur


def _family_first(name: str) -> bool:
    """A name written family name first, as Korean names are ("Ban Ki-moon", "Moon Jae-in")."""
    raw = (name or "").split()
    return len(raw) == 2 and "-" in raw[1] and raw[1][:1].isupper() and raw[1].split("-")[1][:1].islower()


def surname(name: str) -> str:
    """The transliteration-folded surname of a person's name ("" when there is none)."""
    return _translit(_person_parts(name)[1])


def is_description(name: str) -> bool:
    """Is ``name`` a description ("a source", "the official", "experts") rather than a name?

    Descriptions only ever match the same description; the surname, transliteration and
    initial rules are for names.
    """
    raw = [t for t in re.split(r"\s+", (name or "").strip()) if t]
    toks = name_words(name)
    if not raw or not toks:
        return True
    if toks[0] in _DESCRIPTION_START or toks[-1] in _ROLE_NOUNS:
        return True
    # names are capitalised ("al-Assad", "von der Leyen"): "experts", "diplomats" are not
    return not any(ch.isupper() for ch in name)


def _is_full(name: str) -> bool:
    return bool(_person_parts(name)[0])


def _fullness(name: str) -> int:
    """0: a surname alone; 1: initials and surname; 2: a given name and surname."""
    given = _person_parts(name)[0]
    if not given:
        return 0
    return 2 if any(len(g) > 1 for g in given) else 1


def _looks_like_acronym(name: str) -> bool:
    raw = re.sub(r"^(?i:the)\s+", "", (name or "").strip())
    raw = re.sub(r"[.\s&]", "", raw)
    if not (2 <= len(raw) <= 8) or not raw.isalpha():
        return False
    upper = sum(c.isupper() for c in raw)
    return upper >= 2 and upper >= len(raw) - 1


def acronym(name: str) -> str:
    """The lower-case acronym of a multi-word name ("United Nations" → "un"); "" if none."""
    toks = normalize(name, "organization").split()
    words = [t for t in toks if t not in _ORG_STOP]
    if len(words) < 2:
        return ""
    return "".join(w[0] for w in words)


def _org_forms(name: str) -> set[str]:
    """The comparable forms of an organisation name: normalised, and acronym if it is one."""
    n = normalize(name, "organization")
    out = {n} if n else set()
    if _looks_like_acronym(name):
        out.add(n.replace(" ", ""))
    return out


def role_words(roles: Iterable[str]) -> set[str]:
    """Words of roles that can tell two people apart (not "the", "official", "former"…)."""
    out: set[str] = set()
    for r in roles:
        for t in name_words(r):
            if t in GENERIC_ROLE_WORDS or len(t) < 2 or t.isdigit():
                continue
            out.add(t[:-1] if len(t) > 4 and t.endswith("s") and not t.endswith("ss") else t)
    return out


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance (stops early past ``limit`` when given)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


# -- lookup keys ----------------------------------------------------------------------------


def _name_keys(name: str, type: str) -> set[str]:
    keys: set[str] = set()
    if type == "organization":
        for f in _org_forms(name):
            keys.add("n:" + f)
            if " " not in f:
                keys.add("a:" + f)
        acr = acronym(name)
        if acr:
            keys.add("a:" + acr)
        words = normalize(name, "organization").split()
        if words:
            keys.add("l:" + words[-1])  # "the Post" finds "New York Post"
    else:
        n = normalize(name, "person")
        if n:
            keys.add("n:" + n)
        s = surname(name)
        if s and type == "person" and not is_description(name):
            keys.add("s:" + s)
            toks = n.split()
            if len(toks) == 1:
                keys.add("g:" + toks[0])
            elif _family_first(name):
                keys.add("g:" + toks[0])  # "Ban Ki-moon" is found by "Ban"
    return keys


def lookup_keys(speaker: Speaker) -> set[str]:
    """The keys under which candidates for ``speaker`` are recorded in a store (none for an
    unnamed source: it belongs to its article only)."""
    if speaker.type == "unnamed":
        return set()
    keys = _name_keys(speaker.name, speaker.type)
    if speaker.type == "organization":
        for a in speaker.aliases:
            if _looks_like_acronym(a) or acronym(a):
                keys |= {k for k in _name_keys(a, "organization") if k.startswith("a:")}
    return keys


def canonical_keys(c: Canonical) -> set[str]:
    """The keys under which ``c`` is recorded: those of every name merged into it."""
    keys: set[str] = set()
    if c.type == "unnamed":
        return keys
    for n in {c.name, *c.names}:
        keys |= _name_keys(n, c.type)
    if c.type == "organization":
        for a in c.aliases:
            if _looks_like_acronym(a) or acronym(a):
                keys |= {k for k in _name_keys(a, "organization") if k.startswith("a:")}
    return keys


# -- matching -------------------------------------------------------------------------------


def _all_names(c: Canonical) -> list[str]:
    seen: list[str] = []
    for n in [c.name, *c.names]:
        if n and n not in seen:
            seen.append(n)
    return seen


def _role_overlap(roles: Sequence[str], c: Canonical) -> int:
    return len(role_words(roles) & role_words(c.roles))


def _unique_best(scored: list[tuple[int, Canonical]]) -> Canonical | None:
    """The candidate with the highest positive score, if no other has it too."""
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    best = max(s for s, _ in scored)
    top = [c for s, c in scored if s == best]
    return top[0] if len(top) == 1 else None


def _dominant(cands: Sequence[Canonical]) -> Canonical | None:
    """The holder of a surname the corpus quotes most, when it is quoted in at least twice
    as many articles as the next ("Trump" is Donald Trump, not Ivanka or Melania)."""
    ranked = sorted(cands, key=lambda c: -c.articles)
    if not ranked or ranked[0].articles < 2:
        return None
    if len(ranked) > 1 and ranked[0].articles < 2 * ranked[1].articles:
        return None
    return ranked[0]


def _given_match(a: list[str], b: list[str]) -> int | None:
    """How far two lists of given names are apart (0 = same), or None if different people."""
    fa, fb = _translit(a[0]), _translit(b[0])
    if fa[0] != fb[0]:
        return None
    if fa != fb and (any(c.isdigit() for c in fa) or any(c.isdigit() for c in fb)):
        return None
    if len(a[0]) == 1 or len(b[0]) == 1:  # an initial: "J. Kerry"
        d = 2
    else:
        # within edit distance 2 after transliteration folding, less for short names:
        # "Mohammed"/"Muhammad" are one person, "Anna"/"Anne" and "Jon"/"Joe" need not be
        shorter = min(len(fa), len(fb))
        allowed = 0 if shorter <= 3 else 1 if shorter <= 5 else 2
        d = edit_distance(fa, fb, limit=allowed)
        if d > allowed:
            return None
    # middle names must not disagree ("George H. W. Bush" vs "George W. Bush")
    ma, mb = a[1:], b[1:]
    if ma and mb:
        x, y = _translit(ma[0]), _translit(mb[0])
        if x[0] != y[0]:
            return None
        if len(x) > 1 and len(y) > 1 and edit_distance(x, y, limit=2) > 2:
            return None
    return d


def _match_exact(sp: Speaker, cands: Sequence[Canonical], orgs: bool = False) -> Canonical | None:
    n = normalize(sp.name, "person")
    for c in cands:
        if (orgs or c.type != "organization") and any(normalize(x, c.type) == n for x in _all_names(c)):
            return c
    return None


def _match_person(sp: Speaker, cands: Sequence[Canonical]) -> Canonical | None:
    if is_description(sp.name):
        return _match_exact(sp, cands)
    given, _ = _person_parts(sp.name)
    sur = surname(sp.name)
    if not sur:
        return None
    people = [c for c in cands if c.type in ("person", "unknown") and not is_description(c.name)]
    same_sur = [c for c in people if any(surname(n) == sur for n in _all_names(c))]
    full = [c for c in same_sur if any(_is_full(n) for n in _all_names(c))]
    bare = [c for c in same_sur if c not in full]

    if given:
        # the same full name, then a transliteration variant of it
        scored: list[tuple[int, Canonical]] = []
        for c in full:
            dists = []
            for n in _all_names(c):
                g, s = _person_parts(n)
                if g and _translit(s) == sur:
                    d = _given_match(given, g)
                    if d is not None:
                        dists.append(d)
            if dists:
                scored.append((min(dists), c))
        if scored:
            best = min(d for d, _ in scored)
            top = [c for d, c in scored if d == best]
            if len(top) == 1:
                return top[0]
            return _unique_best([(_role_overlap(sp.roles, c), c) for c in top])
        if _family_first(sp.name):
            fam = normalize(sp.name, "person").split()[0]
            alone = [c for c in people if all(normalize(n, "person") == fam for n in _all_names(c))]
            if len(alone) == 1 and not full:
                return alone[0]  # "Ban Ki-moon" after an article that said only "Ban"
        # a surname-only canonical ("Lavrov") takes the full name if no one else has that surname
        if bare:
            if len(bare) == 1 and not full:
                return bare[0]
            return _unique_best([(_role_overlap(sp.roles, c), c) for c in bare])
        return None

    # a surname alone
    if len(full) == 1:
        return full[0]
    if len(full) > 1:
        chosen = _unique_best([(_role_overlap(sp.roles, c), c) for c in full])
        if chosen is not None:
            return chosen
        chosen = _dominant(full)
        if chosen is not None and not (
            role_words(sp.roles) and role_words(chosen.roles) and not _role_overlap(sp.roles, chosen)
        ):
            return chosen
    if bare:
        if len(bare) == 1:
            return bare[0]
        return _unique_best([(_role_overlap(sp.roles, c), c) for c in bare]) or bare[0]
    # "Ban" of "Ban Ki-moon": the family name of a name written family name first
    one = normalize(sp.name, "person")
    first = [
        c for c in people if any(_family_first(n) and normalize(n, "person").split()[0] == one for n in _all_names(c))
    ]
    return first[0] if len(first) == 1 else None


def _match_org(sp: Speaker, cands: Sequence[Canonical]) -> Canonical | None:
    orgs = [c for c in cands if c.type in ("organization", "unknown")]
    forms = _org_forms(sp.name)
    acr = acronym(sp.name)
    exact: list[Canonical] = []
    expand: list[Canonical] = []
    for c in orgs:
        names = _all_names(c)
        cforms = set().union(*(_org_forms(n) for n in names))
        if forms & cforms:
            exact.append(c)
            continue
        # acronym <-> expansion, in either direction
        c_acrs = {acronym(n) for n in names} - {""}
        c_short = {f.replace(" ", "") for n in names if _looks_like_acronym(n) for f in _org_forms(n)}
        mine_short = {f.replace(" ", "") for f in forms} if _looks_like_acronym(sp.name) else set()
        if (mine_short & c_acrs) or (acr and acr in c_short):
            expand.append(c)
    if exact:
        return exact[0]
    if len(expand) == 1:
        return expand[0]
    # "the Post": the one organisation (or the dominant one) whose name ends with the word
    words = normalize(sp.name, "organization").split()
    if len(words) == 1:
        ending = [
            c
            for c in orgs
            if any(len(n.split()) > 1 and normalize(n, "organization").split()[-1] == words[0] for n in _all_names(c))
        ]
        if len(ending) == 1:
            return ending[0]
        chosen = _dominant(ending)
        if chosen is not None:
            return chosen
    # "PolitiFact" after an article whose NER model took "Politifact" for a person
    n = normalize(sp.name, "organization")
    for c in cands:
        if c.type == "person" and all(len(x.split()) == 1 and normalize(x, "organization") == n for x in _all_names(c)):
            return c
    return None


def match_speaker(speaker: Speaker, candidates: Sequence[Canonical]) -> Canonical | None:
    """The canonical speaker ``speaker`` is, among ``candidates``; None for a new one."""
    if speaker.type == "unnamed" or not normalize(speaker.name, speaker.type):
        return None
    if speaker.type == "organization":
        return _match_org(speaker, candidates)
    if speaker.type == "unknown":
        found = _match_exact(speaker, candidates, orgs=True)
        if found is not None or is_description(speaker.name):
            return found
        return _match_person(speaker, candidates)
    found = _match_person(speaker, candidates)
    if found is None and len(normalize(speaker.name).split()) == 1:
        # "Politifact" that the NER model took for a person is the organisation "PolitiFact"
        n = normalize(speaker.name, "organization")
        found = next(
            (
                c
                for c in candidates
                if c.type == "organization" and any(normalize(x, "organization") == n for x in _all_names(c))
            ),
            None,
        )
    return found


# -- building -------------------------------------------------------------------------------


def _add_unique(items: list[str], new: Iterable[str]) -> list[str]:
    out = list(items)
    seen = {x.casefold() for x in out}
    for x in new:
        x = (x or "").strip()
        if x and x.casefold() not in seen:
            seen.add(x.casefold())
            out.append(x)
    return out


def new_canonical(speaker: Speaker, id: str) -> Canonical:
    """A canonical speaker made from one article speaker."""
    return Canonical(
        id=id,
        name=speaker.name,
        type=speaker.type,
        aliases=_add_unique([], [speaker.name, *speaker.aliases]),
        roles=_add_unique([], speaker.roles),
        names=[speaker.name],
    )


def merge(c: Canonical, speaker: Speaker) -> Canonical:
    """``c`` with the names, aliases and roles of ``speaker`` added (a new object)."""
    name = c.name
    # a full name replaces a surname alone ("Lavrov") or initials ("S. Lavrov")
    if (
        c.type != "organization"
        and speaker.type != "organization"
        and not is_description(c.name)
        and _fullness(speaker.name) > _fullness(c.name)
    ):
        name = speaker.name
    type_ = c.type if c.type != "unknown" else speaker.type
    if speaker.type == "organization" and c.type == "person":
        type_ = "organization"  # a one-word "person" that was an organisation all along
    return Canonical(
        id=c.id,
        name=name,
        type=type_,
        aliases=_add_unique(c.aliases, [speaker.name, *speaker.aliases]),
        roles=_add_unique(c.roles, speaker.roles),
        names=_add_unique(c.names, [speaker.name]),
        articles=c.articles,
    )


def unique_id(name: str, taken: Callable[[str], bool]) -> str:
    """A new canonical id from ``name``: its slug, suffixed ``-2``, ``-3``… while ``taken``."""
    base = slug(name)
    cand, n = base, 1
    while taken(cand):
        n += 1
        cand = f"{base}-{n}"
    return cand


def resolve(speaker: Speaker, candidates: Sequence[Canonical], taken: Callable[[str], bool]) -> tuple[Canonical, bool]:
    """(the canonical speaker after adding ``speaker``, whether it is new)."""
    found = match_speaker(speaker, candidates)
    if found is not None:
        return merge(found, speaker), False
    return new_canonical(speaker, unique_id(speaker.name, taken)), True


def resolution_order(speakers: Sequence[Speaker]) -> list[Speaker]:
    """Full names before surnames alone, so "Lavrov" in an article joins its "Sergey Lavrov"."""
    return sorted(speakers, key=lambda s: (s.type == "person" and not _is_full(s.name),))
