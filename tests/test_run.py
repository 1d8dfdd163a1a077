"""Batch runs: every input accounted for, failures recorded with their stage, order kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from saywho.errors import Failure, ModelError
from saywho.run import check_models, extract_all, extract_inputs, read_inputs
from saywho.types import Article

SAID = "\u201cWe will rebuild the bridge,\u201d Mayor Ana Ortiz said on Monday.\n"


def test_bad_inputs_become_failures_and_the_rest_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SAID, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    failures: list[Failure] = []
    articles = list(read_inputs([str(good), str(tmp_path / "missing.txt"), str(empty)], failures.append))
    assert [a.text for a in articles] == [SAID]
    assert sorted(Path(f.input).name for f in failures) == ["empty.txt", "missing.txt"]
    assert all(f.stage == "read" and f.fatal and str(f).startswith(f.input) for f in failures)


def test_an_article_that_breaks_the_pipeline_is_isolated(pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.__class__.pipe

    def fragile(self, articles):  # type: ignore[no-untyped-def]
        articles = list(articles)
        if any(a.id == "bad" for a in articles):  # the whole batch fails, as a crash in spaCy would
            raise RuntimeError("boom")
        return real(self, articles)

    monkeypatch.setattr(pipeline.__class__, "pipe", fragile)
    failures: list[Failure] = []
    batch = [Article(id="one", text=SAID), Article(id="bad", text=SAID), Article(id="two", text=SAID)]
    out = list(extract_all(batch, pipeline, failures.append))
    assert [a.id for a in out] == ["one", "two"]
    (failure,) = failures
    assert (failure.input, failure.stage) == ("bad", "extract") and "RuntimeError: boom" in failure.reason


def test_a_bad_model_fails_before_any_input_is_read(tmp_path: Path) -> None:
    bogus = tmp_path / "model"
    bogus.mkdir()
    (bogus / "model.json.gz").write_bytes(b"not gzip")
    with pytest.raises(ModelError, match="not a saywho attribution model"):
        check_models(None, str(bogus))
    with pytest.raises(ModelError):
        extract_inputs([str(tmp_path / "never-read.txt")], lambda f: pytest.fail(str(f)), model=str(bogus))


def test_extract_inputs_keeps_input_order(tmp_path: Path) -> None:
    paths = []
    for i in range(3):
        p = tmp_path / f"{i}.txt"
        p.write_text(SAID if i != 1 else "Nothing said.\n", encoding="utf-8")
        paths.append(str(p))
    failures: list[Failure] = []
    out = list(extract_inputs(paths, failures.append, model="rules"))
    assert len(out) == 3 and not failures
    assert [bool(a.quotes) for a in out] == [True, False, True]
