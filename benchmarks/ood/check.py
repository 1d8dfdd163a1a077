"""Validate the out-of-domain brat split (benchmarks/ood): exit 1 on any problem.

For every attributions/NAME_ood.ann: each T line's text equals the slice of
text/NAME.txt at its offsets (pieces of a discontinuous span joined by one space),
offsets lie inside the text and no span crosses a line break; every E line references
existing T's and has an Attribution trigger (same span as its Cue), a Cue and a
Content; no token carries two roles in different attributions (PolNeAR is
univocal), except one source shared by several attributions. decoys.tsv rows must
match the text too, and must not overlap any Cue or Content.

    python3 benchmarks/ood/check.py            # validate, print a one-line summary
    python3 benchmarks/ood/check.py --stats    # also the per-article table for RULES.md
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OPEN_QUOTES = '"“‘'
CLOSE_QUOTES = '"”’'


def parse_offsets(field: str) -> list[tuple[int, int]]:
    out = []
    for part in field.split(";"):
        s, e = part.split()
        out.append((int(s), int(e)))
    return out


def kind(text: str, spans: list[tuple[int, int]]) -> str:
    """direct: every piece is a quotation; mixed: some quotation inside; else indirect."""
    pieces = [text[s:e] for s, e in spans]
    if all(p[:1] in OPEN_QUOTES and p.rstrip()[-1:] in CLOSE_QUOTES for p in pieces):
        return "direct"
    if any(q in p for p in pieces for q in '"“‘'):
        return "mixed"
    return "indirect"


def check_article(name: str, problems: list[str]) -> dict:
    text = (HERE / "text" / f"{name}.txt").read_text(encoding="utf-8")
    ann = HERE / "attributions" / f"{name}_ood.ann"
    info = {"name": name, "words": len(text.split()), "atts": [], "text": text}
    if not ann.exists():
        problems.append(f"{name}: no annotation file {ann.name}")
        return info
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for n, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{ann.name}:{n}"
        f = line.split("\t")
        if line.startswith("T"):
            if len(f) != 3 or " " not in f[1]:
                problems.append(f"{where}: malformed T line {line!r}")
                continue
            label, offs = f[1].split(" ", 1)
            try:
                sp = parse_offsets(offs)
            except ValueError:
                problems.append(f"{where}: bad offsets {offs!r}")
                continue
            for s, e in sp:
                if not 0 <= s < e <= len(text):
                    problems.append(f"{where}: span {s}-{e} outside text (length {len(text)})")
                elif "\n" in text[s:e]:
                    problems.append(f"{where}: span {s}-{e} crosses a line break")
            got = " ".join(text[s:e] for s, e in sp)
            if got != f[2]:
                problems.append(f"{where}: {f[0]} text mismatch: file says {f[2]!r}, offsets give {got!r}")
            if f[0] in spans:
                problems.append(f"{where}: duplicate id {f[0]}")
            spans[f[0]] = (label, sp)
        elif line.startswith("E"):
            if len(f) != 2:
                problems.append(f"{where}: malformed E line {line!r}")
                continue
            args = dict(a.split(":", 1) for a in f[1].split())
            events.append((where, args))
        elif line.strip():
            problems.append(f"{where}: unexpected line {line!r}")
    owner: dict[int, tuple[str, str, tuple]] = {}
    for where, args in events:
        for role, ref in args.items():
            if ref not in spans:
                problems.append(f"{where}: {role} refers to missing {ref}")
            elif spans[ref][0] != role:
                problems.append(f"{where}: {role} points at a {spans[ref][0]} span")
        if not {"Attribution", "Cue", "Content"} <= set(args) or set(args) - {
            "Attribution",
            "Cue",
            "Content",
            "Source",
        }:
            problems.append(f"{where}: wants Attribution, Cue, Content (and optional Source), got {sorted(args)}")
            continue
        if any(args[r] not in spans for r in args):
            continue
        if spans[args["Attribution"]][1] != spans[args["Cue"]][1]:
            problems.append(f"{where}: Attribution trigger span differs from the Cue span")
        parts = {r: spans[args[r]][1] for r in ("Source", "Cue", "Content") if r in args}
        for role, sp in parts.items():
            for s, e in sp:
                for i in range(s, e):
                    if text[i].isspace():
                        continue
                    prev = owner.get(i)
                    here = (where, role, tuple(sp))
                    if prev and prev[0] != where and not (prev[1] == role == "Source" and prev[2] == here[2]):
                        problems.append(f"{where}: {role} overlaps {prev[1]} of {prev[0]} at {text[s:e]!r}")
                        break
                    owner[i] = here
        info["atts"].append(
            {
                "kind": kind(text, parts["Content"]),
                "source": "Source" in parts,
                "headline": min(s for sp in parts.values() for s, _ in sp) < text.index("\n"),
                "parts": parts,
            }
        )
    info["owner"] = owner
    return info


def main() -> int:
    problems: list[str] = []
    names = sorted(p.stem for p in (HERE / "text").glob("*.txt"))
    for ann in sorted((HERE / "attributions").glob("*.ann")):
        if ann.stem.rsplit("_", 1)[0] not in names:
            problems.append(f"{ann.name}: no text file for it")
    infos = {n: check_article(n, problems) for n in names}
    decoys = 0
    dpath = HERE / "decoys.tsv"
    if dpath.exists():
        for n, line in enumerate(dpath.read_text(encoding="utf-8").splitlines()[1:], 2):
            name, s, e, _cat, words = line.split("\t")
            s, e = int(s), int(e)
            if name not in infos:
                problems.append(f"decoys.tsv:{n}: unknown article {name}")
                continue
            text = infos[name]["text"]
            if text[s:e] != words:
                problems.append(f"decoys.tsv:{n}: text mismatch {words!r} vs {text[s:e]!r}")
            for i in range(s, e):
                o = infos[name].get("owner", {}).get(i)
                if o and o[1] in ("Cue", "Content") and not text[i].isspace():
                    problems.append(f"decoys.tsv:{n}: {words!r} overlaps a {o[1]} ({o[0]})")
                    break
            decoys += 1
    for p in problems:
        print(p)
    atts = [a for i in infos.values() for a in i["atts"]]
    kinds = {k: sum(a["kind"] == k for a in atts) for k in ("direct", "mixed", "indirect")}
    words = sum(i["words"] for i in infos.values())
    print(
        f"{len(names)} articles, {words} words, {len(atts)} attributions "
        f"({kinds['direct']} direct, {kinds['mixed']} mixed, {kinds['indirect']} indirect; "
        f"{sum(not a['source'] for a in atts)} without a source, {sum(a['headline'] for a in atts)} in headlines), "
        f"{decoys} decoys; {len(problems)} problems"
    )
    if "--stats" in sys.argv:
        print("| file | words | attributions | direct | mixed | indirect | no source |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for n, i in infos.items():
            a = i["atts"]
            print(
                f"| {n} | {i['words']} | {len(a)} | "
                + " | ".join(str(sum(x["kind"] == k for x in a)) for k in ("direct", "mixed", "indirect"))
                + f" | {sum(not x['source'] for x in a)} |"
            )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
