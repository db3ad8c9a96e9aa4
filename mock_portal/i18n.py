"""Interface language: French and English, chosen at the top right of every page.

The choice sticks for the session; before any choice the browser's
Accept-Language decides.
"""

from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, redirect, request, session, url_for
from flask_babel import gettext as _

from .extensions import babel
from .guards import checked_redirect_target

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The session's language, else the browser's best match, else English."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def _local_path(target: str | None) -> str:
    # Only paths on this portal: the selector must not become an open redirect.
    target = (
        checked_redirect_target(
            target, lambda: _("The address to go back to contains control characters.")
        )
        or ""
    )
    parts = urlsplit(target)
    # "//host" and "/\\host" are read by browsers as another host.
    if parts.scheme or parts.netloc or not target.startswith("/") or target[1:2] in {"/", "\\"}:
        return url_for("traces_production.login")
    return target


@bp.get("/language/<code>")
def choose(code: str):
    """Remember the chosen language and go back to the page it was chosen on."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(_local_path(request.args.get("next")))


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with the portal's locale selection and add the selector route."""
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)

    @app.context_processor
    def language_choices():
        return {
            "interface_languages": [("fr", "Français"), ("en", "English")],
            "current_language": select_locale(),
        }
