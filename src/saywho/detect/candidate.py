"""The candidate attribution that detectors propose and the decision step keeps or drops."""

from __future__ import annotations

from dataclasses import dataclass, field

Offsets = list[tuple[int, int]]


@dataclass
class Candidate:
    """An attribution proposed by one rule; spans are character offsets into ``doc.text``.

    ``source_head`` is the token index of the source's syntactic head (what the
    resolver links to a speaker); ``rule`` names the detector, and is a feature for
    the score.
    """

    content: Offsets
    rule: str
    cue: Offsets | None = None
    cue_lemma: str = ""
    source: tuple[int, int] | None = None
    source_head: int | None = None
    quoted: list[tuple[int, int]] = field(default_factory=list)  # quotation pieces inside content
    direct: bool = False
    score: float = 0.5
    cue_head: int | None = None  # token index of the cue word, when a parse found one
    content_head: int | None = None  # token index of the content's syntactic head
    path: str = ""  # dependency path from cue_head to content_head ("vccomp", …)
    variant: list[str] = field(default_factory=list)  # features saying how a variant differs from its proposal

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]

    @property
    def kind(self) -> str:
        if self.direct:
            return "direct"
        return "mixed" if self.quoted else "indirect"

    def covers(self, start: int, end: int) -> int:
        """How many characters of [start, end) the content covers."""
        return sum(max(0, min(e, end) - max(s, start)) for s, e in self.content)
