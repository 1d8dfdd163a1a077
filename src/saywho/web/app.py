"""The FastAPI app: store connections opened and closed in the lifespan, security headers, a size
limit on request bodies, one error shape, the pages (:mod:`.pages`) and the JSON API (:mod:`.api`)."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.templating import Jinja2Templates

from ..errors import SaywhoError, StoreError
from ..output import templates as jinja_env
from ..store import DEFAULT_PATH
from .stores import StorePool

__all__ = ["MAX_BODY", "app_from_env", "create_app"]

#: largest request body taken (the Extract page and POST /api/v1/extract), in bytes
MAX_BODY = 5 * 1024 * 1024

#: what pages may load: their own CSS and images only; no script, no frames, forms post to themselves
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none';"
    " frame-ancestors 'none'"
)


class BodyTooLarge(Exception):
    pass


class LimitBody:
    """ASGI middleware: a request body over ``limit`` bytes is answered 413 (by its Content-Length
    before anything is read, else as soon as the bytes read pass the limit)."""

    def __init__(self, app: Any, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _send_json(send, 413, f"the request body is over {self.limit // (1024 * 1024)} MB")
            return
        seen = 0
        started = False

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking_send)
        except BodyTooLarge:
            if not started:
                await _send_json(send, 413, f"the request body is over {self.limit // (1024 * 1024)} MB")


async def _send_json(send: Any, status: int, message: str) -> None:
    import json

    body = json.dumps({"status": status, "message": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(store_url: str | None = None, pool_size: int = 8, extract: bool = True) -> FastAPI:
    """The app over the store at ``store_url`` (None: ``./saywho.db``), read-only.

    ``pool_size``: store connections per worker process (requests run in a thread pool);
    ``extract``: offer the Extract page and ``POST /api/v1/extract`` (loads spaCy on first use).
    """
    url = (store_url or "").strip() or DEFAULT_PATH

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.stores = StorePool(url, pool_size)  # the one place connections are opened ...
        try:
            yield
        finally:
            app.state.stores.close()  # ... and closed

    app = FastAPI(
        title="saywho",
        summary="Who said what, in news: quotes, speakers and their provenance, read-only.",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # /docs is drawn by pages.py from the OpenAPI description: no CDN, works offline
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.store_url = url
    app.state.extract = extract
    app.state.pipeline = None
    app.state.pipeline_lock = threading.Lock()
    app.state.cache = OrderedDict()
    app.state.templates = Jinja2Templates(env=jinja_env())

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response

    app.add_middleware(LimitBody, limit=MAX_BODY)

    def error(request: Request, status: int, message: str) -> Any:
        if _wants_json(request):
            return JSONResponse({"status": status, "message": message}, status_code=status)
        return app.state.templates.TemplateResponse(
            request, "web/error.html", {"status": status, "message": message, "nav": ""}, status_code=status
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
            for e in exc.errors()[:5]
        )
        return error(request, 422, problems or "invalid request")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Any:
        return error(request, 400, str(exc))

    @app.exception_handler(SaywhoError)
    async def saywho_error(request: Request, exc: SaywhoError) -> Any:
        return error(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Any:
        return error(request, 500, f"internal error ({type(exc).__name__})")

    app.mount("/static", StaticFiles(directory=str(files("saywho").joinpath("static"))), name="static")

    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> HTMLResponse:
        return HTMLResponse("ok")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    return app


def app_from_env() -> FastAPI:
    """The app of one uvicorn worker process (``saywho serve`` sets the store in the environment)."""
    from .server import ENV_DB

    return create_app(os.environ.get(ENV_DB))
