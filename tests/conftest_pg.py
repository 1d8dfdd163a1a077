"""PostgreSQL for the test suite (loaded from tests/conftest.py via ``pytest_plugins``).

``pg_url`` (session): the server to test against.

* ``SAYWHO_TEST_PG`` set (CI runs ``eval "$(bash .ci/postgres.sh start)"`` first): that URL;
* otherwise, when PostgreSQL's ``initdb`` is installed (on PATH or in
  /usr/lib/postgresql/*/bin): a throwaway cluster started with ``.ci/postgres.sh`` in a
  temporary directory on a free 127.0.0.1 port, stopped at the end of the session;
* otherwise the PostgreSQL tests fail when ``CI`` is set, and are skipped (with the
  reason) on a developer's machine.

``pg_store_url`` (per test): a URL whose tables live in a fresh schema (dropped afterwards).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "postgres.sh"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Fail in CI (PostgreSQL must be tested there), skip elsewhere."""
    if in_ci():
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def initdb_available() -> bool:
    return shutil.which("initdb") is not None or bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def with_search_path(url: str, schema: str) -> str:
    """``url`` with its tables in ``schema`` (libpq ``options=-csearch_path=…``)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _check(url: str) -> None:
    import psycopg

    problem = None
    try:
        with psycopg.connect(url, connect_timeout=10) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        problem = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if problem:
        unavailable(f"cannot connect to {url}: {problem}")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed (pip install -e '.[test]')")
    url = os.environ.get("SAYWHO_TEST_PG", "").strip()
    if url:
        _check(url)
        yield url
        return
    if not initdb_available():
        unavailable("set SAYWHO_TEST_PG=postgresql://… or install PostgreSQL (initdb), or run .ci/postgres.sh")
    errors = []
    for _ in range(3):  # a port picked as free can be taken before the server binds it
        tmp = tempfile.mkdtemp(prefix="saywho-pg-")
        env = {**os.environ, "SAYWHO_PG_DIR": tmp, "SAYWHO_PG_PORT": str(_free_port()), "SAYWHO_PG_NO_INSTALL": "1"}
        proc = subprocess.run(
            ["bash", str(SCRIPT), "start"],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            stdin=subprocess.DEVNULL,
        )
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("export SAYWHO_TEST_PG=")]
        if proc.returncode == 0 and lines:
            url = lines[-1].split("=", 1)[1].strip()
            break
        errors.append(proc.stderr.strip()[-1500:])
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        unavailable("could not start a throwaway PostgreSQL with .ci/postgres.sh:\n" + errors[-1])
    try:
        _check(url)
        yield url
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def pg_store_url(pg_url: str) -> Iterator[str]:
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_search_path(pg_url, schema)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
