"""Throughput and peak memory: spaCy alone, saywho in 1 and 2 processes, Spark local[2], textacy.

    python benchmarks/throughput.py                   # PolNeAR dev texts repeated to >= 500 articles
    python benchmarks/throughput.py --articles 60     # a quick run
    python benchmarks/throughput.py --only single,spark

Every configuration runs in a fresh child process on the same articles, so its
peak memory is its own. Model loading and start-up are excluded from the rates:
spaCy alone and saywho 1-process are timed after the pipeline is loaded and
warmed; the 2-process pool (``saywho.run.extract_parallel``) is timed from its
first finished chunk (its start-up, spawning two workers that each load the
model, comes before; the end-to-end rate is printed too); Spark is timed on a second job
after a warm-up job has started the session and loaded the pipeline in each
Python worker. Memory is RSS sampled every 50 ms over the whole process tree
(psutil), or, without psutil, ``getrusage`` peaks (the largest single child).

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT.parent / "shared" / "polnear" / "data" / "dev" / "text"
MODES = ("spacy", "single", "two", "spark", "textacy")
LABELS = {
    "spacy": "spaCy pipeline alone (nlp.pipe)",
    "single": "saywho, 1 process (Pipeline.pipe)",
    "two": "saywho, 2 processes (extract_parallel)",
    "spark": "saywho, Spark local[2] (after warm-up)",
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

    def __enter__(self) -> Sampler:
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
            return {"how": "getrusage", "main": me, "worker_max": kids or None, "jvm": None, "total": None, "workers": 0}
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

    return Article(id=new_id or a.id, text=a.text, title=a.title, date=a.date, outlet=a.outlet, url=a.url, regions=list(a.regions))


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
    quotes = done = 0
    first = None
    start = time.perf_counter()
    for article in extract_parallel(articles, failures.append, workers=2, chunk_size=chunk):
        quotes += len(article.quotes)
        done += 1
        if done == chunk:
            first = time.perf_counter()
    end = time.perf_counter()
    steady = (end - first) * len(articles) / max(len(articles) - 2 * chunk, 1) if first and len(articles) > 4 * chunk else end - start
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
        conf={"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false", "spark.sql.shuffle.partitions": "2"},
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
    totals = extracted.agg(F.count(F.lit(1)).alias("n"), F.sum("n_quotes").alias("q"), F.count("error").alias("e")).first()
    seconds = time.perf_counter() - start
    spark.stop()
    return {"seconds": seconds, "quotes": int(totals["q"] or 0), "failures": int(totals["e"]), "session": session_s, "warmup": warmup_s, "partitions": parts}


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
    return {"seconds": time.perf_counter() - start, "quotes": quotes, "failures": errors, "version": textacy.__version__}


RUNS = {"spacy": run_spacy, "single": run_single, "two": run_two, "spark": run_spark, "textacy": run_textacy}


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
    print(f"{n_base} texts from {args.folder}, {n_run} articles; "
          f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}", flush=True)
    results: dict[str, dict[str, Any]] = {}
    for mode in modes:
        print(f"… {LABELS[mode]}", flush=True)
        cmd = [sys.executable, __file__, "--child", mode, "--folder", str(args.folder), "--articles", str(args.articles)]
        done = subprocess.run(cmd, capture_output=True, text=True)
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
    print(f"{'configuration':42} {'art/s':>7} {'×spaCy':>7} {'quotes':>7} {'peak GB: total':>15} {'per worker':>11} {'jvm':>6}")
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
        notes.append(f"Spark: session start {s['session']:.1f} s, warm-up job {s['warmup']:.1f} s, {s['partitions']} partitions")
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
        print(f"  {name:44} {value:5.2f}{unit} (goal {'≥' if higher else '≤'} {goal}{unit})  {'met' if ok else 'NOT met'}")

    single, two, spark = rate("single"), rate("two"), rate("spark")
    target("saywho 1 process / spaCy alone", single / base if single and base else None, 0.8)
    target("saywho 2 processes / 1 process", two / single if two and single else None, 1.7)
    target("Spark local[2] / 2 processes", spark / two if spark and two else None, 0.8)
    peaks = [
        results[m]["memory"]["worker_max"] or results[m]["memory"]["main"]
        for m in ("single", "two", "spark")
        if m in results and "memory" in results[m]
    ]
    target("largest worker RSS (GB)", max(peaks) / GB if peaks else None, 1.0, unit=" GB", higher=False)


if __name__ == "__main__":
    main()
