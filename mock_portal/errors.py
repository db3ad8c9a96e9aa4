"""Error pages: every refusal is a page that says why, never a bare stack trace."""

import logging

from flask import Flask, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from werkzeug.exceptions import HTTPException

from .extensions import db

log = logging.getLogger(__name__)


def _error_page(code: int, message: str):
    if _wants_json():
        return {"error": code, "reason": message}, code
    # Inside TRACES NT the page keeps its banner, environment and "Déconnexion".
    in_traces = (request.blueprint or "").startswith("traces_")
    template = "traces/error.html" if in_traces else "errors/error.html"
    try:
        return render_template(template, code=code, message=message), code
    except SQLAlchemyError:
        # The frame asks the database too (who is signed in): while it does not answer, the
        # reason on a page without the frame, rather than a bare 500.
        db.session.rollback()
        log.warning("error page %d without its frame: the database does not answer", code)
        return _frameless_error_page(code, message)


def _frameless_error_page(code: int, message: str):
    title = f"{escape(_('Error'))} {code}"
    page = (
        f'<!doctype html>\n<html lang="{escape(get_locale())}">\n<meta charset="utf-8">\n'
        f'<title>{title}</title>\n<h1>{title}</h1>\n<p role="alert">{escape(message)}</p>\n'
    )
    return page, code


def _wants_json() -> bool:
    return request.path.startswith("/__admin")


def init_app(app: Flask) -> None:
    """Register the portal's error pages."""

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        message = _("The form has expired. Please go back, reload the page and try again.")
        return _error_page(400, message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _wants_json():
            return {"error": error.name, "reason": error.description}, error.code
        messages = {
            400: _("The request could not be understood."),
            403: _("You are not allowed to see this page."),
            404: _("This page does not exist."),
            405: _("This action is not possible on this page."),
            413: _("What was sent is far too large for this form."),
        }
        # A refusal that gives its own reason shows it; otherwise a plain sentence.
        specific = error.description != type(error).description
        message = error.description if specific else messages.get(error.code, error.description)
        return _error_page(error.code, message)

    # The views handle the races they expect; these are the last line, so that two people
    # changing the same record at the same moment get a message rather than a 500. A record
    # gone while the request used it (a reset or a purge from another process, between its
    # commit and its reading back) is such a change too.
    @app.errorhandler(IntegrityError)
    @app.errorhandler(StaleDataError)
    @app.errorhandler(ObjectDeletedError)
    def conflicting_change(error: Exception):
        db.session.rollback()
        log.info("conflicting change refused: %s", error)
        return _error_page(
            409, _("Someone changed the same record at the same moment. Please try again.")
        )

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeout)
    def database_busy(error: Exception):
        db.session.rollback()
        log.warning("database unavailable: %s", error)
        return _error_page(503, _("The portal is very busy. Please try again in a moment."))
