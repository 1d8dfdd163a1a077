"""Speaker accuracy against the hand-judged sources of benchmarks/speakers/judged/.

    python benchmarks/speakers.py                 # the shipped model on the judged dev articles
    python benchmarks/speakers.py --errors        # also list every wrong speaker
    python benchmarks/speakers.py --json
    python benchmarks/speakers.py --set check     # the check set, judged after the rules were written

Each judged file names, for every gold ``Source`` of one PolNeAR dev article, the real
person or organisation it refers to (rules: benchmarks/speakers/RULES.md). Gold and
predicted attributions are paired as ``saywho evaluate`` pairs them (content Dice >= 0.5,
optimal assignment); for each pair whose gold source is judged, the predicted speaker is
right when its name is the judged entity's name or one of its aliases (normalised as
corpus speaker names are), or, for an unnamed source, when the prediction is an unnamed
source too. Accuracy is printed per source kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from saywho import Pipeline
from saywho.corpus.speakers import normalize
from saywho.evaluate import GoldArticle, Tokens, load_brat, match
from saywho.readers import read_text
from saywho.types import Article, Speaker

ROOT = Path(__file__).resolve().parent
SETS = {
    "judged": ROOT / "speakers" / "judged",  # the set the resolver's rules were developed against
    "check": ROOT / "speakers" / "check",  # judged later, never looked at while writing rules
}
DEFAULT_SPLIT = ROOT.parent.parent / "shared" / "polnear" / "data" / "dev"
KINDS = ("name", "pronoun (named)", "pronoun (unnamed)", "description", "unnamed")
PRONOUNS = {"he", "she", "they", "we", "i", "it", "who", "which", "that", "him", "her", "them", "us"}


@dataclass
class Verdict:
    article: str
    kind: str
    source: str
    entity: str | None
    predicted: str | None
    right: bool
    predicted_source: str | None = None
    predicted_type: str | None = None
    source_found: bool = False  # the predicted source overlaps the gold one


def is_unnamed(sp: Speaker | None) -> bool:
    """An unnamed source of the article: type ``unnamed``, or (older outputs) a description."""
    if sp is None:
        return False
    if sp.type == "unnamed":
        return True
    from saywho.corpus.speakers import is_description

    return is_description(sp.name)


def judged_kind(src: dict[str, Any]) -> str:
    """The row a source counts in: pronouns split by whether the article names their referent."""
    kind = src["kind"]
    if kind == "pronoun" or (kind == "unnamed" and src["text"].strip().lower() in PRONOUNS):
        return "pronoun (named)" if src.get("entity") else "pronoun (unnamed)"
    return kind


def entity_forms(entities: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Normalised names and aliases of each judged entity.

    A one-word form that is the surname of another entity of the article is dropped:
    normalising "Mrs. Clinton" gives "clinton", which would also accept a bare "Clinton"
    in an article that quotes Bill Clinton too.
    """
    forms: dict[str, set[str]] = {}
    for ent in entities:
        t = ent.get("type", "person")
        forms[ent["name"]] = {normalize(n, t) for n in [ent["name"], *ent.get("aliases", [])]} - {""}
    for name, fs in forms.items():
        others = {
            normalize(e["name"], "person").split()[-1]
            for e in entities
            if e["name"] != name and normalize(e["name"], "person")
        }
        forms[name] = {f for f in fs if " " in f or f not in others}
    return forms


def judge_article(judged: dict[str, Any], gold: GoldArticle, article: Article) -> list[Verdict]:
    """One verdict per matched attribution whose gold source is judged (``multiple`` skipped)."""
    forms = entity_forms(judged["entities"])
    by_start = {tuple(s["span"]): s for s in judged["sources"]}
    toks = Tokens(gold.text)
    g_content = [toks.cover(a.content) for a in gold.attributions]
    p_content = [toks.cover(q.content.spans) for q in article.quotes]
    out: list[Verdict] = []
    for i, j in match(g_content, p_content):
        g = gold.attributions[j]
        src = next((by_start[(s, e)] for s, e in g.source if (s, e) in by_start), None)
        if src is None:
            src = next((s for key, s in by_start.items() if any(a <= key[0] < b for a, b in g.source)), None)
        if src is None or src["kind"] == "multiple":
            continue
        q = article.quotes[i]
        sp = article.speaker(q.speaker)
        entity = src.get("entity")
        if entity:
            right = sp is not None and not is_unnamed(sp) and normalize(sp.name, sp.type) in forms.get(entity, set())
            if not right and sp is not None and sp.type == "organization":
                right = normalize(sp.name, "organization") in {
                    normalize(n, "organization") for n in forms.get(entity, set())
                }
        else:
            right = is_unnamed(sp)
        out.append(
            Verdict(
                gold.id,
                judged_kind(src),
                src["text"],
                entity,
                sp.name if sp else None,
                right,
                q.source.text if q.source else None,
                sp.type if sp else None,
                bool(q.source) and any(a < e and s < b for s, e in q.source.spans for a, b in g.source),
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", nargs="?", default=str(DEFAULT_SPLIT), help="the brat split the judged articles come from")
    ap.add_argument("--model", default=None, help="attribution model: the shipped one, 'rules', or a folder")
    ap.add_argument("--errors", action="store_true", help="list every wrong speaker")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--set", choices=[*SETS, "all"], default="judged", help="which judged articles (default: judged)")
    args = ap.parse_args(argv)
    folders = list(SETS.values()) if args.set == "all" else [SETS[args.set]]
    files = sorted(f for d in folders for f in d.glob("*.json"))
    if not files:
        print(f"speakers.py: no judged files in {', '.join(map(str, folders))}", file=sys.stderr)
        return 1
    judged = {f.stem: json.loads(f.read_text(encoding="utf-8")) for f in files}
    gold = {g.id: g for g in load_brat(args.split) if g.id in judged}
    missing = sorted(set(judged) - set(gold))
    if missing:
        print(f"speakers.py: {len(missing)} judged article(s) not in {args.split}: {missing[0]} …", file=sys.stderr)
        return 1
    pipeline = Pipeline(model=args.model)
    articles = pipeline.pipe(read_text(gold[k].text, id=k) for k in sorted(gold))
    verdicts: list[Verdict] = []
    for art in articles:
        verdicts += judge_article(judged[art.id], gold[art.id], art)

    def row(vs: list[Verdict]) -> dict[str, Any]:
        found = [v for v in vs if v.source_found]
        return {
            "scored": len(vs),
            "right": sum(v.right for v in vs),
            "accuracy": round(100 * sum(v.right for v in vs) / len(vs), 1) if vs else None,
            "source_found": len(found),
            "accuracy_source_found": round(100 * sum(v.right for v in found) / len(found), 1) if found else None,
        }

    rows = {k: row([v for v in verdicts if v.kind == k]) for k in KINDS}
    rows["all"] = row(verdicts)
    if args.json:
        print(json.dumps({"articles": len(gold), "kinds": rows}, indent=2))
    else:
        print(f"Speaker accuracy on matched attributions ({len(gold)} judged articles)")
        print("(right source: the subset whose predicted source span overlaps the gold source)")
        print(f"{'source kind':<20}{'scored':>8}{'right':>8}{'accuracy':>10}{'right source':>14}{'accuracy':>10}")
        for k, r in rows.items():
            acc = "-" if r["accuracy"] is None else f"{r['accuracy']:.1f}%"
            acc2 = "-" if r["accuracy_source_found"] is None else f"{r['accuracy_source_found']:.1f}%"
            print(f"{k:<20}{r['scored']:>8}{r['right']:>8}{acc:>10}{r['source_found']:>14}{acc2:>10}")
    if args.errors:
        for v in verdicts:
            if not v.right:
                print(
                    f"  {v.article[:30]:<30} {v.kind:<18} {v.source[:40]!r:<42} want {v.entity or 'unnamed'!s:<22}"
                    f" got {v.predicted} ({v.predicted_type}) from {v.predicted_source!r}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
