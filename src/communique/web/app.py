"""The FastAPI application: JSON API under /api, HTML pages elsewhere, static files under /static only."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique.store import open_reader_pool
from communique.store.connect import QUERY_SECONDS
from communique.store.errors import DatabaseError, QueryError, QueryTimeout
from communique.web import api, archive, pages
from communique.web.security import DOCS_POLICY, SecurityHeaders, security_headers

STATIC = Path(__file__).parent / "static"
log = logging.getLogger(__name__)


def create_app(db: str | Path, query_seconds: float | None = None) -> FastAPI:
    """A read-only app over the database ``db`` (a path, or a URL open_store takes): read-only connections,
    pooled, each request's queries cancelled after ``query_seconds`` (default QUERY_SECONDS: then a 503 naming
    the limit). StoreError (with a message) when it cannot be read: missing, foreign, or an older schema."""
    limit = query_seconds if query_seconds is not None else QUERY_SECONDS
    pool = open_reader_pool(db, query_seconds=limit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    # FastAPIOffline serves the Swagger UI and ReDoc files from its package (/static-offline-docs), not from a
    # CDN. Its own /docs and /redoc pages start Swagger UI with an inline script, which the Content-Security-
    # Policy forbids, so they are turned off here and _add_api_docs serves pages that start it from a file.
    app = FastAPIOffline(
        docs_url=None,
        redoc_url=None,
        title="communique",
        summary="Read-only JSON API over a knowledge base: articles, entities, posts, events, figures.",
        description='Errors are JSON objects `{"error": message, "status": code}`. '
        'Lists are `{"total", "limit", "offset", "rows"}`; rows mirror the database tables.',
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.pool = pool
    # Requests wait here for one of the pool's slots, in the event loop (web/api.py: reader).
    app.state.gate = anyio.Semaphore(pool.slots)
    app.state.taking = anyio.CapacityLimiter(pool.slots)
    app.include_router(api.router, prefix="/api")
    app.include_router(archive.api, prefix="/api")
    app.include_router(pages.router)
    app.include_router(archive.pages)
    # StaticFiles refuses paths that resolve outside its directory, so nothing else on disk is served.
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_api_docs(app)
    # On every response that goes through the app: pages, JSON, static files and 4xx errors. A 500 is
    # answered by Starlette's outermost middleware, outside this one, so server_error adds them itself.
    app.add_middleware(SecurityHeaders)

    def error(request: Request, status: int, message: str, detail: object = None) -> Response:
        if request.url.path.startswith("/api/") or request.url.path in ("/api", "/openapi.json"):
            body = {"error": message, "status": status}
            if detail is not None:
                body["detail"] = jsonable_encoder(detail)
            return JSONResponse(body, status_code=status)
        return pages.error_page(request, status, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()
        )
        return error(request, 422, f"invalid parameters: {problems}", exc.errors())

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(QueryTimeout)
    async def query_timeout(request: Request, exc: QueryTimeout) -> Response:
        # The query was cancelled (its work stopped, not left running): the client may narrow it or retry.
        log.warning("query time limit on %s: %s", request.url.path, exc)
        response = error(request, 503, f"the query took longer than the limit of {limit:g} s and was cancelled; "
                         "narrow it (fewer common words, a date range) or try again", {"limit_seconds": limit})
        response.headers["Retry-After"] = "1"
        return response

    @app.exception_handler(DatabaseError)
    async def database_error(request: Request, exc: DatabaseError) -> Response:
        # A database broken or replaced while the server runs: say so instead of a bare 500.
        log.warning("database error on %s: %s", request.url.path, exc)
        return error(request, 503, f"the database cannot answer this request: {exc}")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # A bug: logged with its traceback by the server; the client gets the usual error shape, never the
        # traceback, and the same security headers as any other response.
        try:
            response = error(request, 500, "internal error: the server could not answer this request")
        except Exception:  # the error page itself failed to render
            response = PlainTextResponse("500 internal error", status_code=500)
        response.headers.update(security_headers())
        return response

    return app


def _add_api_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc (ReDoc) over /openapi.json, from the files of the fastapi-offline package."""

    def docs_page(request: Request, template: str) -> HTMLResponse:
        return pages.templates.TemplateResponse(
            request,
            template,
            {"title": app.title, "openapi_url": app.openapi_url, "assets": "/static-offline-docs"},
            headers={"Content-Security-Policy": DOCS_POLICY},
        )

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        return docs_page(request, "swagger_ui.html")

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        return docs_page(request, "redoc.html")
