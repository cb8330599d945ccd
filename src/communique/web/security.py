"""What the browser is told to refuse: the security headers on every response, and which stored URLs may be links.

Pages show text that came from crawled sites, so a page can carry a hostile title, body or URL. Jinja2's
autoescape keeps stored text from becoming markup; what autoescape cannot see is a well-formed `href` whose
scheme runs code (`javascript:`, `data:`, `vbscript:`), and that is what `http_url` refuses. The headers are
the second line: even if markup got through, the Content-Security-Policy forbids every script on the HTML
pages (they have none) and the documentation pages may run the package's own script files only.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The HTML pages use no script at all, style only from /static, and inline SVG (which is markup, not script).
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
# /docs and /redoc: Swagger UI and ReDoc from the package's files, started by a script file (no inline
# script); both set inline styles from their bundles, ReDoc starts a web worker from a blob: URL, and the
# pages read /openapi.json. Those pages show the API description only, never stored text.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src blob:; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Links to source pages must not tell the source site what was being read here.
    "Referrer-Policy": "no-referrer",
}

_LINK_SCHEMES = ("http", "https")


def http_url(url: object) -> str | None:
    """url, stripped, if it is an absolute http(s) address that may be rendered as a link; None otherwise.

    Browsers drop tabs and newlines inside a URL and ignore leading control characters, so `java\\tscript:`
    runs as `javascript:`: any control character refuses the URL outright instead of guessing how a
    browser would read it."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme.lower() not in _LINK_SCHEMES or not parts.netloc:
        return None
    return url


def security_headers(policy: str = PAGE_POLICY) -> dict[str, str]:
    """The headers every response carries, with policy as its Content-Security-Policy."""
    return {"Content-Security-Policy": policy, **HEADERS}


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response that passes through it (pages,
    JSON, static files, error pages). A header the response sets itself is kept: the documentation pages
    send DOCS_POLICY as their Content-Security-Policy.

    Plain ASGI rather than Starlette's BaseHTTPMiddleware, which runs the app in a separate task and
    buffers the body; this only edits the headers of the response's first message."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in security_headers().items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
