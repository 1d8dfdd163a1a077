"""The token tagger: trained on labelled tokens, its marginals are probabilities that
become features of the candidates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from saywho.detect.candidate import Candidate
from saywho.detect.marks import QuotationIndex, find_quotations
from saywho.models.candidates import Tree
from saywho.models.tagger import (
    LABELS,
    Tagger,
    _bucket,
    _clean,
    candidate_features,
    columns,
    fit,
    sequences,
    token_labels,
)

TEXT = 'The senator said that the plan would fail. "It is dead," the mayor said. Rain fell on Monday.'


@pytest.fixture(scope="module")
def tree(pipeline):
    with pipeline.nlp.select_pipes(disable=["saywho"]):
        return Tree(pipeline.nlp(TEXT))


def _ids(tree: Tree, words: str) -> list[int]:
    start = TEXT.index(words)
    return [i for i, s in enumerate(tree.start) if start <= s < start + len(words)]


@pytest.fixture(scope="module")
def crf_file(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("crf") / "t.crfsuite"


@pytest.fixture(scope="module")
def tagger(tree, crf_file) -> Tagger:
    labels = token_labels(
        len(tree.head),
        _ids(tree, "that the plan would fail") + _ids(tree, "It is dead"),
        _ids(tree, "The senator") + _ids(tree, "the mayor"),
        _ids(tree, "said that")[:1] + _ids(tree, "said. Rain")[:1],
    )
    quotes = QuotationIndex(find_quotations(TEXT))
    return fit([(tree, quotes, labels)] * 5, crf_file)


def test_marginals_are_a_distribution_per_token_and_learn_the_labels(tree, tagger) -> None:
    marg = tagger.marginals(tree, QuotationIndex(find_quotations(TEXT))).array
    assert marg.shape == (len(tree.head), len(LABELS))
    assert np.allclose(marg.sum(axis=1), 1.0, atol=1e-4)
    plan = _ids(tree, "plan")[0]
    rain = _ids(tree, "Rain")[0]
    assert marg[plan, LABELS.index("C")] > 0.5  # seen as content in training
    assert marg[rain, LABELS.index("O")] > 0.5


def test_candidate_features_describe_content_source_and_cue(tree, tagger) -> None:
    at = TEXT.index("that the plan would fail")
    cand = Candidate(
        content=[(at, at + len("that the plan would fail"))],
        rule="verb",
        cue=[(TEXT.index("said"), TEXT.index("said") + 4)],
        source=(0, len("The senator")),
        cue_head=_ids(tree, "said")[0],
    )
    marg = tagger.marginals(tree, QuotationIndex(find_quotations(TEXT)))
    names = {f.split("=")[0] for f in candidate_features(tree, cand, marg)}
    assert {"crf_c_mean", "crf_c_before", "crf_c_after", "crf_s", "crf_q"} <= names
    assert "crf_s=none" in candidate_features(tree, Candidate(content=cand.content, rule="verb"), marg)
    # the running sums give what a pass over the content's words gives
    words = [i for i in _ids(tree, "that the plan would fail") if not tree.edge[i]]
    column = marg.array[:, LABELS.index("C")]
    feats = candidate_features(tree, cand, marg)
    assert f"crf_c_mean={_bucket(float(column[words].mean()))}" in feats
    assert f"crf_c_min={_bucket(float(column[words].min()))}" in feats
    assert f"crf_c_last={_bucket(float(column[words[-1]]))}" in feats
    assert f"crf_c_before={_bucket(float(column[words[0] - 1]))}" in feats  # "said"
    after = next(i for i in range(words[-1] + 1, len(tree.head)) if not tree.edge[i])
    assert tree.lower[after] == "it"  # past the full stop and the quotation mark
    assert f"crf_c_after={_bucket(float(column[after]))}" in feats


def test_the_tagger_round_trips_through_its_bytes(tree, tagger) -> None:
    quotes = QuotationIndex(find_quotations(TEXT))
    again = Tagger.from_bytes(tagger.to_bytes())
    assert again.attributes == tagger.attributes
    assert np.allclose(again.marginals(tree, quotes).array, tagger.marginals(tree, quotes).array, atol=1e-6)


def test_the_marginals_are_crfsuites_own(tree, tagger, crf_file) -> None:
    """Forward-backward here, all sentences at once, gives what crfsuite's tagger gives."""
    import pycrfsuite

    quotes = QuotationIndex(find_quotations(TEXT))
    crf = pycrfsuite.Tagger()
    crf.open(str(crf_file))
    ours = tagger.marginals(tree, quotes).array
    assert len(list(tree.doc.sents)) == 3
    for sent, items in zip(tree.doc.sents, sequences(tree, quotes), strict=True):
        crf.set(items)
        for k in range(len(sent)):
            theirs = [crf.marginal(label, k) for label in LABELS]
            assert np.allclose(ours[sent.start + k], theirs, atol=1e-5)


def test_features_of_whitespace_words_are_one_line() -> None:
    assert _clean("said") == "said"
    assert _clean("\n\n") == "\\n\\n"
    assert " " not in _clean("  ") and _clean("  ") != _clean(" ")


def test_the_templates_shift_within_a_sentence(tree) -> None:
    quotes = QuotationIndex(find_quotations(TEXT))
    cols = dict(columns(tree, quotes))
    first = [s.start for s in tree.doc.sents]
    last = [s.end - 1 for s in tree.doc.sents]
    assert all(cols["w-1"][i] == "<>" and cols["p-2"][i] == "<>" for i in first)
    assert all(cols["w+1"][i] == "<>" and cols["p1"][i] == "<>" for i in last)
    assert cols["w+1"][0] == tree.lower[1] and cols["p-2"][2] == tree.tag[0]
