"""``/__health``: whether this portal answers and reaches its database, for load balancers.

It answers before everything else the portal does to a request: a balancer calls it by the
address it knows (an IP, no Host header at all), which the Host check would refuse, and
needs no session, no cookie, no language, no control-API token. 200 with
``{"status": "ok"}`` when the database answers ``SELECT 1``; 503 with the reason when it
does not.
"""

import json
import logging

from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from werkzeug.wrappers import Response

from .extensions import db

PATH = "/__health"
log = logging.getLogger(__name__)


def database_problem(app: Flask) -> str | None:
    """Why the database does not answer, or None when ``SELECT 1`` works."""
    try:
        with app.app_context(), db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        cause = error.orig if isinstance(error, DBAPIError) and error.orig else error
        reason = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
        return f"{type(cause).__name__}: {reason}"[:300]
    return None


def _answer(status: int, body: dict, method: str) -> Response:
    response = Response(
        "" if method == "HEAD" else json.dumps(body) + "\n",
        status=status,
        mimetype="application/json",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


class HealthCheck:
    """WSGI middleware answering ``/__health``; every other path goes on to the portal."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != PATH:
            return self.wsgi_app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in {"GET", "HEAD"}:
            response = _answer(405, {"status": "error", "reason": "GET or HEAD only"}, method)
            response.headers["Allow"] = "GET, HEAD"
        elif (problem := database_problem(self.app)) is None:
            response = _answer(200, {"status": "ok", "database": "reachable"}, method)
        else:
            log.warning("health check: the database does not answer: %s", problem)
            body = {"status": "unavailable", "database": "unreachable", "reason": problem}
            response = _answer(503, body, method)
        return response(environ, start_response)


def init_app(app: Flask) -> None:
    """Answer ``/__health`` ahead of the Host check (call after ``public_url.init_app``)."""
    app.wsgi_app = HealthCheck(app.wsgi_app, app)
