"""Candidate pairs for the judged set, found WITHOUT the linker: shared raw word 4-grams,
or three shared rare words (rewordings), across different PolNeAR articles.

    python benchmarks/provenance/build_pairs.py > benchmarks/provenance/candidates.jsonl

Each line is a pair to judge by reading (see RULES.md); labels go into pairs.jsonl.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear

from saywho.store._utterances import linked_text

WORD = re.compile(r"[a-z0-9']+")


def main() -> None:
    units = []
    for a in polnear.articles():
        for q in a.quotes:
            text = linked_text(q.kind, q.content.text)
            toks = WORD.findall(text.casefold().replace("’", "'"))
            if len(toks) >= 3:
                s0 = q.content.start
                sp = a.speaker(q.speaker)
                units.append({
                    "ref": f"{a.id}:{q.id}", "outlet": a.outlet, "date": a.date, "source": q.source.text if q.source else "",
                    "speaker_type": sp.type if sp else "unknown", "text": text,
                    "context": " ".join(a.text[max(0, s0 - 160) : s0].split()), "toks": toks,
                })  # fmt: skip
    df = Counter(t for u in units for t in set(u["toks"]))
    grams: dict[str, set[int]] = defaultdict(set)
    rare: dict[str, set[int]] = defaultdict(set)
    for i, u in enumerate(units):
        t = u["toks"]
        for j in range(len(t) - 3):
            grams[" ".join(t[j : j + 4])].add(i)
        for w in set(t):
            if df[w] <= 8 and len(w) > 3:
                rare[w].add(i)
    pairs: Counter[tuple[int, int]] = Counter()
    for posting in grams.values():
        if len(posting) <= 40:
            for a in posting:
                for b in posting:
                    if a < b and units[a]["ref"].split(":")[0] != units[b]["ref"].split(":")[0]:
                        pairs[(a, b)] += 1
    reworded: Counter[tuple[int, int]] = Counter()
    for posting in rare.values():
        for a in posting:
            for b in posting:
                if a < b and units[a]["ref"].split(":")[0] != units[b]["ref"].split(":")[0]:
                    reworded[(a, b)] += 1
    strong = [p for p, n in pairs.items() if n >= 3]
    weak = [p for p, n in pairs.items() if n < 3]
    rew = [p for p, n in reworded.items() if n >= 3 and p not in pairs]
    rng = random.Random(13)
    chosen = (
        rng.sample(strong, min(150, len(strong)))
        + rng.sample(weak, min(90, len(weak)))
        + rng.sample(rew, min(40, len(rew)))
    )
    print(
        f"candidates: {len(strong)} strong, {len(weak)} weak 4-gram, {len(rew)} rare-word; chose {len(chosen)}",
        file=sys.stderr,
    )
    rng.shuffle(chosen)
    taken = set(chosen)
    chosen += sorted(p for p in strong if p not in taken)  # every remaining strong pair, judged too
    for n, (a, b) in enumerate(chosen, 1):
        row = {"pair": n}
        for side, i in (("a", a), ("b", b)):
            u = dict(units[i])
            u.pop("toks")
            row[side] = u
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
