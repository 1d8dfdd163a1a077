"""Time and peak memory of saywho on hostile sizes: long articles, gzip bombs, Markdown runs.

Each case runs ``python -m saywho.cli extract`` in a fresh process (peak memory is
that process's maximum resident set, from ``wait4``), under a time limit after
which it is killed and reported as ``>LIMIT``. ``--src`` runs another checkout
(e.g. the code before a fix: ``git archive REV src | tar -x -C /tmp/before``).

    python benchmarks/limits.py                       # 1, 5, 10 MB articles, bombs, Markdown
    python benchmarks/limits.py --sizes 1 --cases article,normal
    python benchmarks/limits.py --src /tmp/before/src --timeout 300 --json before.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "000_8b469b86e2e04f6a.txt"
MB = 1 << 20


def run(args: list[str], env: dict[str, str], timeout: float) -> dict[str, object]:
    """Wall time (s), peak RSS (MB) and exit code of one command, killed after ``timeout``."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            return {
                "seconds": None,
                "limit": timeout,
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                "peak_mb": round(usage.ru_maxrss / 1024),
                "rc": "killed",
            }
        time.sleep(0.05)
    err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines() if proc.stderr else []
    return {
        "seconds": round(time.perf_counter() - start, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),  # what a busy machine does not inflate
        "peak_mb": round(usage.ru_maxrss / 1024),
        "rc": os.waitstatus_to_exitcode(status),
        "stderr": err[-1][:160] if err else "",
    }


def one_line_article(path: Path, size: int) -> None:
    """News text (the bundled example, its lines joined) repeated to ``size`` bytes on one line."""
    body = " ".join(EXAMPLE.read_text(encoding="utf-8").split()) + " "
    data = (body * (size // len(body.encode()) + 1)).encode()[:size]
    path.write_bytes(data.rsplit(b" ", 1)[0] + b"\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="*", default=[1, 5, 10], help="article sizes in MB")
    ap.add_argument("--cases", default="normal,article,bomb,blank,markdown")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--src", help="a src/ folder to run instead of the installed saywho")
    ap.add_argument("--bomb-mb", type=int, default=1200, help="inflated size of the gzip bombs")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ns = ap.parse_args()
    env = dict(os.environ)
    if ns.src:
        env["PYTHONPATH"] = str(Path(ns.src).resolve())
    cli = [sys.executable, "-m", "saywho.cli", "extract"]
    cases = ns.cases.split(",")
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="saywho-limits-") as tmp_name:
        tmp = Path(tmp_name)

        def report(name: str, result: dict[str, object]) -> None:
            results[name] = result
            print(f"{name:28} {json.dumps(result, ensure_ascii=False)}", flush=True)

        if "normal" in cases:  # the rate of ordinary articles, model load subtracted
            one = run([*cli, str(EXAMPLE), "-f", "jsonl"], env, ns.timeout)
            folder = tmp / "normal"
            folder.mkdir()
            for i in range(60):
                (folder / f"{i:03}.txt").write_text(
                    EXAMPLE.read_text(encoding="utf-8") + f"\n({i})\n", encoding="utf-8"
                )
            many = run([*cli, str(folder), "-f", "jsonl"], env, ns.timeout)
            size = sum(p.stat().st_size for p in folder.iterdir()) / MB
            if one["seconds"] is not None and many["seconds"] is not None:
                mb = size - EXAMPLE.stat().st_size / MB
                many["seconds_per_mb"] = round((many["seconds"] - one["seconds"]) / mb, 1)
                many["cpu_s_per_mb"] = round((many["cpu_s"] - one["cpu_s"]) / mb, 1)
            report("startup (1 article)", one)
            report(f"normal ({size:.2f} MB, 60 files)", many)
        if "article" in cases:
            for mb in ns.sizes:
                path = tmp / f"long-{mb}.txt"
                one_line_article(path, int(mb * MB))
                report(f"one-line article {mb:g} MB", run([*cli, str(path), "-f", "jsonl"], env, ns.timeout))
                path.unlink()
        if "bomb" in cases:  # a small .jsonl.gz that inflates to one huge line
            path = tmp / "bomb.jsonl.gz"
            with gzip.open(path, "wb", compresslevel=9) as fh:
                fh.write(b'{"id": "bomb", "text": "')
                for _ in range(ns.bomb_mb):
                    fh.write(b"a" * MB)
                fh.write(b'"}\n')
            name = f"gzip bomb ({path.stat().st_size / MB:.1f} MB -> {ns.bomb_mb} MB line)"
            report(name, run([*cli, str(path), "-f", "jsonl"], env, ns.timeout))
            path.unlink()
        if "blank" in cases:
            path = tmp / "blank.jsonl.gz"
            with gzip.open(path, "wb", compresslevel=9) as fh:
                for _ in range(ns.bomb_mb):
                    fh.write(b"\n" * MB)
            name = f"gzip of blank lines ({ns.bomb_mb} MB)"
            report(name, run([*cli, str(path), "-f", "jsonl"], env, ns.timeout))
            path.unlink()
        if "markdown" in cases:  # plain_view in process, then 198 kB through the CLI
            code = (
                "import json, time\nfrom saywho.readers.markup import plain_view\nout = {}\n"
                "for kb in (12, 24, 48, 96):\n    n = kb * 1024 // 6\n    t = '_a ' * n + 'a* ' * n\n"
                "    s = time.perf_counter(); plain_view(t); out[kb] = round(time.perf_counter() - s, 3)\n"
                "print(json.dumps(out))\n"
            )
            proc = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=ns.timeout, check=False
            )
            report(
                "markdown plain_view s by kB",
                json.loads(proc.stdout) if proc.returncode == 0 else {"error": proc.stderr[-300:]},
            )
            path = tmp / "emphasis.md"
            n = 198 * 1024 // 6
            path.write_text("_a " * n + "a* " * n, encoding="utf-8")
            report("markdown 198 kB via CLI", run([*cli, str(path), "-f", "jsonl"], env, ns.timeout))
    if ns.json:
        ns.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
