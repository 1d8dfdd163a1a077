"""Run the web app with uvicorn (one or several worker processes)."""

from __future__ import annotations

import os
from typing import Any

from ..errors import InputError
from ..store import DEFAULT_PATH, is_postgres_url
from .stores import open_readonly

#: the store the worker processes open (uvicorn starts them from an import string)
ENV_DB = "SAYWHO_SERVE_DB"


def serve(
    db: str | None, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, log_level: str = "info", **kw: Any
) -> None:
    import uvicorn

    target = (db or "").strip() or DEFAULT_PATH
    if not is_postgres_url(target) and not target.startswith("file:"):
        target = os.path.abspath(os.path.expanduser(target.removeprefix("sqlite:///")))
    if int(workers) < 1:
        raise InputError("--workers", "must be at least 1")
    open_readonly(target).close()  # a missing or foreign store is one line here, not a traceback per worker
    os.environ[ENV_DB] = target
    uvicorn.run(
        "saywho.web.app:app_from_env",
        factory=True,
        host=host,
        port=int(port),
        workers=int(workers),
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
        timeout_keep_alive=30,  # a client reusing a connection the server just closed sees an error
        **kw,
    )
