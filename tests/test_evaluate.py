"""Tests for brat loading and the attribution metrics in saywho.evaluate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from saywho.errors import InputError
from saywho.evaluate import (
    GoldArticle,
    GoldAttribution,
    format_report,
    is_direct_or_mixed,
    load_brat,
    match,
    read_predictions,
    score,
)
from saywho.types import Article, Quote, Span

DEV = Path("/work/shared/polnear/data/dev")


def _at(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    """Offsets of ``needle`` in ``text`` (so tests never hard-code numbers)."""
    i = text.index(needle, start)
    return (i, i + len(needle))


def _quote(text: str, content: str, source: str | None = None, kind: str = "indirect") -> Quote:
    return Quote(
        id="q",
        kind=kind,  # type: ignore[arg-type]
        content=Span.of(text, [_at(text, content)]),
        source=Span.of(text, [_at(text, source)]) if source else None,
    )


# --------------------------------------------------------------------------- loading

A_TEXT = 'Smith said the plan "will fail" soon. Jones thinks it works. The rest is noise here.'


def _write_brat(root: Path) -> None:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "a_doc.txt").write_text(A_TEXT, encoding="utf-8")
    (root / "text" / "b_doc.txt").write_text("Nothing attributed.", encoding="utf-8")
    s, e = _at(A_TEXT, "Smith")
    cs, ce = _at(A_TEXT, "the plan")
    c2s, c2e = _at(A_TEXT, '"will fail" soon')
    js, je = _at(A_TEXT, "it works")
    ts, te = _at(A_TEXT, "thinks")
    ann = "\n".join(
        [
            f"T1\tSource {s} {e}\tSmith",
            "T2\tCue 6 10\tsaid",
            f'T3\tContent {cs} {ce};{c2s} {c2e}\tthe plan "will fail" soon',
            "T4\tAttribution 6 10\tsaid",
            f"T5\tContent {js} {je}\tit works",
            f"T6\tCue {ts} {te}\tthinks",
            f"T7\tAttribution {ts} {te}\tthinks",
            f"T8\tContent {js} {je}\tit works",  # in no event: not an attribution
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            "E2\tAttribution-no-source:T7 Content:T5 Cue:T6",
            f"T9\tDiscuss {s} {e}\tSmith",
            "#1\tAnnotatorNotes T9\tignored",
        ]
    )
    (root / "attributions" / "a_doc_aaaa.ann").write_text(ann + "\n", encoding="utf-8")
    # a later annotator must be ignored
    (root / "attributions" / "a_doc_zzzz.ann").write_text(
        "T1\tContent 0 5\tSmith\nT2\tAttribution 6 10\tsaid\nE1\tAttribution:T2 Content:T1\n",
        encoding="utf-8",
    )


def test_load_brat(tmp_path: Path) -> None:
    _write_brat(tmp_path)
    arts = load_brat(tmp_path)
    assert [a.id for a in arts] == ["a_doc", "b_doc"]
    a, b = arts
    assert b.attributions == [] and b.text == "Nothing attributed."
    assert len(a.attributions) == 2  # first annotator only
    first, second = a.attributions
    assert first.source == [_at(A_TEXT, "Smith")]
    assert first.cue == [(6, 10)]
    assert first.content == [_at(A_TEXT, "the plan"), _at(A_TEXT, '"will fail" soon')]
    assert second.source == [] and second.content == [_at(A_TEXT, "it works")]


def test_load_brat_content2_merges(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = "He said: one. And two. Done."
    (tmp_path / "text" / "x.txt").write_text(text, encoding="utf-8")
    o, t = _at(text, "one."), _at(text, "two.")
    (tmp_path / "attributions" / "x_ab12.ann").write_text(
        f"T1\tContent {o[0]} {o[1]}\tone.\nT2\tContent {t[0]} {t[1]}\ttwo.\n"
        "T3\tSource 0 2\tHe\nT4\tAttribution 3 7\tsaid\n"
        "E1\tAttribution:T4 Content:T1 Content2:T2 Source:T3\n",
        encoding="utf-8",
    )
    [art] = load_brat(tmp_path)
    [att] = art.attributions
    assert att.content == [o, t]
    assert att.source == [(0, 2)]


def test_load_brat_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text/ folder"):
        load_brat(tmp_path)
    (tmp_path / "text").mkdir()
    with pytest.raises(InputError, match=r"no .txt files"):
        load_brat(tmp_path)


def test_read_predictions(tmp_path: Path) -> None:
    text = "Smith said hello there."
    art = Article(id="a", text=text, quotes=[_quote(text, "hello there", "Smith", "direct")])
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(art.to_dict()) + "\n\n", encoding="utf-8")
    preds = read_predictions(path)
    assert list(preds) == ["a"]
    assert preds["a"][0].content.spans == [_at(text, "hello there")]
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"p\.jsonl:1"):
        read_predictions(path)


# --------------------------------------------------------------------------- matching


def test_match_one_to_one() -> None:
    g = [frozenset({1, 2, 3})]
    p = [frozenset({1, 2, 3}), frozenset({1, 2, 3})]
    assert len(match(g, p)) == 1


def test_match_threshold() -> None:
    g = [frozenset({1, 2, 3})]
    assert match(g, [frozenset({1})]) == [(0, 0)]  # 2*1/(1+3) = 0.5 exactly
    assert match(g, [frozenset({1, 9, 10})]) == []  # 2*1/6 < 0.5
    assert match(g, [frozenset({1, 7, 8, 9, 10})]) == []  # 2/8 < 0.5


def test_match_beats_greedy() -> None:
    g1, g2 = frozenset({1, 2, 3, 4, 5}), frozenset({1, 2, 3})
    p1, p2 = frozenset({1, 2, 3, 4}), frozenset({4, 5})
    # greedy would take p1-g1 (0.89), leaving p2-g2 (0.0); optimal pairs p1-g2 and p2-g1
    assert sorted(match([g1, g2], [p1, p2])) == [(0, 1), (1, 0)]


def test_sub_threshold_pair_never_displaces_match() -> None:
    # p1-g1 = 0.75; p1-g2 = 0.33 and p2-g1 = 0.44 sum to more, but neither can match,
    # so a raw assignment over all Dice would lose the one real match
    g1, g2 = frozenset({1, 2, 3, 4, 5}), frozenset({3, 10, 11})
    p1, p2 = frozenset({1, 2, 3}), frozenset({4, 5, 20, 21})
    assert match([g1, g2], [p1, p2]) == [(0, 0)]


# --------------------------------------------------------------------------- scoring

S_TEXT = "Smith said taxes will rise. Jones added that costs will fall. Sources say rates hold."


def _gold(text: str, *items: tuple[str, str | None]) -> GoldArticle:
    return GoldArticle(
        id="s",
        text=text,
        attributions=[GoldAttribution(content=[_at(text, c)], source=[_at(text, s)] if s else []) for c, s in items],
    )


def test_source_correctness() -> None:
    gold = _gold(
        S_TEXT,
        ("taxes will rise", "Smith"),
        ("costs will fall", "Jones"),
        ("rates hold", None),
    )
    preds = [
        _quote(S_TEXT, "taxes will rise", "Smith said"),  # shares a token: correct
        _quote(S_TEXT, "costs will fall", "Smith"),  # wrong source
        _quote(S_TEXT, "rates hold", None),  # both none: correct
    ]
    rep = score([gold], {"s": preds})
    assert (rep.pred, rep.gold, rep.matched, rep.correct) == (3, 3, 3, 2)
    assert rep.content_f1 == pytest.approx(100.0)
    assert rep.attribution_precision == pytest.approx(200 / 3)
    # predicted source where gold has none is wrong too
    rep = score([gold], {"s": [_quote(S_TEXT, "rates hold", "Sources")]})
    assert (rep.matched, rep.correct) == (1, 0)


def test_direct_or_mixed() -> None:
    t = 'He said "we win" today.'
    assert is_direct_or_mixed(t, [_at(t, '"we win"')])  # quote inside
    assert is_direct_or_mixed(t, [_at(t, "we win")])  # adjacent on both sides
    t = "He said “_we win_” today."
    assert is_direct_or_mixed(t, [_at(t, "we win")])  # emphasis markers skipped
    t = "He said the team’s plan won't work. Then 'maybe' later."
    assert not is_direct_or_mixed(t, [_at(t, "the team’s plan won't work")])  # apostrophes
    assert is_direct_or_mixed(t, [_at(t, "'maybe'")])  # single quotes off-word
    assert not is_direct_or_mixed(t, [_at(t, "He")])
    t = "He said it \u2019s fine"
    assert is_direct_or_mixed(t, [_at(t, "it \u2019s fine")])  # not between letters


def test_direct_mixed_counts() -> None:
    t = 'Smith said "we win." Jones said they lose. Brown said "yes" and no.'
    gold = _gold(t, ('"we win."', "Smith"), ("they lose", "Jones"))
    preds = [
        _quote(t, '"we win."', "Smith", "direct"),  # matched to direct gold: counted
        _quote(t, "they lose", "Jones", "direct"),  # matched to indirect gold: not counted
        _quote(t, '"yes" and no', "Brown", "mixed"),  # unmatched, claims mixed: counted
        _quote(t, "Brown", None, "indirect"),  # unmatched indirect: not counted
    ]
    rep = score([gold], {"s": preds})
    assert (rep.dm_pred, rep.dm_gold, rep.dm_matched, rep.dm_correct) == (2, 1, 1, 1)
    assert rep.dm_precision == pytest.approx(50.0)
    assert rep.dm_recall == pytest.approx(100.0)


def test_exact_and_unquoted_counts() -> None:
    t = 'Smith of Ohio said taxes will rise soon. Jones said costs fall. Brown said "rates hold" now.'
    gold = _gold(t, ("taxes will rise soon", "Smith of Ohio"), ("costs fall", "Jones"), ('"rates hold"', "Brown"))
    preds = [
        _quote(t, "taxes will rise", "Smith"),  # content and source both one word short: matched, not exact
        _quote(t, "costs fall", "Jones"),  # exact content, exact source
        _quote(t, '"rates hold"', "Brown", "direct"),  # exact, but in quotation marks
        _quote(t, "Smith of Ohio", None),  # unmatched, no quotation marks
    ]
    rep = score([gold], {"s": preds})
    assert (rep.matched, rep.content_exact, rep.source_exact) == (3, 2, 2)
    assert rep.content_exact_f1 == pytest.approx(2 * (2 / 4) * (2 / 3) / (2 / 4 + 2 / 3) * 100)
    assert (rep.unquoted_pred, rep.unquoted_correct) == (3, 2)  # the direct quote is not counted
    assert rep.unquoted_precision == pytest.approx(200 / 3)
    metrics = rep.to_dict()["metrics"]
    assert {"content_exact_f1", "source_exact_f1", "unquoted_precision"} <= metrics.keys()


def test_micro_average_over_articles() -> None:
    t1 = "Smith said taxes will rise."
    t2 = "Jones said costs fall. Brown said rates hold. Green said wages grow."
    g1 = GoldArticle("a", t1, [GoldAttribution([_at(t1, "taxes will rise")], [_at(t1, "Smith")])])
    g2 = _gold(t2, ("costs fall", "Jones"), ("rates hold", "Brown"), ("wages grow", "Green"))
    g2.id = "b"
    preds = {
        "a": [_quote(t1, "taxes will rise", "Smith")],
        "b": [_quote(t2, "costs fall", "Green"), _quote(t2, "Brown said", None)],
        "unknown": [_quote(t1, "Smith")],  # ignored: not a gold article
    }
    rep = score([g1, g2], preds)
    assert rep.articles == 2
    assert (rep.pred, rep.gold, rep.matched, rep.correct) == (3, 4, 2, 1)
    # micro: 1/3 and 1/4, not the mean of per-article scores (1.0 and 0.0)
    assert rep.attribution_precision == pytest.approx(100 / 3)
    assert rep.attribution_recall == pytest.approx(25.0)
    assert rep.content_recall == pytest.approx(50.0)
    # missing article: its gold still counts
    rep = score([g1, g2], {"a": preds["a"]})
    assert (rep.pred, rep.gold, rep.correct) == (1, 4, 1)
    d = rep.to_dict()
    assert d["counts"]["gold"] == 4 and d["metrics"]["attribution_recall"] == 25.0


def test_format_report() -> None:
    t = "Smith said taxes will rise."
    g = GoldArticle("a", t, [GoldAttribution([_at(t, "taxes will rise")], [_at(t, "Smith")])])
    rep = score([g], {"a": [_quote(t, "taxes will rise", "Smith")]})
    console = Console(width=120, record=True)
    console.print(format_report(rep))
    out = console.export_text()
    for label in (
        "Content partial",
        "Attribution",
        "Direct-mixed attribution",
        "Content exact",
        "Source exact",
        "100.0",
    ):
        assert label in out


# --------------------------------------------------------------------------- real data


def test_polnear_dev() -> None:
    if not DEV.is_dir():
        pytest.skip(f"{DEV} not present")
    arts = load_brat(DEV)
    assert len(arts) == 84
    total = sum(len(a.attributions) for a in arts)
    assert total > 1000
    for a in arts:
        for att in a.attributions:
            assert att.content and all(0 <= s < e <= len(a.text) for s, e in att.content)
    # gold scored against itself is perfect
    preds = {
        a.id: [
            Quote(
                id=str(i),
                kind="indirect",
                content=Span.of(a.text, g.content),
                source=Span.of(a.text, g.source) if g.source else None,
            )
            for i, g in enumerate(a.attributions)
        ]
        for a in arts
    }
    rep = score(arts, preds)
    assert rep.correct == rep.gold == total
    assert 0 < rep.dm_gold < total
