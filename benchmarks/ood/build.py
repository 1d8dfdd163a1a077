"""Write benchmarks/ood/attributions/*.ann and decoys.tsv from the hand-made judgements in spec.py.

Offsets are never typed by hand: every span is given as the exact text it covers and
found in the article with str.find, starting from an anchor that occurs exactly once.
Run ``python3 benchmarks/ood/build.py`` and then ``python3 benchmarks/ood/check.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from spec import DECOYS, SPEC  # noqa: E402


def _unique(text: str, needle: str, name: str) -> int:
    n = text.count(needle)
    if n != 1:
        raise SystemExit(f"{name}: anchor {needle!r} occurs {n} times (want 1)")
    return text.index(needle)


def _find_word(text: str, words: str, start: int) -> int:
    """First occurrence at/after start that does not begin or end inside a word."""
    while True:
        s = text.find(words, start)
        if s < 0:
            return s
        e = s + len(words)
        cut_before = words[0].isalnum() and s > 0 and text[s - 1].isalnum()
        cut_after = words[-1].isalnum() and e < len(text) and text[e].isalnum()
        if not (cut_before or cut_after):
            return s
        start = s + 1


def _locate(text: str, piece, start: int, name: str) -> tuple[int, int]:
    """A piece is 'words' (first occurrence at/after start) or ('words', 'after') (after 'after')."""
    if isinstance(piece, tuple):
        words, after = piece
        a = text.find(after, start)
        if a < 0:
            raise SystemExit(f"{name}: {after!r} not found after offset {start}")
        start = a + len(after)
    else:
        words = piece
    s = _find_word(text, words, start)
    if s < 0:
        raise SystemExit(f"{name}: {words!r} not found after offset {start}")
    if s - start > 1500:
        raise SystemExit(f"{name}: {words!r} found suspiciously far from its anchor")
    return s, s + len(words)


def spans_of(text: str, att: dict, name: str) -> dict[str, list[tuple[int, int]]]:
    base = _unique(text, att["at"], name)
    out: dict[str, list[tuple[int, int]]] = {}
    for role in ("source", "cue", "content"):
        pieces = att.get(role)
        if pieces is None:
            continue
        if not isinstance(pieces, list):
            pieces = [pieces]
        out[role] = sorted(_locate(text, p, base, name) for p in pieces)
    return out


def fmt(text: str, spans: list[tuple[int, int]]) -> tuple[str, str]:
    return ";".join(f"{s} {e}" for s, e in spans), " ".join(text[s:e] for s, e in spans)


def main() -> None:
    text_dir, ann_dir = HERE / "text", HERE / "attributions"
    ann_dir.mkdir(exist_ok=True)
    names = sorted(p.stem for p in text_dir.glob("*.txt"))
    if sorted(SPEC) != names:
        raise SystemExit(f"spec/text mismatch: {sorted(set(SPEC) ^ set(names))}")
    decoy_rows = ["file\tstart\tend\tcategory\ttext"]
    for name in names:
        text = (text_dir / f"{name}.txt").read_text(encoding="utf-8")
        atts = [spans_of(text, a, name) for a in SPEC[name]]
        atts.sort(key=lambda a: min(s for v in a.values() for s, _ in v))
        lines, t = [], 0
        for i, a in enumerate(atts, 1):
            ids = {}
            for role, label in (("source", "Source"), ("cue", "Cue"), ("content", "Content")):
                if role in a:
                    t += 1
                    ids[label] = f"T{t}"
                    offs, words = fmt(text, a[role])
                    lines.append(f"T{t}\t{label} {offs}\t{words}")
            t += 1
            offs, words = fmt(text, a["cue"])
            lines.append(f"T{t}\tAttribution {offs}\t{words}")
            args = [f"Attribution:T{t}", f"Content:{ids['Content']}", f"Cue:{ids['Cue']}"]
            if "Source" in ids:
                args.append(f"Source:{ids['Source']}")
            lines.append(f"E{i}\t" + " ".join(args))
        (ann_dir / f"{name}_ood.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for d in DECOYS.get(name, []):
            words, why = d[0], d[1]
            s = _unique(text, d[2], name) if len(d) > 2 else _unique(text, words, name)
            s = text.find(words, s)
            decoy_rows.append(f"{name}\t{s}\t{s + len(words)}\t{why}\t{words}")
    (HERE / "decoys.tsv").write_text("\n".join(decoy_rows) + "\n", encoding="utf-8")
    print(f"wrote {len(names)} .ann files and {len(decoy_rows) - 1} decoys")


if __name__ == "__main__":
    main()
