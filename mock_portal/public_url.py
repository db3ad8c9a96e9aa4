"""The portal's public address: what every absolute link is built from, and the only host
it answers for.

The Host header is chosen by whoever sends the request. Links in mails, the registered
CAS services and the targets of single logout are therefore built from ``PUBLIC_URL``;
a request naming any other host gets 400, which also defeats DNS rebinding against a
portal served on a trainer's laptop.
"""

from urllib.parse import urlsplit

from flask import Flask, current_app, url_for
from werkzeug.wrappers import Response

_DEFAULT_PORTS = {"http": 80, "https": 443}


def checked_public_url(url: str) -> str:
    """``url`` as an origin without a final slash; ValueError if it is not one."""
    parts = urlsplit(url.strip())
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"The public URL must be http(s)://host[:port], not {url!r}.")
    if parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username:
        raise ValueError(f"The public URL must be an origin, without path or query: {url!r}.")
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError as exc:
        raise ValueError(f"The public URL has no valid port: {url!r}.") from exc
    return f"{parts.scheme}://{parts.netloc.lower()}"


def public_origin() -> str:
    """The portal's public address, ``http://host:port``."""
    return current_app.config["PUBLIC_URL"]


def external_url(endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` at the portal's public address."""
    return public_origin() + url_for(endpoint, **values)


def served_over_https(app: Flask) -> bool:
    """Whether people reach the portal over HTTPS (cookies are then marked Secure)."""
    return app.config["PUBLIC_URL"].startswith("https://")


def _host_names(app: Flask) -> set[str]:
    parts = urlsplit(app.config["PUBLIC_URL"])
    names = {parts.netloc}
    if parts.port in (None, _DEFAULT_PORTS[parts.scheme]):
        names |= {parts.hostname, f"{parts.hostname}:{_DEFAULT_PORTS[parts.scheme]}"}
    return names | {name.lower() for name in app.config["ALLOWED_HOSTS"]}


class HostGuard:
    """WSGI middleware: answer 400 to a request for a host the portal does not serve."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST") or (
            f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
        )
        if host.lower() not in _host_names(self.app):
            served = self.app.config["PUBLIC_URL"]
            response = Response(
                f"Unknown host {host[:100]!r}: this portal is served as {served}.\n",
                status=400,
                mimetype="text/plain",
            )
            return response(environ, start_response)
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    """Check the public URL and refuse requests for other hosts."""
    app.config["PUBLIC_URL"] = checked_public_url(app.config["PUBLIC_URL"])
    app.wsgi_app = HostGuard(app.wsgi_app, app)
    if served_over_https(app):
        app.config["SESSION_COOKIE_SECURE"] = True
