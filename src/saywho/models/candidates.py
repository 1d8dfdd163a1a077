"""Broad candidate generation: every cue word with every content path seen in training.

The rules propose what they are sure of; this proposes what PolNeAR annotators
annotate and the rules never look for (beliefs, intentions, "criticized X",
"her support for X"), so the model has something to decide on. Which words can be
cues and which dependency paths lead to content and source are learned from the
training data and stored with the model; nothing here is keyed to an article.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..detect.candidate import Candidate
from ..detect.frames import noun_phrase, runs, token_range
from .paths import follow


@dataclass
class Grammar:
    """What training learned about where attributions are: cue lemmas and paths."""

    cue_lemmas: frozenset[str] = frozenset()
    content_paths: list[str] = field(default_factory=list)  # most frequent first
    source_paths: list[str] = field(default_factory=list)  # most frequent first

    def __post_init__(self) -> None:
        # paths grouped by their first step, so a word only tries the paths it can start
        self.by_first: dict[str, list[str]] = {}
        for path in self.content_paths:
            self.by_first.setdefault(path.split("/", 1)[0], []).append(path)

    def paths_from(self, tok: Token) -> list[str]:
        """The content paths whose first step exists at ``tok``, most frequent first."""
        steps = {"v" + c.dep_ for c in tok.children}
        if tok.head.i != tok.i:
            steps.add("^" + tok.dep_)
        found = [p for step in steps for p in self.by_first.get(step, ())]
        rank = self.rank
        return sorted(found, key=rank.__getitem__)

    @property
    def rank(self) -> dict[str, int]:
        if not hasattr(self, "_rank"):
            self._rank = {p: k for k, p in enumerate(self.content_paths)}
        return self._rank

    def to_dict(self) -> dict:
        return {
            "cue_lemmas": sorted(self.cue_lemmas),
            "content_paths": self.content_paths,
            "source_paths": self.source_paths,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Grammar:
        return cls(frozenset(data["cue_lemmas"]), list(data["content_paths"]), list(data["source_paths"]))


def cue_lemma(tok: Token) -> str:
    return tok.lemma_.lower() if not tok.is_punct else tok.text


def cue_tokens(tok: Token) -> list[Token]:
    """The cue word with its particle ("pointed out") or the "to" of "according to"."""
    out = [tok]
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and (nxt.dep_ == "prt" and nxt.head.i == tok.i or tok.lower_ == "according" and nxt.lower_ == "to"):
        out.append(nxt)
    return out


def find_source(cue: Token, paths: list[str], content: set[int]) -> Token | None:
    """The first token reached by the source paths, in order of training frequency."""
    for path in paths:
        for tok in follow(cue, path):
            if tok.i not in content and not tok.is_punct and tok.i != cue.i:
                return tok
    return None


def propose(doc: Doc, grammar: Grammar) -> Iterator[Candidate]:
    """One candidate per (cue word, content head) pair that a learned path connects."""
    seen: set[tuple] = set()
    for tok in doc:
        if tok.is_space or cue_lemma(tok) not in grammar.cue_lemmas:
            continue
        cue = cue_tokens(tok)
        cue_ids = {t.i for t in cue}
        below = {t.i for t in tok.subtree}
        for path in grammar.paths_from(tok):
            for head in follow(tok, path):
                if head.i in cue_ids or head.is_space:
                    continue
                ids = {t.i for t in head.subtree}
                if tok.i in ids:
                    ids -= below
                ids -= cue_ids
                src = find_source(tok, grammar.source_paths, ids)
                src_ids: set[int] = set()
                source = None
                if src is not None:
                    np = noun_phrase(src)
                    src_ids = {t.i for t in np}
                    source = token_range(np)
                    ids -= src_ids
                toks = [doc[i] for i in sorted(ids)]
                if not any(t.is_alpha or t.like_num for t in toks):
                    continue
                content = runs(toks)
                if not content:
                    continue
                key = (tuple(content), source)
                if key in seen:
                    continue
                seen.add(key)
                yield Candidate(
                    content=content,
                    rule="path",
                    cue=[(cue[0].idx, cue[-1].idx + len(cue[-1].text))],
                    cue_lemma=cue_lemma(tok) if len(cue) == 1 else " ".join(t.lower_ for t in cue),
                    source=source,
                    source_head=src.i if src is not None else None,
                    cue_head=tok.i,
                    content_head=head.i,
                    path=path,
                )
