"""saywho.spark: the Spark job gives exactly what the local pipeline gives, failures are rows.

The Spark tests use a real local session (``local[2]``, needs Java 17+); the
isolation and optional-import tests need no Spark at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import saywho
from saywho.readers import read_path, read_text
from saywho.types import Article

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "000_8b469b86e2e04f6a.txt"
POLNEAR_DEV = ROOT.parent / "shared" / "polnear" / "data" / "dev"
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

DEV_TEXTS = sorted((POLNEAR_DEV / "text").glob("*.txt"))[:5]


def _inputs() -> list[Path]:
    if len(DEV_TEXTS) < 5:
        pytest.skip(f"PolNeAR dev texts not found under {POLNEAR_DEV}")
    return [*DEV_TEXTS, EXAMPLE]


def _local(pipeline, articles: list[Article]) -> dict[str, dict]:
    return {a.id: a.to_dict() for a in pipeline.pipe(articles)}


# --------------------------------------------------------------------------- Spark


@pytest.mark.slow
def test_dataframe_matches_local_pipeline(spark, pipeline):
    from pyspark import StorageLevel

    from saywho.spark import (
        article_schema,
        extract_frame,
        quote_schema,
        split_frame,
        to_article,
    )

    paths = _inputs()
    rows = [(p.stem, p.read_text(encoding="utf-8")) for p in paths] + [("blank", "")]
    df = spark.createDataFrame(rows, "doc_id string, body string").repartition(2)

    extracted = extract_frame(df, columns={"id": "doc_id", "text": "body"}).persist(StorageLevel.MEMORY_ONLY)
    articles_df, quotes_df = split_frame(extracted)
    assert articles_df.schema == article_schema()
    assert quotes_df.schema == quote_schema()
    articles = {r["id"]: r.asDict(recursive=True) for r in articles_df.collect()}
    quotes: dict[str, list[dict]] = defaultdict(list)
    for r in quotes_df.collect():
        quotes[r["article_id"]].append(r.asDict(recursive=True))
    extracted.unpersist()

    # the bad record is an error row; every other article went through
    assert set(articles) == {p.stem for p in paths} | {"blank"}
    bad = articles.pop("blank")
    assert (bad["error_stage"], bad["error"], bad["n_quotes"]) == ("read", "is empty", 0)
    assert all(a["error"] is None for a in articles.values())

    expected = _local(pipeline, [read_path(p) for p in paths])
    assert sum(len(e["quotes"]) for e in expected.values()) > 20
    for article_id, want in expected.items():
        row = articles[article_id]
        assert row["n_quotes"] == len(quotes[article_id])
        got = to_article(row, quotes[article_id]).to_dict()
        assert got["quotes"] == want["quotes"], article_id
        assert got == want, article_id


@pytest.mark.slow
def test_spark_extract_jsonl_round_trip(spark, pipeline, tmp_path):
    from saywho.errors import Failure
    from saywho.spark import iter_output_articles, spark_extract

    paths = _inputs()[:3]
    records = [
        {
            "doc": f"doc-{i}",
            "body": p.read_text(encoding="utf-8"),
            "title": f"Title {i}",
            "outlet": "PolNeAR",
            "url": f"https://example.org/{i}",
            "date": "2016-10-0" + str(i + 1),
        }
        for i, p in enumerate(paths)
    ]
    records.append({"doc": "empty", "body": "", "title": "Nothing here"})
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(2, '{"doc": "broken", "body": ')  # a malformed line between good ones
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"

    summary = spark_extract([str(src)], str(out), partitions=2, fields={"id": "doc", "text": "body"})

    failures: list[Failure] = []
    loaded = {a.id: a.to_dict() for a in iter_output_articles(str(out), on_error=failures.append)}
    expected_articles = []
    for r in records[:3]:
        a = read_text(r["body"], id=r["doc"])
        a.title, a.outlet, a.url, a.date = r["title"], r["outlet"], r["url"], r["date"]
        expected_articles.append(a)
    expected = _local(pipeline, expected_articles)
    assert loaded == expected
    where = sorted((f.input.rsplit("/", 1)[-1], f.stage) for f in failures)
    assert where == [("empty", "read"), ("news.jsonl", "read")]
    assert any("not a valid JSON object" in f.reason for f in failures)
    assert summary["articles"] == 5
    assert summary["errors"] == 2
    assert summary["quotes"] == sum(len(a["quotes"]) for a in expected.values())
    assert (out / "articles").is_dir() and (out / "quotes").is_dir()
    with pytest.raises(FileExistsError, match="articles already exists"):
        spark_extract([str(src)], str(out))


@pytest.mark.slow
def test_spark_extract_warc(spark, pipeline, tmp_path):
    pytest.importorskip("warcio")
    pytest.importorskip("trafilatura")
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from saywho.readers.warc import iter_warc
    from saywho.spark import iter_output_articles, spark_extract

    body = "".join(f"<p>{line}</p>" for line in EXAMPLE.read_text(encoding="utf-8").split("\n") if line.strip())
    page = f"<html><head><title>A story</title></head><body><article>{body}</article></body></html>"
    warc = tmp_path / "crawl.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://news.example.org/story", "response", payload=BytesIO(page.encode()), http_headers=headers
        )
        writer.write_record(record)

    expected = _local(pipeline, [a for a in iter_warc(warc) if isinstance(a, Article)])
    assert expected, "the WARC reader found no page"
    spark_extract([str(warc)], str(tmp_path / "out"), partitions=1)
    loaded = {a.id: a.to_dict() for a in iter_output_articles(str(tmp_path / "out"))}
    assert loaded == expected


# --------------------------------------------------------------------------- no Spark needed


class _Flaky:
    """A stand-in pipeline that fails on any article containing BOOM (batch and alone)."""

    def pipe(self, articles):
        articles = list(articles)
        if any("BOOM" in a.text for a in articles):
            raise RuntimeError("boom")
        yield from articles

    def __call__(self, article):
        return next(self.pipe([article]))


def test_failures_become_rows_not_exceptions():
    pytest.importorskip("pyarrow")
    from saywho.spark.rows import extract_rows
    from saywho.spark.schema import EXTRACTED_SCHEMA

    rows = [
        {"id": "a", "text": "One article."},
        {"id": "b", "text": "It goes BOOM."},
        {"id": "c", "text": "  \n"},
        {"id": None, "text": None, "html": None},
        {"id": "e", "_saywho_error": "truncated WARC"},
        {"id": "f", "text": "Another article.", "title": "  A   title ", "date": "March 3, 2020"},
    ]
    out = extract_rows(rows, lambda: _Flaky())
    assert [(r["id"][:5], r["error_stage"]) for r in out] == [
        ("a", None),
        ("b", "extract"),
        ("c", "read"),
        ("sha1-", "read"),
        ("e", "read"),
        ("f", None),
    ]
    assert "RuntimeError: boom" in out[1]["error"]
    reasons = (out[2]["error"], out[3]["error"], out[4]["error"])
    assert reasons == ("is empty", "has neither text nor html", "truncated WARC")
    assert (out[5]["title"], out[5]["date"]) == ("A title", "2020-03-03")
    import pyarrow as pa

    assert pa.RecordBatch.from_pylist(out, schema=EXTRACTED_SCHEMA).num_rows == 6  # the schema the workers send


def test_saywho_imports_without_pyspark():
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "import saywho, saywho.spark\n"
        "try:\n"
        "    saywho.spark.spark_session('local[1]')\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "pip install 'saywho[spark]'" in done.stdout
    assert len(done.stdout.strip().splitlines()) == 1


@pytest.mark.slow
def test_cli_spark_extract_then_load_into_a_store(spark, tmp_path):
    """The two commands end to end: JSONL → Spark → Parquet → `saywho load` → SQLite."""
    from typer.testing import CliRunner

    from saywho.cli import app
    from saywho.store import open_store

    records = [
        {"doc": "a", "body": "“We will win this fight,” Senator Jane Smith said on Monday."},
        {"doc": "b", "body": "Council member Tom Reed said that the plan would raise taxes."},
    ]
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "s.db"
    runner = CliRunner()
    result = runner.invoke(app, ["spark-extract", str(src), str(out), "--field", "id=doc", "--field", "text=body"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    store = open_store(str(db))
    assert store.counts()["articles"] == 2
    assert {s.name for s in store.speakers()} >= {"Jane Smith", "Tom Reed"}
    store.close()
    again = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert again.exit_code == 0
    assert "stored 0 article(s), 2 already stored" in again.output


# --------------------------------------------------------------------------- the executor check


def test_probe_reports_what_the_executors_lack(monkeypatch, tmp_path):
    """The check's task itself (run here, as an executor would): saywho found, models looked up."""
    import inspect

    from saywho.nlp import MODELS
    from saywho.spark.check import executor_problem as _executor_problem
    from saywho.spark.check import probe as _probe

    monkeypatch.delenv("SAYWHO_SPACY_MODEL", raising=False)
    (ok,) = _probe([], None, None)
    assert (ok["problem"], ok["saywho"], ok["python"]) == (None, __import__("saywho").__version__, sys.executable)
    assert _executor_problem(ok, ok["saywho"]) is None
    assert all(repr(m)[1:-1] in inspect.getsource(_probe) for m in MODELS)  # same defaults as saywho.nlp

    (no_model,) = _probe([], "no_such_model", None)
    line = _executor_problem(no_model, ok["saywho"])
    assert no_model["problem"] == "model" and "'no_such_model' is not installed" in line and "\n" not in line
    monkeypatch.setenv("SAYWHO_SPACY_MODEL", str(tmp_path))  # a folder counts, as for spacy.load
    assert _probe([], None, None).__next__()["problem"] is None
    (no_attr,) = _probe([], None, str(tmp_path / "nope"))
    assert "attribution model" in _executor_problem(no_attr, ok["saywho"])
    assert "rebuild the archive" in _executor_problem(ok, "9.9.9")  # driver and executors differ


def test_spark_failures_become_one_line():
    from saywho.spark.check import spark_failure as _spark_failure

    java = (
        "An error occurred while calling o42.collect.\n: org.apache.spark.SparkException: Job aborted due to stage "
        "failure: Task 0 in stage 0.0 failed 4 times, most recent failure: Lost task 0.3: java.io.IOException: "
        'Cannot run program "/no/python3": error=2, No such file or directory\n\tat java.base/java.lang.Process'
    )
    line = _spark_failure(RuntimeError(java), "/no/python3")
    assert line.startswith("the executors cannot start Python '/no/python3': set spark.pyspark.python")
    mismatch = (
        "PySparkRuntimeError: [PYTHON_VERSION_MISMATCH] Python in worker has different version: 3.12 "
        "than that in driver: 3.11"
    )
    assert "is not Python" in _spark_failure(RuntimeError(mismatch), "python3.12")
    other = _spark_failure(RuntimeError("x\n: java.lang.OutOfMemoryError: Java heap space\n\tat a.b(C.java:1)"), "py")
    assert other.startswith("the executor check failed: java.lang.OutOfMemoryError: Java heap space")


def test_check_executors_names_a_missing_model(spark):
    from saywho.spark import ExecutorError, check_executors

    found = check_executors(spark)
    assert found and all(f["problem"] is None for f in found)
    with pytest.raises(ExecutorError, match=r"^on the executors \(.* 'no_such_model' is not installed"):
        check_executors(spark, "no_such_model")


@pytest.mark.slow
def test_cli_spark_extract_fails_in_one_line_when_the_executors_cannot_run_saywho(tmp_path):
    """No saywho in the executors' Python, or no such Python: exit 2, one line saying which setting, no traceback."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java 17+ (no java on PATH, no JAVA_HOME)")
    if sys.prefix == sys.base_prefix:
        pytest.skip("needs a virtual environment: its base Python is one without saywho")
    base = getattr(sys, "_base_executable", sys.executable)
    src = tmp_path / "news.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Jane Smith said it would rain."}) + "\n", encoding="utf-8")
    cases = {
        base: "cannot import saywho (ModuleNotFoundError: No module named 'saywho'): ship it with --archives",
        str(tmp_path / "no" / "python3"): f"the executors cannot start Python '{tmp_path / 'no' / 'python3'}'",
    }
    # the driver imports the saywho under test from its folder, not PYTHONPATH: local mode hands the
    # driver's PYTHONPATH to the executors, whose Python must find no saywho (from a git worktree it names one)
    here = str(Path(saywho.__file__).resolve().parent.parent)
    driver = f"import sys; sys.path.insert(0, {here!r}); from saywho.cli import app; app()"
    for python, message in cases.items():
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env.update(PYSPARK_PYTHON=python, SPARK_LOCAL_IP="127.0.0.1")
        out = str(tmp_path / "out")
        cmd = [sys.executable, "-c", driver, "spark-extract", str(src), out, "--master", "local[1]"]
        cmd += ["--conf", "spark.ui.enabled=false"]
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)
        assert done.returncode == 2, done.stderr[-3000:]
        errors = [ln for ln in done.stderr.splitlines() if ln.startswith("saywho: error:")]
        assert len(errors) == 1 and message in errors[0], done.stderr[-3000:]
        assert "Traceback" not in done.stderr and "Py4JJavaError" not in done.stderr
        assert not (tmp_path / "out").exists()  # nothing was read or written
