"""Quote text as words for linking: normalisation, shingles, the pairwise match and word diffs.

Everything here is pure Python and deterministic, so the store (incremental and
``relink``) and Spark (``spark-utterances``) make exactly the same decisions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

#: a quote shorter than this many words is a *fragment*: it links only by containment
FRAGMENT = 7
#: the share of the shorter quote's words a longer quote must contain, in order
MIN_COVERAGE = 0.7
#: marks an ellipsis or cut between two words in a token list
GAP = "…"
SHINGLE = 3

_ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|(?:\.\s*){3,}|…")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_QUOTED = re.compile(r"[“\"«„‘]([^”\"»“]{3,}?)[”\"»’]")

# fmt: off
STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "i'm", "it's", "don't", "that's", "we're", "they're", "you're", "we've", "i've", "can't", "won't", "there's", "he's", "she's", "isn't", "aren't", "wasn't", "didn't", "doesn't", "going", "get", "got", "go", "say", "said", "says", "one", "also", "like", "well", "really"]
)
# fmt: on


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case, accents and typographic apostrophes aside (cached: called once per word)."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'").casefold()


@dataclass(frozen=True)
class Word:
    """One word of a quote: as printed, as compared, and where it sits in the text."""

    text: str
    norm: str
    start: int
    end: int
    after_gap: bool  # an ellipsis or a cut comes right before it


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[Word, ...]:
    """The words of ``text``; marks, case and punctuation are not part of them (cached: a
    quote's words are needed for its index entry, its matches and its diffs)."""
    gaps = [m.start() for m in _ELLIPSIS.finditer(text)]
    out: list[Word] = []
    gi = 0
    for m in _WORD.finditer(text):
        gap = False
        while gi < len(gaps) and gaps[gi] < m.start():
            gap, gi = True, gi + 1
        out.append(Word(m.group(), fold(m.group()), m.start(), m.end(), gap and bool(out)))
    return tuple(out)


def tokens(text: str) -> list[str]:
    """The compared words, with GAP where the text has an ellipsis between two words."""
    out: list[str] = []
    for w in words(text):
        if w.after_gap:
            out.append(GAP)
        out.append(w.norm)
    return out


def plain(toks: list[str]) -> list[str]:
    """The words without gap marks."""
    return [t for t in toks if t != GAP]


def segments(toks: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for t in toks:
        if t == GAP:
            out.append([])
        else:
            out[-1].append(t)
    return [s for s in out if s]


def has_ellipsis(text: str) -> bool:
    return _ELLIPSIS.search(text) is not None


def quoted_fragments(text: str) -> str:
    """The words inside quotation marks in ``text`` (indirect content), joined by ellipses."""
    return " … ".join(m.group(1).strip() for m in _QUOTED.finditer(text))


#: common words that carry little: they count for nothing in a fragment's content weight
# fmt: off
LIGHT = frozenset(
    ["think", "know", "don", "people", "want", "lot", "way", "make", "need", "thing", "things", "right", "good", "time", "year", "years", "day", "come", "see", "look", "take", "back", "much", "many", "thank", "yes", "okay", "folks", "great", "big", "new"]
)
# fmt: on
_WEIGHTLESS = STOPWORDS | LIGHT | {GAP}


def content_words(toks: list[str]) -> int:
    """Content weight: a word outside STOPWORDS and LIGHT counts 1, a long one (7+ letters, rarer) 2."""
    return sum(2 if len(t) >= 7 else 1 for t in toks if len(t) > 1 and t not in _WEIGHTLESS)


def _h(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big") & 0x7FFFFFFFFFFFFFFF


def shingles(toks: list[str]) -> set[int]:
    """Word 3-grams with at least one content word, as 63-bit hashes (the index keys)."""
    out = set()
    for seg in segments(toks) if GAP in toks else [toks]:
        for i in range(len(seg) - SHINGLE + 1):
            gram = seg[i : i + SHINGLE]
            if any(t not in STOPWORDS for t in gram):
                out.add(_h(" ".join(gram)))
    return out


#: a pair can only match if it shares this share of the smaller 3-gram set (a cheap filter
#: before verification: 70% of the shorter's words in a few runs leave far more than this)
MIN_SHARED = 0.25


def enough_shared(shared: int, ngrams_a: int, ngrams_b: int) -> bool:
    """Whether two quotes sharing ``shared`` 3-grams are worth verifying (symmetric)."""
    return shared >= max(1, int(MIN_SHARED * min(ngrams_a, ngrams_b)))


def linkable(toks: list[str]) -> bool:
    """Long enough and contentful enough to be matched at all (stock bits like "thank you" are not)."""
    return len(plain(toks)) >= SHINGLE and content_words(toks) >= 2


@dataclass(frozen=True)
class Match:
    """How two quotes' words relate: ``matched`` words in order, out of the shorter's ``short``."""

    matched: int
    short: int
    long: int

    @property
    def coverage(self) -> float:
        return self.matched / self.short if self.short else 0.0

    @property
    def score(self) -> float:
        """Similarity in [0, 1]: containment of the shorter, a little credit for equal length."""
        return round(0.8 * self.coverage + 0.2 * (self.matched / self.long if self.long else 0.0), 4)


def _in_order(pieces: list[list[str]], seq: list[str]) -> bool:
    """Every piece found in ``seq`` as a contiguous run, one after the other."""
    at = 0
    for piece in pieces:
        n = len(piece)
        while at + n <= len(seq) and seq[at : at + n] != piece:
            at += 1
        if at + n > len(seq):
            return False
        at += n
    return True


def _sides(a: list[str], b: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The shorter of two token lists (with its gap marks), its plain words, the longer's plain words."""
    pa, pb = plain(a), plain(b)
    return (a, pa, pb) if len(pa) <= len(pb) else (b, pb, pa)


def _align(short_g: list[str], short: list[str], long: list[str]) -> Match:
    if GAP in short_g and _in_order(segments(short_g), long):
        return Match(len(short), len(short), len(long))
    sm = SequenceMatcher(None, short, long, autojunk=False)
    matched = sum(n for _, _, n in sm.get_matching_blocks() if n >= 2 or n == len(short))
    return Match(matched, len(short), len(long))


def align(a: list[str], b: list[str]) -> Match:
    """Words of the shorter found in the longer, in order, in runs of two or more (or the whole).

    A shorter quote with ellipses whose every piece appears in the longer one, in
    order, is wholly contained ("loser … liar … whiner").
    """
    return _align(*_sides(a, b))


def _enough(matched: int, short: int) -> bool:
    """Whether ``matched`` of the shorter's ``short`` words make the same words (see same_words)."""
    if short < FRAGMENT:
        return matched >= short - (1 if short >= 5 else 0)
    return matched >= 5 and matched / short >= MIN_COVERAGE


def same_words(a: list[str], b: list[str]) -> Match | None:
    """The match if ``a`` and ``b`` report the same words, else None.

    A fragment (under FRAGMENT words) must appear whole in the other (one word may
    differ from five words up); longer quotes must share MIN_COVERAGE of the shorter's
    words in order: a shared stock phrase covers too little of either.
    """
    if not (linkable(a) and linkable(b)):
        return None
    short_g, short, long = _sides(a, b)
    # the words an alignment can match are at most the words both share: too few, no need to align
    if not _enough(sum((Counter(short) & Counter(long)).values()), len(short)):
        return None
    m = _align(short_g, short, long)
    return m if _enough(m.matched, m.short) else None


# -- word-level differences -----------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    """One piece of a word diff against the canonical wording.

    ``kind`` is ``same``, ``cut`` (canonical words this occurrence drops), ``inserted``
    (words it adds) or ``replaced`` (``text`` printed instead of ``was``).
    """

    kind: str
    text: str
    was: str = ""


@dataclass(frozen=True)
class Diff:
    ops: tuple[Op, ...]
    ellipsis: bool
    reordered: bool

    @property
    def cut(self) -> list[str]:
        return [o.text if o.kind == "cut" else o.was for o in self.ops if o.kind in ("cut", "replaced")]

    @property
    def inserted(self) -> list[str]:
        return [o.text for o in self.ops if o.kind == "inserted"]

    @property
    def replaced(self) -> list[tuple[str, str]]:
        return [(o.was, o.text) for o in self.ops if o.kind == "replaced"]

    @property
    def altered(self) -> bool:
        """Words replaced or inserted, not only cut."""
        return any(o.kind in ("inserted", "replaced") for o in self.ops)

    def to_dict(self) -> dict[str, object]:
        return {
            "cut": [o.text for o in self.ops if o.kind == "cut"],
            "inserted": self.inserted,
            "replaced": [list(r) for r in self.replaced],
            "ellipsis": self.ellipsis,
            "reordered": self.reordered,
            "altered": self.altered,
        }


def diff(text: str, canonical: str) -> Diff:
    """What ``text`` changes relative to ``canonical``, word by word.

    Cuts at either end of a fragment are cuts; a block of words that is cut in one
    place and inserted in another counts as reordered rather than altered.
    """
    ws, cs = words(text), words(canonical)
    a, b = [w.norm for w in cs], [w.norm for w in ws]
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        was = " ".join(w.text for w in cs[i1:i2])
        now = " ".join(w.text for w in ws[j1:j2])
        if tag == "equal":
            ops.append(Op("same", now))
        elif tag == "delete":
            ops.append(Op("cut", was))
        elif tag == "insert":
            ops.append(Op("inserted", now))
        else:
            ops.append(Op("replaced", now, was))
    cut_blocks = {fold(o.text) for o in ops if o.kind == "cut"}
    moved = {fold(o.text) for o in ops if o.kind == "inserted"} & cut_blocks
    reordered = bool(moved)
    if moved:
        ops = [Op("same", o.text) if o.kind == "inserted" and fold(o.text) in moved else o for o in ops]
        ops = [o for o in ops if not (o.kind == "cut" and fold(o.text) in moved)]
    return Diff(tuple(ops), has_ellipsis(text), reordered)


def content_set(text: str) -> set[str]:
    """Content words, crudely stemmed, for comparing a paraphrase with the words it rewords."""
    out = set()
    for t in plain(tokens(text)):
        if t in STOPWORDS or t in LIGHT or len(t) < 3:
            continue
        for suffix in ("ing", "ed", "es", "s", "'s"):
            if t.endswith(suffix) and len(t) - len(suffix) >= 3:
                t = t[: -len(suffix)]
                break
        out.add(t)
    return out


def paraphrase_score(words: str, paraphrase: str) -> tuple[float, int]:
    """(Dice coefficient, shared count) of two texts' content words."""
    a, b = content_set(words), content_set(paraphrase)
    shared = len(a & b)
    return (round(2 * shared / (len(a) + len(b)), 4) if a and b else 0.0), shared
