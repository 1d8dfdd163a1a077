"""PolNeAR train/dev attributions as saywho articles, for the provenance judged set.

Gold attributions (content, cue, source spans from the .ann files), not saywho's
extractor, so the judged pairs and the linking measurement do not depend on
extraction errors. Only the train and dev splits are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from saywho.types import Article, Cue, Quote, Span, Speaker

ROOT = Path(__file__).resolve().parents[3] / "shared" / "polnear" / "data"
if not ROOT.exists():
    ROOT = Path("/work/shared/polnear/data")
SPLITS = ("train", "dev")
_PRONOUN = {"he", "she", "they", "it", "i", "we", "you", "his", "her", "their", "him", "them", "who", "which"}
_QUOTE = re.compile(r"[“\"]")


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    source: list[tuple[int, int]]


def _spans(s: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (p.split() for p in s.split(";"))]


def read_ann(path: Path) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offs = parts[1].partition(" ")
            try:
                spans[parts[0]] = (label, _spans(offs))
            except ValueError:
                continue
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(x.split(":", 1) for x in parts[1].split() if ":" in x)
            if roles.get("Content") in spans:
                got = [spans.get(roles.get(r, ""), ("", []))[1] for r in ("Content", "Cue", "Source")]
                out.append(Attribution(*got))
    return out


_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "one", "some", "many", "said"}


def speaker_of(name: str) -> tuple[str, str]:
    """(name, type) as an extractor would give it: the name before any apposition
    ("David Axelrod, who was…" → David Axelrod) is a person; a pronoun or a description
    ("he", "The Republican candidate", "the group") is unresolved."""
    name = " ".join(name.split()).split(",")[0].strip()
    name = re.sub(r"[’']s$", "", name)
    words = name.split()
    if not words or name.casefold() in _PRONOUN or words[0].casefold() in _DETERMINERS or not words[0][:1].isupper():
        return name or "unknown", "unknown"
    return name, "person"


def article(split: str, base: str) -> Article:
    text = (ROOT / split / "text" / f"{base}.txt").read_text(encoding="utf-8")
    ann = next((ROOT / split / "attributions").glob(f"{base}_*.ann"))
    outlet, date = base.split("_")[0], base.split("_")[1]
    quotes: list[Quote] = []
    speakers: dict[str, Speaker] = {}
    for i, att in enumerate(sorted(read_ann(ann), key=lambda a: a.content[0])):
        content = Span.of(text, att.content)
        if not _QUOTE.search(content.text):
            continue  # no quoted words: not an utterance
        stripped = content.text.strip().strip('“”"').strip()
        kind = "direct" if content.text.strip()[:1] in '“"' and not _QUOTE.search(stripped) else "mixed"
        src = Span.of(text, att.source) if att.source else None
        name, type_ = speaker_of(src.text if src else "")
        sid = re.sub(r"\W+", "-", name.casefold()).strip("-") or "unknown"
        if type_ == "unknown":
            sid = f"unresolved-{i}"
        if sid not in speakers:
            speakers[sid] = Speaker(id=sid, name=name, type=type_, aliases=[name])  # type: ignore[arg-type]
        speakers[sid].quotes += 1
        cue = Cue.of(text, att.cue, lemma="") if att.cue else None
        quotes.append(Quote(id=f"q{i}", kind=kind, content=content, cue=cue, source=src, speaker=sid, confidence=1.0))  # type: ignore[arg-type]
    return Article(
        id=base,
        text=text,
        title=text.split("\n", 1)[0][:200],
        date=date,
        outlet=outlet,
        quotes=quotes,
        speakers=list(speakers.values()),
    )


def articles() -> list[Article]:
    out = []
    for split in SPLITS:
        for p in sorted((ROOT / split / "text").glob("*.txt")):
            out.append(article(split, p.stem))
    return out
