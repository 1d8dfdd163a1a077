"""``saywho serve``: a read-only web UI and JSON API over a corpus store.

    >>> from saywho.web import create_app, serve
    >>> app = create_app("saywho.db")        # an ASGI app (FastAPI), e.g. for TestClient
    >>> serve("saywho.db", port=8000)        # uvicorn on 127.0.0.1:8000

Server-rendered Jinja2 pages (the templates and CSS ship in the package: no build step, no
CDN, no script), a JSON API under ``/api/v1`` with OpenAPI docs at ``/docs``. Pages:
``/`` and ``/search``, ``/speakers``, ``/speakers/{id}``, ``/outlets``, ``/articles/{id}``,
``/utterances/{id}``, ``/extract``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "serve"]


def create_app(store_url: str | None = None, **settings: Any) -> Any:
    """The FastAPI app over the store at ``store_url`` (None: ``./saywho.db``); see :mod:`.app`."""
    from .app import create_app as _create

    return _create(store_url, **settings)


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, **kw: Any) -> None:
    """Serve the store at ``db`` with uvicorn; a missing or foreign store raises before it starts."""
    from .server import serve as _serve

    _serve(db, host=host, port=port, workers=workers, **kw)
