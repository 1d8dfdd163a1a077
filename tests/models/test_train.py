"""``saywho train`` on a tiny synthetic brat split (tests/data/brat-mini): it writes a
model and its card, and the written model loads, extracts and evaluates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saywho.cli import app
from saywho.errors import ModelError
from saywho.models import AttributionModel, load_model
from saywho.types import span_text

MINI = Path(__file__).resolve().parents[1] / "data" / "brat-mini"
DEV_TEXT = MINI / "dev" / "text" / "bus_fares.txt"


def assert_no_crash(result) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"command raised {result.exception!r}\n{result.output}") from result.exception
    assert "Traceback" not in result.output


def check_spans(obj: dict) -> None:
    for q in obj["quotes"]:
        for key in ("content", "cue", "source"):
            if q[key] is not None:
                assert q[key]["text"] == span_text(obj["text"], [tuple(p) for p in q[key]["spans"]]), (q["id"], key)


def _train(out: Path, seed: int = 0):
    args = ["train", "--train", str(MINI / "train"), "--dev", str(MINI / "dev"), "--out", str(out), "--seed", str(seed)]
    result = CliRunner().invoke(app, args)
    assert_no_crash(result)
    return result


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("models") / "mini"
    return out, _train(out)


def test_train_writes_the_model_and_its_card(trained):
    out, result = trained
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["MODEL_CARD.md", "model.json.gz", "tagger.npz"]
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert card.startswith("# saywho attribution model")
    assert str(MINI / "train") in card
    assert "grammar:" in result.stderr  # the training log goes to stderr
    assert f"--model {out}" in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_the_trained_model_loads_with_its_metadata(trained):
    out, _ = trained
    model = load_model(out)
    assert isinstance(model, AttributionModel)
    assert model.weights and 0.0 < model.threshold < 1.0
    assert model.meta["train_articles"] == 4 and model.meta["dev_articles"] == 2
    assert model.meta["train_attributions"] == 12 and model.meta["seed"] == 0


def test_the_same_seed_gives_the_same_model(trained, tmp_path):
    out, _ = trained
    again = tmp_path / "again"
    assert _train(again).exit_code == 0
    a, b = AttributionModel.load(out), AttributionModel.load(again)
    assert (a.weights, a.bias, a.threshold, a.calibration) == (b.weights, b.bias, b.threshold, b.calibration)
    assert (
        a.tagger is not None
        and b.tagger is not None
        and a.tagger.attributes == b.tagger.attributes
        and (a.tagger.weights == b.tagger.weights).all()
    )


def test_a_model_folder_without_its_tagger_is_a_one_line_error(trained, tmp_path):
    out, _ = trained
    (tmp_path / "model.json.gz").write_bytes((out / "model.json.gz").read_bytes())
    with pytest.raises(ModelError, match=r"tagger\.npz"):
        AttributionModel.load(tmp_path)


def test_the_trained_model_extracts(trained):
    out, _ = trained
    result = CliRunner().invoke(app, ["extract", str(DEV_TEXT), "-f", "jsonl", "--model", str(out)])
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    (obj,) = [json.loads(line) for line in result.stdout.splitlines()]
    check_spans(obj)
    contents = [q["content"]["text"] for q in obj["quotes"]]
    assert "Fares have not changed in ten years" in contents
    assert all(0.0 <= q["confidence"] <= 1.0 for q in obj["quotes"])


def test_the_component_takes_the_model_path(trained):
    from saywho import Pipeline

    out, _ = trained
    pipeline = Pipeline(model=str(out))
    assert pipeline.nlp.get_pipe("saywho").model is load_model(str(out))
    assert Pipeline(model="rules").nlp.get_pipe("saywho").model is None


def test_the_trained_model_evaluates(trained):
    out, _ = trained
    result = CliRunner().invoke(app, ["evaluate", str(MINI / "dev"), "--model", str(out), "--json"])
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["gold"] == 4
    assert data["metrics"]["attribution_f1"] > 0


def test_train_on_a_missing_split_is_a_one_line_error(tmp_path):
    missing = tmp_path / "no-such-split"
    args = ["train", "--train", str(missing), "--dev", str(MINI / "dev"), "--out", str(tmp_path / "m")]
    result = CliRunner().invoke(app, args)
    assert_no_crash(result)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert str(missing) in line
    assert not (tmp_path / "m").exists()


def test_barren_pairs_were_proposed_often_and_never_right() -> None:
    from types import SimpleNamespace

    from saywho.detect.candidate import Candidate
    from saywho.models.train import BARREN_AFTER, barren_pairs

    def cand(lemma: str, path: str, rule: str = "path") -> Candidate:
        return Candidate(content=[(0, 1)], rule=rule, cue_lemma=lemma, path=path)

    n = BARREN_AFTER
    cands = [cand("bring", "vdobj")] * n + [cand("say", "vccomp")] * n + [cand("issue", "vcompound")] * (n - 1)
    cands += [cand("tell", "vdobj", rule="verb")] * n  # a rule's proposal is never barren
    ys = [0] * n + [0] * (n - 1) + [1] + [0] * (n - 1) + [0] * n
    tr = SimpleNamespace(cands=[cands], y=[ys])
    assert barren_pairs(tr) == {("bring", "vdobj")}  # "say" was right once, "issue" too rare to tell
