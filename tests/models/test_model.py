"""The learned attribution model: path walking, calibration, persistence, and what it adds."""

from __future__ import annotations

import gzip
import json
from itertools import pairwise
from pathlib import Path

import pytest

from saywho.errors import ModelError
from saywho.models import AttributionModel, Calibration, default_path, load_model
from saywho.models.bounds import Bounds
from saywho.models.candidates import Grammar, Tree, trie
from saywho.models.paths import dep_path, follow, top

LEAD = "Officials met in Washington on Monday.\n\n"


@pytest.fixture(scope="module")
def doc(pipeline):
    text = "Lavrov said that the US, which promised a ceasefire, had failed, and Kerry denied it."
    with pipeline.nlp.select_pipes(disable=["saywho"]):
        return pipeline.nlp(text)


def test_dep_path_leads_back_to_its_target(doc) -> None:
    tree = Tree(doc)
    for a in doc:
        for b in doc:
            path = dep_path(a, b)
            assert path is not None  # one sentence: always connected
            assert tree.path(a.i, b.i) == path  # the list-based parse finds the same path
            if path == "=":
                assert a.i == b.i
                continue
            assert b.i in [t.i for t in follow(a, path)]
            assert (0, b.i) in tree.walk(a.i, trie([path]))  # the list-based walk agrees with the Token one


def test_top_prefers_words_over_punctuation(doc) -> None:
    said = next(t for t in doc if t.text == "said")
    clause = [t.i for t in said.subtree if t.i > said.i]
    head = top(doc, clause)
    assert doc[head].dep_ == "ccomp"
    assert not doc[head].is_punct


def test_tree_spans_trim_edge_punctuation(doc) -> None:
    tree = Tree(doc)
    comma = next(t.i for t in doc if t.text == ",")
    ((start, end),) = tree.spans([(comma, comma + 2)])
    assert doc.text[start:end] == doc[comma + 1 : comma + 3].text
    assert tree.has_word([(comma, comma + 2)]) and not tree.has_word([(comma, comma)])


def test_subtract_cuts_token_runs() -> None:
    from saywho.models.candidates import subtract

    assert subtract([(0, 9)], 3, 4) == [(0, 2), (5, 9)]
    assert subtract([(0, 9)], 0, 9) == []
    assert subtract([(0, 2), (5, 9)], 2, 5) == [(0, 1), (6, 9)]
    assert subtract([(3, 4)], 6, 8) == [(3, 4)]


def test_calibration_is_monotone_and_clipped() -> None:
    cal = Calibration([0.1, 0.5, 0.9], [0.0, 0.4, 1.0])
    assert cal(0.0) == 0.0 and cal(1.0) == 1.0
    assert cal(0.3) == pytest.approx(0.2)
    values = [cal(x / 100) for x in range(101)]
    assert values == sorted(values)
    assert Calibration()(0.37) == 0.37  # no calibration: the raw score


def test_model_round_trips_through_its_file(tmp_path) -> None:
    model = AttributionModel(
        grammar=Grammar(frozenset({"say"}), ["vccomp"], ["vnsubj"], barren=frozenset({("bring", "vdobj")})),
        weights={"bias": 0.5, "lemma=say": 1.25},
        bias=-0.25,
        threshold=0.4,
        unquoted_threshold=0.55,
        calibration=Calibration([0.1, 0.9], [0.05, 0.95]),
        bounds=Bounds({"cs:low=that": 0.5, "ce:next=,": -0.25}),
        recalibration=Calibration([0.3, 0.8], [0.25, 0.85]),
        meta={"seed": 0},
    )
    path = model.save(tmp_path)
    again = AttributionModel.load(tmp_path)
    assert again == model
    assert AttributionModel.load(path) == model  # the file itself works too
    first = path.read_bytes()
    model.save(tmp_path)
    assert path.read_bytes() == first  # same content, same bytes


def test_bad_model_paths_say_what_is_wrong(tmp_path) -> None:
    with pytest.raises(ModelError, match="not a saywho attribution model"):
        AttributionModel.load(tmp_path / "missing")
    (tmp_path / "model.json.gz").write_bytes(gzip.compress(json.dumps({"format": "other/9"}).encode()))
    with pytest.raises(ModelError, match="unsupported model format"):
        AttributionModel.load(tmp_path)


def test_shipped_model_is_small_documented_and_tuned() -> None:
    weights = default_path() / "model.json.gz"
    assert weights.stat().st_size <= 30 * 1024 * 1024
    card = (default_path() / "MODEL_CARD.md").read_text(encoding="utf-8")
    for section in ("Training data", "Dev metrics", "Calibration", "Known failure modes"):
        assert section in card
    model = load_model()
    assert 0.0 < model.threshold < 1.0 and model.unquoted_threshold is not None
    assert model.bounds.weights and model.recalibration.x  # the second stages ship with the model
    assert model.meta["dev"]["attribution_f1"] > model.meta["dev_rules"]["attribution_f1"]
    assert 0.0 <= model.meta["ece_dev_kept"] < 0.1


@pytest.mark.parametrize(
    "body, content, source",
    [
        (
            "Trump criticized Clinton's handling of the email scandal.",
            "Clinton's handling of the email scandal",
            "Trump",
        ),
        (
            "Republicans fear that the nominee will lose in November.",
            "that the nominee will lose in November",
            "Republicans",
        ),
    ],
)
def test_model_finds_attributions_beyond_speech_verbs(pipeline, body: str, content: str, source: str) -> None:
    quotes = pipeline(LEAD + body).quotes
    assert [(q.content.text, q.source.text if q.source else None) for q in quotes] == [(content, source)]


def test_plain_description_is_not_an_attribution(pipeline) -> None:
    assert pipeline(LEAD + "The weather was cold and the roads were icy.").quotes == []


def test_confidence_is_a_probability_and_min_confidence_filters(seed_article) -> None:
    from saywho import Pipeline
    from saywho.readers import read_path

    example = Path(__file__).resolve().parents[2] / "examples" / "000_8b469b86e2e04f6a.txt"

    confidences = [q.confidence for q in seed_article.quotes]
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert len(set(confidences)) > 3  # scores, not a constant per rule
    strict = Pipeline(min_confidence=0.9)(read_path(example))
    kept = sorted(q.content.text for q in seed_article.quotes if q.confidence >= 0.9)
    assert sorted(q.content.text for q in strict.quotes) == kept
    assert 0 < len(kept) < len(seed_article.quotes)


def test_outputs_never_share_content(seed_article) -> None:
    spans = sorted(s for q in seed_article.quotes for s in q.content.spans)
    for (_, e1), (s2, _) in pairwise(spans):
        assert e1 <= s2


def _cand(content, cue, score=0.9, quoted=(), direct=False):
    from saywho.detect.candidate import Candidate

    return Candidate(content=list(content), rule="path", cue=[cue], score=score, quoted=list(quoted), direct=direct)


def test_readings_of_one_cue_next_to_each_other_become_one_attribution() -> None:
    from saywho.models.model import join_by_cue

    text = "Officials condemned Friday's test as a grave threat to stability. They met later."
    cue = (10, 19)
    obj, pred = (20, 33), (37, 64)
    (joined,) = join_by_cue([_cand([obj], cue, 0.8), _cand([pred], cue, 0.6)], text)
    assert joined.content == [obj, pred] and joined.score == 0.8
    # readings on both sides of the cue are rivals: the better one stands; different cues stay apart
    text2 = "The deal is dead, officials said, and the talks are over."
    before, after = (0, 16), (38, 56)
    (best,) = join_by_cue([_cand([before], (28, 32), 0.5), _cand([after], (28, 32), 0.7)], text2)
    assert best.content == [after]
    assert len(join_by_cue([_cand([obj], cue), _cand([pred], (65, 69))], text)) == 2
    # direct quotes are never joined
    assert len(join_by_cue([_cand([obj], cue, direct=True, quoted=[obj]), _cand([pred], cue)], text)) == 2


def test_quote_continued_after_its_cue_is_a_variant_and_stops_at_a_new_speaker(pipeline) -> None:
    from saywho.detect.marks import QuotationIndex, find_quotations
    from saywho.detect.quotes import quote_frames
    from saywho.models.variants import continuations

    text = (
        '"We will not give up," said Kevin Hecht, a tunneling expert from Columbus, Ohio, at a hearing on Monday. '
        '"The stakes are high." "They are not," the minister said.'
    )
    with pipeline.nlp.select_pipes(disable=["saywho"]):
        doc = pipeline.nlp(text)
    index = QuotationIndex(find_quotations(text))
    (base, *_) = [c for c in quote_frames(doc, index, set()) if c.cue_lemma == "say"]
    assert [text[s:e] for s, e in base.content] == ["We will not give up"]  # the rules stop at the long gap
    variants = list(continuations(doc, base, index, text, {}))
    assert [[text[s:e] for s, e in v.content] for v in variants] == [["We will not give up", "The stakes are high"]]
    assert "cont_gap=sent" in variants[0].variant


def test_a_topic_is_no_content(pipeline) -> None:
    from saywho.models.features import is_topic

    text = "Speaking to reporters about the war, the minister said that talks would resume."
    with pipeline.nlp.select_pipes(disable=["saywho"]):
        doc = pipeline.nlp(text)
    model = load_model()
    cands, feats = model.candidates(doc)
    assert len(cands) == len(feats)
    assert not any(c.start == text.index("about the war") for c in cands)
    assert any(
        text[c.start : c.end].startswith("that talks") or text[c.start : c.end].startswith("talks") for c in cands
    )
    tree = Tree(doc)
    assert not any(is_topic(tree, c) for c in cands)


def test_content_without_quotation_marks_needs_the_higher_threshold() -> None:
    from saywho.detect.candidate import Candidate
    from saywho.models.model import keep

    text = 'Smith said the plan "will fail". Jones said costs fall.'
    q = text.index('"will fail"')
    c = text.index("costs fall")
    quoted = Candidate(content=[(q, q + 11)], rule="quote", quoted=[(q, q + 11)], direct=True, score=0.5)
    plain = Candidate(content=[(c, c + 10)], rule="verb", score=0.5)
    assert keep([quoted, plain], 0.4, text) == [quoted, plain]
    assert keep([quoted, plain], 0.4, text, unquoted=0.6) == [quoted]
    assert keep([quoted, plain], 0.6, text, unquoted=0.4) == [plain]


def test_a_barren_cue_path_pair_is_not_proposed(pipeline) -> None:
    from saywho.models.candidates import propose_paths

    text = "The minister said that talks would resume, and she brought a plan."
    with pipeline.nlp.select_pipes(disable=["saywho"]):
        doc = pipeline.nlp(text)
    grammar = Grammar(frozenset({"say", "bring"}), ["vccomp", "vdobj"], ["vnsubj"])
    pairs = {(c.cue_lemma, c.path) for c in propose_paths(doc, grammar)}
    assert {("say", "vccomp"), ("bring", "vdobj")} <= pairs
    barren = Grammar(
        grammar.cue_lemmas, grammar.content_paths, grammar.source_paths, barren=frozenset({("bring", "vdobj")})
    )
    assert {(c.cue_lemma, c.path) for c in propose_paths(doc, barren)} == pairs - {("bring", "vdobj")}
