"""Load test of `saywho serve` (issue 14): many concurrent clients mixing pages and API calls.

    python benchmarks/serve.py                               # 100,000 quotes, SQLite and PostgreSQL
    python benchmarks/serve.py --quotes 5000 --seconds 5 --clients 20 --backends sqlite   # a quick run

1. Extracts the PolNeAR dev texts (``../shared/polnear/data/dev/text``) and the
   bundled example once, caching the saywho/1 objects in ``--work`` (spaCy runs only here).
2. Builds a store of at least ``--quotes`` quotes from copies of those articles with new ids,
   outlets (20) and dates (spread over two years) through the store API (``store.add``; no spaCy).
3. Starts ``saywho serve`` (SQLite: ``--sqlite-workers``, default 1; PostgreSQL: ``--pg-workers``,
   default 4, on a throwaway server from ``.ci/postgres.sh`` unless ``--pg URL``) and runs
   ``--clients`` asyncio clients (httpx) for ``--seconds``, each request drawn from a mix of search
   pages (words, words + facets, facets alone), speaker and article pages and API calls.
4. Prints requests/second, p50/p95/p99 latency per kind of request, and errors (non-200 answers
   and failed requests). Target: 0 errors, p95 under 200 ms for search pages.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "polnear" / "data"
EXAMPLE = ROOT / "examples" / "000_8b469b86e2e04f6a.txt"
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRST"]
# fmt: off
WORDS = ["said", "Clinton", "Trump", "tax", "campaign", "Syria", "Nusra", "president", "voters", "email", "police",
         "percent", "economy", "\"the debate\"", "health OR taxes", "foundation", "America", "refugees", "jobs", "war"]
# fmt: on


def extract(work: Path) -> list[dict[str, Any]]:
    """The real articles, extracted once and cached as saywho/1 JSON Lines."""
    cache = work / "articles.jsonl"
    if cache.exists():
        return [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines() if line.strip()]
    from saywho import Pipeline
    from saywho.readers import read_path

    paths = sorted((POLNEAR / "dev" / "text").glob("*.txt")) if (POLNEAR / "dev" / "text").is_dir() else []
    articles = [read_path(p) for p in [*paths, EXAMPLE]]  # outlets and dates are set per copy
    print(f"extracting {len(articles)} articles once (cached in {cache}) …", file=sys.stderr)
    out = [a.to_dict() for a in Pipeline().pipe(articles)]
    cache.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in out), encoding="utf-8")
    return out


def build(url: str, base: list[dict[str, Any]], quotes: int, link: bool) -> dict[str, int]:
    """Copies of the base articles (new id, outlet, date, one line more of text) until ``quotes`` are stored."""
    from datetime import date, timedelta

    from saywho.store import open_store
    from saywho.types import Article

    store = open_store(url)
    if store.counts()["quotes"] >= quotes:  # a --pg store built by an earlier run
        store.close()
        return {}
    store._defer_links = not link  # type: ignore[attr-defined]  # copies repeat every quote: linking is slow
    rng = random.Random(7)
    stored = n = 0
    start = time.perf_counter()
    copy = 0
    try:
        while stored < quotes:
            for d in base:
                if stored >= quotes:
                    break
                a = Article.from_dict(d)
                day = date(2016, 1, 1) + timedelta(days=rng.randrange(730))
                a.id = f"{a.id}~{copy}"
                a.outlet = OUTLETS[rng.randrange(len(OUTLETS))]
                a.date = day.isoformat()
                a.text = a.text + f"\n\n[copy {copy}]"  # another content hash; offsets unchanged
                if store.add(a, source=f"copy-{copy}"):
                    stored += len(a.quotes)
                    n += 1
            copy += 1
            print(f"  {n} articles, {stored} quotes, {time.perf_counter() - start:.0f} s", file=sys.stderr)
        return store.counts()
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str, workers: int) -> tuple[subprocess.Popen, str]:  # type: ignore[type-arg]
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "saywho.cli", "serve", "--db", url, "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return proc, base
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("saywho serve exited") from None
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("saywho serve did not start")


def request_mix(url: str) -> tuple[list[str], list[str], list[str]]:
    from saywho.store import Query, open_store

    store = open_store(url)
    try:
        speakers = [s.id for s in store.speakers(top=200)]
        articles = [h.article_id for h in store.search(Query(limit=2000))]
        outlets = list(OUTLETS)
    finally:
        store.close()
    return speakers, sorted(set(articles)), outlets


def pick(rng: random.Random, speakers: list[str], articles: list[str], outlets: list[str]) -> tuple[str, str]:
    r = rng.random()
    w = rng.choice(WORDS)
    if r < 0.25:
        return "search page: words", "/search?" + urlencode({"q": w})
    if r < 0.40:
        year = rng.choice(["2016", "2017"])
        return "search page: words+facets", "/search?" + urlencode(
            {"q": w, "outlet": rng.choice(outlets), "since": f"{year}-01-01", "until": f"{year}-12-31"}
        )
    if r < 0.48:
        return "search page: facets", "/search?" + urlencode(
            {"kind": rng.choice(["direct", "mixed"]), "outlet": rng.choice(outlets)}
        )
    if r < 0.60:
        return "speaker page", "/speakers/" + quote(rng.choice(speakers), safe="")
    if r < 0.72:
        return "article page", "/articles/" + quote(rng.choice(articles), safe="")
    if r < 0.86:
        return "api search", "/api/v1/search?" + urlencode({"q": w, "limit": 50})
    if r < 0.93:
        return "api article", "/api/v1/articles/" + quote(rng.choice(articles), safe="")
    return "api speaker", "/api/v1/speakers/" + quote(rng.choice(speakers), safe="")


async def load(
    base: str, clients: int, seconds: float, mix: tuple[list[str], list[str], list[str]], think: float = 0.0
) -> dict[str, Any]:
    """Each client sends one request after another; with ``think`` > 0 it pauses between them
    (exponentially distributed, mean ``think`` seconds), as a person reading a page does."""
    import httpx

    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    samples: list[str] = []
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def one(i: int) -> None:
            rng = random.Random(i)
            if think > 0:  # people arrive spread over one pause, not all in the same millisecond
                await asyncio.sleep(rng.uniform(0, think))
            while time.perf_counter() < deadline:
                kind, path = pick(rng, *mix)
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    ok = r.status_code == 200
                    if not ok and len(samples) < 5:
                        samples.append(f"{r.status_code} {path} {r.text[:120]}")
                except httpx.HTTPError as exc:
                    ok = False
                    if len(samples) < 5:
                        samples.append(f"{type(exc).__name__} {path}")
                times[kind].append(time.perf_counter() - t)
                if not ok:
                    errors[kind] += 1
                if think > 0:
                    await asyncio.sleep(min(rng.expovariate(1 / think), max(0.0, deadline - time.perf_counter())))

        start = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(clients)))
        elapsed = time.perf_counter() - start
    return {"elapsed": elapsed, "times": times, "errors": errors, "samples": samples}


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] * 1000


def report(name: str, res: dict[str, Any]) -> dict[str, Any]:
    times, errors = res["times"], res["errors"]
    total = sum(len(v) for v in times.values())
    every = [t for v in times.values() for t in v]
    search = [t for k, v in times.items() if k.startswith("search page") for t in v]
    print(
        f"\n{name}: {total} requests in {res['elapsed']:.1f} s = {total / res['elapsed']:.0f} req/s, "
        f"{sum(errors.values())} errors"
    )
    print(f"{'kind':28} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind in sorted(times):
        v = times[kind]
        print(f"{kind:28} {len(v):7d} {pct(v, 50):8.1f} {pct(v, 95):8.1f} {pct(v, 99):8.1f} {errors.get(kind, 0):7d}")
    print(
        f"{'search pages (all)':28} {len(search):7d} {pct(search, 50):8.1f} {pct(search, 95):8.1f} "
        f"{pct(search, 99):8.1f}"
    )
    print(
        f"{'all':28} {total:7d} {pct(every, 50):8.1f} {pct(every, 95):8.1f} {pct(every, 99):8.1f} "
        f"{sum(errors.values()):7d}"
    )
    for s in res["samples"]:
        print("  e.g.", s)
    return {
        "backend": name,
        "requests": total,
        "rps": total / res["elapsed"],
        "errors": sum(errors.values()),
        "search_p95_ms": pct(search, 95),
        "p50_ms": pct(every, 50),
        "p95_ms": pct(every, 95),
        "p99_ms": pct(every, 99),
        "mean_ms": statistics.fmean(every) * 1000 if every else None,
    }


def start_pg(tmp: Path) -> tuple[str, dict[str, str]]:
    env = {**os.environ, "SAYWHO_PG_DIR": str(tmp / "pg"), "SAYWHO_PG_PORT": str(free_port())}
    r = subprocess.run(
        ["bash", str(ROOT / ".ci" / "postgres.sh"), "start"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    line = [ln for ln in r.stdout.splitlines() if ln.startswith("export SAYWHO_TEST_PG=")]
    if r.returncode != 0 or not line:
        raise SystemExit("could not start PostgreSQL: " + r.stderr[-1000:])
    return line[-1].split("=", 1)[1], env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quotes", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--sqlite-workers", type=int, default=1)
    ap.add_argument("--pg-workers", type=int, default=4)
    ap.add_argument("--pg", help="a PostgreSQL URL to build the store in (default: a throwaway server)")
    ap.add_argument("--link", action="store_true", help="link utterances while building (slow with many copies)")
    ap.add_argument("--work", default=str(ROOT / "benchmarks" / ".serve-cache"), help="where stores and cache live")
    ap.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause (s) of each client between requests; 0 (default) = back to back, the saturation case",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    base = extract(work)
    print(f"{len(base)} real articles, {sum(len(d['quotes']) for d in base)} quotes", file=sys.stderr)
    results = []
    tmp = Path(tempfile.mkdtemp(prefix="saywho-serve-bench-"))
    tmp.chmod(0o755)  # the PostgreSQL server may run as another user
    pg_env = None
    try:
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            if backend == "sqlite":
                url = str(work / f"serve-{args.quotes}{'-linked' if args.link else ''}.db")
                if not Path(url).exists():
                    partial = url + ".partial"
                    for suffix in ("", "-wal", "-shm"):
                        Path(partial + suffix).unlink(missing_ok=True)
                    print(f"building {url} …", file=sys.stderr)
                    build(partial, base, args.quotes, args.link)
                    from saywho.store import open_store

                    open_store(partial).close()  # checkpoint the WAL
                    shutil.move(partial, url)
                workers = args.sqlite_workers
            elif backend == "postgres":
                if args.pg:
                    url = args.pg
                else:
                    url, pg_env = start_pg(tmp)
                print("building the PostgreSQL store …", file=sys.stderr)
                build(url, base, args.quotes, args.link)
                workers = args.pg_workers
            else:
                raise SystemExit(f"unknown backend {backend!r}")
            from saywho.store import open_store

            s = open_store(url)
            counts = s.counts()
            s.close()
            mix = request_mix(url)
            proc, addr = serve(url, workers)
            try:
                for path in ("/search?q=said", "/speakers/" + quote(mix[0][0], safe="")):  # warm each worker
                    for _ in range(workers * 2):
                        urllib.request.urlopen(addr + path, timeout=120).read()
                res = asyncio.run(load(addr, args.clients, args.seconds, mix, args.think))
                name = (
                    f"{backend} ({workers} worker{'s' * (workers != 1)}, {counts['quotes']:,} quotes, "
                    f"{counts['articles']:,} articles, {args.clients} clients, {args.seconds:.0f} s"
                    f"{f', think {args.think:g} s' if args.think else ''})"
                )
                results.append(report(name, res))
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:  # requests still queued: no need to let them finish
                    proc.kill()
                    proc.wait()
    finally:
        if pg_env is not None:
            subprocess.run(
                ["bash", str(ROOT / ".ci" / "postgres.sh"), "stop"],
                env=pg_env,
                check=False,
                capture_output=True,
                timeout=120,
            )
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
