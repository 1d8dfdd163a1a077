"""Robustness of utterance linking to edits, and resistance to decoys.

    python benchmarks/provenance/robustness.py [--n 300]

Takes ``--n`` real direct quotes (12+ words, named speakers) from PolNeAR train/dev,
stores each in its own article, then for every edit kind stores an edited copy in a
new article (same speaker, fresh store per kind) and counts how often the copy joins
the original's utterance. Decoys count how often something that must stay apart is
linked anyway.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear

from saywho.provenance.text import STOPWORDS, plain, tokens
from saywho.store import open_store
from saywho.types import Article, Cue, Quote, Span, Speaker

STOCK = ["at the end of the day", "make America great again", "the American people", "president of the United States",
         "thank you very much", "we are going to win", "believe me", "in this country"]  # fmt: skip


def article(aid: str, quotes: list[tuple[str, str]]) -> Article:
    text, qs, speakers = f"{aid}\n\n", [], {}
    for i, (name, content) in enumerate(quotes, 1):
        s0 = len(text)
        text += name + " said: “"
        c0 = len(text)
        text += content + "”\n\n"
        sid = re.sub(r"\W+", "-", name.casefold())
        speakers.setdefault(sid, Speaker(id=sid, name=name, type="person", aliases=[name]))
        speakers[sid].quotes += 1
        qs.append(Quote(id=f"q{i}", kind="direct", content=Span.of(text, [(c0, c0 + len(content))]),
                        cue=Cue.of(text, [(s0 + len(name) + 1, s0 + len(name) + 5)], lemma="say"),
                        source=Span.of(text, [(s0, s0 + len(name))]), speaker=sid, confidence=1.0))  # fmt: skip
    return Article(id=aid, text=text, date="2016-06-01", outlet="bench", quotes=qs, speakers=list(speakers.values()))


def originals(n: int, rng: random.Random) -> list[tuple[str, str]]:
    seen, out = set(), []
    for a in polnear.articles():
        for q in a.quotes:
            sp = a.speaker(q.speaker)
            if q.kind != "direct" or not sp or sp.type != "person" or len(sp.name.split()) < 2:
                continue
            t = " ".join(q.content.text.strip().strip('“”"').split()).rstrip(",")
            if len(plain(tokens(t))) >= 12 and "…" not in t and t.casefold() not in seen:
                seen.add(t.casefold())
                out.append((sp.name, t))
    rng.shuffle(out)
    return out[:n]


def run_kind(origs: list[tuple[str, str]], make: Callable[[int, str, str], list[tuple[str, str]]]) -> float:
    """Share of originals whose edited copies all land in the original's utterance."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "r.db"))
        for i, (name, t) in enumerate(origs):
            store.add(article(f"orig-{i}", [(name, t)]))
        ok = 0
        for i, (name, t) in enumerate(origs):
            a = article(f"copy-{i}", make(i, name, t))
            store.add(a)
            want = store.utterance_of(f"orig-{i}:q1")
            ok += all(store.utterance_of(f"copy-{i}:{q.id}") == want for q in a.quotes)
        store.close()
    return ok / len(origs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    n = ap.parse_args().n
    rng = random.Random(5)
    origs = originals(n, rng)
    vocab = sorted({w for _, t in origs for w in t.split() if w.isalpha() and len(w) > 3})
    names = sorted({nm for nm, _ in origs})

    def words(t: str) -> list[str]:
        return t.split()

    def cut(k: int) -> Callable[[int, str, str], list[tuple[str, str]]]:
        def f(i: int, name: str, t: str) -> list[tuple[str, str]]:
            w = words(t)
            s = random.Random(i).randrange(0, len(w) - k + 1)
            return [(name, " ".join(w[s : s + k]))]

        return f

    def ellipsis(i: int, name: str, t: str) -> list[tuple[str, str]]:
        w = words(t)
        m = max(2, len(w) // 5)
        s = random.Random(i).randrange(2, len(w) - m - 1)
        return [(name, " ".join(w[:s]) + " … " + " ".join(w[s + m :]))]

    def replace1(i: int, name: str, t: str) -> list[tuple[str, str]]:
        w = words(t)
        r = random.Random(i)
        idx = [j for j, x in enumerate(w) if x.casefold().strip(".,") not in STOPWORDS] or list(range(len(w)))
        w[r.choice(idx)] = r.choice(vocab)
        return [(name, " ".join(w))]

    def insert1(i: int, name: str, t: str) -> list[tuple[str, str]]:
        w = words(t)
        r = random.Random(i)
        w.insert(r.randrange(1, len(w)), r.choice(vocab))
        return [(name, " ".join(w))]

    def split(i: int, name: str, t: str) -> list[tuple[str, str]]:
        w = words(t)
        h = len(w) // 2
        return [(name, " ".join(w[:h])), (name, " ".join(w[h:]))]

    kinds: dict[str, Callable[[int, str, str], list[tuple[str, str]]]] = {
        "case": lambda i, name, t: [(name, t.upper() if i % 2 else t.lower())],
        "marks, punctuation, whitespace": lambda i, name, t: [
            (name, "  ".join(re.sub(r"[,.;:!?\"“”‘’'()-]", " ", t).split()))
        ],
        "ellipsis (a fifth of the words cut)": ellipsis,
        "cut to 3 words": cut(3),
        "cut to 5 words": cut(5),
        "cut to 8 words": cut(8),
        "one word replaced": replace1,
        "one word inserted": insert1,
        'split in two by "he said"': split,
    }
    table = {k: round(run_kind(origs, f), 3) for k, f in kinds.items()}

    # decoys: the share wrongly linked
    def other_speaker(i: int, name: str, t: str) -> list[tuple[str, str]]:
        return [(next(n for n in names[i % len(names) :] + names if n != name), t)]

    decoys = {"same words, another named speaker": round(run_kind(origs, other_speaker), 3)}

    def stock_pair(i: int, name: str, t: str) -> list[tuple[str, str]]:
        j = (i + 1) % len(origs)
        return [(name, origs[j][1] + ", " + STOCK[i % len(STOCK)])]

    stocked = [(nm, t + ", " + STOCK[i % len(STOCK)]) for i, (nm, t) in enumerate(origs)]
    decoys["another quote of the same speaker sharing a stock phrase"] = round(run_kind(stocked, stock_pair), 3)
    decoys["a stock phrase alone, same speaker"] = round(
        run_kind(stocked, lambda i, name, t: [(name, STOCK[i % len(STOCK)])]), 3
    )
    print(json.dumps({"quotes": len(origs), "still_linked": table, "wrongly_linked": decoys}, indent=2))


if __name__ == "__main__":
    main()
