"""Speaker resolution inside one article.

Turns each candidate's source span into a speaker entity: names (with titles and
appositions giving roles), later surname mentions, pronouns (the most recent
person speaker), definite descriptions ("the official", "The Russian Foreign
Minister": the most recent speaker whose role matches, else the most recent
person), organisations, and anonymous descriptions ("a source").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .detect.candidate import Candidate
from .nlp import doc_text

PERSON_PRONOUNS = frozenset("he she him her i me".split())
GROUP_PRONOUNS = frozenset("they them we us it".split())
DETERMINERS = frozenset("the a an this that these those his her their its our my your another".split())
PERSON_NOUNS = frozenset(
    """
    official spokesman spokeswoman spokesperson minister president secretary source aide adviser
    advisor analyst expert lawmaker senator congressman congresswoman representative candidate
    nominee chairman chairwoman chair director diplomat envoy ambassador governor mayor leader
    officer manager strategist pollster economist professor researcher critic supporter voter
    resident witness lawyer attorney prosecutor judge general commander chief executive ceo
    founder author writer reporter journalist columnist host anchor activist organizer
    organiser surrogate staffer operative member head boss businessman woman man person
    father mother wife husband son daughter friend doctor scientist politician republican
    democrat speaker premier chancellor king queen prince pope cleric pastor rabbi imam
    """.split()
)
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
SPEECH_NOUNS = frozenset("statement report release announcement comments remarks letter post tweet interview".split())
NAME_ENTS = ("PERSON",)
#: capitalised words that make a name an organisation's ("State Department", "Fox News")
ORG_WORDS = frozenset(
    """
    department ministry party committee council news post times journal network group inc corp
    university institute foundation association campaign administration house senate congress
    court agency office bureau service fund bank company commission union center centre board
    press media channel tv radio magazine club army police nations forces front movement
    """.split()
)
TITLES = frozenset("mr mrs ms dr sen rep gov gen lt col sgt prof rev mayor president senator minister secretary".split())
ORG_ENTS = ("ORG", "NORP", "GPE", "FAC")
HISTORY = 200  # resolved sources a description may look back over
MENTION_WINDOW = 600  # characters: how far back a pronoun or "the official" may look for a name
POSSESSIVE = re.compile(r"(’s|'s|’|')$")


def slug(name: str) -> str:
    s = re.sub(r"[’']s\b", "s", name.lower())
    return re.sub(r"[^\w]+", "-", s).strip("-") or "speaker"


def clean(text: str) -> str:
    """A name as shown: without leading determiners, possessive endings and Markdown."""
    words = unmark(text).strip(".").split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return POSSESSIVE.sub("", " ".join(words)).strip()


def split_title(name: str) -> tuple[str | None, str]:
    """"Mayor Ana Ortiz" → ("Mayor", "Ana Ortiz"): titles the NER model folds into a name."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and (words[i].lower().rstrip(".") in TITLES | PERSON_NOUNS):
        i += 1
    return (" ".join(words[:i]) or None), " ".join(words[i:])


def unmark(text: str) -> str:
    """Text without Markdown link and emphasis syntax: "the [statement](#)" → "the statement"."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*_]+", "", text).split()).strip(" ,;:")


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


@dataclass
class Entity:
    """A speaker being built up while the article is read."""

    key: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    last_seen: int = -1

    def add_alias(self, alias: str) -> None:
        alias = alias.strip()
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def add_role(self, role: str) -> None:
        """Keep the fullest form: "Russian Foreign Minister" absorbs "Minister"."""
        role = clean(role)
        if not role or role.lower() == self.name.lower():
            return
        low = role.lower()
        if any(low in r.lower() for r in self.roles):
            return
        self.roles = [r for r in self.roles if r.lower() not in low] + [role]

    @property
    def surname(self) -> str:
        return self.name.split()[-1].lower()


def _names_head(ent: Span, head: Token) -> bool:
    """Whether a name denotes the phrase's head ("Sergey Lavrov", "Power, the envoy"), not
    something attached to it ("a source close to Lavrov")."""
    if ent.start <= head.i < ent.end:
        return True
    r = ent.root
    return (r.head == head and r.dep_ in ("appos", "compound")) or (head.head == r and head.dep_ == "appos")


class Resolver:
    """Links source spans to entities, reading the article in order."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.ents = list(doc.ents)  # Doc.ents and Span.ents rebuild the list on every call
        self.ent_starts = [e.start for e in self.ents]
        self.entities: dict[str, Entity] = {}
        self.history: list[tuple[int, Entity]] = []  # (offset, entity) of each resolved source
        self.last_at: dict[str, int] = {}
        self.persons = self._person_names()
        self.mention_ends, self.mentions = self._person_mentions()
        self._skip: list[tuple[int, int]] = []

    # -- names known from the whole article -------------------------------------------------
    def _looks_like_person(self, ent: Span) -> bool:
        """A name the small NER model mislabels: "Samantha Power" as ORG next to "envoy"."""
        if ent.label_ in NAME_ENTS:
            return not any(t.lower_ in ORG_WORDS for t in ent)
        if ent.label_ not in ("ORG", "GPE", "NORP") or not 2 <= len(ent) <= 3:
            return False
        if not all(t.is_title and t.pos_ == "PROPN" for t in ent) or any(t.lower_ in ORG_WORDS for t in ent):
            return False
        root = ent.root
        near = [root.head] if root.dep_ == "appos" else []
        near += [c for c in root.children if c.dep_ in ("appos", "compound")]
        prev = self.doc[ent.start - 1] if ent.start else None
        return any(t.lemma_.lower() in PERSON_NOUNS for t in near) or (prev is not None and prev.lower_.rstrip(".") in TITLES | PERSON_NOUNS)

    def is_person(self, ent: Span) -> bool:
        """Person by its own label and shape, or because its surname is a person's elsewhere."""
        if self._looks_like_person(ent):
            return True
        name = clean(ent.text)
        return bool(name) and ent.label_ in ("ORG", "PERSON", "NORP", "GPE") and len(name.split()) == 1 and name.lower() in self.persons

    def _person_names(self) -> dict[str, tuple[str, list[str]]]:
        """Surname → (fullest name, roles) for every person-like name in the article."""
        names: dict[str, tuple[str, list[str]]] = {}
        seen: dict[str, Counter[str]] = {}
        for ent in self.ents:
            if not self._looks_like_person(ent):
                continue
            title, name = split_title(clean(ent.text))
            if not name or not name[0].isupper():
                continue
            surname = name.split()[-1].lower()
            seen.setdefault(surname, Counter())[name] += 1
            full, roles = names.get(surname, (name, []))
            for role in (self._role_of(ent), title):
                if role and role not in roles:
                    roles.append(role)
            names[surname] = (full, roles)
        for surname, counts in seen.items():
            # the usual full form: "Hillary Clinton" over a one-off "Crooked Hillary Clinton"
            full = max(counts, key=lambda n: (len(n.split()) > 1, counts[n], len(n)))
            names[surname] = (full, names[surname][1])
        return names

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
        if any(t.pos_ == "NOUN" or t.lower_ in PERSON_NOUNS for t in before):
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

    def _person(self, name: str) -> Entity:
        title, name = split_title(name)
        surname = name.split()[-1].lower()
        full, roles = self.persons.get(surname, (name, []))
        if len(full.split()) < 2 <= len(name.split()):
            full = name
        ent = self._entity("p:" + surname, full, "person")
        if len(ent.name.split()) < 2 <= len(full.split()):
            ent.name = full
        for r in roles + ([title] if title else []):
            ent.add_role(r)
        ent.add_alias(full)
        return ent

    def _org(self, name: str) -> Entity:
        for ent in self.entities.values():
            if ent.type != "organization":
                continue
            if ent.name.lower() == name.lower() or initials(ent.name) == name or initials(name) == ent.name:
                if len(name) > len(ent.name) and initials(name) != ent.name:
                    ent.name = name
                ent.add_alias(name)
                return ent
        ent = self._entity("o:" + name.lower(), name, "organization")
        ent.add_alias(name)
        return ent

    def _recent(self, pos: int, want: str | None = None, role_words: set[str] | None = None) -> Entity | None:
        for at, ent in reversed(self.history[-HISTORY:]):
            if at > pos:
                continue
            if want and ent.type != want:
                continue
            if role_words and not any(role_words <= set(clean(r).lower().split()) for r in ent.roles + [ent.name]):
                continue
            return ent
        return None

    def _person_mentions(self) -> tuple[list[int], list[tuple[int, int, str]]]:
        """Every person-name mention as (start, end, name), with their ends for bisecting."""
        mentions = [(e.start_char, e.end_char, clean(e.text)) for e in self.ents if clean(e.text) and self.is_person(e)]
        return [m[1] for m in mentions], mentions

    def _nearest_person_mention(self, pos: int, skip: list[tuple[int, int]]) -> Entity | None:
        """The person named last before ``pos`` (outside ``skip``), within a few paragraphs."""
        i = bisect_right(self.mention_ends, pos) - 1
        while i >= 0:
            start, end, name = self.mentions[i]
            if pos - end > MENTION_WINDOW:
                return None
            if not any(s <= start < e for s, e in skip):
                return self._person(name)
            i -= 1
        return None

    def _nearest_person(self, pos: int, skip: list[tuple[int, int]]) -> Entity | None:
        """"he", "the official": the closer of the last person named and the last person speaker."""
        mention = self._nearest_person_mention(pos, skip)
        speaker = self._recent(pos, "person")
        if mention is None or speaker is None:
            return mention or speaker
        at = self.last_at[speaker.key]
        return speaker if at > self._last_mention_at(mention, pos) else mention

    def _last_mention_at(self, ent: Entity, pos: int) -> int:
        i = bisect_right(self.mention_ends, pos) - 1
        while i >= 0 and pos - self.mentions[i][1] <= MENTION_WINDOW:
            if self.mentions[i][2].split()[-1:] == ent.name.split()[-1:]:
                return self.mentions[i][0]
            i -= 1
        return -1

    # -- the source span -------------------------------------------------------------------
    def resolve(self, cand: Candidate) -> Entity | None:
        if cand.source is None:
            if cand.source_head is None:
                return None
        span = self.doc.char_span(*cand.source, alignment_mode="expand") if cand.source else None
        if span is None:
            return None
        self._skip = cand.content
        ent = self._resolve_span(span)
        if ent is not None:
            ent.add_alias(unmark(self.text[cand.source[0] : cand.source[1]]))
            self.history.append((cand.start, ent))
            self.last_at[ent.key] = max(self.last_at.get(ent.key, -1), cand.start)
        return ent

    def _by_role(self, role_words: set[str]) -> Entity | None:
        """The only person in the article whose role has these words, if exactly one does."""
        found = [full for full, roles in self.persons.values() if any(role_words <= set(r.lower().split()) for r in roles)]
        return self._person(found[0]) if len(found) == 1 else None

    def _ents_in(self, span: Span) -> list[Span]:
        i = bisect_left(self.ent_starts, span.start)
        out = []
        while i < len(self.ents) and self.ents[i].start < span.end:
            if self.ents[i].end <= span.end:
                out.append(self.ents[i])
            i += 1
        return out

    def _resolve_span(self, span: Span) -> Entity | None:
        root = span.root
        ents = self._ents_in(span)
        persons = [e for e in ents if clean(e.text) and self.is_person(e) and _names_head(e, root)]
        # "the statement from Russia's foreign Ministry": the speaker is who issued it
        if root.lemma_.lower() in SPEECH_NOUNS:
            pobj = next((t for c in root.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "by") for t in c.children if t.dep_ == "pobj"), None)
            if pobj is not None and pobj.i < span.end:
                return self._resolve_span(self.doc[pobj.left_edge.i : min(pobj.right_edge.i + 1, span.end)])
        if not persons and root.lemma_.lower() in PERSON_NOUNS:
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
        if persons:
            # the name nearest the head: "the US envoy to the UN, Samantha Power"
            ent_span = min(persons, key=lambda e: 0 if e.start <= root.i < e.end else abs(e.root.i - root.i))
            person = self._person(clean(ent_span.text))
            role = self._role_in_source(span, ent_span)
            if role:
                person.add_role(role)
            return person
        if root.pos_ == "PRON":
            low = root.lower_
            if low in PERSON_PRONOUNS:
                return self._nearest_person(root.idx, self._skip)
            if low in GROUP_PRONOUNS:
                return self._recent(root.idx)
            return None
        orgs = [e for e in ents if e.label_ in ORG_ENTS]
        if orgs and any(e.start <= root.i < e.end for e in orgs):
            e = next(e for e in orgs if e.start <= root.i < e.end)
            return self._org(clean(e.text))
        phrase = clean(span.text)
        if not phrase:
            return None
        head = root.lemma_.lower()
        words = set(phrase.lower().split())
        first = span[0].lower_
        definite = first in ("the", "this", "that")
        titles = TITLES | PERSON_NOUNS
        if head in titles and all(w in titles or w in DETERMINERS for w in words | {first}):
            # "the mayor", "Mayor" in a headline: the one person with that role in the article
            found = self._recent(span.start_char, "person", words - DETERMINERS) or self._by_role(words - DETERMINERS)
            if found is not None:
                return found
        if root.pos_ == "PROPN" and not definite:
            propn = [t for t in span if t.pos_ == "PROPN"]
            if 2 <= len(propn) <= 3 and head not in ORG_NOUNS and all(t.is_title for t in propn):
                return self._person(" ".join(t.text for t in propn))
            if len(propn) == 1 and propn[0].lower_ in self.persons:
                return self._person(propn[0].text)
            return self._org(phrase)
        if head in ORG_NOUNS and head not in ("officials",):
            if definite:
                recent = self._recent(span.start_char, "organization", words - {head})
                if recent is not None and words - {head}:
                    return recent
            return self._org(phrase)
        if definite and (head in PERSON_NOUNS or root.pos_ == "PROPN"):
            role_words = {w for w in words if w not in DETERMINERS}
            match = self._recent(span.start_char, "person", role_words) if len(role_words) > 1 else None
            if match is None and head in PERSON_NOUNS and head != "official":
                match = self._recent(span.start_char, "person", {head})
            return match or self._nearest_person(span.start_char, self._skip)
        if definite and words - {head, root.lower_}:
            match = self._recent(span.start_char, None, words - {head, root.lower_})
            if match is not None:
                return match
        # an indefinite or unknown description: its own anonymous speaker ("a source", "experts")
        type_ = "person" if head in PERSON_NOUNS or head.rstrip("s") in PERSON_NOUNS else "unknown"
        return self._entity("d:" + phrase.lower(), phrase, type_)

    def _role_in_source(self, span: Span, name: Span) -> str | None:
        before = [t for t in span if t.i < name.start and not t.is_punct and not t.is_space]
        while before and before[0].pos_ == "DET":
            before = before[1:]
        if before and any(t.pos_ in ("NOUN", "PROPN") for t in before):
            return self.text[before[0].idx : before[-1].idx + len(before[-1].text)]
        return None
