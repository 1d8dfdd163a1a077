"""Throughput and peak memory: spaCy alone, saywho in 1 and 2 processes, Spark local[2] and on a
standalone cluster, textacy.

    python benchmarks/throughput.py                   # PolNeAR dev texts repeated to >= 500 articles
    python benchmarks/throughput.py --articles 60     # a quick run
    python benchmarks/throughput.py --only single,spark
    python benchmarks/throughput.py --only two,cluster,cluster-nodes --archive saywho-deps.tar.gz

Every configuration runs in a fresh child process on the same articles, so its
peak memory is its own. Model loading and start-up are excluded from the rates:
spaCy alone and saywho 1-process are timed after the pipeline is loaded and
warmed; the 2-process pool (``saywho.run.extract_parallel``) is timed from its
first finished chunk (its start-up, spawning two workers that each load the
model, comes before; the end-to-end rate is printed too); Spark is timed on a second job
after a warm-up job has started the session and loaded the pipeline in each
Python worker. Memory is RSS sampled every 50 ms over the whole process tree
(psutil), or, without psutil, ``getrusage`` peaks (the largest single child).

``cluster`` and ``cluster-nodes`` start a standalone master and two workers (1 core,
3 GB each, on 127.0.0.1, from PySpark's own jars) and submit from a fresh driver:
``cluster`` ships docs/spark.md's lean archive (``--archive``, or built with the doc's
step 1) to executors whose Python is this interpreter's base Python (no saywho);
``cluster-nodes`` ships nothing, the executors run this environment's Python. Each
reports the job's total time, its start-up (session, executors registering, the
executor check, a warm-up job that loads the pipeline in each Python worker) and
articles/s after start-up; shipping is what the archive adds: the executors' fetch
and unpack (from their logs) and the difference in start-up between the two.
The cluster's own start is not part of a job and is reported apart.

textacy's ``direct_quotations`` is a peer, not a goal: it finds only direct
quotations (and needs the same parse), saywho finds direct, indirect and mixed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT.parent / "shared" / "polnear" / "data" / "dev" / "text"
MODES = ("spacy", "single", "two", "spark", "cluster", "cluster-nodes", "textacy")
LABELS = {
    "spacy": "spaCy pipeline alone (nlp.pipe)",
    "single": "saywho, 1 process (Pipeline.pipe)",
    "two": "saywho, 2 processes (extract_parallel)",
    "spark": "saywho, Spark local[2] (after warm-up)",
    "cluster": "standalone 2x1 core, archive (after start-up)",
    "cluster-nodes": "standalone 2x1 core, nodes' saywho (after s-u)",
    "textacy": "textacy direct_quotations (peer)",
}
GB = 1024**3


# --------------------------------------------------------------------------- memory


class Sampler:
    """Peak RSS of this process and all its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_total = 0
        self.peak: dict[int, tuple[str, int]] = {}  # pid -> (role, peak rss)
        self._stop = threading.Event()
        try:
            import psutil

            self._psutil = psutil
        except ImportError:
            self._psutil = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        if self._psutil is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._psutil is not None:
            self._thread.join()

    def _role(self, proc: Any) -> str:
        try:
            argv = proc.cmdline()
        except Exception:  # noqa: BLE001
            return "other"
        if not argv:  # a zombie: it no longer says what it was
            return "other"
        if Path(argv[0]).name == "java":
            return "jvm"
        return "worker"  # pool workers, pyspark's daemon and its forked Python workers

    def _run(self) -> None:
        ps = self._psutil
        me = ps.Process()
        roles: dict[int, str] = {}
        while not self._stop.is_set():
            total = 0
            try:
                procs = [me, *me.children(recursive=True)]
            except ps.Error:
                procs = [me]
            for p in procs:
                try:
                    rss = p.memory_info().rss
                except ps.Error:
                    continue
                # every time: spark-class is a shell script that execs java under the same pid;
                # but keep the last good answer when a dying process no longer tells
                role = "main" if p.pid == me.pid else self._role(p)
                if role != "other" or p.pid not in roles:
                    roles[p.pid] = role
                total += rss
                old = self.peak.get(p.pid, ("", 0))[1]
                self.peak[p.pid] = (roles[p.pid], max(old, rss))
            self.peak_total = max(self.peak_total, total)
            self._stop.wait(self.interval)

    def report(self) -> dict[str, Any]:
        if self._psutil is None:  # ru_maxrss is in KiB on Linux; children: the largest one reaped
            me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
            return {
                "how": "getrusage",
                "main": me,
                "worker_max": kids or None,
                "jvm": None,
                "total": None,
                "workers": 0,
            }
        by_role: dict[str, list[int]] = {}
        for role, rss in self.peak.values():
            by_role.setdefault(role, []).append(rss)
        workers = by_role.get("worker", [])
        # pyspark's daemon forks the workers; it stays small, so the max is a worker's
        return {
            "how": "psutil",
            "main": max(by_role.get("main", [0])),
            "worker_max": max(workers) if workers else None,
            "workers": len(workers),
            "jvm": max(by_role.get("jvm", [0])) or None,
            "total": self.peak_total,
        }


# --------------------------------------------------------------------------- the runs (each in its own process)


def load_articles(folder: Path, n: int) -> list[Any]:
    """The texts of ``folder`` repeated to at least ``n`` articles, each with its own id."""
    from saywho.readers import read_path

    base = [read_path(p) for p in sorted(folder.glob("*.txt"))]
    if not base:
        raise SystemExit(f"no .txt articles in {folder}")
    repeats = math.ceil(n / len(base))  # whole repeats, so every text weighs the same
    out = [_copy(a, f"{a.id}#{k}") for k in range(repeats) for a in base]
    return out[:n] if n < len(base) else out


def _copy(a: Any, new_id: str | None = None) -> Any:
    """A fresh, unextracted Article (the pipeline fills in the one it is given)."""
    from saywho.types import Article

    return Article(
        id=new_id or a.id, text=a.text, title=a.title, date=a.date, outlet=a.outlet, url=a.url, regions=list(a.regions)
    )


def run_spacy(articles: list[Any]) -> dict[str, Any]:
    from saywho.nlp import load

    nlp = load(with_saywho=False)
    texts = [a.text for a in articles]
    for _ in nlp.pipe(texts[:8], batch_size=8):
        pass
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=8):
        pass
    return {"seconds": time.perf_counter() - start}


def run_single(articles: list[Any]) -> dict[str, Any]:
    from saywho import Pipeline

    pipeline = Pipeline()
    list(pipeline.pipe([_copy(a) for a in articles[:8]]))
    start = time.perf_counter()
    quotes = sum(len(a.quotes) for a in pipeline.pipe(articles))
    return {"seconds": time.perf_counter() - start, "quotes": quotes}


def run_two(articles: list[Any]) -> dict[str, Any]:
    """End to end, and steady state: from the first finished chunk to the last.

    The pool starts two workers that each load the model, so the first chunk
    arrives only after start-up. Chunks 1 and 2 run side by side before that
    moment, so the steady rate counts the articles after them (a slight underestimate).
    """
    from saywho.run import extract_parallel

    chunk = 8
    failures: list[Any] = []
    quotes = 0
    first = None
    start = time.perf_counter()
    for done, article in enumerate(extract_parallel(articles, failures.append, workers=2, chunk_size=chunk), 1):
        quotes += len(article.quotes)
        if done == chunk:
            first = time.perf_counter()
    end = time.perf_counter()
    steady = (
        (end - first) * len(articles) / max(len(articles) - 2 * chunk, 1)
        if first and len(articles) > 4 * chunk
        else end - start
    )
    return {
        "seconds": steady,
        "end_to_end": end - start,
        "startup": (first - start) if first else None,
        "quotes": quotes,
        "failures": len(failures),
    }


def run_spark(articles: list[Any]) -> dict[str, Any]:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import functions as F

    from saywho.spark import extract_frame, spark_session

    begin = time.perf_counter()
    spark = spark_session(
        "local[2]",
        conf={
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.shuffle.partitions": "2",
        },
    )
    spark.sparkContext.setLogLevel("ERROR")
    session_s = time.perf_counter() - begin
    rows = [(a.id, a.text) for a in articles]
    parts = 4 * spark.sparkContext.defaultParallelism
    df = spark.createDataFrame(rows, "id string, text string").repartition(parts).cache()
    df.count()

    begin = time.perf_counter()  # warm-up: both Python workers start and load the pipeline
    warm = spark.createDataFrame(rows[:4], "id string, text string").repartition(2)
    extract_frame(warm).write.format("noop").mode("overwrite").save()
    warmup_s = time.perf_counter() - begin

    extracted = extract_frame(df)
    start = time.perf_counter()
    totals = extracted.agg(
        F.count(F.lit(1)).alias("n"), F.sum("n_quotes").alias("q"), F.count("error").alias("e")
    ).first()
    seconds = time.perf_counter() - start
    spark.stop()
    return {
        "seconds": seconds,
        "quotes": int(totals["q"] or 0),
        "failures": int(totals["e"]),
        "session": session_s,
        "warmup": warmup_s,
        "partitions": parts,
    }


def fetch_and_unpack(work: Path) -> list[float]:
    """Per executor: seconds from fetching the archive to the first log line after unpacking it."""
    import re
    from datetime import datetime

    def stamp(line: str) -> datetime | None:
        m = re.match(r"(\d\d/\d\d/\d\d \d\d:\d\d:\d\d)", line)
        return datetime.strptime(m.group(1), "%y/%m/%d %H:%M:%S") if m else None

    spans = []
    for log in sorted((work / "spark-work").glob("app-*/*/stderr")):
        lines = log.read_text(errors="replace").splitlines()
        fetch = next((i for i, ln in enumerate(lines) if "Fetching spark://" in ln and "#deps" in ln), None)
        unpack = next((i for i, ln in enumerate(lines) if "Unpacking an archive" in ln), None)
        if fetch is None or unpack is None:
            continue
        after = next((stamp(ln) for ln in lines[unpack + 1 :] if stamp(ln)), None)
        if after and (begin := stamp(lines[fetch])):
            spans.append((after - begin).total_seconds())
    return spans


def _doc_pack(work: Path) -> Path:
    """docs/spark.md's step 1, run in a copy of the checkout: the lean archive."""
    import re
    import shutil

    doc = (ROOT / "docs" / "spark.md").read_text(encoding="utf-8")
    step = next(
        b for b in re.findall(r"^```bash\n(.*?)^```", doc, flags=re.DOTALL | re.MULTILINE) if b.startswith("# 1. ")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, work / name)
    shutil.copytree(ROOT / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    subprocess.run(["bash", "-euo", "pipefail", "-c", step], cwd=work, env=env, check=True, timeout=1200)
    return work / "saywho-deps.tar.gz"


def run_cluster(articles: list[Any], *, archive: bool = True) -> dict[str, Any]:
    """One job on a fresh standalone cluster: start-up, shipping and the rate after start-up."""
    import tempfile

    from pyspark.sql import functions as F

    from saywho.spark import check_executors, extract_frame, spark_session
    from saywho.spark.cluster import StandaloneCluster

    work = Path(tempfile.mkdtemp(prefix="saywho-bench-cluster-"))
    result: dict[str, Any] = {}
    conf = {
        "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false", "spark.sql.shuffle.partitions": "2",
        "spark.executor.cores": "1", "spark.executor.memory": "1g", "spark.executor.memoryOverhead": "1g",
    }  # fmt: skip
    if archive:
        given = os.environ.get("SAYWHO_BENCH_ARCHIVE")
        begin = time.perf_counter()
        path = Path(given) if given else _doc_pack(work)
        if not given:
            result["pack"] = time.perf_counter() - begin
        result["archive_mb"] = path.stat().st_size / 1e6
        conf.update({"spark.archives": f"{path}#deps", "spark.executorEnv.PYTHONPATH": "deps"})
        python = getattr(sys, "_base_executable", sys.executable)  # a Python without saywho: the archive has it
    else:
        python = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["PYSPARK_PYTHON"] = python
    with StandaloneCluster(work) as cluster:
        result["cluster_start"] = cluster.start_seconds
        t0 = time.perf_counter()
        spark = spark_session(cluster.master, conf=conf)
        spark.sparkContext.setLogLevel("ERROR")
        t1 = time.perf_counter()
        status = spark.sparkContext._jsc.sc().getExecutorMemoryStatus  # includes the driver
        while status().size() < 3:
            time.sleep(0.1)
        t2 = time.perf_counter()
        check_executors(spark)
        t3 = time.perf_counter()
        rows = [(a.id, a.text) for a in articles]
        warm = spark.createDataFrame(rows[:4], "id string, text string").repartition(2)
        extract_frame(warm).write.format("noop").mode("overwrite").save()
        t4 = time.perf_counter()
        parts = 4 * spark.sparkContext.defaultParallelism
        df = spark.createDataFrame(rows, "id string, text string").repartition(parts).cache()
        df.count()
        t5 = time.perf_counter()
        agg = (F.count(F.lit(1)).alias("n"), F.sum("n_quotes").alias("q"), F.count("error").alias("e"))
        totals = extract_frame(df).agg(*agg).first()
        t6 = time.perf_counter()
        spark.stop()
        result["fetch_unpack"] = fetch_and_unpack(work)
    result.update(
        seconds=t6 - t5,
        total=t6 - t0,
        startup=(t6 - t0) - (t6 - t5),
        session=t1 - t0,
        executors=t2 - t1,
        check=t3 - t2,
        warmup=t4 - t3,
        load_input=t5 - t4,
        partitions=parts,
        quotes=int(totals["q"] or 0),
        failures=int(totals["e"]),
    )
    return result


def run_textacy(articles: list[Any]) -> dict[str, Any]:
    try:
        import textacy
        from textacy.extract.triples import direct_quotations
    except Exception as exc:  # noqa: BLE001
        return {"unavailable": f"textacy cannot be imported ({type(exc).__name__}: {exc}); pip install textacy"}
    from saywho.nlp import load

    nlp = load(with_saywho=False)
    texts = [a.text for a in articles]
    for _ in nlp.pipe(texts[:8], batch_size=8):
        pass
    quotes = errors = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=8):
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except Exception:  # noqa: BLE001  (count, do not stop)
            errors += 1
    return {
        "seconds": time.perf_counter() - start,
        "quotes": quotes,
        "failures": errors,
        "version": textacy.__version__,
    }


RUNS = {
    "spacy": run_spacy,
    "single": run_single,
    "two": run_two,
    "spark": run_spark,
    "cluster": run_cluster,
    "cluster-nodes": lambda articles: run_cluster(articles, archive=False),
    "textacy": run_textacy,
}


def child(mode: str, folder: Path, n: int) -> None:
    articles = load_articles(folder, n)
    with Sampler() as sampler:
        try:
            result = RUNS[mode](articles)
        except ImportError as exc:
            result = {"unavailable": f"{exc}"}
    result.update(mode=mode, articles=len(articles), memory=sampler.report())
    print("RESULT " + json.dumps(result), flush=True)


# --------------------------------------------------------------------------- the table


def _gb(x: int | None) -> str:
    return f"{x / GB:5.2f}" if x else "    –"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folder", type=Path, default=DEFAULT_FOLDER, help="a folder of .txt articles (PolNeAR dev)")
    ap.add_argument("--articles", type=int, default=500, help="repeat the texts to at least this many articles")
    ap.add_argument("--only", default=",".join(MODES), help=f"comma-separated subset of {','.join(MODES)}")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--archive", type=Path, help="cluster: the lean archive (default: build it as docs/spark.md says)")
    ap.add_argument("--from-json", type=Path, help="print the table of results saved with --json, run nothing")
    ap.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.folder, args.articles)
        return

    if args.from_json:
        results = json.loads(args.from_json.read_text())
        print_table(results, [m for m in MODES if m in results])
        return
    modes = [m for m in args.only.split(",") if m]
    n_base = len(list(args.folder.glob("*.txt")))
    n_run = args.articles if args.articles < n_base else math.ceil(args.articles / max(n_base, 1)) * n_base
    print(
        f"{n_base} texts from {args.folder}, {n_run} articles; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}",
        flush=True,
    )
    results: dict[str, dict[str, Any]] = {}
    for mode in modes:
        print(f"… {LABELS[mode]}", flush=True)
        cmd = [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--folder",
            str(args.folder),
            "--articles",
            str(args.articles),
        ]
        env = {**os.environ, **({"SAYWHO_BENCH_ARCHIVE": str(args.archive.resolve())} if args.archive else {})}
        done = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env)
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            results[mode] = {"unavailable": f"run failed (exit {done.returncode}): {tail}"}
        else:
            results[mode] = json.loads(line[len("RESULT ") :])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print_table(results, modes)


def print_table(results: dict[str, dict[str, Any]], modes: list[str]) -> None:
    def rate(mode: str) -> float | None:
        r = results.get(mode, {})
        return r["articles"] / r["seconds"] if "seconds" in r else None

    base = rate("spacy")
    print()
    print(
        f"{'configuration':42} {'art/s':>7} {'×spaCy':>7} {'quotes':>7} {'peak GB: total':>15} {'per worker':>11} {'jvm':>6}"
    )
    for mode in modes:
        r = results[mode]
        if "unavailable" in r:
            print(f"{LABELS[mode]:42} unavailable: {r['unavailable']}")
            continue
        m = r["memory"]
        per_worker = m["worker_max"] if m["worker_max"] else m["main"]
        ratio = f"{rate(mode) / base:6.2f}x" if base else "      –"
        print(
            f"{LABELS[mode]:42} {rate(mode):7.2f} {ratio:>7} {r.get('quotes', '–'):>7} "
            f"{_gb(m['total'] or m['main']):>15} {_gb(per_worker):>11} {_gb(m['jvm']):>6}"
        )

    print()
    notes = []
    if "two" in results and "seconds" in results["two"]:
        t = results["two"]
        notes.append(
            f"2 processes: rate is steady state (after the first chunk); end to end incl. spawning the "
            f"workers and loading the model in each: {t['articles'] / t['end_to_end']:.2f} art/s"
        )
    if "spark" in results and "seconds" in results["spark"]:
        s = results["spark"]
        notes.append(
            f"Spark: session start {s['session']:.1f} s, warm-up job {s['warmup']:.1f} s, {s['partitions']} partitions"
        )
    for mode in ("cluster", "cluster-nodes"):
        c = results.get(mode, {})
        if "seconds" in c:
            fu = c.get("fetch_unpack") or []
            notes.append(
                f"{mode}: {c['articles']} articles in {c['total']:.1f} s, of which start-up {c['startup']:.1f} s "
                f"(session {c['session']:.1f}, executors {c['executors']:.1f}, check {c['check']:.1f}, "
                f"warm-up {c['warmup']:.1f}, input {c['load_input']:.1f}); cluster start {c['cluster_start']:.1f} s apart"
                + (f"; archive {c['archive_mb']:.0f} MB" if "archive_mb" in c else "")
                + (f", built in {c['pack']:.0f} s" if "pack" in c else "")
                + (f"; executors' fetch+unpack {', '.join(f'{x:.0f}' for x in fu)} s" if fu else "")
            )
    if "seconds" in results.get("cluster", {}) and "seconds" in results.get("cluster-nodes", {}):
        ship = results["cluster"]["startup"] - results["cluster-nodes"]["startup"]
        notes.append(f"shipping overhead (start-up with the archive - without): {ship:.1f} s")
    if "end_to_end" in results.get("two", {}):
        t = results["two"]
        notes.append(f"2 processes end to end: {t['end_to_end']:.1f} s (start-up {t.get('startup') or 0:.1f} s)")
    for mode in modes:
        r = results[mode]
        if r.get("failures"):
            what = "raised (e.g. on unbalanced quotation marks; counted as 0 quotes)" if mode == "textacy" else "failed"
            notes.append(f"{LABELS[mode]}: {r['failures']} of {r['articles']} articles {what}")
    for note in notes:
        print("note: " + note)

    print("\ntargets:")

    def target(name: str, value: float | None, goal: float, unit: str = "x", higher: bool = True) -> None:
        if value is None:
            print(f"  {name:44} n/a")
            return
        ok = value >= goal if higher else value <= goal
        print(
            f"  {name:44} {value:5.2f}{unit} (goal {'≥' if higher else '≤'} {goal}{unit})  {'met' if ok else 'NOT met'}"
        )

    single, two, spark = rate("single"), rate("two"), rate("spark")
    target("saywho 1 process / spaCy alone", single / base if single and base else None, 0.8)
    target("saywho 2 processes / 1 process", two / single if two and single else None, 1.7)
    target("Spark local[2] / 2 processes", spark / two if spark and two else None, 0.8)
    cluster = rate("cluster")
    target("standalone 2x1 (archive) / 2 processes", cluster / two if cluster and two else None, 0.8)
    if "seconds" in results.get("cluster", {}) and "seconds" in results.get("cluster-nodes", {}):
        ship = results["cluster"]["startup"] - results["cluster-nodes"]["startup"]
        target("shipping overhead per job (s)", ship, 10, unit=" s", higher=False)
    if "archive_mb" in results.get("cluster", {}):
        target("archive size (MB)", results["cluster"]["archive_mb"], 250, unit=" MB", higher=False)
    peaks = [
        results[m]["memory"]["worker_max"] or results[m]["memory"]["main"]
        for m in ("single", "two", "spark")
        if m in results and "memory" in results[m]
    ]
    target("largest worker RSS (GB)", max(peaks) / GB if peaks else None, 1.0, unit=" GB", higher=False)


if __name__ == "__main__":
    main()
