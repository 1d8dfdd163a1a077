"""End to end on the article that started the project, against its hand-checked output."""

from __future__ import annotations

import re

from saywho.evaluate import Tokens, match

THRESHOLD = 0.9


def _norm(name: str) -> str:
    return re.sub(r"[^\w ]", "", name.lower().replace("’s", "").replace("'s", "")).strip()


def _same_speaker(pred_name: str | None, gold_name: str) -> bool:
    """Names agree when their last words agree ("Sergey Lavrov" vs "Lavrov" fails on purpose: no)."""
    if not pred_name:
        return False
    p, g = _norm(pred_name).split(), _norm(gold_name).split()
    return bool(p) and bool(g) and p[-1] == g[-1]


def _pairs(article, gold):
    toks = Tokens(gold["text"])
    golds = [q for q in gold["quotes"] if q["region"] in ("headline", "body")]
    g_sets = [toks.cover(q["content"]["spans"]) for q in golds]
    p_sets = [toks.cover(q.content.spans) for q in article.quotes]
    return golds, [(article.quotes[i], golds[j]) for i, j in match(g_sets, p_sets)]


def test_text_is_exact_and_spans_index_it(seed_article, seed_gold):
    assert seed_article.text == seed_gold["text"]
    for q in seed_article.quotes:
        for part in (q.content, q.cue, q.source):
            if part is not None:
                assert part.text == " … ".join(seed_article.text[s:e] for s, e in part.spans)


def test_finds_90_percent_of_headline_and_body_attributions(seed_article, seed_gold):
    golds, pairs = _pairs(seed_article, seed_gold)
    assert len(golds) == 25
    found = len(pairs) / len(golds)
    assert found >= THRESHOLD, f"found {len(pairs)}/{len(golds)}"


def test_names_the_right_speaker_for_90_percent(seed_article, seed_gold):
    golds, pairs = _pairs(seed_article, seed_gold)
    gold_names = {s["id"]: s["name"] for s in seed_gold["speakers"]}
    right = 0
    wrong = []
    for pred, gold in pairs:
        sp = seed_article.speaker(pred.speaker)
        if _same_speaker(sp.name if sp else None, gold_names[gold["speaker"]]):
            right += 1
        else:
            wrong.append((gold["content"]["text"][:40], sp.name if sp else None, gold_names[gold["speaker"]]))
    assert right / len(golds) >= THRESHOLD, f"{right}/{len(golds)} right; wrong: {wrong}"


def test_scare_quote_moderate_is_not_an_attribution(seed_article):
    start = seed_article.text.index("moderate*”")
    for q in seed_article.quotes:
        assert not any(s <= start < e for s, e in q.content.spans), q.content.text


def test_read_more_lines_are_related(seed_article):
    text = seed_article.text
    for m in re.finditer(r"^Read more .*$", text, re.M):
        assert seed_article.region_at(m.start()) == "related"
        inside = [q for q in seed_article.quotes if m.start() <= q.content.start < m.end()]
        assert all(q.region == "related" for q in inside)


def test_lavrov_is_one_speaker_with_role_and_aliases(seed_article):
    lavrov = [s for s in seed_article.speakers if s.name.endswith("Lavrov")]
    assert len(lavrov) == 1
    sp = lavrov[0]
    assert sp.name == "Sergey Lavrov" and sp.type == "person"
    assert "Russian Foreign Minister" in sp.roles
    assert sp.quotes >= 15


def test_split_and_mixed_kinds(seed_article):
    kinds = {q.content.text[:20]: q.kind for q in seed_article.quotes}
    assert kinds["They still, in spite"] == "direct"
    assert kinds["that there was “*no "] == "mixed"
    assert kinds["that Washington has "] == "indirect"
