"""The ``saywho`` command: formats, stdin, bad inputs, help, evaluate, the console script.

Most tests run the Typer app in-process with ``CliRunner`` and hand the command the
session's already-loaded pipeline (``saywho.pipeline.Pipeline`` is imported inside
the command, so patching the module attribute is enough); one test runs the real
installed console script end to end.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import saywho
from saywho.cli import app
from saywho.output import CSV_COLUMNS
from saywho.types import SCHEMA, span_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "000_8b469b86e2e04f6a.txt"
EXAMPLE_TEXT = EXAMPLE.read_bytes().decode("utf-8")

SHORT = "\u201cWe will not give up,\u201d Senator Jane Smith said on Tuesday.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(monkeypatch, pipeline, runner):
    """Invoke the app with the session pipeline instead of loading a model per call."""
    calls: list[tuple[str | None, dict]] = []

    def fake_pipeline(spacy_model=None, **kwargs):
        calls.append((spacy_model, kwargs))
        return pipeline

    monkeypatch.setattr("saywho.pipeline.Pipeline", fake_pipeline)

    def invoke(*args: str, input: str | None = None):
        result = runner.invoke(app, list(args), input=input)
        assert_no_crash(result)
        return result

    invoke.calls = calls  # type: ignore[attr-defined]
    return invoke


def assert_no_crash(result) -> None:
    """Exit through typer/click only: no escaped exception, no traceback printed."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"command raised {result.exception!r}\n{result.output}") from result.exception
    assert "Traceback" not in result.output


def jsonl_objects(out: str) -> list[dict]:
    lines = out.splitlines()
    assert all(line.strip() for line in lines), "blank lines in JSONL output"
    return [json.loads(line) for line in lines]


def check_spans(obj: dict) -> None:
    """Every span's text is exactly what its offsets cover in the article text."""
    text = obj["text"]
    for q in obj["quotes"]:
        for key in ("content", "cue", "source"):
            span = q[key]
            if span is None:
                continue
            assert span["spans"], (q["id"], key)
            for s, e in span["spans"]:
                assert 0 <= s < e <= len(text), (q["id"], key, s, e)
            assert span["text"] == span_text(text, [tuple(p) for p in span["spans"]]), (q["id"], key)


# --------------------------------------------------------------------------- formats


@pytest.fixture(scope="module")
def example_jsonl(pipeline) -> dict:
    """The example article through ``extract -f jsonl`` (one invocation, shared)."""
    mp = pytest.MonkeyPatch()
    mp.setattr("saywho.pipeline.Pipeline", lambda spacy_model=None, **kw: pipeline)
    try:
        result = CliRunner().invoke(app, ["extract", str(EXAMPLE), "-f", "jsonl"])
    finally:
        mp.undo()
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    return {"stdout": result.stdout, "stderr": result.stderr}


def test_jsonl_one_valid_line_with_exact_text(example_jsonl):
    out = example_jsonl["stdout"]
    assert out.endswith("\n")
    (obj,) = jsonl_objects(out)
    assert obj["schema"] == SCHEMA == "saywho/1"
    assert obj["id"] == EXAMPLE.stem
    assert obj["text"] == EXAMPLE_TEXT
    assert obj["quotes"], "the example article has quotes"
    check_spans(obj)
    speaker_ids = {s["id"] for s in obj["speakers"]}
    assert all(q["speaker"] is None or q["speaker"] in speaker_ids for q in obj["quotes"])
    assert example_jsonl["stderr"] == ""  # nothing failed, nothing to say when piped


def test_json_is_an_array_of_the_same_article(cli, example_jsonl):
    result = cli("extract", str(EXAMPLE), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert data[0] == json.loads(example_jsonl["stdout"])


def test_csv_header_and_one_row_per_quote(cli, example_jsonl):
    obj = json.loads(example_jsonl["stdout"])
    result = cli("extract", str(EXAMPLE), "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(CSV_COLUMNS)
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == len(obj["quotes"])
    assert [r["quote_id"] for r in body] == [q["id"] for q in obj["quotes"]]
    for row, q in zip(body, obj["quotes"], strict=True):
        assert row["article_id"] == EXAMPLE.stem
        assert row["content"] == q["content"]["text"]
        s, e = int(row["content_start"]), int(row["content_end"])
        assert (s, e) == (q["content"]["spans"][0][0], q["content"]["spans"][-1][1])


def test_html_to_a_folder_writes_one_page_with_the_legend(cli, tmp_path, example_jsonl):
    obj = json.loads(example_jsonl["stdout"])
    out_dir = tmp_path / "pages"
    result = cli("extract", str(EXAMPLE), "-f", "html", "-o", str(out_dir))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    page = out_dir / f"{EXAMPLE.stem}.html"
    assert sorted(p.name for p in out_dir.iterdir()) == [page.name]
    doc = page.read_text(encoding="utf-8")
    assert doc.startswith("<!DOCTYPE html>")
    legend = doc[doc.index('class="legend"') :]
    legend = legend[: legend.index("</section>")]
    assert obj["speakers"]
    for sp in obj["speakers"]:
        assert f'data-speaker="{html.escape(sp["id"])}"' in legend
        assert html.escape(sp["name"]) in legend
    assert "wrote 1 file(s)" in result.stderr


def test_wrote_message_names_a_long_output_path_on_one_line(cli, tmp_path):
    """The summary is for logs and grep too: a long path must not be folded across lines."""
    target = tmp_path / ("a_rather_long_folder_name_" * 4) / "quotes.jsonl"
    result = cli("extract", str(EXAMPLE), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert any(str(target) in line for line in result.stderr.splitlines()), result.stderr


def test_output_file_jsonl(cli, tmp_path, example_jsonl):
    target = tmp_path / "sub" / "quotes.jsonl"
    result = cli("extract", str(EXAMPLE), "-o", str(target))  # format defaults to jsonl off a terminal
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == example_jsonl["stdout"]


def test_stdin(cli):
    result = cli("extract", "-", "-f", "jsonl", input=SHORT)
    assert result.exit_code == 0, result.output
    (obj,) = jsonl_objects(result.stdout)
    assert obj["id"] == "stdin"
    assert obj["text"] == SHORT
    assert [q["content"]["text"] for q in obj["quotes"]] == ["We will not give up"]
    check_spans(obj)


# --------------------------------------------------------------------------- bad inputs


def test_bad_inputs_are_reported_one_line_each_and_the_rest_is_processed(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(SHORT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    rng = random.Random(7)
    (folder / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)) + b"\x00" * 64)
    missing = tmp_path / "nope.txt"

    result = cli("extract", str(folder), str(missing), "-f", "jsonl")

    assert result.exit_code == 1
    (obj,) = jsonl_objects(result.stdout)
    assert obj["id"] == "good" and obj["text"] == SHORT and obj["quotes"]
    lines = result.stderr.splitlines()
    assert len(lines) == 3, result.stderr
    expected = {
        str(folder / "empty.txt"): "empty",
        str(folder / "binary.txt"): "binary",
        str(missing): "no such file",
    }
    for path, reason in expected.items():
        (line,) = [ln for ln in lines if path in ln]
        assert reason in line.lower(), line
    assert "Traceback" not in result.output


def test_error_messages_keep_brackets_in_paths(cli, tmp_path):
    """Paths are data, not console markup: '[draft]' must survive, '[/x]' must not crash."""
    plain = tmp_path / "[draft] notes.txt"
    closing = tmp_path / "a[/x]b.txt"
    result = cli("extract", str(plain), str(closing), "-f", "jsonl")
    assert result.exit_code == 1
    assert str(plain) in result.stderr
    assert str(closing) in result.stderr


def test_table_keeps_brackets_in_quotes(cli):
    """Editorial brackets are common in quotes; the table must show them verbatim."""
    text = "\u201cWe [the party] will win,\u201d Jane Smith said.\n"
    result = cli("extract", "-", "-f", "table", input=text)
    assert result.exit_code == 0, result.output
    assert "[the party]" in result.stdout


def test_missing_spacy_model_is_a_one_line_error(runner):
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--spacy-model", "no_such_model_saywho_test"])
    assert_no_crash(result)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no_such_model_saywho_test" in lines[0] and "pip install" in lines[0]
    assert "--spacy-model" in lines[0]
    assert result.stdout == ""


# --------------------------------------------------------------------------- --model (attribution model)


def test_extract_with_the_shipped_model_and_with_rules(runner):
    """Both decision steps run end to end on the example and give well-formed output."""
    outputs = {}
    for args in ([], ["--model", "rules"]):
        result = runner.invoke(app, ["extract", str(EXAMPLE), "-f", "jsonl", *args])
        assert_no_crash(result)
        assert result.exit_code == 0, result.output
        (obj,) = jsonl_objects(result.stdout)
        assert obj["text"] == EXAMPLE_TEXT and obj["quotes"], args
        check_spans(obj)
        assert all(0.0 <= q["confidence"] <= 1.0 for q in obj["quotes"])
        outputs[tuple(args)] = obj
    default, rules = outputs[()], outputs[("--model", "rules")]
    assert {s["name"] for s in rules["speakers"]} & {s["name"] for s in default["speakers"]}


def test_model_option_reaches_the_component(cli):
    result = cli("extract", str(EXAMPLE), "-f", "jsonl", "--model", "rules", "--min-confidence", "0.3")
    assert result.exit_code == 0, result.output
    ((spacy_model, kwargs),) = cli.calls
    assert spacy_model is None and kwargs == {"model": "rules", "min_confidence": 0.3}


@pytest.mark.parametrize(
    "command",
    [
        ["extract", str(EXAMPLE)],
        ["extract", str(EXAMPLE), "--workers", "2"],
        ["evaluate", str(ROOT / "tests" / "data" / "brat-mini" / "dev")],
        ["ingest", str(EXAMPLE), "--workers", "1"],
        ["spark-extract", str(EXAMPLE), "OUT"],
    ],
    ids=["extract", "extract-workers", "evaluate", "ingest", "spark-extract"],
)
def test_bad_model_path_is_a_one_line_error_before_any_work(runner, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)  # ingest must not even create ./saywho.db
    bad = tmp_path / "no-such-model"
    result = runner.invoke(app, [*command, "--model", str(bad)])
    assert_no_crash(result)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(bad) in lines[0] and "not a saywho attribution model" in lines[0]
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_a_model_is_a_one_line_error(runner, tmp_path):
    empty = tmp_path / "empty-model"
    empty.mkdir()
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--model", str(empty)])
    assert_no_crash(result)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert str(empty) in line and "saywho train" in line


def test_min_confidence_out_of_range_is_rejected(cli):
    result = cli("extract", str(EXAMPLE), "--min-confidence", "1.5")
    assert result.exit_code == 2
    assert not cli.calls  # rejected before any model work


# --------------------------------------------------------------------------- help and version


@pytest.mark.parametrize(
    "args",
    [["--help"], *([c, "--help"] for c in ("extract", "evaluate", "train", "ingest", "spark-extract"))],
)
def test_help_has_an_example(runner, args):
    result = runner.invoke(app, args)
    assert_no_crash(result)
    assert result.exit_code == 0
    assert "Example" in result.stdout
    command = args[0] if args[0] != "--help" else "extract"
    assert f"saywho {command}" in result.stdout


@pytest.mark.parametrize("command", ["extract", "evaluate", "ingest", "spark-extract"])
def test_model_options_are_documented(runner, monkeypatch, command):
    monkeypatch.setattr("typer.rich_utils.MAX_WIDTH", 400)  # one line per option: no wrapped help text
    out = " ".join(runner.invoke(app, [command, "--help"]).stdout.split())
    assert "--model" in out and "--spacy-model" in out
    assert "Attribution model: a folder written by `saywho train`, or `rules` for the rule system alone" in out


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"saywho {saywho.__version__}"


# --------------------------------------------------------------------------- evaluate


def _brat(root: Path) -> str:
    text = '"We will win," Jane Smith said. "Taxes will fall," the minister added.\n'
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "a.txt").write_text(text, encoding="utf-8")

    def off(s: str) -> tuple[int, int]:
        i = text.index(s)
        return i, i + len(s)

    src, cue, content = off("Jane Smith"), off("said"), off("We will win")
    ann = (
        f"T1\tSource {src[0]} {src[1]}\tJane Smith\n"
        f"T2\tCue {cue[0]} {cue[1]}\tsaid\n"
        f"T3\tContent {content[0]} {content[1]}\tWe will win\n"
        f"T4\tAttribution {cue[0]} {cue[1]}\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Source:T1 Cue:T2\n"
    )
    (root / "attributions" / "a_x.ann").write_text(ann, encoding="utf-8")
    return text


def _quote(text: str, qid: str, content: str, source: str, cue: str, kind: str = "direct") -> dict:
    def span(s: str) -> dict:
        i = text.index(s)
        return {"text": s, "spans": [[i, i + len(s)]]}

    return {
        "id": qid,
        "kind": kind,
        "content": span(content),
        "cue": {**span(cue), "lemma": cue},
        "source": span(source),
        "speaker": None,
        "confidence": 0.9,
        "region": "body",
    }


def test_evaluate_with_predictions_json(runner, tmp_path, monkeypatch):
    def no_model(*a, **k):
        raise AssertionError("evaluate --pred must not load a model")

    monkeypatch.setattr("saywho.pipeline.Pipeline", no_model)
    gold_dir = tmp_path / "gold"
    text = _brat(gold_dir)
    article = {
        "schema": SCHEMA,
        "id": "a",
        "text": text,
        "quotes": [
            # matches the gold content, same source: a correct attribution
            _quote(text, "q1", "We will win", "Jane Smith", "said"),
            # not in the gold: costs precision
            _quote(text, "q2", "Taxes will fall", "the minister", "added"),
        ],
        "speakers": [],
    }
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(article) + "\n", encoding="utf-8")

    result = runner.invoke(app, ["evaluate", str(gold_dir), "--pred", str(pred), "--json"])
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"] == {
        "articles": 1,
        "pred": 2,
        "gold": 1,
        "matched": 1,
        "correct": 1,
        "dm_pred": 2,  # the matched one (gold is direct) + the unmatched one labelled direct
        "dm_gold": 1,
        "dm_matched": 1,
        "dm_correct": 1,
        "content_exact": 1,  # the matched one has exactly the gold's words, and its source too
        "source_exact": 1,
        "unquoted_pred": 0,  # both are direct quotes
        "unquoted_correct": 0,
    }
    m = data["metrics"]
    assert m["content_precision"] == 50.0 and m["content_recall"] == 100.0
    assert m["attribution_precision"] == 50.0 and m["attribution_recall"] == 100.0
    assert data["articles_per_second"] is None


def test_evaluate_missing_dir_is_a_one_line_error(runner, tmp_path):
    missing = tmp_path / "no_such_split"
    result = runner.invoke(app, ["evaluate", str(missing), "--pred", str(tmp_path / "p.jsonl"), "--json"])
    assert_no_crash(result)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0], result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- the console script


def test_console_script_runs(tmp_path):
    script = Path(sys.executable).parent / "saywho"
    cmd = [str(script)] if script.exists() else [shutil.which("saywho") or "saywho"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [*cmd, "extract", str(EXAMPLE), "-f", "jsonl"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    (obj,) = jsonl_objects(proc.stdout)
    assert obj["id"] == EXAMPLE.stem and obj["text"] == EXAMPLE_TEXT and obj["quotes"]
    check_spans(obj)


def test_workers_give_the_same_output_in_the_same_order(runner, tmp_path):
    """--workers 2 runs a real process pool (one pipeline per worker) and keeps input order."""
    for i, text in enumerate(
        ["“We will win,” Jane Smith said.", "Tom Reed said that taxes would rise.", "No quotes here."]
    ):
        (tmp_path / f"a{i}.txt").write_text(text, encoding="utf-8")
    one = runner.invoke(app, ["extract", str(tmp_path), "-f", "jsonl"])
    two = runner.invoke(app, ["extract", str(tmp_path), "-f", "jsonl", "--workers", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert [json.loads(x)["id"] for x in two.stdout.splitlines()] == ["a0", "a1", "a2"]
    assert two.stdout == one.stdout
