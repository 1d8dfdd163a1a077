"""The token tagger: trained on labelled tokens, its marginals are probabilities that
become features of the candidates."""

from __future__ import annotations

import numpy as np
import pytest

from saywho.detect.candidate import Candidate
from saywho.detect.marks import QuotationIndex, find_quotations
from saywho.models.candidates import Tree
from saywho.models.tagger import LABELS, Tagger, candidate_features, fit, token_labels

TEXT = 'The senator said that the plan would fail. "It is dead," the mayor said. Rain fell on Monday.'


@pytest.fixture(scope="module")
def tree(pipeline):
    with pipeline.nlp.select_pipes(disable=["saywho"]):
        return Tree(pipeline.nlp(TEXT))


def _ids(tree: Tree, words: str) -> list[int]:
    start = TEXT.index(words)
    return [i for i, s in enumerate(tree.start) if start <= s < start + len(words)]


@pytest.fixture(scope="module")
def tagger(tree, tmp_path_factory) -> Tagger:
    labels = token_labels(
        len(tree.head),
        _ids(tree, "that the plan would fail") + _ids(tree, "It is dead"),
        _ids(tree, "The senator") + _ids(tree, "the mayor"),
        _ids(tree, "said that")[:1] + _ids(tree, "said. Rain")[:1],
    )
    quotes = QuotationIndex(find_quotations(TEXT))
    path = fit([(tree, quotes, labels)] * 5, tmp_path_factory.mktemp("crf") / "t.crfsuite")
    return Tagger.read(path)


def test_marginals_are_a_distribution_per_token_and_learn_the_labels(tree, tagger) -> None:
    marg = tagger.marginals(tree, QuotationIndex(find_quotations(TEXT)))
    assert marg.shape == (len(tree.head), len(LABELS))
    assert np.allclose(marg.sum(axis=1), 1.0, atol=1e-4)
    plan = _ids(tree, "plan")[0]
    rain = _ids(tree, "Rain")[0]
    assert marg[plan, LABELS.index("C")] > 0.5  # seen as content in training
    assert marg[rain, LABELS.index("O")] > 0.5


def test_candidate_features_describe_content_source_and_cue(tree, tagger) -> None:
    marg = tagger.marginals(tree, QuotationIndex(find_quotations(TEXT)))
    at = TEXT.index("that the plan would fail")
    cand = Candidate(
        content=[(at, at + len("that the plan would fail"))],
        rule="verb",
        cue=[(TEXT.index("said"), TEXT.index("said") + 4)],
        source=(0, len("The senator")),
        cue_head=_ids(tree, "said")[0],
    )
    names = {f.split("=")[0] for f in candidate_features(tree, cand, marg)}
    assert {"crf_c_mean", "crf_c_before", "crf_c_after", "crf_s", "crf_q"} <= names
    assert "crf_s=none" in candidate_features(tree, Candidate(content=cand.content, rule="verb"), marg)


def test_the_tagger_round_trips_through_its_bytes(tree, tagger) -> None:
    quotes = QuotationIndex(find_quotations(TEXT))
    assert np.array_equal(Tagger(tagger.data).marginals(tree, quotes), tagger.marginals(tree, quotes))
