"""A throwaway Spark standalone cluster on 127.0.0.1, from PySpark's own ``spark-daemon.sh``.

For the tests and benchmarks (a real master and workers on one machine), not for
production. Every process it starts carries ``MARKER=tag`` in its environment, so
what is still running at the end (executors, Python workers) is found by id and
stopped, on success or failure::

    with StandaloneCluster(work) as cluster:
        spark = spark_session(cluster.master)
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Self

#: the environment variable that marks the processes of one cluster (its value: the cluster's tag)
MARKER = "SAYWHO_SPARK_CLUSTER"
MASTER = "org.apache.spark.deploy.master.Master"
WORKER = "org.apache.spark.deploy.worker.Worker"


def free_ports(n: int) -> list[int]:
    """``n`` TCP ports free on 127.0.0.1 just now."""
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def spark_home() -> Path:
    """PySpark's own Spark home (its jars, ``bin/`` and ``sbin/``)."""
    import pyspark

    return Path(pyspark.__file__).parent


def cluster_env(work: Path, tag: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for a cluster whose files live under ``work``: none of this machine's
    Spark or Hadoop settings, everything on 127.0.0.1, every process marked with ``tag``."""
    (work / "conf").mkdir(parents=True, exist_ok=True)
    env = {
        k: v
        for k, v in (os.environ if base is None else base).items()
        if not k.startswith(("PYSPARK_", "SPARK_", "HADOOP_", "YARN_"))
    }
    env.update(
        {
            MARKER: tag,
            "SPARK_HOME": str(spark_home()),
            "SPARK_CONF_DIR": str(work / "conf"),  # none of this machine's Spark settings
            "SPARK_PID_DIR": str(work / "pids"),
            "SPARK_LOG_DIR": str(work / "logs"),
            "SPARK_WORKER_DIR": str(work / "spark-work"),
            "SPARK_LOCAL_IP": "127.0.0.1",
        }
    )
    return env


def marked_pids(tag: str) -> list[int]:
    """Pids of the processes (not this one) whose environment carries ``MARKER=tag``."""
    needle = f"{MARKER}={tag}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def stop_marked(tag: str, wait: float = 10.0) -> list[int]:
    """Stop what is left of a cluster's processes (TERM, then KILL): returns the pids it found."""
    found = marked_pids(tag)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in marked_pids(tag):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + wait
        while marked_pids(tag) and time.monotonic() < deadline:
            time.sleep(0.2)
    return found


def alive_workers(ui_port: int) -> int:
    """How many workers the master's web UI says are alive (0 when it does not answer)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=5) as r:
            return int(json.load(r).get("aliveworkers", 0))
    except OSError:
        return 0


def wait_for_workers(ui_port: int, n: int, timeout: float) -> None:
    """Wait until ``n`` workers have registered with the master; TimeoutError after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while alive_workers(ui_port) < n:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the {n} workers did not register with the master in {timeout:.0f} s")
        time.sleep(0.5)


class StandaloneCluster:
    """A master and ``workers`` workers on 127.0.0.1; stopped (every process) on exit."""

    def __init__(self, work: Path, workers: int = 2, cores: int = 1, memory: str = "3g") -> None:
        self.work, self.workers, self.cores, self.memory = work, workers, cores, memory
        self.port, self.ui = free_ports(2)
        self.tag = uuid.uuid4().hex
        self.home = spark_home()
        self.env = cluster_env(work, self.tag)
        self.env["SPARK_MASTER_OPTS"] = "-Dspark.master.rest.enabled=false"
        self.master = f"spark://127.0.0.1:{self.port}"
        self.start_seconds = 0.0

    def _daemon(self, *args: str, check: bool = True) -> None:
        daemon = str(self.home / "sbin" / "spark-daemon.sh")
        subprocess.run([daemon, *args], env=self.env, check=check, capture_output=True, timeout=120)

    def __enter__(self) -> Self:
        start = time.perf_counter()
        try:
            self._daemon("start", MASTER, "1", "--host", "127.0.0.1", "--port", str(self.port),
                         "--webui-port", str(self.ui))  # fmt: skip
            for i in range(1, self.workers + 1):
                self._daemon("start", WORKER, str(i), self.master, "--host", "127.0.0.1", "--cores", str(self.cores),
                             "--memory", self.memory, "--webui-port", "0")  # fmt: skip
            wait_for_workers(self.ui, self.workers, 180)
        except BaseException:
            self.__exit__()
            raise
        self.start_seconds = time.perf_counter() - start
        return self

    def __exit__(self, *exc: object) -> None:
        for i in range(1, self.workers + 1):
            self._daemon("stop", WORKER, str(i), check=False)
        self._daemon("stop", MASTER, "1", check=False)
        stop_marked(self.tag, wait=1.0)  # whatever the stops left (executors, Python workers)
