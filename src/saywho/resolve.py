"""Speaker resolution inside one article.

Turns each candidate's source span into a speaker entity, reading the article in order:

* names, with titles and appositions giving roles; a person is keyed by given name and
  surname, so Bill and Hillary Clinton stay two people, and a surname alone ("Clinton",
  "Mrs. Clinton") goes to the person the article means at that point (the only one with
  that surname, else the one whose honorific agrees, else the one named last);
* pronouns ("he", "she", "they") to the nearest antecedent that agrees in gender and
  number (gender from honorifics, gendered nouns, pronouns already linked to the
  person, and the first-name table of :mod:`saywho.gender`); relative pronouns ("…,
  who said") through the head of their relative clause;
* descriptions: "The Russian Foreign Minister" to the person holding that role, "the
  Clinton campaign" to an organisation "Hillary Clinton campaign", "the campaign" to the
  campaign the article named; anything else ("a campaign aide", "experts", "the
  report") is an **unnamed** source of this article, with the organisation it belongs
  to when the words say so.

A speaker name is always a name: pronouns, common nouns and headline title-case runs
never become one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from . import gender as genders
from .detect.candidate import Candidate
from .gender import Gender
from .text import doc_text, unmark

PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
FIRST_PERSON = frozenset(["i", "me", "we", "us", "you"])
GROUP_PRONOUNS = frozenset(["they", "them"])
THING_PRONOUNS = frozenset(["it"])
RELATIVE_PRONOUNS = frozenset(["who", "whom", "which", "that"])
DETERMINERS = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your", "another"]
)
# fmt: off
PERSON_NOUNS = frozenset(
    """
    official spokesman spokeswoman spokesperson minister president secretary source aide adviser
    advisor analyst expert lawmaker senator congressman congresswoman representative candidate
    nominee chairman chairwoman chair director diplomat envoy ambassador governor mayor leader
    officer manager strategist pollster economist professor researcher critic supporter voter
    resident witness lawyer attorney prosecutor judge general commander chief executive ceo
    founder author writer reporter journalist columnist host anchor activist organizer
    organiser surrogate staffer operative member head boss businessman businesswoman woman man person
    father mother wife husband son daughter friend doctor scientist politician republican
    democrat speaker premier chancellor king queen prince pope cleric pastor rabbi imam lady
    judge justice billionaire mogul star actress actor singer rapper lawmaker specialist
    investigator inspector
    """.split()
)
# fmt: on
#: what someone issues: "a Quinnipiac University poll" speaks for Quinnipiac University
# fmt: off
DOCUMENT_NOUNS = frozenset(
    """
    poll survey study report analysis average data statement release announcement letter memo
    email tweet post brief filing complaint lawsuit ruling website ad advertisement book
    submission document documents records testimony transcript video interview remarks comments
    research findings article paper review audit investigation tally database estimate projection
    """.split()
)
# fmt: on
#: person nouns that name an office: "the spokesman" may fall back to the person named last
# fmt: off
OFFICE_NOUNS = frozenset(
    """
    official spokesman spokeswoman spokesperson minister president secretary lawmaker senator
    congressman congresswoman representative candidate nominee chairman chairwoman chair director
    diplomat envoy ambassador governor mayor leader officer premier chancellor king queen prince
    pope general commander chief executive ceo speaker judge justice
    """.split()
)
# fmt: on
#: modifiers that tell two holders of one office apart ("the Democratic nominee")
# fmt: off
PARTY_WORDS = frozenset("republican democratic gop dem democrat conservative liberal labour tory libertarian green independent".split())
# fmt: on
#: nouns that introduce an organisation's name: "the journal Science"
# fmt: off
KIND_NOUNS = frozenset("journal newspaper magazine network channel website broadcaster publisher agency firm company".split())
# fmt: on
#: "the state", "the city": the place named last stands for its government
PLACE_NOUNS = frozenset(["state", "city", "country", "nation", "county", "town", "province", "region"])
#: more words that make a phrase before a name a role ("Republican", "spokesperson")
# fmt: off
ROLE_WORDS = frozenset(
    """
    republican democrat democratic gop vice deputy former counterpart correspondent editor
    rival opponent challenger incumbent nominee mate running economist commissioner justice
    """.split()
)
# fmt: on
#: words of a description that a role need not repeat ("a former chairman" ~ "chairman")
GENERIC_ROLE_MODIFIERS = frozenset(["a", "an", "the", "former", "then", "current", "longtime", "top", "senior", "new"])
#: person nouns too general to stand for someone named before ("the source", "the expert")
# fmt: off
GENERIC_PERSON_NOUNS = frozenset(
    """
    source person expert analyst critic supporter voter resident witness member friend activist
    researcher scientist economist professor doctor lawyer attorney reporter journalist writer
    author columnist organizer organiser staffer operative aide adviser advisor strategist pollster
    """.split()
)
# fmt: on
# fmt: off
ORG_NOUNS = frozenset(
    """
    ministry department agency committee commission council government campaign administration
    inquiry investigation court office police army military party company group organization
    organisation union association team newspaper outlet network poll survey report study
    statement bureau service board authority embassy kremlin parliament congress senate house
    coalition alliance federation institute foundation university school firm bank corporation
    channel magazine website paper station prosecutors investigators officials
    """.split()
)
# fmt: on
SPEECH_NOUNS = frozenset(
    ["statement", "report", "release", "announcement", "comments", "remarks", "letter", "post", "tweet", "interview"]
)
NAME_ENTS = ("PERSON",)
#: capitalised words that make a name an organisation's ("State Department", "Fox News")
# fmt: off
ORG_WORDS = frozenset(
    """
    department ministry party committee council news post times journal network group inc corp
    university institute foundation association campaign administration house senate congress
    court agency office bureau service fund bank company commission union center centre board
    press media channel tv radio magazine club army police nations forces front movement
    """.split()
)
# fmt: on
# fmt: off
TITLES = frozenset("mr mrs ms dr sen rep gov gen lt col sgt prof rev mayor president senator minister secretary".split())
# fmt: on
ORG_ENTS = ("ORG", "GPE", "FAC")
SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
PARTICLES = frozenset(
    ["de", "del", "della", "di", "da", "du", "van", "von", "der", "den", "al", "el", "la", "le", "bin", "ibn", "st"]
)
HISTORY = 200  # resolved sources a description may look back over
MENTION_WINDOW = 1500  # characters: how far back a pronoun or "the official" may look for a name
POSSESSIVE = re.compile(r"(’s|'s|’|')$")


def clean_name(text: str) -> str:
    """A name as shown: without leading determiners, possessive endings and Markdown."""
    words = _unmark(text).strip(".").split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return POSSESSIVE.sub("", " ".join(words)).strip()


def split_title(name: str) -> tuple[str | None, str]:
    """ "Mayor Ana Ortiz" → ("Mayor", "Ana Ortiz"): titles the NER model folds into a name."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and (words[i].lower().rstrip(".") in TITLES | PERSON_NOUNS | genders.HONORIFICS.keys()):
        i += 1
    return (" ".join(words[:i]) or None), " ".join(words[i:])


def _unmark(text: str) -> str:
    """Text without Markdown syntax or the punctuation at its edges: "the [statement](#)," → "the statement"."""
    return unmark(text).strip(" ,;:")


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def name_parts(name: str) -> tuple[str | None, str]:
    """(given name, surname) in lower case: "Donald J. Trump Jr." → ("donald", "trump")."""
    words = [w.strip(".,").lower() for w in name.split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    if not words:
        return None, ""
    if len(words) == 2 and words[0] in PARTICLES:
        return None, words[-1]  # "De Blasio": a surname with its particle
    return (words[0] if len(words) > 1 else None), words[-1]


@dataclass
class Entity:
    """A speaker being built up while the article is read."""

    key: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    last_seen: int = -1
    gender: Gender | None = None
    plural: bool = False
    org: str | None = None

    def add_alias(self, alias: str) -> None:
        alias = alias.strip()
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def add_role(self, role: str) -> None:
        """Keep the fullest form: "Russian Foreign Minister" absorbs "Minister"."""
        role = clean_name(role)
        if not role or role.lower() == self.name.lower():
            return
        low = role.lower()
        if any(low in r.lower() for r in self.roles):
            return
        self.roles = [r for r in self.roles if r.lower() not in low] + [role]


@dataclass
class Person:
    """Everything the article says about one named person, before any source is read."""

    key: str
    forms: Counter[str] = field(default_factory=Counter)
    roles: list[str] = field(default_factory=list)
    votes: Counter[str] = field(default_factory=Counter)  # gender evidence, weighted

    @property
    def name(self) -> str:
        # the usual full form: a given name and surname ("Aung San Suu Kyi" over "Suu Kyi"),
        # the most frequent ("Hillary Clinton" over a one-off "Crooked Hillary Clinton")
        return max(
            self.forms,
            key=lambda n: (
                len(n.split()) > 1,
                bool(genders.first_name(n.split()[0])),
                self.forms[n],
                -abs(len(n.split()) - 2),
                len(n),
            ),
        )

    @property
    def gender(self) -> Gender | None:
        if not self.votes:
            return None
        (g, n), *rest = [*self.votes.most_common(2), ("", 0)]
        return g if n > rest[0][1] else None  # type: ignore[return-value]  # votes are keyed by Gender values only


@dataclass
class Mention:
    """A person named in the text, as an antecedent for pronouns and descriptions."""

    start: int
    end: int
    key: str
    subject: bool
    tok: int = -1  # token index of the name's root


def _names_head(ent: Span, head: Token) -> bool:
    """Whether a name denotes the phrase's head ("Sergey Lavrov", "Power, the envoy"), not
    something attached to it ("a source close to Lavrov", "the Clinton campaign")."""
    if ent.start <= head.i < ent.end:
        return True
    r = ent.root
    if r.head == head and r.dep_ == "appos":
        return True
    if r.head == head and r.dep_ == "compound":
        return head.pos_ == "PROPN"
    return head.head == r and head.dep_ == "appos"


_ROLE_SYNONYMS = {
    "gop": "republican", "dem": "democratic", "democrat": "democratic", "u.s.": "us", "u.s": "us",
    "justice": "judge", "sen.": "senator", "sen": "senator", "gov.": "governor", "gov": "governor",
    "rep.": "representative", "rep": "representative",
}  # fmt: skip


def role_set(text: str) -> set[str]:
    """The words of a role or description, compared loosely ("GOP nominee" ~ "Republican nominee")."""
    out = set()
    words = clean_name(text).replace("’s", "").replace("'s", "").split()
    for w in words:
        w = w.strip(",.").lower()
        out.add(_ROLE_SYNONYMS.get(w, w))
    run: list[str] = []
    for w in [*words, ""]:  # initialisms of capitalised runs: "Democratic National Committee" → "dnc"
        if w[:1].isupper() and w.lower() not in ("of", "the"):
            run.append(w)
        else:
            if len(run) >= 2:
                out.add("".join(x[0] for x in run).lower())
            run = []
    return out - {""}


def _norm_roles(words: set[str]) -> set[str]:
    return {
        _ROLE_SYNONYMS.get(w.replace("’s", "").replace("'s", ""), w.replace("’s", "").replace("'s", "")) for w in words
    }


def _extends_name(tok: Token) -> bool:
    """A capitalised word before a name that the NER model left out of it ("Amelize" of
    "Amelize Joseph"), not a title, an organisation word or part of another entity."""
    return (
        tok.pos_ == "PROPN"
        and tok.is_title
        and not _is_role_word(tok)
        and tok.lower_ not in ORG_WORDS
        and tok.ent_type_ in ("", "PERSON")
        and not (tok.i > 0 and tok.nbor(-1).lower_ in ("of", "the"))
    )


def _is_role_word(tok: Token) -> bool:
    """A word that makes a phrase a role: "senator", "Minister", "envoy", "Republican"."""
    low = tok.lemma_.lower().rstrip(".")
    return low in PERSON_NOUNS or low in TITLES or tok.lower_.rstrip(".") in TITLES or low in ROLE_WORDS


def _in(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


class Resolver:
    """Links source spans to entities, reading the article in order.

    ``quoted``: character ranges inside quotation marks; names there are what someone
    said, not who is speaking, so they are no antecedent for "he said".
    ``headlines``: character ranges of headline lines.
    """

    def __init__(
        self, doc: Doc, quoted: list[tuple[int, int]] | None = None, headlines: list[tuple[int, int]] | None = None
    ) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.quoted = sorted(quoted or [])
        self.headlines = headlines or []
        self.ents = list(doc.ents)  # Doc.ents and Span.ents rebuild the list on every call
        self.ent_starts = [e.start for e in self.ents]
        self._labels: dict[str, Counter[str]] = {}
        for e in self.ents:
            self._labels.setdefault(e.text.lower(), Counter())[e.label_] += 1
            if e.label_ == "ORG" and len(e) > 1 and e[0].pos_ == "PROPN":
                # "Patriot" once tagged PERSON in an article about "Patriot Coal"
                self._labels.setdefault(e[0].text.lower(), Counter())["ORG"] += 1
        self.entities: dict[str, Entity] = {}
        self.history: list[tuple[int, Entity]] = []  # (offset, entity) of each resolved source
        self.last_at: dict[str, int] = {}
        self.people: dict[str, Person] = {}
        self.by_surname: dict[str, list[str]] = {}
        self.mentions: list[Mention] = []
        self.mention_ends: list[int] = []
        self.sent_starts = [sent.start_char for sent in doc.sents]
        self._folded: dict[str, str] = {}  # a name with a given name that is no name → its person
        self._by_first: dict[str, list[str]] = {}  # first word of a full name → its people
        self._read_people()
        self.mention_ends = [m.end for m in self.mentions]
        self.sent_starts = [sent.start_char for sent in doc.sents]
        self.org_mentions = [
            (e.start_char, self._full_org(e))
            for e in self.ents
            if e.label_ == "ORG"
            and clean_name(e.text)
            and not _in(self.quoted, e.start_char)
            and not self.is_person(e)
            and e[-1].lower_ not in ("act", "law", "bill", "amendment", "plan", "program", "agreement")
        ]
        self.org_mentions += self._named_by_kind()
        self.org_mentions.sort()
        self.org_starts = [at for at, _ in self.org_mentions]
        self._skip: list[tuple[int, int]] = []
        self._depth = 0

    # -- names known from the whole article -------------------------------------------------
    def _looks_like_person(self, ent: Span) -> bool:
        """A name the small NER model mislabels: "Samantha Power" as ORG next to "envoy"."""
        if ent.label_ in NAME_ENTS:
            # "Scholars" tagged PERSON is a common noun, not a name; "Burma" tagged PERSON once
            # and GPE elsewhere is a place
            if len(ent) == 1 and self._labels.get(ent.text.lower(), Counter()).most_common(1)[0][0] != "PERSON":
                return False
            return any(t.pos_ == "PROPN" for t in ent) and not any(t.lower_ in ORG_WORDS for t in ent)
        if ent.label_ not in ("ORG", "GPE", "NORP") or not 2 <= len(ent) <= 4:
            return False
        if not all(t.is_title and t.pos_ == "PROPN" for t in ent) or any(t.lower_ in ORG_WORDS for t in ent):
            return False
        root = ent.root
        near = [root.head] if root.dep_ == "appos" else []
        near += [c for c in root.children if c.dep_ in ("appos", "compound")]
        prev = self.doc[ent.start - 1] if ent.start else None
        return any(t.lemma_.lower() in PERSON_NOUNS for t in near) or (
            prev is not None and prev.lower_.rstrip(".") in TITLES | PERSON_NOUNS
        )

    def _voted(self, ent: Span) -> str:
        """The label the article mostly gives this text ("Politico": ORG, once PERSON)."""
        return self._labels.get(ent.text.lower(), Counter({ent.label_: 1})).most_common(1)[0][0]

    def is_person(self, ent: Span) -> bool:
        """Person by its own label and shape, or because its surname is a person's elsewhere."""
        if self._looks_like_person(ent):
            return True
        name = clean_name(ent.text)
        return (
            bool(name)
            and ent.label_ in ("ORG", "PERSON", "NORP", "GPE")
            and len(name.split()) == 1
            and name.lower() in self.by_surname
        )

    def _honorific_before(self, ent: Span) -> str | None:
        prev = self.doc[ent.start - 1] if ent.start else None
        if prev is not None and prev.lower_.rstrip(".") in genders.HONORIFICS:
            return prev.lower_.rstrip(".")
        return None

    def _read_people(self) -> None:
        """Every person named in the article, keyed by given name and surname, with the
        gender evidence around each mention; then each mention's key."""
        found: list[tuple[Span, str, str | None]] = []  # (ent, name, title or honorific)
        for ent in self.ents:
            if not self._looks_like_person(ent):
                continue
            start = ent.start
            while start > ent.sent.start and _extends_name(self.doc[start - 1]):
                start -= 1  # "Amelize Joseph" when the NER model tagged only "Joseph"
            title, name = split_title(clean_name(self.text[self.doc[start].idx : ent.end_char]))
            if not name or not name[0].isupper():
                continue
            found.append((ent, name, title or self._honorific_before(ent)))
        full: dict[str, Person] = {}
        for ent, name, title in found:
            given, sur = name_parts(name)
            if given is None:
                continue
            key = f"p:{given} {sur}"
            person = full.setdefault(key, Person(key))
            person.forms[name] += 1
            for role in (self._role_of(ent), title):
                if role and role not in person.roles and role.lower().rstrip(".") not in genders.HONORIFICS:
                    person.roles.append(role)
        for person in full.values():
            self.by_surname.setdefault(person.key.split()[-1], []).append(person.key)
        # one person under several full names: "Suu Kyi" of "Aung San Suu Kyi", a headline's
        # "Crooked Hillary Clinton" or "Derelict Obama"
        folded: dict[str, str] = {}

        def fold(key: str, target: str, keep_counts: bool) -> None:
            sur = key.rsplit(" ", 1)[1]
            for n in full[key].forms:
                folded[n] = target
            for other, to in list(folded.items()):
                if to == key:
                    folded[other] = target
            if target in full:
                full[target].forms.update(full[key].forms if keep_counts else dict.fromkeys(full[key].forms, 0))
                full[target].roles += [r for r in full[key].roles if r not in full[target].roles]
            self.by_surname[sur].remove(key)
            if not self.by_surname[sur]:
                del self.by_surname[sur]
            del full[key]

        for key in list(full):
            given, sur = key[2:].rsplit(" ", 1)
            others = [k for k in self.by_surname.get(sur, []) if k != key and k in full]
            words = [n.lower().split() for n in full[key].forms]
            longer = [
                k
                for k in others
                if any(
                    f.lower().split()[-len(w) :] == w and len(f.split()) > len(w) for f in full[k].forms for w in words
                )
            ]
            if len(longer) == 1:
                # a name that ends another is that person, shown by the usual form
                fold(key, longer[0], keep_counts=True)
                continue
            if genders.first_name(given):
                continue
            in_headline = all(_in(self.headlines, e.start_char) for e, n, _ in found if n in full[key].forms)
            if not others and in_headline and any(name_parts(n) == (None, sur) for _, n, _ in found):
                fold(key, f"s:{sur}", keep_counts=False)  # "Derelict Obama" over "Obama"
                continue
            # the given word must read as no name: in a headline, or tagged a common word
            tags = {e[0].pos_ for e, n, _ in found if n in full[key].forms}
            if not others or not (in_headline or tags & {"ADJ", "NOUN", "VERB"}):
                continue
            names = {w.lower() for n in full[key].forms for w in n.split()}
            target = next((k for k in others if k[2:].split()[0] in names), None)
            if target is None and len(others) == 1:
                target = others[0]
            if target is not None:
                fold(key, target, keep_counts=False)
        self.people = full
        self._folded = folded
        for key in full:
            self._by_first.setdefault(key[2:].split()[0], []).append(key)
        for known in full.values():
            given = known.key[2:].split()[0]
            g = genders.first_name(given)
            if g:
                known.votes[g] += 2
            for role in known.roles:
                for w in role.split():
                    g = genders.GENDERED_NOUNS.get(w.lower())
                    if g:
                        known.votes[g] += 2
        for ent, name, title in found:
            given, sur = name_parts(name)
            hint = genders.HONORIFICS.get((title or "").lower().rstrip("."))
            key = self._key_at(name, ent.start_char, title)
            if given is None and hint and key.startswith("p:") and self.people[key].gender not in (hint, None):
                key = f"s:{sur}"  # "Mr. Obama" in an article that names only Michelle Obama
            if key not in self.people:
                self.people[key] = Person(key)
                self.by_surname.setdefault(sur, []).append(key)
            person = self.people[key]
            if key.startswith("s:"):
                if not person.forms:
                    g = genders.first_name(sur)  # "Melanie": a given name used alone
                    if g:
                        person.votes[g] += 1
                person.forms[name.split()[-1]] += 1  # "Obama", also for a folded "Derelict Obama"
                if title and title.lower().rstrip(".") not in genders.HONORIFICS and title not in person.roles:
                    person.roles.append(title)
            if hint:
                person.votes[hint] += 3
            if not _in(self.quoted, ent.start_char):
                self.mentions.append(
                    Mention(ent.start_char, ent.end_char, key, ent.root.dep_ in ("nsubj", "nsubjpass"), ent.root.i)
                )
        self.mentions += self._surname_mentions()
        self.mentions.sort(key=lambda m: m.end)
        self._pronoun_votes()

    def _pronoun_votes(self) -> None:
        """Gender from the article's own pronouns: a "he" or "she" with exactly one person
        named before it in its sentence (or, failing that, the sentence before) is about
        them. Each such pronoun is one vote, so an article that keeps calling Aung San Suu
        Kyi "she" outvotes the first-name table's guess for "Aung"."""
        unknown = set(self.people)
        sents = list(self.doc.sents)
        starts = [m.start for m in self.mentions]
        order = sorted(range(len(self.mentions)), key=lambda i: starts[i])
        by_start = [self.mentions[i] for i in order]
        begin = [m.start for m in by_start]
        for k, sent in enumerate(sents):
            for tok in sent:
                g = genders.PRONOUN_GENDER.get(tok.lower_) if tok.lower_ in ("he", "she") else None
                if g is None or _in(self.quoted, tok.idx):
                    continue
                for lo in (sent.start_char, sents[k - 1].start_char if k else sent.start_char):
                    keys = {m.key for m in by_start[bisect_left(begin, lo) : bisect_left(begin, tok.idx)]}
                    if keys:
                        if len(keys) == 1 and next(iter(keys)) in unknown:
                            person = self.people.get(next(iter(keys)))
                            if person is not None:
                                person.votes[g] += 1
                        break

    def _surname_mentions(self) -> list[Mention]:
        """Single-word mentions not taken for a name (labelled ORG/GPE, or PERSON but outvoted)
        that are the surname of a person the article names."""
        out = []
        for ent in self.ents:
            if self._looks_like_person(ent) or _in(self.quoted, ent.start_char):
                continue
            name = clean_name(ent.text)
            if len(name.split()) == 1 and name.lower() in self.by_surname:
                key = self._key_at(name, ent.start_char, self._honorific_before(ent))
                out.append(
                    Mention(ent.start_char, ent.end_char, key, ent.root.dep_ in ("nsubj", "nsubjpass"), ent.root.i)
                )
        return out

    def _key_at(self, name: str, pos: int, title: str | None = None) -> str:
        """The person a name means at ``pos``: a surname alone goes to the one person with
        that surname, else the one whose honorific agrees, else the one named last."""
        given, sur = name_parts(name)
        keys = self.by_surname.get(sur, [])
        if given is not None:
            key = f"p:{given} {sur}"
            if key in self.people or key in keys:
                return key
            folded = self._folded.get(name)
            if folded:
                return folded
            words = name.lower().split()
            longer = [
                k
                for k in keys
                if k in self.people and any(f.lower().split()[-len(words) :] == words for f in self.people[k].forms)
            ]
            if len(longer) == 1:
                return longer[0]  # "Suu Kyi" of "Aung San Suu Kyi"
            if len(given) == 1:  # "J. Kerry"
                match = [k for k in keys if k[2:].startswith(given)]
                if len(match) == 1:
                    return match[0]
            return key
        if not keys:
            first = [k for k in self._by_first.get(sur, []) if "-" in k or title]
            if len(first) == 1:
                return first[0]  # "Mr. Ban" of "Ban Ki-moon": the family name comes first
            return f"s:{sur}"
        if len(keys) == 1:
            return keys[0]
        hint = genders.HONORIFICS.get((title or "").lower().rstrip("."))
        if hint:
            agree = [k for k in keys if self.people[k].gender in (hint, None)]
            if len(agree) == 1:
                return agree[0]
            keys = agree or keys
        last = self._last_named(keys, pos, sentences=1, subjects=True)
        if last is not None:
            return last
        # otherwise the one the article is about: "Clinton" is Hillary in an article that
        # mentions Bill Clinton once
        counts = Counter(m.key for m in self.mentions if m.key in keys)
        return max(
            keys, key=lambda k: (counts[k] + sum(self.people[k].forms.values()), k == self._last_named(keys, pos))
        )

    def _last_named(
        self, keys: list[str], pos: int, sentences: int | None = None, subjects: bool = False
    ) -> str | None:
        """Which of ``keys`` was named or quoted last before ``pos`` (within a few paragraphs).

        Mentions are kept in text order, so the scan walks back from ``pos`` and stops at
        the first hit or the window's edge: linear overall, however long the article.
        """
        best, at = None, -1
        built = len(self.mention_ends) == len(self.mentions)  # else still reading the article
        j = bisect_right(self.mention_ends, pos) if built else len(self.mentions)
        while j > 0:
            j -= 1
            m = self.mentions[j]
            if m.end > pos:
                continue
            if pos - m.end > MENTION_WINDOW * 4:
                break
            if m.key in keys and (m.subject or not subjects):
                best, at = m.key, m.end
                break
        last = self._last_source(pos, lambda e: e.key in keys)
        if last is not None and last[0] > at:
            at, best = last[0], last[1].key
        if (
            best is not None
            and sentences is not None
            and self.sent_starts
            and self._sent(pos) - self._sent(at) > sentences
        ):
            return None
        return best

    def _role_of(self, ent: Span) -> str | None:
        """Title before a name ("Russian Foreign Minister Sergey Lavrov") or an apposition."""
        root = ent.root
        phrase = {t.i for t in root.subtree}
        before: list[Token] = []
        i = ent.start - 1
        while i >= 0:
            tok = self.doc[i]
            if tok.i not in phrase or tok.is_space or tok.is_punct or tok.pos_ not in ("PROPN", "NOUN", "ADJ"):
                break
            before.insert(0, tok)
            i -= 1
        if any(_is_role_word(t) for t in before):
            return " ".join(t.text for t in before)
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            head = root.head
            toks = [t for t in head.subtree if not (ent.start <= t.i < ent.end) and t.i < ent.start]
            toks = [t for t in toks if t.dep_ != "det" and not t.is_punct and not t.is_space]
            if toks:
                return self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
        for child in root.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                toks = [t for t in child.subtree if t.dep_ != "det" and not t.is_punct and not t.is_space]
                if toks:
                    return self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
        return None

    # -- entity bookkeeping ----------------------------------------------------------------
    def _entity(self, key: str, name: str, type_: str) -> Entity:
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(key=key, name=name, type=type_)
        return ent

    def _person(self, name: str, pos: int, title: str | None = None) -> Entity:
        role_title, name = split_title(name)
        title = title or role_title
        key = self._key_at(name, pos, title)
        person = self.people.get(key)
        full = person.name if person is not None else name
        ent = self._entity(key, full, "person")
        if person is not None:
            ent.name = person.name
            for r in person.roles:
                ent.add_role(r)
            if ent.gender is None:
                ent.gender = person.gender
        if role_title and role_title.lower().rstrip(".") not in genders.HONORIFICS:
            ent.add_role(role_title)
        ent.add_alias(full)
        return ent

    def _org(self, name: str) -> Entity:
        low = name.lower().split()
        for ent in self.entities.values():
            if ent.type != "organization":
                continue
            if (
                len(low) == 1
                and len(ent.name.split()) > 1
                and ent.name.lower().split()[-1] == low[0]
                and low[0] in ORG_WORDS
            ):
                ent.add_alias(name)  # "the Times" after "The New York Times"
                return ent
            if ent.name.lower() == name.lower() or initials(ent.name) == name or initials(name) == ent.name:
                if len(name) > len(ent.name) and initials(name) != ent.name:
                    ent.name = name
                ent.add_alias(name)
                return ent
        ent = self._entity("o:" + name.lower(), name, "organization")
        ent.add_alias(name)
        return ent

    def _unnamed(self, phrase: str, plural: bool = False, org: str | None = None) -> Entity:
        """A source the article describes but does not name ("a campaign aide", "experts")."""
        ent = self._entity("d:" + phrase.lower(), phrase, "unnamed")
        ent.plural = ent.plural or plural
        if org and not ent.org:
            ent.org = org
        for w in phrase.lower().split():
            g = genders.GENDERED_NOUNS.get(w)
            if g and not plural:
                ent.gender = g
        return ent

    def _last_source(self, pos: int, fits: Callable[[Entity], bool]) -> tuple[int, Entity] | None:
        """The source resolved last at or before ``pos`` (of the last HISTORY) that ``fits``, and its offset."""
        for at, ent in reversed(self.history[-HISTORY:]):
            if at <= pos and fits(ent):
                return at, ent
        return None

    def _last_org_mention(
        self, pos: int, fits: Callable[[str], bool], within: int | None = None
    ) -> tuple[int, str] | None:
        """The organisation named (not quoted) last at or before ``pos``, within ``within`` characters,
        whose name ``fits``, and its offset."""
        i = bisect_right(self.org_starts, pos) - 1
        while i >= 0 and (within is None or pos - self.org_mentions[i][0] <= within):
            if fits(self.org_mentions[i][1]):
                return self.org_mentions[i]
            i -= 1
        return None

    def _recent(self, pos: int, want: str | None = None, role_words: set[str] | None = None) -> Entity | None:
        """The source resolved last before ``pos``, of type ``want``, with a role holding ``role_words``."""
        want_roles = _norm_roles(role_words) if role_words else None

        def fits(ent: Entity) -> bool:
            if want and ent.type != want:
                return False
            return want_roles is None or any(want_roles <= role_set(r) for r in [*ent.roles, ent.name])

        last = self._last_source(pos, fits)
        return last[1] if last else None

    def _sent(self, pos: int) -> int:
        return bisect_right(self.sent_starts, pos) - 1

    def _antecedent(
        self,
        pos: int,
        gender: Gender | None,
        skip: list[tuple[int, int]],
        exclude: set[str] | None = None,
        pronoun: Token | None = None,
        sentences: int | None = None,
    ) -> Entity | None:
        """ "he", "she", "the official": the most salient person before ``pos`` whose gender
        agrees (an unknown gender agrees with both).

        Salience in the manner of Lappin and Leass: every mention (outside quotation marks)
        and every attribution of a person adds weight, more for a grammatical subject or a
        speaker, halved with each sentence back; so the person the passage is about wins
        over one named in passing, and the speaker of the run over the article's subject
        when the run is about someone else. A name inside the clause the pronoun governs
        ("Campaigning against Mitt Romney, he said") cannot be what the pronoun means.
        """
        here = self._sent(pos)
        clause = pronoun.head if pronoun is not None else None
        score: dict[str, float] = defaultdict(float)
        last: dict[str, int] = {}
        i = bisect_right(self.mention_ends, pos) - 1
        while i >= 0 and pos - self.mentions[i].end <= MENTION_WINDOW:
            m = self.mentions[i]
            i -= 1
            if _in(skip, m.start):
                continue
            if clause is not None and clause.left_edge.i <= m.tok <= clause.right_edge.i:
                continue
            if sentences is not None and here - self._sent(m.start) > sentences:
                continue
            score[m.key] += (1.0 + 0.8 * m.subject) * 0.5 ** (here - self._sent(m.start))
            last[m.key] = max(last.get(m.key, -1), m.end)
        for at, ent in reversed(self.history[-HISTORY:]):
            if at > pos or pos - at > MENTION_WINDOW:
                continue
            if ent.type == "person" and (sentences is None or here - self._sent(at) <= sentences):
                score[ent.key] += 1.5 * 0.5 ** (here - self._sent(at))
                last[ent.key] = max(last.get(ent.key, -1), at)
        for key, _ in sorted(score.items(), key=lambda kv: (-kv[1], -last[kv[0]])):
            if exclude and key in exclude:
                continue
            known = self.entities.get(key)
            person = self.people.get(key)
            g = known.gender if known is not None and known.gender else (person.gender if person is not None else None)
            if gender and g and g != gender:
                continue
            return known if known is not None else self._person_from_key(key)
        return None

    def _conflicting(self, head: str, role_words: set[str], party_only: bool = False) -> set[str]:
        """People whose role has ``head`` with other modifiers: "the Democratic nominee" is not
        the person the article calls "the Republican nominee". ``party_only``: only party
        words count ("a New York judge" may be the "Manhattan Supreme Court Justice")."""
        mods = _norm_roles(role_words) - {head}
        if party_only:
            mods &= PARTY_WORDS
        out: set[str] = set()
        if not mods:
            return out
        for key, person in self.people.items():
            ent = self.entities.get(key)
            roles = person.roles + (ent.roles if ent is not None else [])
            for r in roles:
                rw = set(r.lower().split())
                if head in rw and not (mods & rw):
                    out.add(key)
        return out

    def _person_from_key(self, key: str) -> Entity:
        person = self.people.get(key)
        name = person.name if person is not None else key.split(":", 1)[1].title()
        ent = self._entity(key, name, "person")
        if person is not None:
            for r in person.roles:
                ent.add_role(r)
            ent.gender = ent.gender or person.gender
        ent.add_alias(name)
        return ent

    # -- the source span -------------------------------------------------------------------
    def resolve(self, cand: Candidate) -> Entity | None:
        if cand.source is None:
            return None
        span = self.doc.char_span(*cand.source, alignment_mode="expand")
        if span is None:
            return None
        self._skip = cand.content
        ent = self._resolve_span(span)
        if ent is not None:
            words = _unmark(self.text[cand.source[0] : cand.source[1]])
            if self._names_speaker(span):
                ent.add_alias(words)
            self.history.append((cand.start, ent))
            self.last_at[ent.key] = max(self.last_at.get(ent.key, -1), cand.start)
        return ent

    @staticmethod
    def _names_speaker(span: Span) -> bool:
        """Whether a source's words can stand for its speaker: a name or a description, not a
        pronoun, a document ("Trump's tweet") or two people ("Trump and Clinton")."""
        if Resolver._is_pronoun(span) or any(t.dep_ == "cc" for t in span):
            return False
        root = span.root
        return root.lemma_.lower() not in DOCUMENT_NOUNS and (
            root.pos_ == "PROPN" or root.lemma_.lower() in PERSON_NOUNS | ORG_NOUNS
        )

    @staticmethod
    def _is_pronoun(span: Span) -> bool:
        return all(t.pos_ in ("PRON", "DET", "PUNCT", "SPACE") or t.lower_ in RELATIVE_PRONOUNS for t in span)

    def _only_person(self, fits: Callable[[set[str]], bool]) -> Entity | None:
        """The only person in the article with a role (as a set of words) that ``fits``, if exactly one has one."""
        found = [p.key for p in self.people.values() if any(fits(role_set(r)) for r in p.roles)]
        return self._person_from_key(found[0]) if len(found) == 1 else None

    def _bare_office(self, head: str) -> Entity | None:
        """The only person whose role is just the office ("President" of "President Obama")."""
        return self._only_person(lambda role: role == {head})

    def _by_role(self, role_words: set[str]) -> Entity | None:
        """The only person in the article whose role has these words, if exactly one does."""
        want = _norm_roles(role_words)
        return self._only_person(lambda role: want <= role)

    def _ents_in(self, span: Span) -> list[Span]:
        """Entities inside ``span``, and an organisation entity that the span cuts short."""
        i = max(bisect_left(self.ent_starts, span.start) - 1, 0)
        out = []
        while i < len(self.ents) and self.ents[i].start < span.end:
            e = self.ents[i]
            if (e.start >= span.start and e.end <= span.end) or (
                e.label_ == "ORG" and e.start <= span.root.i < e.end and self.doc[e.end - 1].lower_ in ORG_WORDS
            ):
                out.append(e)
            i += 1
        return out

    def _in_headline(self, pos: int) -> bool:
        return _in(self.headlines, pos)

    def _resolve_span(self, span: Span) -> Entity | None:
        self._depth += 1
        try:
            return self._resolve(span) if self._depth < 4 else None
        finally:
            self._depth -= 1

    def _resolve(self, span: Span) -> Entity | None:
        root = span.root
        ents = self._ents_in(span)
        persons = [e for e in ents if clean_name(e.text) and self.is_person(e) and _names_head(e, root)]
        head = root.lemma_.lower()
        # "the statement from Russia's foreign Ministry": the speaker is who issued it
        if head in SPEECH_NOUNS:
            pobj = next(
                (
                    t
                    for c in root.children
                    if c.dep_ == "prep" and c.lower_ in ("from", "of", "by")
                    for t in c.children
                    if t.dep_ == "pobj"
                ),
                None,
            )
            if pobj is not None and pobj.i < span.end:
                return self._resolve_span(self.doc[pobj.left_edge.i : min(pobj.right_edge.i + 1, span.end)])
        # "a Quinnipiac University poll", "Ivana Trump's brief", "her submission": its issuer
        if head in DOCUMENT_NOUNS:
            issuer = self._issuer(span, root, ents)
            if issuer is not None:
                return issuer
            if span[0].lower_ in ("the", "this", "that") and root.tag_ not in ("NNS", "NNPS"):
                # "The study", "the ruling": the organisation that just spoke or was just named
                recent = self._recent_org_mention(span.start_char, sentences=2)
                if recent is not None:
                    return recent
        if not persons and head in PERSON_NOUNS:
            # "the US envoy to the UN, Samantha Power": a name-shaped entity in a person description
            persons = [
                e
                for e in ents
                if len(e) >= 2
                and e.start > span.start
                and self.doc[e.start - 1].text == ","
                and all(t.is_title and t.pos_ == "PROPN" for t in e)
                and not any(t.lower_ in ORG_WORDS for t in e)
            ]
        roots = {e.root.i for e in persons}
        if persons and any(
            t.dep_ == "conj" and t.pos_ == "PROPN" and t.head.i in roots and self._names_someone(t) for t in span
        ):
            # "Trump and Clinton", "Obama and Clinton's gut reaction": two people, no one speaker
            return self._unnamed(clean_name(span.text), plural=True)
        if persons:
            # the name nearest the head: "the US envoy to the UN, Samantha Power"
            ent_span = min(persons, key=lambda e: 0 if e.start <= root.i < e.end else abs(e.root.i - root.i))
            start = ent_span.start
            while start > span.start and _extends_name(self.doc[start - 1]):
                start -= 1  # "Amelize Joseph" when the NER model tagged only "Joseph"
            if start < ent_span.start:
                ent_span = self.doc[start : ent_span.end]
            person = self._person(clean_name(ent_span.text), ent_span.start_char, self._honorific_before(ent_span))
            role = self._role_in_source(span, ent_span)
            if role:
                person.add_role(role)
            return person
        if not persons and self._in_headline(span.start_char):
            # "Railing Against Trump, Sanders …": the name the article uses, last in the source
            known = [t for t in span if t.lower_ in self.by_surname and t.is_title]
            if known:
                return self._person(known[-1].text, span.start_char)
        one = clean_name(span.text)
        if not persons and len(one.split()) == 1 and one.lower() in self.by_surname and one[:1].isupper():
            return self._person(one, span.start_char)  # a surname the parser did not take for a name
        low = root.lower_
        if root.pos_ == "PRON" or (low in RELATIVE_PRONOUNS and root.tag_ in ("WP", "WDT", "IN")):
            return self._pronoun(root)
        plural = root.tag_ in ("NNS", "NNPS")
        # "the Clinton campaign", "Trump's campaign": the organisation of the person named
        if head in ORG_NOUNS and not plural:
            owner = self._owner(span, root)
            if owner is not None:
                return self._org(f"{owner.name} {root.text.lower()}")
        orgs = [e for e in ents if e.label_ in ORG_ENTS or (len(e) == 1 and self._voted(e) in ORG_ENTS)]
        if orgs and any(e.start <= root.i < e.end for e in orgs):
            e = next(e for e in orgs if e.start <= root.i < e.end)
            return self._org(self._org_name(span, e))
        if any(e.label_ == "NORP" and e.start <= root.i < e.end for e in ents):
            # "Republicans", "Democrats": a group, not a name
            return self._unnamed(clean_name(span.text), plural=True)
        phrase = clean_name(span.text)
        if not phrase:
            return None
        words = set(phrase.lower().split())
        first = span[0].lower_
        definite = (
            first in ("the", "this", "that", "these", "those")
            or span[0].dep_ == "poss"
            or (len(span) > 1 and span[1].tag_ == "POS")
        )
        titles = TITLES | PERSON_NOUNS
        if head in titles and all(w in titles or w in DETERMINERS for w in words | {first}):
            # "the mayor", "Mayor" in a headline: the one person with that role in the article
            found = self._recent(span.start_char, "person", words - DETERMINERS) or self._by_role(words - DETERMINERS)
            if found is not None:
                return found
        if root.pos_ == "PROPN" and not definite and not plural:
            propn = [t for t in span if t.pos_ == "PROPN"]
            if len(propn) == 1 and propn[0].lower_ in self.by_surname:
                return self._person(propn[0].text, span.start_char)
            if self._in_headline(span.start_char):
                # a title-case run in a headline is a name only when the article uses it
                known = [t for t in propn if t.lower_ in self.by_surname]
                return self._person(known[-1].text, span.start_char) if known else None
            if (
                2 <= len(propn) <= 3
                and head not in ORG_NOUNS
                and all(t.is_title for t in propn)
                and genders.first_name(propn[0].text)
            ):
                return self._person(" ".join(t.text for t in propn), span.start_char)
            if any(t.lower_ in ORG_WORDS for t in propn) or (len(propn) > 1 and all(t.is_title for t in propn)):
                return self._org(phrase)
            if len(propn) == 1 and propn[0].is_upper and len(propn[0].text) > 1:
                return self._org(propn[0].text)  # "CNS", "AP"
            if len(propn) == 1 and len(span) == 1 and propn[0].is_title and not ents:
                return self._person(propn[0].text, span.start_char)  # a surname the NER model missed
        if head in PLACE_NOUNS and definite and not plural and len(words - DETERMINERS) == 1:
            place = self._recent_place(span.start_char)
            if place is not None:
                return place
        if head in ORG_NOUNS and definite and not plural:
            # "the campaign", "the department": the organisation of that kind named last
            recent = self._recent_org(span.start_char, head, words - {head} - DETERMINERS)
            if recent is not None:
                return recent
        if definite and (head in PERSON_NOUNS or root.pos_ == "PROPN") and not plural and head not in ORG_NOUNS:
            # (an organisation's name is never a person's role: "Russia's foreign Ministry" is not
            # the "Russian Foreign Minister")
            role_words = {w for w in words if w not in DETERMINERS}
            match = self._recent(span.start_char, "person", role_words) if len(role_words) > 1 else None
            if match is None and len(role_words) > 1:
                match = self._by_role(role_words)
            conflicting = self._conflicting(head, role_words)
            if match is None and head in OFFICE_NOUNS and head != "official":
                # "The judge": the one person the article gives that office; "the president":
                # the one called "President X" before one called "Russian President"
                match = (
                    (self._bare_office(head) if len(role_words) == 1 else None)
                    or self._recent(span.start_char, "person", {head})
                    or self._by_role({head})
                )
                if match is not None and match.key in conflicting:
                    match = None
            if match is None:
                match = self._recent(span.start_char, "unnamed", {head})
            if match is None and head not in GENERIC_PERSON_NOUNS:
                # "the Vermont senator", "the New York businessman": the person the passage is
                # about, unless the article gives them another office of that kind
                match = self._antecedent(span.start_char, genders.of_noun(head), self._skip, conflicting)
            elif match is None and len(role_words - {head}) >= 2:
                # "Obama's former campaign strategist": specific enough to be someone just named
                match = self._antecedent(span.start_char, genders.of_noun(head), self._skip, conflicting, sentences=1)
            if match is not None:
                return match
        if (
            first in ("a", "an")
            and head
            in OFFICE_NOUNS - {"official", "spokesman", "spokeswoman", "spokesperson", "officer", "leader", "member"}
            and not plural
        ):
            # "A New York judge has rejected …" in an article that names one judge: that judge
            holder = self._by_role({head})
            if holder is not None and holder.key not in self._conflicting(head, words - DETERMINERS, party_only=True):
                return holder
        if (head in PERSON_NOUNS or head in ROLE_WORDS) and not plural:
            # "Former DNC chairman" over an article about "former Democratic National Committee
            # chairman Don Fowler": the one person whose role has all of these words
            content = {w for w in words - DETERMINERS if w not in GENERIC_ROLE_MODIFIERS} | {head}
            if len(content) >= 2:
                holder = self._by_role(content)
                if holder is not None:
                    return holder
        if definite and plural and head in PERSON_NOUNS:
            # "the Dutch-led specialists" after "the Dutch-led international inquiry": the members
            # of a body the article quoted just before speak for it, when every word that
            # describes them describes the body too
            described = words - DETERMINERS - GENERIC_ROLE_MODIFIERS - {head, root.lower_}
            body = self._last_source(
                span.start_char,
                lambda e: (
                    e.type in ("unnamed", "organization") and not e.plural and described <= set(e.name.lower().split())
                ),
            )
            if described and body is not None:
                return body[1]
        # an indefinite or unknown description: an unnamed source of this article
        return self._unnamed(phrase, plural=plural, org=self._belongs_to(span, root))

    def _pronoun(self, root: Token) -> Entity | None:
        low = root.lower_
        if low in RELATIVE_PRONOUNS:
            return self._relative(root)
        if low in PERSON_PRONOUNS:
            ent = self._antecedent(root.idx, genders.PRONOUN_GENDER.get(low), self._skip, pronoun=root)
            person = self.people.get(ent.key) if ent is not None else None
            if ent is not None and ent.gender is None and (person is None or not person.votes):
                ent.gender = genders.PRONOUN_GENDER.get(low)
            return ent
        if low in GROUP_PRONOUNS:
            group = self._last_source(root.idx, lambda e: e.type == "organization" or e.plural)
            return group[1] if group else self._recent(root.idx)
        if low in THING_PRONOUNS:
            return self._recent(root.idx, "organization")
        if low in FIRST_PERSON:
            return self._unnamed(
                {"i": "the writer", "me": "the writer", "us": "we"}.get(low, low), plural=low in ("we", "us")
            )
        # "someone", "many", "those close to him": an unnamed source
        phrase = (
            clean_name(self.text[root.left_edge.idx : root.right_edge.idx + len(root.right_edge.text)])
            if root.dep_ != "ROOT"
            else ""
        )
        phrase = phrase or root.text
        return self._unnamed(
            phrase, plural=root.tag_ in ("NNS", "DT") or low in ("many", "some", "others", "those", "both", "all")
        )

    def _relative(self, tok: Token) -> Entity | None:
        """ "Smith, who said …": the head noun of the relative clause the pronoun opens."""
        clause = tok
        for _ in range(3):
            if clause.dep_ == "relcl" or clause.head is clause:
                break
            clause = clause.head
        if clause.dep_ != "relcl":
            return None
        head = clause.head
        while head.dep_ == "appos" and head.head is not head:
            head = head.head  # "McConnell, now the majority leader, who …": the name
        start = head.left_edge.i
        end = clause.left_edge.i
        while end > start and (self.doc[end - 1].is_punct or self.doc[end - 1].is_space):
            end -= 1
        if end <= start:
            return None
        found = self._resolve_span(self.doc[start:end])
        if tok.lower_ in ("who", "whom") and found is not None and found.type == "organization":
            # "who" is a person: a place or body as its head is a misattached clause
            found = self._antecedent(tok.idx, None, self._skip) or found
        return found

    def _issuer(self, span: Span, root: Token, ents: list[Span]) -> Entity | None:
        """Who a document speaks for: an organisation or person named before its head, or the
        antecedent of a possessive pronoun."""
        for e in ents:
            if e.end <= root.i and (e.label_ in ORG_ENTS or self.is_person(e)):
                if self.is_person(e):
                    return self._person(clean_name(e.text), e.start_char, self._honorific_before(e))
                end = e.end
                while end < root.i and self.doc[end].is_upper and self.doc[end].is_alpha:
                    end += 1  # "USA TODAY" tagged "USA"
                last = self.doc[end - 1]
                return self._org(clean_name(self.text[e.start_char : last.idx + len(last.text)]))
        for child in root.children:
            if child.dep_ == "poss" and child.lower_ in genders.PRONOUN_GENDER:
                return self._antecedent(child.idx, genders.PRONOUN_GENDER[child.lower_], self._skip)
        return None

    def _names_someone(self, tok: Token) -> bool:
        """Whether a token is (part of) a person's or organisation's name."""
        return tok.ent_type_ in ("PERSON", "ORG") or tok.lower_ in self.by_surname

    def _owner(self, span: Span, root: Token) -> Entity | None:
        """The person whose organisation ``root`` is: "the Clinton campaign", "Trump's team"."""
        for child in root.children:
            if child.dep_ in ("compound", "poss") and child.i < root.i and child.pos_ == "PROPN":
                name = clean_name(self.text[child.left_edge.idx : child.idx + len(child.text)])
                named = any(e.start <= child.i < e.end and e.label_ in NAME_ENTS for e in self._ents_in(span))
                if name and (named or name_parts(name)[1] in self.by_surname):
                    return self._person(name, span.start_char)
        return None

    def _org_name(self, span: Span, ent: Span) -> str:
        """The fullest proper name around an organisation entity ("The Washington Post", not
        "Washington" when the NER model stopped short)."""
        name = clean_name(ent.text)
        toks = [t for t in span if t.pos_ == "PROPN" or t.i in range(ent.start, ent.end)]
        if toks and toks[-1].lower_ in ORG_WORDS and toks[-1].i >= ent.end:
            run = clean_name(self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)])
            if run and len(run) > len(name):
                return run
        return name

    def _named_by_kind(self) -> list[tuple[int, str]]:
        """Organisations named after their kind, which the NER model often misses: "the
        journal Science", "the newspaper Le Monde"."""
        out = []
        for tok in self.doc:
            if tok.lower_ in KIND_NOUNS and tok.i + 1 < len(self.doc):
                j = tok.i + 1
                while j < len(self.doc) and self.doc[j].pos_ == "PROPN" and self.doc[j].is_title:
                    j += 1
                if j > tok.i + 1 and not _in(self.quoted, tok.idx) and self.doc[tok.i + 1].ent_type_ != "PERSON":
                    out.append(
                        (
                            self.doc[tok.i + 1].idx,
                            self.text[self.doc[tok.i + 1].idx : self.doc[j - 1].idx + len(self.doc[j - 1].text)],
                        )
                    )
        return out

    def _recent_place(self, pos: int) -> Entity | None:
        """The place named last within a few sentences (outside quotes): "the state" → Florida."""
        here = self._sent(pos)
        tok = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        upto = bisect_left(self.ent_starts, tok.start) if tok is not None else len(self.ents)
        for e in reversed(self.ents[:upto]):
            if e.start_char >= pos or e.label_ != "GPE" or _in(self.quoted, e.start_char):
                continue
            if here - self._sent(e.start_char) > 3:
                return None
            return self._org(clean_name(e.text))
        return None

    def _full_org(self, ent: Span) -> str:
        """An organisation's name with the "for the Sixth Circuit" the NER model left off."""
        end = ent.end
        doc = self.doc
        if end + 2 < len(doc) and doc[end].lower_ in ("for", "of") and doc[end + 1].lower_ == "the":
            j = end + 2
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title:
                j += 1
            if j > end + 2 and j - end <= 5:
                end = j
        return clean_name(self.text[ent.start_char : doc[end - 1].idx + len(doc[end - 1].text)])

    def _recent_org_mention(self, pos: int, sentences: int, head: str | None = None) -> Entity | None:
        """The organisation named or quoted last before ``pos``, within a few sentences."""

        def fits(name: str) -> bool:
            return head is None or head in name.lower().split()

        here = self._sent(pos)
        best: tuple[int, str | Entity] | None = self._last_source(
            pos, lambda e: e.type == "organization" and fits(e.name)
        )
        named = self._last_org_mention(pos, fits)
        if named is not None and (best is None or named[0] > best[0]):
            best = named
        if best is None or here - self._sent(best[0]) > sentences:
            return None
        return best[1] if isinstance(best[1], Entity) else self._org(best[1])

    def _recent_org(self, pos: int, head: str, extra: set[str]) -> Entity | None:
        """The organisation "the agency", "the appeals court" means: one with the ``head`` word (and the
        ``extra`` words) resolved as a source before, else known to the article, else named before."""

        def named(name: str, roles: str = "") -> bool:
            words = set(name.lower().split())
            return head in words and extra <= words | set(roles.lower().split())

        last = self._last_source(pos, lambda e: e.type == "organization" and named(e.name, " ".join(e.roles)))
        if last is not None:
            return last[1]
        for ent in reversed(list(self.entities.values())):
            if ent.type == "organization" and named(ent.name):
                return ent
        # an organisation of that kind named (not quoted) before: "the appeals court" after
        # "the U.S. Court of Appeals for the Sixth Circuit"
        mention = self._last_org_mention(pos, named, within=MENTION_WINDOW * 2)
        return self._org(mention[1]) if mention is not None else None

    def _belongs_to(self, span: Span, root: Token) -> str | None:
        """The named organisation an unnamed source belongs to: "a State Department official",
        "a Clinton campaign aide" → "Hillary Clinton campaign"."""
        words = {t.lower_ for t in span}
        for e in self._ents_in(span):
            if e.label_ in ORG_ENTS and not (e.start <= root.i < e.end):
                return clean_name(e.text)
            if self.is_person(e) and not (e.start <= root.i < e.end) and "campaign" in words:
                return f"{self._person(clean_name(e.text), span.start_char).name} campaign"
        return None

    def _role_in_source(self, span: Span, name: Span) -> str | None:
        before = [t for t in span if t.i < name.start and not t.is_punct and not t.is_space]
        while before and before[0].pos_ == "DET":
            before = before[1:]
        if before and before[-1].lower_.rstrip(".") in genders.HONORIFICS:
            before = before[:-1]
        if before and any(_is_role_word(t) for t in before):
            return self.text[before[0].idx : before[-1].idx + len(before[-1].text)]
        return None
